"""Fictional cohorts for demonstrations and benchmarks (``flask demo seed``).

Names come from Moroccan Arabic, Amazigh and French naming traditions; progress is uneven
(some never start, many stop half way, some finish), and those who reach the final quiz
make one to three attempts. Rows are inserted in bulk, so 10,000 participants take
seconds, not minutes. Demo accounts have no password (see ``accounts.NO_PASSWORD``).
"""

import random
from collections.abc import Callable
from datetime import timedelta

from sqlalchemy import func, insert, select

from ..accounts.models import User, UserRole
from ..accounts.services import NO_PASSWORD
from ..certificates.codes import new_code
from ..certificates.models import Certificate
from ..database import utcnow
from ..extensions import db
from ..learning import summaries
from ..learning.models import Course, Enrolment, Lesson, LessonProgress, Module
from ..quizzes.kinds import Checker
from ..quizzes.models import Attempt, Quiz
from ..quizzes.package import write_quiz
from ..quizzes.spec import QuizSpec, check_questions, read_question, read_settings
from .models import Cohort, CohortCourse, CohortOrganizer, CohortParticipant, Organization

GIVEN = {
    "arabic": [
        "Fatima Zahra",
        "Youssef",
        "Khadija",
        "Mohamed",
        "Amina",
        "Hamza",
        "Salma",
        "Omar",
        "Meryem",
        "Ayoub",
        "Houda",
        "Karim",
        "Nadia",
        "Mehdi",
        "Imane",
        "Rachid",
    ],
    "amazigh": [
        "Tiziri",
        "Itri",
        "Massinissa",
        "Yuba",
        "Tanirt",
        "Anir",
        "Dihya",
        "Aksel",
        "Tafsut",
        "Idir",
        "Tilelli",
        "Amayas",
        "Thiziri",
        "Ziri",
        "Tamaynut",
        "Menna",
    ],
    "french": [
        "Camille",
        "Julien",
        "Léa",
        "Hugo",
        "Chloé",
        "Antoine",
        "Manon",
        "Lucas",
        "Élise",
        "Mathis",
        "Inès",
        "Théo",
        "Juliette",
        "Bastien",
        "Margaux",
        "Rémi",
    ],
}
FAMILY = {
    "arabic": [
        "El Idrissi",
        "Benali",
        "Alaoui",
        "Tazi",
        "Bennani",
        "Chraibi",
        "Berrada",
        "El Fassi",
        "Sqalli",
        "Lahlou",
    ],
    "amazigh": [
        "Aït Ouahmane",
        "Oubaha",
        "Aït Lahcen",
        "Oukhouya",
        "Amezzian",
        "Azoulay",
        "Aït Baha",
        "Ouhammou",
        "Idbelkacem",
        "Amrani",
    ],
    "french": [
        "Martin",
        "Bernard",
        "Dubois",
        "Moreau",
        "Laurent",
        "Lefebvre",
        "Girard",
        "Roux",
        "Fontaine",
        "Chevalier",
    ],
}
ORGANIZATIONS = [
    "Association Tanmia",
    "جمعية الأمل للتنمية",
    "Réseau amazigh pour la citoyenneté",
    "Jeunes pour la démocratie",
    "Collectif des journalistes indépendants",
    "ⵜⴰⵎⵓⵏⵜ Tamount",
]
LESSONS_PER_MODULE, MODULES = 5, 2
BATCH = 500
# The final quiz, written as a package's quiz file holds it and read through the same
# checks as an import, so that a demo course holds nothing an import would refuse. Five
# questions of one point each: the attempts below are scored out of 5.
FINAL_QUIZ = {
    "title": "Évaluation finale",
    "pass_mark": 60,  # nosec B105  (a percentage; bandit reads "pass" as a password)
    "questions": [
        {
            "kind": "true_false",
            "prompt": "Une association peut publier ses comptes annuels en ligne.",
            "answer": True,
            "feedback_false": "Elle le peut : c'est une bonne pratique de transparence.",
        },
        {
            "kind": "single_choice",
            "prompt": "Quel document fixe les règles de fonctionnement d'une association ?",
            "choices": [
                {"text": "Ses statuts", "correct": True},
                {"text": "Le procès-verbal de la dernière réunion"},
                {"text": "La liste de ses membres"},
            ],
        },
        {
            "kind": "multiple_response",
            "prompt": "Quelles précautions protègent la liste des membres ?",
            "choices": [
                {"text": "Un mot de passe long et unique", "correct": True},
                {"text": "La connexion en deux étapes", "correct": True},
                {"text": "Un tableur partagé par un lien public"},
            ],
        },
        {
            "kind": "short_answer",
            "prompt": "En quelle année la Constitution marocaine actuelle a-t-elle été adoptée ?",
            "answers": [{"text": "2011", "feedback": "Oui, par référendum."}],
        },
        {
            "kind": "true_false",
            "prompt": "Réutiliser un mot de passe sur plusieurs sites est sans risque.",
            "answer": False,
            "feedback_true": "Une fuite sur un site ouvre alors tous les autres.",
        },
    ],
}


