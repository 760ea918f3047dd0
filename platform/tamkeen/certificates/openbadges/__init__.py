"""Open Badges 3.0 credentials beside the PDF certificates (issue 22).

An ``OpenBadgeCredential`` (W3C Verifiable Credentials 2.0) signed with an embedded Data
Integrity proof, ``eddsa-rdfc-2022`` (Ed25519 over the RDFC-1.0 canonical form, made by
PyLD), a Bitstring Status List for revocation, and the site's key in a file. Everything runs
offline: the JSON-LD document loader serves only the vendored contexts (``vendor/openbadges``).

- ``jsonld``: the offline loader, canonicalisation, the strict expansion that refuses terms
  the contexts do not define, and the cleaning of control characters;
- ``dataintegrity``: the proof itself (sign, verify), base58btc and Multikey;
- ``keys``: the site's Ed25519 key file;
- ``credential``: a certificate as a credential, and the issuer profile;
- ``statuslist``: the revocation list.
"""
