"""Test data, made through the services where they exist.

Each call runs in its own application context and commits, as a request would, and returns
the object with what tests read already loaded, so it can be used after the context ends.
"""

import itertools
import re

from flask import Flask
from sqlalchemy import func, select

from tamkeen.accounts import services as accounts
from tamkeen.extensions import db
from tamkeen.learning import services as learning
from tamkeen.learning.models import Course, CourseTrainer, FacilitatorGuide, Lesson, Module

PASSWORD = "a long enough passphrase"
# Staff made by the factory have two-step sign-in on with this secret (see ``totp_code``).
TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"
STAFF_ROLES = {"trainer", "organizer", "admin"}
_numbers = itertools.count(1)
# Course titles and people's names the factories made during the current test: no log may
# hold them (who took which course is sensitive data; conftest.logs_hold_no_secrets).
NAMED: set[str] = set()


# Any hidden input whose name ends in csrf_token (a form's own, a prefixed one, the sign-out
# form base.html writes by hand), whatever the order of its attributes: its value goes.
CSRF_VALUE = re.compile(r'(<input[^>]*name="[^"]*csrf_token"[^>]*?) value="[^"]*"')


def without_csrf_tokens(page: str) -> str:
    """A page without its CSRF tokens, to compare two answers: a token holds the second it
    was signed in, so two requests either side of a second differ there and nowhere else."""
    return CSRF_VALUE.sub(r"\1", page)


def totp_code(app: Flask, username: str) -> str:
    """The current code of a factory-made user's authenticator, usable at once.

    A code is accepted once; tests sign the same person in many times a minute, so the
    remembered time step is cleared first (a test shortcut, not something the app does).
    """
    import pyotp

    from tamkeen.accounts.models import User

    with app.app_context():
        user = accounts.find_user(username)
        assert user is not None and user.totp_secret, f"{username} has no two-step sign-in"
        db.session.execute(
            User.__table__.update().where(User.id == user.id).values(totp_last_step=None)
        )
        db.session.commit()
        return pyotp.TOTP(user.totp_secret).now()


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
        totp: bool | None = None,
        **fields,
    ):
        """A person; staff get two-step sign-in already on unless ``totp=False``
        (``totp=True`` gives it to a trainee too)."""
        if fields.get("display_name"):
            NAMED.add(fields["display_name"])
        from tamkeen.database import utcnow

        with self.app.app_context():
            user = accounts.register_user(
                username or f"person{next(_numbers)}", password, roles=roles, **fields
            )
            if totp or (totp is None and STAFF_ROLES & set(roles)):
                user.totp_secret = TOTP_SECRET
                user.totp_enabled_at = utcnow()
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
        NAMED.add(title)
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

    def guide(self, course, source: str) -> None:
        """Give ``course`` a facilitator guide (the text of its package's Markdown file)."""
        with self.app.app_context():
            db.session.add(FacilitatorGuide(course_id=course.id, source=source))
            db.session.commit()

    def enrol(self, user, course) -> None:
        with self.app.app_context():
            learning.enrol(db.session.merge(user), db.session.merge(course))
            db.session.commit()

    def complete(self, user, lesson) -> None:
        with self.app.app_context():
            learning.mark_complete(db.session.merge(user), db.session.merge(lesson))
            db.session.commit()

    def quiz(self, course, module=None, *, questions=None, final: bool = False, **settings):
        """A quiz for ``course``: the first module's by default, or the final one."""
        from tamkeen.quizzes.bank import write_questions
        from tamkeen.quizzes.models import Quiz

        with self.app.app_context():
            course_id = course.id
            if final:
                module_id = None
            else:
                module_id = (module or course.modules[0]).id
            quiz = Quiz(course_id=course_id, module_id=module_id, **settings)
            db.session.add(quiz)
            db.session.flush()
            write_questions(quiz, read_specs(EVERY_KIND if questions is None else questions))
            quiz = self._done(quiz)
            for question in quiz.questions:
                _ = question.data
            return quiz

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

    def attempt(self, user, quiz, *, right: bool = True) -> None:
        """One submitted attempt at a quiz of true/false questions, all right or all wrong."""
        from werkzeug.datastructures import MultiDict

        from tamkeen.quizzes import services as quizzes
        from tamkeen.quizzes.models import Quiz

        with self.app.test_request_context():
            person = db.session.merge(user)
            attempt = quizzes.start_attempt(person, db.session.get(Quiz, quiz.id))
            for page in quizzes.pages(attempt):
                answer = page.question.data["answer"] == right
                form = MultiDict({"answer": "true" if answer else "false"})
                quizzes.save_answer(person, attempt.id, page.number, form)
            quizzes.submit(person, attempt.id)
            db.session.commit()

    # -- cohorts --------------------------------------------------------------------------
    def organization(self, name: str = "Association Tanmia"):
        from tamkeen.cohorts.models import Organization

        with self.app.app_context():
            organization = Organization(name=name)
            db.session.add(organization)
            return self._done(organization)

    def cohort(
        self,
        organizer,
        *,
        name: str = "Spring cohort",
        participants=(),
        courses=(),
        organization=None,
        member_organization=None,
        signatories=(),
    ):
        """A cohort run by ``organizer``, with these participants and courses."""
        from tamkeen.cohorts import services as cohorts

        with self.app.app_context():
            by = db.session.merge(organizer)
            cohort = cohorts.create_cohort(
                by=by,
                name=name,
                organization_id=organization.id if organization else None,
                starts_on=None,
                ends_on=None,
                signatories=list(signatories),
            )
            cohorts.set_courses(cohort, [course.id for course in courses], by=by)
            cohorts.add_participants(
                cohort,
                [db.session.merge(user) for user in participants],
                organization_id=member_organization.id if member_organization else None,
                by=by,
            )
            return self._done(cohort)


