"""Courses linked to their translations, and copies that start a translation or an edition."""

from sqlalchemy import select

from tamkeen.authoring.models import CourseImage, LessonRevision
from tamkeen.extensions import db
from tamkeen.learning.models import Course, CourseTrainer, Lesson

from .helpers import upload
from .pictures import drawing


def test_trainees_see_the_other_languages_and_can_switch(client, make):
    english = make.course("Rights online", translation_group="rights")
    french = make.course("Les droits en ligne", language="fr", translation_group="rights")
    make.course("الحقوق", language="ar", translation_group="rights", status="draft")
    make.course("Unrelated", language="fr")
    page = client.get(f"/courses/{english.id}").get_data(as_text=True)
    assert "Also available in:" in page
    assert f'href="/courses/{french.id}" lang="fr" hreflang="fr">Français</a>' in page
    assert "العربية" not in page.split("Also available in:")[1].split("</p>")[0]  # a draft
    assert "Also available in" not in client.get(f"/courses/{english.id + 3}").get_data(
        as_text=True
    )


def test_trainer_links_a_course_to_its_translation(client, make, auth):
    rania = make.user("rania", roles=("trainee", "trainer"))
    english = make.course("Rights", owner=rania, translation_group="rights")
    french = make.course("Droits", language="fr", owner=rania)
    auth.login("rania")
    response = client.post_form(
        f"/teach/courses/{french.id}",
        {"title": "Droits", "slug": french.slug, "language": "fr", "translation_group": "rights"},
    )
    assert response.status_code == 302
    assert "Droits" in client.get(f"/teach/courses/{english.id}").get_data(as_text=True)
    assert "Français" in client.get(f"/courses/{english.id}").get_data(as_text=True)


def test_trainer_copies_a_course_to_translate_it(app, client, make, auth):
    rania = make.user("rania", roles=("trainee", "trainer"))
    source = make.course("Rights", owner=rania)
    auth.login("rania")
    upload(client, f"/teach/courses/{source.id}/images", "image", drawing(), "map.png")
    lesson = source.modules[0].lessons[0]
    client.post_form(  # a pending draft: the copy starts from the newest text
        f"/teach/lessons/{lesson.id}",
        {"title": "Newest", "slug": lesson.slug, "body": "Newest text.", "submit": "Save"},
    )
    response = client.post_form(
        f"/teach/courses/{source.id}/duplicate",
        {"title": "Droits", "slug": "rights-fr", "language": "fr", "as_translation": "y"},
    )
    assert response.status_code == 302
    with app.app_context():
        copy = db.session.scalar(select(Course).where(Course.slug == "rights-fr"))
        original = db.session.get(Course, source.id)
        assert copy.status == "draft" and copy.language == "fr"
        assert copy.translation_group == original.translation_group == source.slug
        lessons = db.session.scalars(select(Lesson).where(Lesson.course_id == copy.id)).all()
        assert len(lessons) == 4 and "Newest text." in {lesson.body for lesson in lessons}
        owner = db.session.scalar(select(CourseTrainer).where(CourseTrainer.course_id == copy.id))
        assert owner.user_id == rania.id and owner.is_owner
        assert db.session.scalar(select(CourseImage.name).where(CourseImage.course_id == copy.id))
        assert db.session.scalar(
            select(LessonRevision.id).join(Lesson).where(Lesson.course_id == copy.id).limit(1)
        )
    assert make.get(Lesson, lesson.id).body != "Newest text."  # the original is untouched


def test_a_copy_needs_a_free_short_name(client, make, auth):
    rania = make.user("rania", roles=("trainee", "trainer"))
    source = make.course("Rights", owner=rania, slug="rights")
    auth.login("rania")
    response = client.post_form(
        f"/teach/courses/{source.id}/duplicate",
        {"title": "Again", "slug": "rights", "language": "en"},
    )
    assert response.status_code == 422
    assert make.count(Course) == 1
