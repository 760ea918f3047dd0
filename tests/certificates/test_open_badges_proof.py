"""The eddsa-rdfc-2022 proof and the JSON-LD guards, without an app.

The test vector is 1EdTech's: Open Badges 3.0 Implementation Guide, "Linked Data Proof Test
Vector for Open Badges 3.0" (1EdTech/openbadges-specification, ob_v3p0/impl/
linked-data-proof-ob.html, and impl/test-vectors/obv3p0/document-canon.txt and
proof-canon.txt), © 1EdTech Consortium, reproduced here as test data. The guide's page still
prints the hashes and proof value of an older version of its credential (VC 1.1,
``issuanceDate``); its canonical files are the current ones (VC 2.0, ``validFrom``), and
the proof value below is the one those files give, also reproduced with Digital Bazaar's
JavaScript implementation (docs/notes/issue-22-research.md, section 2).
"""

import hashlib

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from tamkeen.certificates.openbadges import dataintegrity, jsonld, statuslist
from tamkeen.certificates.openbadges.dataintegrity import ProofError
from tamkeen.certificates.openbadges.jsonld import JsonLdRefused

VECTOR_PRIVATE_KEY = "6241a409e6707bb640a0140a8a32bc3d193c33a661747284d6adfa4ed4180be4"
VECTOR_MULTIKEY = "z6MkjZRZv3aez3r18pB1RBFJR1kwUVJ5jHt92JmQwXbd5hwi"
VECTOR_ISSUER = "https://example.edu/issuers/565049"
VECTOR_PROOF_VALUE = (
    "z5x9aCBYovW3CQCbKdNyhEm7ffYSw1YpEdPywQJoNbzDD2gkzQDKJ1sYKJaWvqZtkMtSbz35HcbgXVEDYHxCzgkCr"
)
TEAMWORK = "https://example.com/achievements/21st-century-skills/teamwork"
NARRATIVE = (
    "Team members are nominated for this badge by their peers and recognized upon review by "
    "Example Corp management."
)
DESCRIPTION = (
    "This badge recognizes the development of the capacity to collaborate within a group "
    "environment."
)
VECTOR_CREDENTIAL = {
    "@context": jsonld.CREDENTIAL_CONTEXT,
    "id": "http://example.com/credentials/3527",
    "type": ["VerifiableCredential", "OpenBadgeCredential"],
    "issuer": {
        "id": VECTOR_ISSUER,
        "type": ["Profile"],
        "url": "https://www.imsglobal.org",
        "name": "Example Corp",
    },
    "validFrom": "2010-01-01T00:00:00Z",
    "name": "Teamwork Badge",
    "credentialSubject": {
        "id": "did:example:ebfeb1f712ebc6f1c276e12ec21",
        "type": ["AchievementSubject"],
        "achievement": {
            "id": TEAMWORK,
            "type": ["Achievement"],
            "criteria": {"narrative": NARRATIVE},
            "description": DESCRIPTION,
            "name": "Teamwork",
        },
    },
}
OB = "https://purl.imsglobal.org/spec/vc/ob/vocab.html#"
RDF_TYPE = "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>"
CRED = "https://www.w3.org/2018/credentials#"
SCHEMA = "https://schema.org/"
DID = "<did:example:ebfeb1f712ebc6f1c276e12ec21>"
C3527 = "<http://example.com/credentials/3527>"
XSD = "http://www.w3.org/2001/XMLSchema#"
XSD_S = "https://www.w3.org/2001/XMLSchema#"  # sic: the OB context's anyURI is https
SEC = "https://w3id.org/security#"
VECTOR_DOCUMENT_CANON = f"""\
{DID} {RDF_TYPE} <{OB}AchievementSubject> .
{DID} <{OB}achievement> <{TEAMWORK}> .
{C3527} {RDF_TYPE} <{OB}OpenBadgeCredential> .
{C3527} {RDF_TYPE} <{CRED}VerifiableCredential> .
{C3527} <{SCHEMA}name> "Teamwork Badge" .
{C3527} <{CRED}credentialSubject> {DID} .
{C3527} <{CRED}issuer> <{VECTOR_ISSUER}> .
{C3527} <{CRED}validFrom> "2010-01-01T00:00:00Z"^^<{XSD}dateTime> .
<{TEAMWORK}> {RDF_TYPE} <{OB}Achievement> .
<{TEAMWORK}> <{OB}Criteria> _:c14n0 .
<{TEAMWORK}> <{SCHEMA}description> "{DESCRIPTION}" .
<{TEAMWORK}> <{SCHEMA}name> "Teamwork" .
<{VECTOR_ISSUER}> {RDF_TYPE} <{OB}Profile> .
<{VECTOR_ISSUER}> <{SCHEMA}name> "Example Corp" .
<{VECTOR_ISSUER}> <{SCHEMA}url> "https://www.imsglobal.org"^^<{XSD_S}anyURI> .
_:c14n0 <{OB}narrative> "{NARRATIVE}" .
"""
VECTOR_PROOF_CANON = f"""\
_:c14n0 <http://purl.org/dc/terms/created> "2010-01-01T19:23:24Z"^^<{XSD}dateTime> .
_:c14n0 {RDF_TYPE} <{SEC}DataIntegrityProof> .
_:c14n0 <{SEC}cryptosuite> "eddsa-rdfc-2022"^^<{SEC}cryptosuiteString> .
_:c14n0 <{SEC}proofPurpose> <{SEC}assertionMethod> .
_:c14n0 <{SEC}verificationMethod> <{VECTOR_ISSUER}#{VECTOR_MULTIKEY}> .
"""