# One question of every kind, as course packages write them (docs/course-format.md).
EVERY_KIND = [
    {
        "kind": "single_choice",
        "name": "first-text",
        "prompt": "Which text first proclaimed the right to *seek and impart* information?",
        "choices": [
            {"text": "The Universal Declaration", "correct": True, "feedback": "Yes, article 19."},
            {"text": "The 2011 Constitution", "feedback": "Much later."},
            {"text": "Law 88-13"},
        ],
        "feedback": "Article 19 of the Universal Declaration of Human Rights.",
    },
    {
        "kind": "multiple_response",
        "name": "three-part-test",
        "prompt": "Which are part of the three-part test?",
        "choices": [
            {"text": "Provided by law", "correct": True},
            {"text": "A legitimate aim", "correct": True},
            {"text": "Approved by a majority", "feedback": "Majorities cannot remove rights."},
        ],
    },
    {
        "kind": "true_false",
        "name": "opinion",
        "prompt": "Holding an opinion may be restricted by law.",
        "answer": False,
        "feedback_true": "No: article 19(1) admits no restriction.",
        "feedback_false": "Right.",
    },
    {
        "kind": "short_answer",
        "name": "press-law",
        "prompt": "Which law number is the Press Code? Write the number.",
        "answers": [{"text": "88-13"}, {"text": "8813", "weight": 50, "feedback": "Almost."}],
    },
    {
        "kind": "numeric",
        "name": "articles",
        "prompt": "How many articles does the Universal Declaration have?",
        "answers": [{"value": 30, "tolerance": 0}],
        "points": 2,
    },
    {
        "kind": "matching",
        "name": "laws",
        "prompt": "Match each law to its subject.",
        "pairs": [
            {"prompt": "Law 88-13", "match": "The press"},
            {"prompt": "Law 31-13", "match": "Access to information"},
        ],
        "distractors": ["The family"],
    },
    {
        "kind": "ordering",
        "name": "steps",
        "prompt": "Put the steps in order.",
        "items": ["Hold the assembly", "File the declaration", "Receive the receipt"],
    },
]

# One true-or-false question: a quiz whose pass or fail a test decides in one answer.
TRUE_FALSE = [{"kind": "true_false", "name": "q1", "prompt": "Opinions are free.", "answer": True}]


def read_specs(items: list[dict]):
    """Question specs from mappings, failing loudly if a test wrote one wrong."""
    from tamkeen.quizzes.kinds import Checker
    from tamkeen.quizzes.spec import read_question

    problems: list = []
    specs = [
        read_question(item, Checker(lambda line, m: problems.append(str(m)))) for item in items
    ]
    assert problems == [], problems
    return specs
