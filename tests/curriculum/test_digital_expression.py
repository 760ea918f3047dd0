"""The digital-expression course meets issue 19's standards where its second edition rewrote it.

Read straight from the package files (the import itself is checked in
test_bundled_curriculum.py): the lessons written or rewritten for issue 19 open with their
objectives in every language, no table is wider than a phone, the Arabic course speaks to its
readers in the inclusive plural, and each law number is written one way per language.
"""

import re

import pytest
import yaml

from tamkeen import PROJECT_ROOT

COURSES = PROJECT_ROOT / "courses"
LANGUAGES = ("ar", "fr", "en")
OBJECTIVES = {
    "en": "**You will be able to:**",
    "fr": "**Vous serez en mesure de :**",
    "ar": "**ستتمكّنون من:**",
}
# The lessons issue 19 added or rewrote; the other lessons keep the first edition's opening.
SECOND_EDITION = {
    "threat-modelling",
    "messaging-in-practice",
    "lost-seized-phones-and-spyware",
    "if-summoned-or-arrested",
    "documenting-harassment",
    "reporting-on-platforms",
    "law-help-and-care",
}
NEW_QUIZZES = ("04-phones-and-emergencies.yaml", "05-online-harassment.yaml")
# Arabic lessons already rewritten in the inclusive plural (issue 19): the second edition and the
# rest of the digital-safety module. Quoted fictional messages keep their own voice.
ARABIC_PLURAL = SECOND_EDITION | {
    "accounts-and-2fa",
    "spotting-phishing",
    "devices-metadata-publishing",
}
# Second-person singular forms that the inclusive plural (أنتم/ـكم) replaces.
ARABIC_SINGULAR = re.compile(
    r"(?<!\w)(?:أنتَ|أنتِ|يمكنك|لديك|هاتفك|حسابك|محاميك|جمعيتك|انظر|اقرأ|فعّل)(?!\w)"
)
SOURCES = {"en": "## Sources", "fr": "## Sources", "ar": "## المصادر"}
# Official forms: Arabic texts write law numbers with a dot and article numbers as 5-267;
# the French edition of the Bulletin officiel writes them with a hyphen (loi n° 88-13, 267-5).
LAWS = [
    (n.split(".")[0], n.split(".")[1])
    for n in ("22.20", "88.13", "31.13", "09.08", "103.13", "73.15", "03.23")
]
WRONG_FORM = {
    "ar": re.compile(
        "|".join(rf"(?<![\d.-]){a}-{b}(?![\d.-])" for a, b in LAWS)
        + r"|(?<![\d-])267-5(?!\d)|(?<![\d-])447-[123](?!\d)"
    ),
    "fr": re.compile("|".join(rf"(?<![\d.-]){a}\.{b}(?![\d.-])" for a, b in LAWS)),
}
WRONG_FORM["en"] = WRONG_FORM["fr"]


def _lessons(language):
    """(front matter, body, path) of every lesson of the course, in course order."""
    folder = COURSES / f"digital-expression-{language}"
    course = yaml.safe_load((folder / "course.yaml").read_text(encoding="utf-8"))
    for module in course["modules"]:
        for path in module["lessons"]:
            _, front, body = (folder / path).read_text(encoding="utf-8").split("---\n", 2)
            yield yaml.safe_load(front), body, path


def _table_widths(body):
    return [line.count("|") - 1 for line in body.splitlines() if line.startswith("|")]


@pytest.mark.parametrize("language", LANGUAGES)
def test_second_edition_lessons_open_with_one_or_two_objectives(language):
    seen = set()
    for front, body, path in _lessons(language):
        if front["slug"] not in SECOND_EDITION:
            continue
        seen.add(front["slug"])
        opening = body.strip().split("\n\n")
        assert opening[0] == OBJECTIVES[language], path
        items = [line for line in opening[1].splitlines() if line.startswith("- ")]
        assert 1 <= len(items) <= 2, path
    assert seen == SECOND_EDITION


@pytest.mark.parametrize("language", LANGUAGES)
def test_no_table_in_the_course_is_wider_than_three_columns(language):
    for _, body, path in _lessons(language):
        assert all(width <= 3 for width in _table_widths(body)), path


@pytest.mark.parametrize("language", LANGUAGES)
def test_second_edition_lessons_name_their_summary_and_check_flags_match(language):
    english = {f["slug"]: bool(f.get("review")) for f, _, _ in _lessons("en")}
    summary = {"en": "## Summary", "fr": "## Résumé", "ar": "## خلاصة"}[language]
    for front, body, path in _lessons(language):
        assert bool(front.get("review")) == english[front["slug"]], path
        if front["slug"] in SECOND_EDITION:
            assert summary in body, path
            if front.get("review"):
                assert len(front["review_note"]) > 80, f"{path}: say precisely what to check"


def test_arabic_course_addresses_its_readers_in_the_inclusive_plural():
    folder = COURSES / "digital-expression-ar"
    texts = [(p, body) for front, body, p in _lessons("ar") if front["slug"] in ARABIC_PLURAL]
    texts += [(n, (folder / "quizzes" / n).read_text(encoding="utf-8")) for n in NEW_QUIZZES]
    for path, text in texts:
        unquoted = re.sub(r"«[^»]*»", "", text)
        assert not ARABIC_SINGULAR.findall(unquoted), path


@pytest.mark.parametrize("language", LANGUAGES)
def test_each_law_is_written_one_way_in_lessons_and_papers(language):
    # Sources quote titles as their publishers wrote them, so only the text before them counts.
    texts = [(path, body.split(SOURCES[language])[0]) for _, body, path in _lessons(language)]
    texts += [
        (paper.name, paper.read_text(encoding="utf-8"))
        for paper in sorted((COURSES / "papers").glob(f"*.{language}.md"))
        if paper.name.startswith(("online-expression-and-the-law", "protecting-activists-data"))
    ]
    for path, text in texts:
        assert not WRONG_FORM[language].findall(text), path
