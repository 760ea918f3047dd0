"""Lesson images: recognised by content, cleaned of metadata, shrunk for slow connections.

A photo's EXIF block can hold the place and time it was taken, and the phone that took
it: for the people in a training photo that can be dangerous. So nothing of the uploaded
file is kept but its pixels. JPEG and PNG files that are already small enough keep their
compressed data and lose every metadata segment, wherever it sits, and whatever follows
the end of the image (a lossless edit); everything else is
decoded and encoded again. Either way the result is small and clean, and cleaning it a
second time gives the same bytes, which keeps exported course packages byte-identical.
"""

import hashlib
import io
import struct
import warnings
from dataclasses import dataclass

from flask_babel import lazy_gettext as _l
from PIL import Image, ImageOps, UnidentifiedImageError

MAX_UPLOAD_BYTES = 5 * 1024 * 1024  # what a trainer may send
MAX_PIXELS = 40_000_000  # refuse decompression bombs before decoding them
MAX_WIDTH = 1200  # wide enough for any phone, and for a laptop's column of text
MAX_BYTES = 250 * 1024  # what a trainee on metered data downloads, at most, per image
FORMATS = {"JPEG": "image/jpeg", "PNG": "image/png", "WEBP": "image/webp", "GIF": "image/gif"}
JPEG_QUALITIES = (82, 72, 62, 52)
# PNG chunks that carry pixels or how to read them; every other one (text, EXIF, time,
# ICC profiles, private chunks) is dropped.
PNG_KEPT_CHUNKS = {b"IHDR", b"PLTE", b"tRNS", b"IDAT", b"IEND", b"gAMA", b"sRGB"}
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


class ImageRefused(ValueError):
    """The file is not an image we accept; ``message`` says why, for the trainer."""

    def __init__(self, message):
        super().__init__(str(message))
        self.message = message


@dataclass(frozen=True)
class CleanImage:
    data: bytes
    content_type: str
    width: int
    height: int

    @property
    def digest(self) -> str:
        return hashlib.sha256(self.data).hexdigest()


def _open(data: bytes) -> Image.Image:
    if len(data) > MAX_UPLOAD_BYTES:
        raise ImageRefused(_l("The image is larger than 5 MB."))
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(io.BytesIO(data), formats=list(FORMATS))
            if image.width * image.height > MAX_PIXELS:
                raise ImageRefused(_l("The image has too many pixels."))
            image.load()
    except ImageRefused:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise ImageRefused(_l("The image has too many pixels.")) from None
    except UnidentifiedImageError:
        raise ImageRefused(
            _l("This file is not a PNG, JPEG, WebP or GIF image, whatever its name says.")
        ) from None
    except (OSError, ValueError, SyntaxError, struct.error):
        raise ImageRefused(_l("This image file is damaged.")) from None
    return image


def _needs_rotation(image: Image.Image) -> bool:
    return image.getexif().get(0x0112, 1) != 1


def _is_small_enough(image: Image.Image, data: bytes) -> bool:
    return (
        image.format in ("JPEG", "PNG")
        and image.mode in ("L", "RGB", "RGBA", "P", "LA")
        and not (image.format == "JPEG" and image.mode not in ("L", "RGB"))
        and image.width <= MAX_WIDTH
        and len(data) <= MAX_BYTES
        and not _needs_rotation(image)
        and not getattr(image, "is_animated", False)
    )


def clean_image(data: bytes) -> CleanImage:
    """A clean, small version of the image in ``data``; ImageRefused if there is none."""
    image = _open(data)
    if _is_small_enough(image, data):
        fmt = image.format
        output = strip_jpeg(data) if fmt == "JPEG" else strip_png(data)
    else:
        fmt, output = _reencode(image)
        output = strip_jpeg(output) if fmt == "JPEG" else strip_png(output)
    width, height = Image.open(io.BytesIO(output)).size
    return CleanImage(output, FORMATS[fmt], width, height)


def _pixels(image: Image.Image) -> Image.Image:
    """The first frame, upright, in a mode JPEG or PNG can hold, at most MAX_WIDTH wide."""
    image.seek(0)
    frame = ImageOps.exif_transpose(image)
    has_alpha = frame.mode in ("RGBA", "LA", "PA") or "transparency" in frame.info
    frame = frame.convert("RGBA" if has_alpha else "RGB")
    if frame.width > MAX_WIDTH:
        height = max(1, round(frame.height * MAX_WIDTH / frame.width))
        frame = frame.resize((MAX_WIDTH, height), Image.Resampling.LANCZOS)
    return frame


