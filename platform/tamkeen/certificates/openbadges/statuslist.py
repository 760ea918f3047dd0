"""Revocation, published as a W3C Bitstring Status List v1.0.

Every certificate holds a random free position (``Certificate.status_index``) in one list
of 131,072 bits, so that a position says nothing about the order of issue and every holder
hides among all the others. A revoked certificate's bit is 1. The list is a
``BitstringStatusListCredential``, signed like the credentials; ``encodedList`` is
multibase ``u`` + base64url(gzip(bits)), bit 0 the left-most of the first byte.
"""

import base64
import gzip
import io
import secrets
from collections.abc import Iterable

LIST_SIZE = 131_072  # the specification's minimum: 16 KB of bits


class ListFull(RuntimeError):
    """Every position of the list is taken (a second list would be needed)."""


def free_index(taken: set[int]) -> int:
    """A random position not in ``taken``."""
    if len(taken) >= LIST_SIZE:
        raise ListFull("the status list has no free position left")
    while True:
        index = secrets.randbelow(LIST_SIZE)
        if index not in taken:
            return index


def encode(revoked: Iterable[int]) -> str:
    bits = bytearray(LIST_SIZE // 8)
    for index in revoked:
        bits[index // 8] |= 0x80 >> (index % 8)
    packed = gzip.compress(bytes(bits), mtime=0)
    return "u" + base64.urlsafe_b64encode(packed).rstrip(b"=").decode("ascii")


def is_set(encoded: str, index: int) -> bool:
    """Whether bit ``index`` of an ``encodedList`` is 1 (ValueError if it is no list)."""
    if not encoded.startswith("u"):
        raise ValueError("the encoded list is not multibase base64url")
    body = encoded[1:]
    try:
        packed = base64.urlsafe_b64decode(body + "=" * (-len(body) % 4))
        # A status list is 16 KB unpacked; refuse a "gzip bomb" well before it hurts.
        with gzip.GzipFile(fileobj=io.BytesIO(packed)) as stream:
            bits = stream.read(LIST_SIZE // 8 * 8 + 1)
    except (ValueError, OSError, EOFError) as error:
        raise ValueError(f"the encoded list cannot be read: {error}") from None
    if len(bits) > LIST_SIZE // 8 * 8 or not 0 <= index < len(bits) * 8:
        raise ValueError("the index is outside the list, or the list is too large")
    return bool(bits[index // 8] & (0x80 >> (index % 8)))
