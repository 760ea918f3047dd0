"""The standards issue 19 sets for every bundled course (the second edition of the curriculum).

Every lesson opens with what the reader will be able to do; tables fit a phone; every lesson's
objectives are put to work by a scenario question of its module quiz (scenario_map.yaml);
quizzes ask no article numbers or counts, order only a few steps, and accept the forms people
really type; a fact still to check is flagged in every language; Arabic uses the Moroccan
month names and addresses its readers in the inclusive plural; each law is written one way
per language, in lessons, quizzes and papers alike. test_bundled_curriculum.py checks the rest
(shape, length, sources, translations, import) for the same courses.

The orientation course using-tamkeen (two short pages on using the platform, no quiz, no
facts to source) meets the rules of form (objectives, tables, the Arabic plural), not those
of a training course.
"""

import re
from pathlib import Path

import pytest
import yaml

from tamkeen import PROJECT_ROOT
from tamkeen.quizzes.kinds import KINDS

# Nothing here depends on the database: tools/run-suites.sh runs it against SQLite only.
pytestmark = pytest.mark.one_database

COURSES = PROJECT_ROOT / "courses"
PAPERS = COURSES / "papers"
GROUPS = ("digital-expression", "advocacy", "running-an-association", "working-with-young-people")
ORIENTATION = "using-tamkeen"
LANGUAGES = ("ar", "fr", "en")
OBJECTIVES = {
    "en": "**You will be able to:**",
    "fr": "**Vous serez en mesure de :**",
    "ar": "**ستتمكّنون من:**",
}
SOURCES = {"en": "## Sources", "fr": "## Sources", "ar": "## المصادر"}
SUMMARY = {"en": "## Summary", "fr": "## En résumé", "ar": "## خلاصة"}
ANY_SUMMARY = re.compile(
    r"^## (?:Summary|In short|(?:En )?[Rr]ésumé|En bref|(?:ال)?خلاصة|باختصار)$", re.M
)
MAX_TABLE_COLUMNS = 3
ARABIC = re.compile(r"[\u0621-\u064A]")
SCENARIO_MAP = yaml.safe_load((Path(__file__).parent / "scenario_map.yaml").read_text("utf-8"))
# A scenario sets a situation before it asks what to do or what applies: more than a one-liner.
# Any kind can (a short answer to "twelve members want to replace the board: who decides?").
SCENARIO_MIN_WORDS = 15


def _course(curriculum, group, language):
    return curriculum[0][f"{group}-{language}"]


def _quizzes(course):
    return [module.quiz for module in course.modules] + [course.final_quiz]


def _lessons(curriculum, groups=GROUPS, languages=LANGUAGES):
    for group in groups:
        for language in languages:
            for lesson in _course(curriculum, group, language).lessons:
                yield language, lesson


def _files(language, suffixes=(".md", ".yaml")):
    """Every text file of the language's packages (lessons, quizzes, course.yaml, guides)."""
    for group in (*GROUPS, ORIENTATION):
        folder = COURSES / f"{group}-{language}"
        yield from (p for p in sorted(folder.rglob("*")) if p.suffix in suffixes)


# -- objectives, tables, summaries --------------------------------------------------------
def _objectives_problem(body: str, language: str) -> str | None:
    head, _, rest = body.lstrip().partition("\n\n")
    items = rest.split("\n\n", 1)[0].splitlines()
    if head != OBJECTIVES[language]:
        return f"does not open with {OBJECTIVES[language]!r}"
    if not 1 <= len(items) <= 2 or not all(item.startswith("- ") for item in items):
        return f"{len(items)} lines of objectives, not a list of one or two"
    return None


def test_every_lesson_opens_with_one_or_two_objectives(curriculum):
    lessons = _lessons(curriculum, (*GROUPS, ORIENTATION))
    failures = [
        f"{lesson.path}: {problem}"
        for language, lesson in lessons
        if (problem := _objectives_problem(lesson.body, language))
    ]
    assert failures == []


def test_the_objectives_check_sees_a_lesson_without_them():
    good = "\n**You will be able to:**\n\n- ask the three questions.\n\nText."
    assert _objectives_problem(good, "en") is None
    assert _objectives_problem("Text first.\n\n**You will be able to:**\n\n- x", "en")
    assert _objectives_problem("**You will be able to:**\n\n- a\n- b\n- c\n\nText", "en")
    assert _objectives_problem("**ستكونون قادرين على:**\n\n- أن تكتبوا\n\nنص", "ar")


