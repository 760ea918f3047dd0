"""Lesson images: recognised by content, stripped of metadata, shrunk, served safely."""

import io

import pytest
from PIL import Image

from tamkeen.authoring.image_cleaning import MAX_BYTES, MAX_WIDTH, ImageRefused, clean_image
from tamkeen.authoring.models import CourseImage

from .helpers import upload
from .pictures import GPS_IFD, drawing, metadata_of, photo


def test_a_photos_location_and_camera_are_removed():
    original = photo()
    assert metadata_of(original)["exif"].get(GPS_IFD)  # the test photo does carry GPS
    clean = clean_image(original)
    assert clean.content_type == "image/jpeg"
    meta = metadata_of(clean.data)
    assert meta["exif"] == {}
    assert b"PhoneMaker" not in clean.data and b"Exif" not in clean.data


def test_png_text_chunks_are_removed():
    clean = clean_image(photo(300, 200, fmt="PNG"))
    assert b"Rabat" not in clean.data and b"eXIf" not in clean.data
    assert metadata_of(clean.data)["exif"] == {}


def test_a_large_photo_is_resized_and_recompressed():
    clean = clean_image(photo(3000, 2000))
    assert clean.width == MAX_WIDTH and clean.height == 800
    assert len(clean.data) <= MAX_BYTES


@pytest.mark.parametrize("fmt", ["WEBP", "GIF", "PNG", "JPEG"])
def test_every_accepted_format_is_recognised_by_content(fmt):
    clean = clean_image(drawing(fmt=fmt))
    assert clean.content_type in ("image/png", "image/jpeg")
    assert (clean.width, clean.height) == (200, 100)


@pytest.mark.parametrize("fmt", ["WEBP", "GIF", "PNG", "JPEG"])
def test_cleaning_twice_gives_the_same_bytes(fmt):
    once = clean_image(photo(1500, 900, fmt=fmt) if fmt != "GIF" else drawing(fmt=fmt))
    assert clean_image(once.data).data == once.data


@pytest.mark.parametrize(
    "data",
    [
        b"<svg xmlns='http://www.w3.org/2000/svg' onload='alert(1)'/>",
        b"<html><script>alert(1)</script></html>",
        b"\x89PNG\r\n\x1a\n" + b"\x00" * 40,  # a PNG signature and nothing behind it
        b"GIF89a<script>alert(1)</script>",
        b"%PDF-1.7 not an image",
    ],
    ids=["svg", "html", "truncated-png", "gif-polyglot", "pdf"],
)
def test_files_that_are_not_images_are_refused(data):
    with pytest.raises(ImageRefused):
        clean_image(data)


def test_a_decompression_bomb_is_refused_before_decoding():
    buffer = io.BytesIO()
    Image.new("1", (20000, 20000)).save(buffer, "PNG")  # tiny file, 400 million pixels
    assert len(buffer.getvalue()) < 200_000
    with pytest.raises(ImageRefused, match="too many pixels"):
        clean_image(buffer.getvalue())


def _upload(client, course, data, name):
    return upload(client, f"/teach/courses/{course.id}/images", "image", data, name)


def test_trainer_uploads_an_image_and_a_lesson_shows_it(app, client, make, auth):
    rania = make.user("rania", roles=("trainee", "trainer"))
    course = make.course(owner=rania, status="draft")
    lesson = course.modules[0].lessons[0]
    auth.login("rania")
    response = _upload(client, course, photo(), "Beach Photo.JPG")
    assert response.status_code == 302
    page = client.get(f"/teach/courses/{course.id}/images").get_data(as_text=True)
    assert "images/beach-photo.jpg" in page
    client.post_form(
        f"/teach/lessons/{lesson.id}",
        {"title": "L", "slug": lesson.slug, "body": "![The beach](images/beach-photo.jpg)",
         "submit": "Save"},
    )  # fmt: skip
    client.post_form(f"/teach/courses/{course.id}/publish")
    auth.logout()
    html = client.get(f"/courses/{course.id}/lessons/{lesson.id}").get_data(as_text=True)
    src = html.split('<img src="', 1)[1].split('"', 1)[0]
    assert src.startswith("/media/")
    image = client.get(src)
    assert image.status_code == 200
    assert image.headers["Content-Type"] == "image/jpeg"
    assert image.headers["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in image.headers["Content-Security-Policy"]
    assert "max-age=31536000" in image.headers["Cache-Control"]
    assert "immutable" in image.headers["Cache-Control"]
    assert b"Exif" not in image.data


def test_a_file_that_claims_to_be_an_image_is_refused_with_a_message(client, make, auth):
    rania = make.user("rania", roles=("trainee", "trainer"), locale="fr")
    course = make.course(owner=rania)
    auth.login("rania")
    response = _upload(client, course, b"<script>alert(1)</script>", "cat.png")
    assert response.status_code == 422
    assert "image PNG, JPEG, WebP ou GIF" in response.get_data(as_text=True)
    assert make.count(CourseImage) == 0


def test_an_oversized_upload_is_refused(client, make, auth):
    rania = make.user("rania", roles=("trainee", "trainer"))
    course = make.course(owner=rania)
    auth.login("rania")
    response = _upload(client, course, b"\xff\xd8" + b"\x00" * (6 * 1024 * 1024), "big.jpg")
    assert response.status_code == 422
    assert "larger than 5 MB" in response.get_data(as_text=True)
    assert make.count(CourseImage) == 0


def test_images_of_a_draft_course_are_private(app, client, make, auth):
    rania = make.user("rania", roles=("trainee", "trainer"))
    course = make.course(owner=rania, status="draft")
    auth.login("rania")
    _upload(client, course, drawing(), "map.png")
    from sqlalchemy import select

    from tamkeen.extensions import db

    with app.app_context():
        image = db.session.scalar(select(CourseImage))
        url = f"/media/{image.id}/{image.digest[:16]}"
        wrong = f"/media/{image.id}/{'0' * 16}"
    own = client.get(url)
    assert own.status_code == 200 and "no-store" in own.headers["Cache-Control"]
    assert client.get(wrong).status_code == 404
    auth.logout()
    assert client.get(url).status_code == 404
