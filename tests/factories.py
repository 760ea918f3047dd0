"""Test data, made through the services where they exist.

Each call runs in its own application context and commits, as a request would, and returns
the object with what tests read already loaded, so it can be used after the context ends.
"""

import itertools

from flask import Flask
from sqlalchemy import func, select

from tamkeen.accounts import services as accounts
from tamkeen.extensions import db
from tamkeen.learning import services as learning
from tamkeen.learning.models import Course, CourseTrainer, Lesson, Module

PASSWORD = "a long enough passphrase"
_numbers = itertools.count(1)


class Factory:
    def __init__(self, app: Flask):
        self.app = app

    def _done(self, *objects):
        db.session.commit()
        for obj in objects:
            db.session.refresh(obj)
        return objects[0] if len(objects) == 1 else objects

    def user(
        self,
        username: str | None = None,
        *,
        roles: tuple[str, ...] = ("trainee",),
        password: str = PASSWORD,
        **fields,
    ):
        with self.app.app_context():
            user = accounts.register_user(
                username or f"person{next(_numbers)}", password, roles=roles, **fields
            )
            user = self._done(user)
            _ = user.roles
            return user

    def course(
        self,
        title: str = "Rights online",
        *,
        language: str = "en",
        status: str = "published",
        modules: int = 2,
        lessons: int = 2,
        slug: str | None = None,
        owner=None,
        translation_group: str | None = None,
    ) -> Course:
        """A course of ``modules`` modules, each of ``lessons`` short lessons."""
        number = next(_numbers)
        with self.app.app_context():
            course = Course(
                slug=slug or f"course-{number}",
                language=language,
                title=title,
                summary=f"What {title} is about.",
                status=status,
                translation_group=translation_group,
            )
            if owner is not None:
                course.trainers.append(CourseTrainer(user_id=owner.id, is_owner=True))
            for m in range(1, modules + 1):
                module = Module(slug=f"module-{m}", position=m, title=f"Module {m}")
                course.modules.append(module)
                for n in range(1, lessons + 1):
                    module.lessons.append(
                        Lesson(
                            course=course,
                            slug=f"lesson-{m}-{n}",
                            position=n,
                            title=f"Lesson {m}.{n}",
                            summary="In short.",
                            body=f"## Part {m}.{n}\n\nSome **text** to read.",
                        )
                    )
            db.session.add(course)
            course = self._done(course)
            for module in course.modules:
                _ = module.lessons
            return course

    def co_trainer(self, course, user) -> None:
        with self.app.app_context():
            db.session.add(CourseTrainer(course_id=course.id, user_id=user.id, is_owner=False))
            db.session.commit()

    def enrol(self, user, course) -> None:
        with self.app.app_context():
            learning.enrol(db.session.merge(user), db.session.merge(course))
            db.session.commit()

    def complete(self, user, lesson) -> None:
        with self.app.app_context():
            learning.mark_complete(db.session.merge(user), db.session.merge(lesson))
            db.session.commit()

    def count(self, model, **filters) -> int:
        with self.app.app_context():
            query = select(func.count()).select_from(model).filter_by(**filters)
            return db.session.scalar(query)

    def get(self, model, object_id):
        with self.app.app_context():
            obj = db.session.get(model, object_id)
            if obj is not None:
                db.session.expunge(obj)
            return obj

    # -- certificates and policy papers ------------------------------------------------
    def certificate(self, user, course, *, printed_name: str | None = None, **kwargs):
        from tamkeen.certificates import services as certificates

        with self.app.test_request_context():
            certificate = certificates.issue_certificate(
                db.session.merge(user), db.session.merge(course), **kwargs
            )
            if printed_name is not None:
                certificates.choose_printed_name(certificate, printed_name)
            return self._done(certificate)

    def paper(self, title: str = "Online expression and the law", **fields):
        import datetime

        from tamkeen.papers.models import PolicyPaper

        number = next(_numbers)
        values = {
            "slug": f"paper-{number}",
            "language": "en",
            "authors": ["Tamkeen"],
            "topic": "freedom-of-expression",
            "summary": f"What {title} argues.",
            "published_on": datetime.date(2026, 11, 1),
            "body": "## Summary\n\nA short paper.\n",
        }
        values.update(fields)
        with self.app.app_context():
            paper = PolicyPaper(title=title, **values)
            db.session.add(paper)
            return self._done(paper)