def _table_widths(text: str) -> list[int]:
    """The number of columns of each table: a header row followed by a |---| row."""
    lines = text.splitlines()
    return [
        len(header.strip().strip("|").split("|"))
        for header, rule in zip(lines, lines[1:], strict=False)
        if header.lstrip().startswith("|") and re.fullmatch(r"\s*\|?[\s:|-]+\|?\s*", rule)
    ]


def test_no_table_is_wider_than_a_phone():
    wide = [
        f"{path.relative_to(COURSES)}: {width} columns"
        for language in LANGUAGES
        for path in _files(language, (".md",))
        for width in _table_widths(path.read_text("utf-8"))
        if width > MAX_TABLE_COLUMNS
    ]
    assert wide == [], "tables of more than 3 columns do not fit a phone: make them lists"


def test_the_table_check_sees_a_wide_table():
    assert _table_widths("| a | b | c | d |\n|---|---|---|---|\n| 1 | 2 | 3 | 4 |") == [4]
    assert _table_widths("| a | b |\n|:--|--:|\n| 1 | 2 |\n\n| x |\n|---|") == [2, 1]
    assert _table_widths("A line with | a pipe\n- and a list") == []


# Lessons written for issue 19 end with a closing summary (older lessons have the two-line
# summary of their front matter, which test_bundled_curriculum checks for every lesson).
CLOSING_SUMMARY = {
    "digital-expression": {
        "threat-modelling",
        "messaging-in-practice",
        "lost-seized-phones-and-spyware",
        "if-summoned-or-arrested",
        "documenting-harassment",
        "reporting-on-platforms",
        "law-help-and-care",
    },
    "working-with-young-people": "every lesson",
}


@pytest.mark.parametrize("group", GROUPS)
def test_a_closing_summary_has_one_heading_comes_before_the_sources_in_every_language(
    curriculum, group
):
    required = CLOSING_SUMMARY.get(group, set())
    if required == "every lesson":
        required = {lesson.slug for lesson in _course(curriculum, group, "en").lessons}
    with_summary = {}
    for language in LANGUAGES:
        with_summary[language] = set()
        for lesson in _course(curriculum, group, language).lessons:
            headings = ANY_SUMMARY.findall(lesson.body)
            if not headings:
                continue
            with_summary[language].add(lesson.slug)
            assert headings == [SUMMARY[language]], lesson.path
            after = lesson.body.split(SUMMARY[language], 1)[1]
            assert re.search(r"^## .*", after, re.M).group() == SOURCES[language], lesson.path
    assert with_summary["fr"] == with_summary["en"] == with_summary["ar"]
    assert required <= with_summary["en"], sorted(required - with_summary["en"])


# -- quizzes --------------------------------------------------------------------------
@pytest.mark.parametrize("group", GROUPS)
def test_every_lesson_objective_has_a_scenario_question_in_its_module_quiz(curriculum, group):
    """scenario_map.yaml names, for every lesson, the module-quiz questions that put its
    objectives to work; each must set a scene (a kind that asks what to do, a prompt of some
    length) and exist under that name in every language."""
    coverage = SCENARIO_MAP[group]
    problems = []
    for language in LANGUAGES:
        course = _course(curriculum, group, language)
        assert list(coverage) == [module.slug for module in course.modules], course.slug
        for module in course.modules:
            lessons = coverage[module.slug]
            assert list(lessons) == [lesson.slug for lesson in module.lessons], module.slug
            questions = {question.name: question for question in module.quiz.questions}
            for lesson, names in lessons.items():
                for name in names or [None]:
                    question = questions.get(name)
                    if question is None:
                        problems.append(f"{module.quiz.path}: no question {name!r} for {lesson}")
                    elif language == "en" and len(question.prompt.split()) < SCENARIO_MIN_WORDS:
                        problems.append(f"{module.quiz.path}: {name} does not set a scene")
    assert problems == []


TRIVIA = re.compile(
    r"\bwhich article\b|\bwhich law\b.*\bnumber\b|\bhow many\b|\bwrite the number\b"
    r"|\(number only|\btype the number\b|\bin which year\b",
    re.IGNORECASE,
)
LAW_NUMBER_ANSWER = re.compile(r"^\s*(?:law\s+|loi\s+)?\d{2,3}\s*[-./]?\s*\d{2}\s*$", re.I)