def vector_key() -> Ed25519PrivateKey:
    return Ed25519PrivateKey.from_private_bytes(bytes.fromhex(VECTOR_PRIVATE_KEY))


def test_the_1edtech_test_vector_is_reproduced_exactly():
    key = vector_key()
    assert dataintegrity.multikey(key.public_key()) == VECTOR_MULTIKEY
    method = f"{VECTOR_ISSUER}#{VECTOR_MULTIKEY}"
    signed = dataintegrity.sign(VECTOR_CREDENTIAL, key, method, "2010-01-01T19:23:24Z")
    assert jsonld.canonize(VECTOR_CREDENTIAL) == VECTOR_DOCUMENT_CANON
    options = {k: v for k, v in signed["proof"].items() if k != "proofValue"}
    assert jsonld.canonize({**options, "@context": VECTOR_CREDENTIAL["@context"]}) == (
        VECTOR_PROOF_CANON
    )
    expected_hashes = (
        hashlib.sha256(VECTOR_PROOF_CANON.encode()).digest()
        + hashlib.sha256(VECTOR_DOCUMENT_CANON.encode()).digest()
    )
    assert dataintegrity.hash_data(VECTOR_CREDENTIAL, signed["proof"]) == expected_hashes
    assert signed["proof"]["proofValue"] == VECTOR_PROOF_VALUE
    dataintegrity.verify(signed, dataintegrity.public_from_multikey(VECTOR_MULTIKEY))


def test_a_changed_byte_in_the_vector_fails():
    signed = dataintegrity.sign(
        VECTOR_CREDENTIAL,
        vector_key(),
        f"{VECTOR_ISSUER}#{VECTOR_MULTIKEY}",
        "2010-01-01T19:23:24Z",
    )
    public = vector_key().public_key()
    changed = {**signed, "name": "Teamwork Badgf"}
    with pytest.raises(ProofError, match="changed"):
        dataintegrity.verify(changed, public)
    proof = signed["proof"]
    value = proof["proofValue"]
    forged = {
        **signed,
        "proof": {**proof, "proofValue": value[:-1] + ("r" if value[-1] != "r" else "s")},
    }
    with pytest.raises(ProofError):
        dataintegrity.verify(forged, public)
    with pytest.raises(ProofError):
        dataintegrity.verify(signed, Ed25519PrivateKey.generate().public_key())


def test_the_loader_refuses_every_context_but_the_vendored_ones():
    for url in (
        "https://example.org/context.jsonld",
        "https://w3id.org/security/v2",
        "file:///etc/passwd",
    ):
        document = {**VECTOR_CREDENTIAL, "@context": [*jsonld.CREDENTIAL_CONTEXT, url]}
        with pytest.raises(JsonLdRefused, match="refused"):
            jsonld.expand_strict(document)
        with pytest.raises(JsonLdRefused, match="refused"):
            jsonld.canonize(document)


def test_unknown_terms_are_refused_at_the_top_and_nested():
    with pytest.raises(JsonLdRefused, match="favouriteColour"):
        jsonld.expand_strict({**VECTOR_CREDENTIAL, "favouriteColour": "blue"})
    subject = {**VECTOR_CREDENTIAL["credentialSubject"], "email": "a@example.org"}
    with pytest.raises(JsonLdRefused, match="email"):
        jsonld.expand_strict({**VECTOR_CREDENTIAL, "credentialSubject": subject})
    jsonld.expand_strict(VECTOR_CREDENTIAL)  # and the vector itself passes


def test_control_characters_are_removed_from_every_string():
    cleaned = jsonld.clean({"name": "Rights\x07 online\x7f", "list": ["a\x00b", "tab\tkept\n"]})
    assert cleaned == {"name": "Rights online", "list": ["ab", "tab\tkept\n"]}


def test_shapes_that_make_canonicalisation_slow_or_big_files_are_refused():
    with pytest.raises(JsonLdRefused, match="larger"):
        jsonld.parse_document(b" " * (jsonld.MAX_DOCUMENT_BYTES + 1))
    many = {**VECTOR_CREDENTIAL, "evidence": [{"type": ["Evidence"]} for _ in range(45)]}
    with pytest.raises(JsonLdRefused, match="objects"):
        jsonld.check_shape(many)
    deep: dict = {"a": "b"}
    for _ in range(10):
        deep = {"x": deep}
    with pytest.raises(JsonLdRefused, match="deeper"):
        jsonld.check_shape(deep)
    with pytest.raises(JsonLdRefused, match="control"):
        jsonld.check_shape({"name": "a\x07"})
    with pytest.raises(JsonLdRefused, match="not JSON"):
        jsonld.parse_document(b"{not json")


def test_status_list_bits():
    empty = statuslist.encode([])
    assert len(empty) < 100  # 16 KB of zero bits compress to a few dozen characters
    encoded = statuslist.encode([0, 94567, statuslist.LIST_SIZE - 1])
    assert statuslist.is_set(encoded, 94567) and statuslist.is_set(encoded, 0)
    assert statuslist.is_set(encoded, statuslist.LIST_SIZE - 1)
    assert not statuslist.is_set(encoded, 94566) and not statuslist.is_set(empty, 94567)
    even = set(range(0, statuslist.LIST_SIZE, 2))
    assert all(statuslist.free_index(even) % 2 == 1 for _ in range(20))
    with pytest.raises(statuslist.ListFull):
        statuslist.free_index(set(range(statuslist.LIST_SIZE)))
    with pytest.raises(ValueError):
        statuslist.is_set("zabc", 1)