def _name(rng: random.Random) -> str:
    tradition = rng.choice(list(GIVEN))
    # Families mix: a given name of one tradition with a family name of another happens.
    family = tradition if rng.random() < 0.8 else rng.choice(list(FAMILY))
    return f"{rng.choice(GIVEN[tradition])} {rng.choice(FAMILY[family])}"


def _course(number: int, run: int) -> Course:
    course = Course(
        slug=f"demo-{run}-course-{number}",
        language="fr",
        status="published",
        title=f"Cours de démonstration {number}",
        summary="Un cours fictif.",
    )
    for m in range(1, MODULES + 1):
        module = Module(slug=f"module-{m}", position=m, title=f"Module {m}")
        course.modules.append(module)
        for n in range(1, LESSONS_PER_MODULE + 1):
            module.lessons.append(
                Lesson(
                    course=course,
                    slug=f"lecon-{m}-{n}",
                    position=n,
                    title=f"Leçon {m}.{n}",
                    body="Texte fictif.",
                )
            )
    db.session.add(course)
    write_quiz(course, None, None, final_quiz_spec())
    return course


def final_quiz_spec() -> QuizSpec:
    """FINAL_QUIZ read as an import reads a quiz file; a problem is a bug of the demo."""

    def refuse(line: int, message) -> None:
        raise ValueError(f"The demo's final quiz is not valid: {message}")

    checker = Checker(refuse)
    quiz = read_settings(FINAL_QUIZ, checker)
    quiz.questions = [read_question(item, checker) for item in FINAL_QUIZ["questions"]]
    check_questions(quiz, checker, 0)
    return quiz


def seed_cohort(participants: int, courses: int, seed: int, step: Callable[[int], None]) -> Cohort:
    rng = random.Random(seed)  # noqa: S311  (fictional demo data, the same for a seed)  # nosec B311
    run = (db.session.scalar(select(func.count(Cohort.id))) or 0) + 1
    organizations = [
        db.session.scalar(select(Organization).where(Organization.name == name))
        or Organization(name=name)
        for name in ORGANIZATIONS
    ]
    db.session.add_all(organizations)
    course_list = [_course(number, run) for number in range(1, courses + 1)]
    cohort = Cohort(
        name=f"Promotion de démonstration {run}",
        organization=organizations[0],
        starts_on=(utcnow() - timedelta(days=120)).date(),
    )
    db.session.add(cohort)
    db.session.flush()
    organizer = User(
        username=f"demo-organizer-{run}",
        display_name="Organisatrice démo",
        password_hash=NO_PASSWORD,
        role_rows=[UserRole(role="organizer")],
    )
    db.session.add(organizer)
    db.session.flush()
    db.session.add(CohortOrganizer(cohort_id=cohort.id, user_id=organizer.id))
    db.session.add_all(CohortCourse(cohort_id=cohort.id, course_id=c.id) for c in course_list)
    db.session.flush()
    plan = _plan(course_list)
    for start in range(0, participants, BATCH):
        size = min(BATCH, participants - start)
        _seed_batch(rng, cohort, organizations, plan, run, start, size)
        step(size)
    # The stored progress the reports read, in one INSERT … SELECT for the whole cohort.
    members = select(CohortParticipant.user_id).where(CohortParticipant.cohort_id == cohort.id)
    summaries.refresh(members, [course.id for course in course_list])
    return cohort