@pytest.mark.parametrize("group", GROUPS)
def test_quizzes_ask_no_article_numbers_or_counts(curriculum, group):
    """Issue 19: "which ICCPR article", "how many official languages" test memory, not
    judgement. A question may still name an article: it may not ask for one."""
    trivia = []
    for quiz in _quizzes(_course(curriculum, group, "en")):
        for question in quiz.questions:
            answers = [a.get("text", "") for a in question.data.get("answers", [])]
            if TRIVIA.search(question.prompt) or any(map(LAW_NUMBER_ANSWER.match, answers)):
                trivia.append(f"{quiz.path}: {question.name}")
    assert trivia == []


def test_the_trivia_check_sees_trivia():
    assert TRIVIA.search("How many parts does the Rabat Plan's test have?")
    assert TRIVIA.search("Which article of the 2011 Constitution answers this?")
    assert TRIVIA.search("Which law number is the Press Code? Write the number.")
    assert LAW_NUMBER_ANSWER.match("88-13") and LAW_NUMBER_ANSWER.match("law 31.13")
    assert not TRIVIA.search("Which response protects the guest best?")


@pytest.mark.parametrize("group", GROUPS)
def test_an_ordering_question_is_rare_and_short(curriculum, group):
    """An ordering question only where one order is defensible: a few steps, one per quiz."""
    for quiz in _quizzes(_course(curriculum, group, "en")):
        ordering = [q for q in quiz.questions if q.kind == "ordering"]
        assert len(ordering) <= 1, quiz.path
        assert all(len(q.data["items"]) <= 5 for q in ordering), quiz.path


def _final(course):
    return course.final_quiz


COMMON_FORMS = [
    # (group, which quiz, question, language, what people type)
    *[
        ("running-an-association", lambda c: c.modules[1].quiz, "highest-body", lang, typed)
        for lang, typed in [
            ("ar", "الجمع العام"),
            ("ar", "الجمعية العامة"),
            ("ar", "الجمع العام الاستثنائي"),
            ("ar", "الجمعيّة العامّة"),
            ("fr", "l'assemblée générale"),
            ("fr", "Assemblée générale extraordinaire"),
            ("fr", "AG"),
            ("en", "the general assembly"),
            ("en", "an extraordinary general assembly"),
            ("en", "general meeting"),
        ]
    ],
    *[
        ("working-with-young-people", _final, "who-to-tell", lang, typed)
        for lang, forms in {
            "en": ["focal person", "The focal person", "the designated safeguarding lead"],
            "fr": ["le point focal", "la personne référente", "referent", "la personne désignée"],
            "ar": ["نقطة الارتكاز", "نقطة ارتكاز", "الشخص المرجعي", "الشخص المعيّن", "نائبها"],
        }.items()
        for typed in forms
    ],
]


@pytest.mark.parametrize(("group", "quiz", "name", "language", "typed"), COMMON_FORMS)
def test_short_answers_accept_every_common_form(curriculum, group, quiz, name, language, typed):
    found = quiz(_course(curriculum, group, language))
    question = next(q for q in found.questions if q.name == name)
    assert KINDS[question.kind].grade(question.data, typed) == 1.0
    assert KINDS[question.kind].grade(question.data, "the president") == 0.0


# -- what is still to check, dates and address in Arabic ----------------------------------
@pytest.mark.parametrize("group", GROUPS)
def test_a_fact_to_check_is_flagged_in_every_language_with_what_to_check(curriculum, group):
    def flagged(language):
        lessons = _course(curriculum, group, language).lessons
        return {lesson.slug for lesson in lessons if lesson.review}

    assert flagged("en"), "every course of this curriculum has facts for a lawyer"
    assert flagged("fr") == flagged("en") == flagged("ar")
    vague = [
        lesson.path
        for _, lesson in _lessons(curriculum, (group,))
        if lesson.review and len(lesson.review_note) < 80
    ]
    assert vague == [], "a review note says precisely what a lawyer must check"


# Month names used in Egypt and the Levant where Morocco uses ماي، يوليوز، غشت، شتنبر، نونبر، دجنبر.
NOT_MOROCCAN_MONTHS = re.compile(
    r"(?<![\u0621-\u064A])(?:مايو|يوليو|أغسطس|سبتمبر|نوفمبر|ديسمبر|أيار|تموز|آب|أيلول)"
    r"(?![\u0621-\u064A])"
)


