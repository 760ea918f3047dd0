"""The Data Integrity proof ``eddsa-rdfc-2022`` (W3C "Data Integrity EdDSA Cryptosuites
v1.0"), on PyLD's canonicalisation and ``cryptography``'s Ed25519.

The signed bytes are SHA-256(canonical proof options) followed by SHA-256(canonical
document), the proof options being the proof without its ``proofValue`` and with the
document's ``@context``. Checked against the 1EdTech test vector of the Open Badges 3.0
Implementation Guide (tests/certificates/test_open_badges_proof.py).
"""

import hashlib
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

from .jsonld import canonize

CRYPTOSUITE = "eddsa-rdfc-2022"
_B58 = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz"
_ED25519_PUB = b"\xed\x01"  # multicodec ed25519-pub


class ProofError(ValueError):
    """A proof that does not hold (the message says why)."""


def b58encode(data: bytes) -> str:
    number, out = int.from_bytes(data, "big"), ""
    while number:
        number, digit = divmod(number, 58)
        out = _B58[digit] + out
    return "1" * (len(data) - len(data.lstrip(b"\0"))) + out


def b58decode(text: str) -> bytes:
    number = 0
    for char in text:
        digit = _B58.find(char)
        if digit < 0:
            raise ProofError(f"not base58btc: {char!r}")
        number = number * 58 + digit
    zeros = len(text) - len(text.lstrip("1"))
    return b"\0" * zeros + number.to_bytes((number.bit_length() + 7) // 8, "big")


def multikey(public: Ed25519PublicKey) -> str:
    """The public key as a Multikey ``publicKeyMultibase`` (``z6Mk...``)."""
    return "z" + b58encode(_ED25519_PUB + public.public_bytes(Encoding.Raw, PublicFormat.Raw))


def public_from_multikey(value: str) -> Ed25519PublicKey:
    raw = b58decode(value[1:]) if value.startswith("z") else b""
    if raw[:2] != _ED25519_PUB or len(raw) != 34:
        raise ProofError("not an Ed25519 Multikey")
    return Ed25519PublicKey.from_public_bytes(raw[2:])


def _proof_options(document: dict[str, Any], proof: dict[str, Any]) -> dict[str, Any]:
    options = {key: value for key, value in proof.items() if key != "proofValue"}
    options["@context"] = document["@context"]
    return options


def hash_data(document: dict[str, Any], proof: dict[str, Any]) -> bytes:
    return (
        hashlib.sha256(canonize(_proof_options(document, proof)).encode()).digest()
        + hashlib.sha256(canonize(document).encode()).digest()
    )


def sign(
    unsigned: dict[str, Any], key: Ed25519PrivateKey, verification_method: str, created: str
) -> dict[str, Any]:
    """``unsigned`` with an embedded ``DataIntegrityProof``."""
    document = {key_: value for key_, value in unsigned.items() if key_ != "proof"}
    proof = {
        "type": "DataIntegrityProof",
        "created": created,
        "verificationMethod": verification_method,
        "cryptosuite": CRYPTOSUITE,
        "proofPurpose": "assertionMethod",
    }
    proof["proofValue"] = "z" + b58encode(key.sign(hash_data(document, proof)))
    return {**document, "proof": proof}


def verify(signed: dict[str, Any], public: Ed25519PublicKey) -> None:
    """Raise ProofError unless ``signed`` carries a valid proof by ``public``."""
    proof = signed.get("proof")
    if not isinstance(proof, dict):
        raise ProofError("no proof, or more than one")
    if proof.get("type") != "DataIntegrityProof" or proof.get("cryptosuite") != CRYPTOSUITE:
        raise ProofError(f"not a DataIntegrityProof with the {CRYPTOSUITE} cryptosuite")
    if proof.get("proofPurpose") != "assertionMethod":
        raise ProofError("the proof's purpose is not assertionMethod")
    value = proof.get("proofValue")
    if not isinstance(value, str) or not value.startswith("z"):
        raise ProofError("no base58btc proofValue")
    document = {key: item for key, item in signed.items() if key != "proof"}
    if "@context" not in document:
        raise ProofError("no @context")
    try:
        public.verify(b58decode(value[1:]), hash_data(document, proof))
    except InvalidSignature:
        raise ProofError("the signature does not match: the document was changed") from None