def _plan(course_list: list[Course]) -> list[tuple[int, list[int], int, list[int]]]:
    """(course id, lesson ids in order, final quiz id, its question ids) per course."""
    plan = []
    for course in course_list:
        lessons = [lesson.id for module in course.modules for lesson in module.lessons]
        quiz = db.session.scalar(select(Quiz).where(Quiz.course_id == course.id))
        plan.append((course.id, lessons, quiz.id, [q.id for q in quiz.questions]))
    return plan


def _seed_batch(rng, cohort, organizations, plan, run, start, size) -> None:
    now = utcnow()
    users = [
        {
            "username": f"demo{run}-{start + i + 1:06d}",
            "display_name": _name(rng),
            "password_hash": NO_PASSWORD,
            "session_token": f"demo-{run}-{start + i}",
            "is_disabled": False,
            "created_at": now,
        }
        for i in range(size)
    ]
    ids = list(
        db.session.scalars(insert(User).returning(User.id, sort_by_parameter_order=True), users)
    )
    db.session.execute(
        insert(UserRole), [{"user_id": uid, "role": "trainee", "granted_at": now} for uid in ids]
    )
    db.session.execute(
        insert(CohortParticipant),
        [
            {
                "cohort_id": cohort.id,
                "user_id": uid,
                "organization_id": rng.choice(organizations).id,
                "joined_at": now - timedelta(days=rng.randint(90, 120)),
            }
            for uid in ids
        ],
    )
    enrolments, progress, attempts, certificates = [], [], [], []
    for uid in ids:
        zeal = rng.random()  # some people do everything, others little
        for course_id, lessons, quiz_id, questions in plan:
            enrolled = now - timedelta(days=rng.randint(80, 110))
            enrolments.append({"user_id": uid, "course_id": course_id, "enrolled_at": enrolled})
            done = _lessons_done(rng, zeal, len(lessons))
            moment = enrolled
            for lesson_id in lessons[:done]:
                moment += timedelta(hours=rng.randint(2, 200))
                progress.append(
                    {"user_id": uid, "lesson_id": lesson_id, "completed_at": min(moment, now)}
                )
            if done == len(lessons):
                passed_at = _attempts(rng, uid, quiz_id, questions, min(moment, now), attempts)
                if passed_at is not None:
                    certificates.append(
                        {
                            "code": new_code(),
                            "user_id": uid,
                            "course_id": course_id,
                            "language": "fr",
                            "course_title": "Cours de démonstration",
                            "issuer": "Association Tanmia",
                            "signatories": [],
                            "completed_at": passed_at,
                            "issued_at": passed_at,
                        }
                    )
    for table, rows in (
        (Enrolment, enrolments),
        (LessonProgress, progress),
        (Attempt, attempts),
        (Certificate, certificates),
    ):
        if rows:
            db.session.execute(insert(table), rows)


def _lessons_done(rng: random.Random, zeal: float, total: int) -> int:
    roll = rng.random()
    if roll < 0.15 * (1.2 - zeal):
        return 0
    if roll > 1 - 0.45 * zeal:
        return total
    return rng.randint(1, total)


def _attempts(rng, uid, quiz_id, questions, after, attempts) -> object:
    """One to three attempts at the final quiz; the time of the first pass, if any."""
    moment, passed_at = after, None
    for number in range(1, rng.randint(1, 3) + 1):
        moment += timedelta(hours=rng.randint(1, 48))
        percent = round(rng.uniform(30, 100), 1)
        passed = percent >= 60
        attempts.append(
            {
                "quiz_id": quiz_id,
                "user_id": uid,
                "number": number,
                "seed": rng.randint(1, 10**6),
                "question_order": questions,
                "started_at": moment,
                "submitted_at": moment + timedelta(minutes=9),
                "score": percent / 20,
                "max_score": 5.0,
                "percent": percent,
                "is_passed": passed,
                "is_timed_out": False,
            }
        )
        if passed:
            passed_at = passed_at or moment
            break
    return passed_at