def test_the_month_check_sees_a_levantine_month_not_whatsapp():
    assert NOT_MOROCCAN_MONTHS.findall("في 3 سبتمبر، وفي تموز") == ["سبتمبر", "تموز"]
    assert not NOT_MOROCCAN_MONTHS.findall("واتساب في شتنبر ويوليوز")


def test_arabic_uses_the_moroccan_month_names():
    texts = [*_files("ar"), *sorted(PAPERS.glob("*.ar.md"))]
    found = [
        f"{path.relative_to(COURSES)}: {match.group()}"
        for path in texts
        for match in NOT_MOROCCAN_MONTHS.finditer(path.read_text("utf-8"))
    ]
    assert found == []


# Words that end in ك without being "your" (ـك), after any prefix (و، ف، ب، ل، ال...): the
# address check ignores them.
KAF_WORDS = set(
    """ذلك تلك هناك هنالك كذلك آنذاك أولئك فيسبوك توك تيك شريك مشترك مشارك سلوك بنك بنوك
    أبناك ملك يملك تملك مالك ترك يترك تترك متروك مسك يمسك تمسك درك وشيك وشوك شكوك تشكيك
    تحرك يحرك يتحرك تتحرك حراك يستهلك مستهلك شباك إشراك إدراك يدرك أدرك لوجستيك مشبك مايك
    ماروك سميك أسلاك سلك تكتيك شيك معارك يربك تربك ينهك تنهك اشتراك شبابيك منتهك انتهاك
    تفكيك يفكك يمتلك تمتلك امتلاك استهلاك إرباك يشارك تشارك نشارك يشرك تشرك يشك وشك إمساك""".split()
)
# Imperatives of the masculine singular that no noun or past tense shares once the short
# vowels are gone (not غيّر/غير, صوّر/صور, سجّل/سجل, دوّن/دون, ضع/وضع...).
SINGULAR_IMPERATIVES = set(
    """اكتب اسأل انتبه افتح اختر احذف احفظ ابدأ اطلب اقرأ انظر تخيل اجعل راجع استحضر احسم
    ارجع خذ أضف قارن اتبع احتفظ أنت استخدم ادخل أغلق اترك قل اسمح ابحث أجب اعرف ناقش
    عد""".split()
)
DIACRITICS = re.compile(r"[\u064B-\u0652\u0640]")
PASSIVE = "\u064f"  # a damma on the first letters: استُعمل, أُرسل (a past passive, not an order)


def _singular_address(text: str) -> list[str]:
    """Second-person masculine singular forms outside «quotations» (quoted messages keep
    their own voice): "your" as ـك, and the common imperatives."""
    found = []
    for raw in re.findall(r"[\u0621-\u0652\u0640]+", re.sub(r"«[^»]*»", "", text)):
        word = DIACRITICS.sub("", raw)
        tails = {word[cut:] for cut in range(min(4, len(word) - 2))}
        bare = word[1:] if word[0] in "وف" and len(word) > 3 else word
        if bare in SINGULAR_IMPERATIVES and PASSIVE not in raw[:4]:
            found.append(raw)
        elif word.endswith("ك") and not tails & KAF_WORDS:
            found.append(raw)
    return found


def test_arabic_addresses_its_readers_in_the_inclusive_plural():
    found = {
        str(path.relative_to(COURSES)): words
        for path in _files("ar")
        if (words := _singular_address(path.read_text("utf-8")))
    }
    assert found == {}


def test_the_address_check_sees_the_singular():
    assert _singular_address("افتح حسابك ثم اكتب رسالتك.") == ["افتح", "حسابك", "اكتب", "رسالتك"]
    assert _singular_address("افتحوا حسابكم، ولذلك فيسبوك للمشترك «غيّر كلمة مرورك».") == []
    assert _singular_address("دون وضع صور، استُعمل السجل") == []


