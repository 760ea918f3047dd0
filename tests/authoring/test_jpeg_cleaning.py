"""JPEG cleaning keeps the compressed picture and nothing else: no APPn or comment segment
wherever it sits (before the first scan, between the scans of a progressive file, after
the last), and nothing after the end-of-image marker."""

import io
import struct

import pytest
from PIL import Image

from tamkeen.authoring.image_cleaning import ImageRefused, clean_image

from .pictures import gps_exif, photo

EOI = b"\xff\xd9"
PLACE = b"Rabat meeting, 33.97N 6.85W"


def segment(marker: int, payload: bytes) -> bytes:
    return bytes([0xFF, marker]) + struct.pack(">H", len(payload) + 2) + payload


def comment(text: bytes = PLACE) -> bytes:
    return segment(0xFE, text)


def exif_segment() -> bytes:
    return segment(0xE1, gps_exif())


def scan_starts(data: bytes) -> list[int]:
    """Where each start-of-scan marker is. In a file without APPn segments, FF DA occurs
    only as a marker (compressed data escapes every FF)."""
    starts, at = [], data.find(b"\xff\xda")
    while at >= 0:
        starts.append(at)
        at = data.find(b"\xff\xda", at + 2)
    return starts


def between_scans(original: bytes, inserted: bytes, scan: int = 1) -> bytes:
    """``original`` with ``inserted`` just before its scan number ``scan`` (from 0)."""
    at = scan_starts(original)[scan]
    return original[:at] + inserted + original[at:]


def pixels(data: bytes) -> bytes:
    with Image.open(io.BytesIO(data)) as image:
        return image.convert("RGB").tobytes()


@pytest.fixture
def progressive() -> bytes:
    """A small progressive photo, without metadata: kept as it is compressed."""
    data = photo(320, 240, gps=False, progressive=True)
    assert len(scan_starts(data)) > 2
    return data


def assert_clean(cleaned: bytes, original: bytes) -> None:
    assert b"Exif" not in cleaned and b"PhoneMaker" not in cleaned
    assert PLACE not in cleaned and b"SECRET" not in cleaned
    assert cleaned.endswith(EOI)
    assert pixels(cleaned) == pixels(original)  # the same picture: a lossless edit
    assert clean_image(cleaned).data == cleaned  # cleaning is idempotent


def test_bytes_after_the_end_of_image_are_removed():
    original = photo(320, 240, gps=False)
    hidden = b"SECRET list of participants" + photo(64, 48)  # even a whole second photo
    clean = clean_image(original + hidden)
    assert clean.content_type == "image/jpeg"
    assert_clean(clean.data, original)


def test_a_comment_and_app1_between_progressive_scans_are_removed(progressive):
    tampered = between_scans(progressive, comment() + exif_segment())
    assert pixels(tampered) == pixels(progressive)  # decoders read it as the same picture
    assert_clean(clean_image(tampered).data, progressive)


def test_gps_exif_anywhere_in_a_progressive_file_is_removed(progressive):
    count = len(scan_starts(progressive))
    tampered = between_scans(progressive, exif_segment(), scan=count - 1)
    end = tampered.rindex(EOI)
    tampered = tampered[:end] + exif_segment() + comment() + tampered[end:]
    tampered = tampered[:2] + exif_segment() + tampered[2:]  # and the usual place
    assert_clean(clean_image(tampered).data, progressive)


def test_a_photo_with_gps_made_progressive_by_the_camera_is_cleaned():
    original = photo(320, 240, progressive=True)
    assert b"Exif" in original
    clean = clean_image(original + b"SECRET")
    assert_clean(clean.data, original)


def test_a_jpeg_cut_inside_a_segment_is_refused(progressive):
    at = scan_starts(progressive)[1]
    with pytest.raises(ImageRefused):
        clean_image(progressive[:at] + b"\xff\xfe\x40\x00" + b"cut short")