def _reencode(image: Image.Image) -> tuple[str, bytes]:
    frame = _pixels(image)
    # Photos become JPEG; drawings and anything transparent stay lossless PNG.
    photo = image.format in ("JPEG", "WEBP") and frame.mode == "RGB"
    while True:
        encoded = _encode_jpeg(frame) if photo else _encode_png(frame)
        if encoded is not None:
            return ("JPEG" if photo else "PNG"), encoded
        if frame.width <= 200:
            raise ImageRefused(_l("This image cannot be made small enough."))
        frame = frame.resize((frame.width * 3 // 4, max(1, frame.height * 3 // 4)))


def _encode_jpeg(frame: Image.Image) -> bytes | None:
    for quality in JPEG_QUALITIES:
        buffer = io.BytesIO()
        frame.save(buffer, "JPEG", quality=quality, optimize=True, progressive=True)
        if buffer.tell() <= MAX_BYTES:
            return buffer.getvalue()
    return None


def _encode_png(frame: Image.Image) -> bytes | None:
    for candidate in (frame, frame.quantize(256, method=Image.Quantize.FASTOCTREE)):
        buffer = io.BytesIO()
        candidate.save(buffer, "PNG", optimize=True)
        if buffer.tell() <= MAX_BYTES:
            return buffer.getvalue()
    return None


def strip_jpeg(data: bytes) -> bytes:
    """The JPEG up to its end-of-image marker, without a single APPn or comment segment
    (EXIF, XMP, ICC, JFIF, GPS...) wherever it sits: before the first scan, between the
    scans of a progressive file or after the last. What follows the end of the image (a
    second picture, a hidden file) is dropped; a file that stops after a scan without
    that marker gets one."""
    if data[:2] != b"\xff\xd8":
        raise ImageRefused(_l("This image file is damaged."))
    out, pos = bytearray(data[:2]), 2
    while pos < len(data):
        marker, pos = _marker_at(data, pos)
        if marker == 0xD9:  # end of image
            break
        if marker == 0x01 or 0xD0 <= marker <= 0xD7:  # markers without a length
            out += bytes((0xFF, marker))
            continue
        end = _segment_end(data, pos)
        if not (0xE0 <= marker <= 0xEF or marker == 0xFE):
            out += bytes((0xFF, marker)) + data[pos:end]
        pos = end
        if marker == 0xDA:  # start of scan: compressed data follows, up to the next marker
            end = _scan_end(data, pos)
            out += data[pos:end]
            pos = end
    return bytes(out + b"\xff\xd9")


def _marker_at(data: bytes, pos: int) -> tuple[int, int]:
    """The marker at ``pos`` (after any fill bytes) and where its segment starts."""
    if data[pos] != 0xFF:
        raise ImageRefused(_l("This image file is damaged."))
    while pos < len(data) and data[pos] == 0xFF:
        pos += 1
    if pos >= len(data):
        raise ImageRefused(_l("This image file is damaged."))
    return data[pos], pos + 1


def _segment_end(data: bytes, pos: int) -> int:
    """Where the segment whose length field is at ``pos`` ends."""
    if pos + 2 > len(data):
        raise ImageRefused(_l("This image file is damaged."))
    (length,) = struct.unpack(">H", data[pos : pos + 2])
    if length < 2 or pos + length > len(data):
        raise ImageRefused(_l("This image file is damaged."))
    return pos + length


def _scan_end(data: bytes, pos: int) -> int:
    """Where a scan's compressed data ends: at the first FF that is neither an escaped
    FF (FF 00) nor a restart marker (FF D0 to FF D7), or at the end of the file."""
    while True:
        pos = data.find(b"\xff", pos)
        if pos < 0 or pos + 1 >= len(data):
            return len(data)
        following = data[pos + 1]
        if following != 0 and not 0xD0 <= following <= 0xD7:
            return pos
        pos += 2


def strip_png(data: bytes) -> bytes:
    """The PNG with only the chunks that draw it."""
    out, pos = bytearray(PNG_SIGNATURE), len(PNG_SIGNATURE)
    while pos + 12 <= len(data):
        (length,) = struct.unpack(">I", data[pos : pos + 4])
        kind = data[pos + 4 : pos + 8]
        end = pos + 12 + length
        if kind in PNG_KEPT_CHUNKS:
            out += data[pos:end]
        pos = end
        if kind == b"IEND":
            return bytes(out)
    raise ImageRefused(_l("This image file is damaged."))