# -- one spelling per law and per language ------------------------------------------------
# Arabic official texts write law numbers with a point (09.08) and sub-numbered articles with
# the sub-number first (5-267, 1-447); the French edition of the Bulletin officiel writes
# 09-08 and 267-5, as English does. Draft law 22.20 was published and debated under that
# number and keeps it in all three languages.
WRONG_LAW_FORM = {
    "ar": re.compile(
        r"(?<![\d.:/-])\d{2,3}-\d{2}(?![\d.-])"  # a law written 09-08
        r"|(?<![\d.:/-])(?:447|267|503|66)-\d(?![\d.-])"  # an article written 447-1
    ),
    "fr": re.compile(
        r"(?<![\d.,:/-])(?!22\.20)\d{2,3}\.\d{2}(?![\d.-])"  # a law written 09.08
        r"|(?<![\d.:/-])\d-(?:447|267|503|66)(?![\d.-])"  # an article written 1-447
        r"|(?<![\w./:-])22-20(?![\w-])"  # the draft law written 22-20
    ),
}
WRONG_LAW_FORM["en"] = WRONG_LAW_FORM["fr"]
QUOTED_TITLE = re.compile(r"«[^»\n]*»|\"[^\"\n]*\"|“[^”\n]*”")


def _law_texts(language):
    """Lessons, quizzes, course files and guides, and the papers: where a trainee reads a law
    number. Titles quoted in a Sources section keep their publisher's spelling."""
    for path in [*_files(language), *sorted(PAPERS.glob(f"*.{language}.md"))]:
        text = path.read_text("utf-8")
        text = re.sub(r"^slug: .*$|\(lesson:[^)]*\)|lessons/\S*", "", text, flags=re.M)
        head, sources, tail = text.partition(SOURCES[language])
        yield path, head + sources + QUOTED_TITLE.sub("", tail)


@pytest.mark.parametrize("language", LANGUAGES)
def test_each_law_is_written_one_way_in_lessons_quizzes_and_papers(language):
    found = [
        f"{path.relative_to(COURSES)}: {match.group()}"
        for path, text in _law_texts(language)
        for match in WRONG_LAW_FORM[language].finditer(text)
    ]
    assert found == []


def test_the_law_spelling_check_sees_the_other_form():
    assert WRONG_LAW_FORM["ar"].findall("القانون رقم 09-08 والفصل 447-1") == ["09-08", "447-1"]
    assert not WRONG_LAW_FORM["ar"].findall("القانون رقم 09.08 والفصل 1-447 (2017-2022)")
    assert WRONG_LAW_FORM["en"].findall("law 09.08, article 1-447, draft 22-20") == [
        "09.08",
        "1-447",
        "22-20",
    ]
    assert not WRONG_LAW_FORM["fr"].findall("loi n° 09-08, article 447-1, projet 22.20")


# -- the corrections issue 19 asked for ------------------------------------------------------
CORRECTIONS = {
    # (lesson, what must be there, what must not), per language.
    "the-declaration-file": {
        "en": (r"07-09.*\bwithin one month\b", r"copies of their criminal records\*\*, which"),
        "fr": (r"07-09.*\bdans le mois\b", r"copies de leur casier judiciaire\*\*, exigées"),
        "ar": (r"07\.09.*داخل أجل شهر", r"نسخ من سجلهم العدلي\*\*، كما يشترط"),
    },
    "general-assembly-and-board": {
        "en": (r"within one month", r"within a time limit"),
        "fr": (r"dans le mois", r"dans un délai déterminé"),
        "ar": (r"داخل أجل شهر", r"داخل أجل محدد"),
    },
    "declaring-foreign-funding": {
        "en": (r"Parliament", r"publishes each year"),
        "fr": (r"Parlement", r"publie chaque année"),
        "ar": (r"البرلمان", r"تنشر كل سنة"),
    },
    "receipts-and-what-if-withheld": {
        "en": (r"41-90.*\b60 days\b", r"Time limits for these actions are short"),
        "fr": (r"41-90.*\b60 jours\b", r"Les délais de recours sont courts"),
        "ar": (r"41\.90.*ستين يوما", r"آجال الطعن قصيرة"),
    },
}
SUMMONS = {"en": r"03-23", "fr": r"03-23", "ar": r"03\.23"}


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_corrections_of_issue_19_are_made_in_every_language(curriculum, language):
    lessons = {
        lesson.slug: lesson.body
        for lesson in _course(curriculum, "running-an-association", language).lessons
    }
    for slug, expected in CORRECTIONS.items():
        present, absent = expected[language]
        assert re.search(present, lessons[slug], re.S), f"{slug} ({language}): {present}"
        assert not re.search(absent, lessons[slug]), f"{slug} ({language}): {absent}"
    paper = (PAPERS / f"fair-registration-of-associations.{language}.md").read_text("utf-8")
    assert re.search(r"07[-.]09", paper) and re.search(r"41[-.]90.{0,80}\b23\b", paper, re.S)
    summons = next(
        lesson
        for lesson in _course(curriculum, "digital-expression", language).lessons
        if lesson.slug == "if-summoned-or-arrested"
    )
    assert re.search(SUMMONS[language], summons.body) and summons.review


