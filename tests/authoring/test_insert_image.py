"""Insert image in the lesson editor: a new upload (through the same cleaning as the Images
page) or one of the course's images; without JavaScript the page comes back with the unsaved
text and the Markdown at its end, with it the Markdown comes as JSON for the cursor. The
lesson itself is never saved by it, and its text is never lost."""

import html
import io

from werkzeug.datastructures import FileStorage
from werkzeug.test import encode_multipart

from tamkeen.authoring import images
from tamkeen.authoring.image_cleaning import clean_image
from tamkeen.authoring.models import CourseImage, LessonRevision
from tamkeen.extensions import db
from tamkeen.learning.models import Course, Lesson

from .pictures import drawing, photo

UNSAVED = "## Not saved yet\n\nA paragraph the trainer is still writing."


def _post(client, url, fields, upload=None, as_json=False):
    data = {"csrf_token": client.csrf_token(), "insert_image": "Insert the image", **fields}
    if upload is not None:
        data["image_file"] = FileStorage(io.BytesIO(upload[0]), upload[1])
    boundary, body = encode_multipart(data)
    return client.post(
        url,
        data=body,
        content_type=f"multipart/form-data; boundary={boundary}",
        headers={"Accept": "application/json"} if as_json else {},
    )


def _editor(client, lesson, **fields):
    data = {"title": "Lesson 1.1", "slug": lesson.slug, "body": UNSAVED, **fields}
    upload = data.pop("upload", None)
    return _post(client, f"/teach/lessons/{lesson.id}", data, upload, data.pop("as_json", False))


def _textarea(page: str) -> str:
    """The text in the editor, as a browser reads it (the newline after the tag dropped)."""
    text = page.split('name="body"', 1)[1].split(">", 1)[1].split("</textarea>")[0]
    return html.unescape(text).removeprefix("\r\n")


def _course_with_an_image(app, make, locale="en"):
    rania = make.user("rania", roles=("trainee", "trainer"), locale=locale)
    course = make.course(owner=rania, status="draft")
    with app.app_context():
        images.store_image(db.session.get(Course, course.id), "map.png", clean_image(drawing()))
        db.session.commit()
    return course


def test_an_upload_is_cleaned_stored_and_appended_to_the_unsaved_text(app, client, make, auth):
    course = _course_with_an_image(app, make)
    lesson = course.modules[0].lessons[0]
    auth.login("rania")
    response = _editor(client, lesson, image_alt="The beach [at dawn]", upload=(photo(), "B.JPG"))
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert _textarea(page).strip() == f"{UNSAVED}\n\n![The beach \\[at dawn\\]](images/b.jpg)"
    assert "Save the lesson to keep it." in page
    assert '<img src="/media/' in page  # the preview shows the text with its image
    assert make.count(LessonRevision) == 0  # the lesson itself is not saved
    with app.app_context():
        stored = db.session.get(Lesson, lesson.id)
        assert "Not saved yet" not in (stored.body or "")
        image = db.session.scalar(db.select(CourseImage).where(CourseImage.name == "b.jpg"))
        assert image.content_type == "image/jpeg" and b"Exif" not in image.data
    assert '<option value="b.jpg">' in page  # now offered among the course's images

    saved = client.post_form(
        f"/teach/lessons/{lesson.id}",
        {"title": "Lesson 1.1", "slug": lesson.slug, "body": _textarea(page), "submit": "Save"},
    )
    assert saved.status_code == 302
    editor = client.get(f"/teach/lessons/{lesson.id}").get_data(as_text=True)
    assert _textarea(editor).rstrip().endswith("](images/b.jpg)")


def test_one_of_the_courses_images_is_inserted_in_the_page_language(app, client, make, auth):
    course = _course_with_an_image(app, make, locale="fr")
    lesson = course.modules[0].lessons[0]
    auth.login("rania")
    response = _editor(client, lesson, image_alt="Carte\ndu Maroc", image_choice="map.png")
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert _textarea(page).endswith("![Carte du Maroc](images/map.png)\n")
    assert "L'image est ajoutée à la fin du texte de la leçon." in html.unescape(page)
    assert make.count(CourseImage) == 1


def test_without_a_description_nothing_is_inserted_and_the_text_stays(app, client, make, auth):
    course = _course_with_an_image(app, make)
    lesson = course.modules[0].lessons[0]
    auth.login("rania")
    response = _editor(client, lesson, image_alt="  ", upload=(photo(), "beach.jpg"))
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Describe what the image shows, for people who cannot see it." in page
    assert _textarea(page) == UNSAVED
    assert 'id="insert-image" open' in page  # the control stays open on its error
    assert make.count(CourseImage) == 1  # the upload was not stored either


def test_neither_an_upload_nor_an_image_of_this_course_is_refused(app, client, make, auth):
    course = _course_with_an_image(app, make)
    other = make.course("Another")
    with app.app_context():
        images.store_image(db.session.get(Course, other.id), "secret.png", clean_image(drawing()))
        db.session.commit()
    lesson = course.modules[0].lessons[0]
    auth.login("rania")
    for choice in ("", "secret.png"):  # nothing chosen; another course's image
        response = _editor(client, lesson, image_alt="A map", image_choice=choice)
        page = response.get_data(as_text=True)
        assert response.status_code == 422
        assert "Choose an image of this course, or upload a new one." in page
        assert _textarea(page) == UNSAVED and "images/secret.png" not in page


def test_a_mislabelled_upload_is_refused_by_the_cleaning(app, client, make, auth):
    course = _course_with_an_image(app, make)
    lesson = course.modules[0].lessons[0]
    auth.login("rania")
    response = _editor(
        client, lesson, image_alt="A cat", upload=(b"<script>alert(1)</script>", "cat.png")
    )
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "PNG, JPEG, WebP or GIF image" in page
    assert _textarea(page) == UNSAVED
    assert make.count(CourseImage) == 1


def test_with_javascript_the_markdown_comes_as_json(app, client, make, auth):
    course = _course_with_an_image(app, make)
    lesson = course.modules[0].lessons[0]
    auth.login("rania")
    response = _editor(
        client, lesson, image_alt="A drawing", upload=(drawing(), "d.png"), as_json=True
    )
    assert response.status_code == 200
    assert response.json == {
        "markdown": "![A drawing](images/d.png)",
        "names": ["d.png", "map.png"],
    }
    refused = _editor(client, lesson, image_alt="", image_choice="map.png", as_json=True)
    assert refused.status_code == 422
    assert refused.json == {
        "errors": {"image_alt": ["Describe what the image shows, for people who cannot see it."]}
    }
    assert make.count(LessonRevision) == 0


def test_a_new_lessons_text_comes_back_even_without_a_title(app, client, make, auth):
    course = _course_with_an_image(app, make)
    module = course.modules[0]
    auth.login("rania")
    before = make.count(Lesson)
    response = _post(
        client,
        f"/teach/modules/{module.id}/lessons/new",
        {"title": "", "body": UNSAVED, "image_alt": "A map", "image_choice": "map.png"},
    )
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert _textarea(page).endswith("![A map](images/map.png)\n")
    assert "Enter a title." not in page  # the lesson's own checks wait for Save
    assert make.count(Lesson) == before
