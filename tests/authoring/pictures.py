"""Real image files made with Pillow: photos with a GPS position, drawings, fakes."""

import functools
import io

from PIL import Image

GPS_IFD = 0x8825


def photo(
    width: int = 640,
    height: int = 480,
    *,
    fmt: str = "JPEG",
    gps: bool = True,
    progressive: bool = False,
) -> bytes:
    """A noisy photo-like image; with an EXIF block that says where it was taken."""
    image = Image.effect_noise((width, height), 64).convert("RGB")
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"  # camera make
    exif[0x0132] = "2026:03:08 10:00:00"  # date and time
    if gps:
        exif.get_ifd(GPS_IFD).update({1: "N", 2: (33.0, 58.0, 0.0), 3: "W", 4: (6.0, 50.0, 0.0)})
    buffer = io.BytesIO()
    options = {"exif": exif.tobytes(), "progressive": progressive}
    if fmt == "PNG":
        from PIL.PngImagePlugin import PngInfo

        info = PngInfo()
        info.add_text("Location", "Rabat, 33.97N 6.85W")
        options["pnginfo"] = info
    image.save(buffer, fmt, **options)
    return buffer.getvalue()


def gps_exif() -> bytes:
    """An EXIF block (as an APP1 segment holds it) with a camera and a GPS position."""
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"
    exif.get_ifd(GPS_IFD).update({1: "N", 2: (33.0, 58.0, 0.0), 3: "W", 4: (6.0, 50.0, 0.0)})
    return exif.tobytes()


@functools.cache
def drawing(width: int = 200, height: int = 100, fmt: str = "PNG") -> bytes:
    """White with a green vertical line every 10 pixels. Made once per size and format
    (bytes cannot change), a line at a time: pixel by pixel, the large ones cost seconds."""
    image = Image.new("RGB", (width, height), "white")
    for x in range(0, width, 10):
        image.paste((11, 107, 79), (x, 0, x + 1, height))
    buffer = io.BytesIO()
    image.save(buffer, fmt)
    return buffer.getvalue()


def metadata_of(data: bytes) -> dict:
    image = Image.open(io.BytesIO(data))
    return {"exif": dict(image.getexif()), "info": dict(image.info), "format": image.format}