# -- diagrams ----------------------------------------------------------------------------
# Issue 19: simple diagrams drawn as accessible SVG, light enough for the page budget. Lesson
# images are PNG (authoring/image_cleaning.py), so each package keeps its SVG sources in diagrams/
# (the importer reads only course.yaml's files and images/), and tools/render-diagrams.py
# draws them into images/. A lesson shows a diagram with its alt text, then says it in words.
IN_WORDS = {
    "en": "*The diagram in words:*",
    "fr": "*Le schéma en mots :*",
    "ar": "**المخطط بالكلمات:**",
}
DIAGRAMS = {"advocacy": {"problem-tree": "problem-tree", "power-map": "power-mapping"}}
MAX_DIAGRAM_BYTES = 25_000
IMAGE = re.compile(r"^!\[([^\]]+)\]\(images/([\w.-]+)\)$", re.M)


@pytest.mark.parametrize("group", GROUPS)
def test_every_lesson_image_has_alt_text_and_is_said_in_words(curriculum, group):
    problems = []
    for language, lesson in _lessons(curriculum, (group,)):
        for match in IMAGE.finditer(lesson.body):
            after = lesson.body[match.end() :].lstrip("\n")
            if len(match.group(1).split()) < 5:
                problems.append(f"{lesson.path}: alt text too short for {match.group(2)}")
            if not after.startswith(IN_WORDS[language]):
                problems.append(f"{lesson.path}: {match.group(2)} not followed by words")
    assert problems == []


@pytest.mark.parametrize("group", DIAGRAMS)
def test_diagrams_are_accessible_svg_in_the_lessons_language_and_light_png(curriculum, group):
    for language in LANGUAGES:
        course = _course(curriculum, group, language)
        shown = {
            match.group(2): lesson.slug
            for lesson in course.lessons
            for match in IMAGE.finditer(lesson.body)
        }
        for name, slug in DIAGRAMS[group].items():
            svg = (course.folder / "diagrams" / f"{name}.svg").read_text("utf-8")
            png = course.folder / "images" / f"{name}.png"
            assert shown.get(f"{name}.png") == slug, f"{course.slug}: {name} not in {slug}"
            assert f'lang="{language}"' in svg and "<title" in svg and "<desc" in svg
            assert ('direction="rtl"' in svg) == (language == "ar"), f"{course.slug}/{name}"
            title = re.search(r"<title[^>]*>([^<]+)<", svg).group(1)
            assert (ARABIC.search(title) is not None) == (language == "ar"), title
            assert png.stat().st_size <= MAX_DIAGRAM_BYTES, f"{png}: {png.stat().st_size} bytes"


# -- facilitator guides ------------------------------------------------------------------
# Issue 19: a facilitator guide per course, printable from the package: facilitator-guide.md
# at each package's root, named by course.yaml's facilitator_guide (printed by
# learning/guides.py): session plans with timings, group exercises, what to prepare offline.
GUIDE = "facilitator-guide.md"


def _guide_shape(text: str) -> tuple:
    lines = text.splitlines()
    return (
        len([line for line in lines if line.startswith("## ")]),
        len([line for line in lines if line.startswith("| ")]),
        text.count("::: "),
    )


@pytest.mark.parametrize("group", GROUPS)
def test_each_course_has_a_facilitator_guide_of_the_same_shape_in_every_language(group):
    shapes = {}
    for language in LANGUAGES:
        text = (COURSES / f"{group}-{language}" / GUIDE).read_text("utf-8")
        _, front, body = text.split("---\n", 2)
        meta = yaml.safe_load(front)
        assert meta["course"] == f"{group}-{language}" and meta["language"] == language
        assert body.lstrip().startswith("# ") and meta["title"] in body
        sessions = [line for line in body.splitlines() if re.match(r"## \D+ ?\d+ ?:", line)]
        modules = yaml.safe_load((COURSES / f"{group}-{language}" / "course.yaml").read_text())
        assert modules["facilitator_guide"] == GUIDE, f"{group}-{language}: course.yaml names it"
        assert len(sessions) == len(modules["modules"]), f"{group}-{language}: a session per module"
        shapes[language] = _guide_shape(body)
    assert shapes["fr"] == shapes["en"] == shapes["ar"], shapes
