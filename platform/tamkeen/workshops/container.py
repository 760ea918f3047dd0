"""The container of both workshop files: a kit (``.tkw``) and results (``.tkr``).

::

    magic        b"TAMKEEN-KIT/1\\n" or b"TAMKEEN-RESULTS/1\\n"
    header_len   4 bytes, big-endian, at most 4096
    header       UTF-8 JSON, canonical (sorted keys, no spaces)
    body_len     8 bytes, big-endian
    body         AES-256-GCM of the payload (a zip), its tag at the end;
                 associated data: magic, header_len and header
    signature    64 bytes: Ed25519 over b"tamkeen-workshop/1\\0" and SHA-256 of all before

The reader checks the magic, the lengths, the header, then the signature, and only then
decrypts: nothing of a file that fails is parsed further (docs/design/workshop-sync.md,
4.1). Every refusal is a ``FileRefused`` with a sentence for the person.
"""

import base64
import hashlib
import json
import secrets
from collections.abc import Callable
from typing import Any

from cryptography.exceptions import InvalidSignature, InvalidTag
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from flask_babel import lazy_gettext as _l

FORMAT = 1
MAGIC = {"kit": b"TAMKEEN-KIT/1\n", "results": b"TAMKEEN-RESULTS/1\n"}
MAX_HEADER = 4096
MAX_BODY = 200 * 1024 * 1024
SIGNATURE = 64
CONTEXT = b"tamkeen-workshop/1\0"


class FileRefused(Exception):
    """A file that is refused whole, before anything is written; ``message`` says why."""

    def __init__(self, message: Any):
        super().__init__(str(message))
        self.message = message


def _canonical(header: dict) -> bytes:
    return json.dumps(header, sort_keys=True, separators=(",", ":")).encode()


def _signed(data: bytes) -> bytes:
    return CONTEXT + hashlib.sha256(data).digest()


def write_file(kind: str, header: dict, payload: bytes, key: bytes, signer: Ed25519PrivateKey):
    """The whole file: ``header`` gets the format, the kind and a fresh nonce."""
    nonce = secrets.token_bytes(12)
    header = {**header, "format": FORMAT, "kind": kind, "nonce": base64.b64encode(nonce).decode()}
    head = _canonical(header)
    if len(head) > MAX_HEADER:
        raise ValueError("header too long")
    start = MAGIC[kind] + len(head).to_bytes(4, "big") + head
    body = AESGCM(key).encrypt(nonce, payload, start)
    data = start + len(body).to_bytes(8, "big") + body
    return data + signer.sign(_signed(data))


def _check_magic(data: bytes, kind: str) -> bytes:
    magic = MAGIC[kind]
    if not data.startswith(magic):
        other = next((k for k, m in MAGIC.items() if k != kind and data.startswith(m)), None)
        if other == "results":
            raise FileRefused(_l("This is a results file, not a workshop kit."))
        if other == "kit":
            raise FileRefused(_l("This is a workshop kit, not a results file."))
        raise FileRefused(_l("This is not a Tamkeen workshop file."))
    return magic


def read_file(
    data: bytes,
    kind: str,
    *,
    verify_key: Callable[[dict], Ed25519PublicKey],
    decrypt_key: Callable[[dict], bytes],
) -> tuple[dict, bytes]:
    """The header and the decrypted payload of a file of ``kind``; FileRefused otherwise.

    ``verify_key`` and ``decrypt_key`` get the (not yet trusted) header and may refuse it
    themselves (an unknown kit)."""
    magic = _check_magic(data, kind)
    damaged = _l("This file is incomplete or damaged: copy it again.")
    at = len(magic)
    if len(data) < at + 4:
        raise FileRefused(damaged)
    head_len = int.from_bytes(data[at : at + 4], "big")
    if head_len > MAX_HEADER or len(data) < at + 4 + head_len + 8 + SIGNATURE:
        raise FileRefused(damaged)
    head = data[at + 4 : at + 4 + head_len]
    at += 4 + head_len
    body_len = int.from_bytes(data[at : at + 8], "big")
    if body_len > MAX_BODY or len(data) != at + 8 + body_len + SIGNATURE:
        raise FileRefused(damaged)
    try:
        header = json.loads(head)
    except ValueError:
        raise FileRefused(damaged) from None
    if not isinstance(header, dict) or header.get("kind") != kind:
        raise FileRefused(damaged)
    if header.get("format") != FORMAT:
        raise FileRefused(
            _l("This file was made by another version of Tamkeen: install the same version.")
        )
    signed_part = data[:-SIGNATURE]
    try:
        verify_key(header).verify(data[-SIGNATURE:], _signed(signed_part))
    except (InvalidSignature, ValueError):
        raise FileRefused(_l("This file was altered, or was not made by this kit.")) from None
    start = data[: len(magic) + 4 + head_len]
    body = data[at + 8 : at + 8 + body_len]
    try:
        nonce = base64.b64decode(header["nonce"], validate=True)
        payload = AESGCM(decrypt_key(header)).decrypt(nonce, body, start)
    except (InvalidTag, KeyError, ValueError, TypeError):
        if kind == "kit":
            raise FileRefused(_l("Wrong passphrase, or the kit was altered.")) from None
        raise FileRefused(_l("This file was altered, or was not made by this kit.")) from None
    return header, payload
