"""Lesson images: recognised by content, cleaned of metadata, shrunk for slow connections.

A photo's EXIF block can hold the place and time it was taken, and the phone that took
it: for the people in a training photo that can be dangerous. So nothing of the uploaded
file is kept but its pixels. JPEG and PNG files that are already small enough keep their
compressed data and lose every metadata segment (a lossless edit); everything else is
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
    """The JPEG without its APPn and comment segments (EXIF, XMP, ICC, JFIF, GPS...)."""
    out, pos = bytearray(data[:2]), 2
    while pos + 4 <= len(data):
        if data[pos] != 0xFF:
            raise ImageRefused(_l("This image file is damaged."))
        marker = data[pos + 1]
        if marker == 0xFF:  # fill byte
            pos += 1
            continue
        if marker == 0xDA:  # start of scan: compressed data follows, no more metadata
            out += data[pos:]
            return bytes(out)
        (length,) = struct.unpack(">H", data[pos + 2 : pos + 4])
        segment = data[pos : pos + 2 + length]
        if not (0xE0 <= marker <= 0xEF or marker == 0xFE):
            out += segment
        pos += 2 + length
    raise ImageRefused(_l("This image file is damaged."))


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
