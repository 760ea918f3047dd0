"""A course like the bundled ones for the cartridge tests: two modules of lessons, a lesson
that shows an image and links to another lesson, a module quiz of every question kind."""

from types import SimpleNamespace

import pytest

from tamkeen.authoring import images
from tamkeen.authoring.image_cleaning import clean_image
from tamkeen.extensions import db
from tamkeen.learning.models import Lesson

from ..authoring.pictures import drawing

IMAGE_LESSON_BODY = (
    "## The test\n\nA restriction passes three tests.\n\n"
    "![The three parts of the test](images/three-parts.png)\n\n"
    "Read [the next lesson](lesson:lesson-1-2) too."
)


def build_course(app, make, *, language="en", title="Rights online", slug=None, owner=None):
    course = make.course(title, language=language, slug=slug, owner=owner)
    with app.app_context():
        lesson = db.session.get(Lesson, course.modules[0].lessons[0].id)
        lesson.body = IMAGE_LESSON_BODY
        images.store_image(lesson.course, "three-parts.png", clean_image(drawing()))
        db.session.commit()
    make.quiz(course)  # every kind, in the first module
    return course


@pytest.fixture
def course_world(app, make):
    owner = make.user("owner", roles=("trainee", "trainer"))
    stranger = make.user("stranger", roles=("trainee", "trainer"))
    trainee = make.user("trainee")
    admin = make.user("admin", roles=("trainee", "admin"))
    course = build_course(app, make, owner=owner, slug="rights-online")
    make.enrol(trainee, course)
    return SimpleNamespace(
        owner=owner, stranger=stranger, trainee=trainee, admin=admin, course=course
    )
