"""The cartridge validator (our own schemas and checks, not 1EdTech's) accepts the two
hand-written examples that passed the real 1EdTech schemas, and each row of the mutation
table proves one of its checks bites: one change to a valid cartridge, one problem."""

from pathlib import Path

import pytest

from tamkeen.interop.cartridge.validate import validate_cartridge, validate_files, validate_folder

EXAMPLES = Path(__file__).parents[2] / "vendor" / "ims" / "examples"
MANIFEST = "imsmanifest.xml"
QUIZ = "quiz-01/assessment.xml"
PAGE = "lessons/01-what-the-law-protects.html"


def example(name: str = "cc11-minimal") -> dict[str, bytes]:
    folder = EXAMPLES / name
    return {
        p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()
    }


@pytest.mark.parametrize("name", ["cc11-minimal", "cc13-minimal"])
def test_the_examples_that_passed_the_1edtech_schemas_pass_ours(name):
    assert validate_folder(EXAMPLES / name) == []


def replace(path: str, old: str, new: str, count: int = 1):
    def change(files: dict[str, bytes]) -> None:
        text = files[path].decode()
        assert old in text, f"the mutation's text is not in {path}: {old!r}"
        files[path] = text.replace(old, new, count).encode()

    return change


def remove(path: str):
    def change(files: dict[str, bytes]) -> None:
        del files[path]

    return change


def add(path: str, data: bytes = b"x"):
    def change(files: dict[str, bytes]) -> None:
        files[path] = data

    return change


QUIZ_FILE = '<file href="quiz-01/assessment.xml"/>'
MC = "<fieldentry>cc.multiple_choice.v0p1</fieldentry>"
# (row id, example, change, words the problem must contain)
MUTATIONS = [
    (
        "matching-profile",
        "cc11-minimal",
        replace(QUIZ, MC, "<fieldentry>cc.matching.v0p1</fieldentry>"),
        "fieldentry",
    ),
    (
        "numeric-profile",
        "cc13-minimal",
        replace(QUIZ, MC, "<fieldentry>cc.numeric.v0p1</fieldentry>"),
        "fieldentry",
    ),
    (
        "weighting-100",
        "cc11-minimal",
        replace(QUIZ, "<fieldentry>1</fieldentry>", "<fieldentry>100</fieldentry>"),
        "cc_weighting",
    ),
    (
        "multiple-on-single",
        "cc11-minimal",
        replace(QUIZ, 'rcardinality="Single"', 'rcardinality="Multiple"'),
        "rcardinality=Single",
    ),
    (
        "vargte",
        "cc11-minimal",
        replace(
            QUIZ,
            '<varequal respident="RESPONSE">C-1</varequal>',
            '<vargte respident="RESPONSE">1</vargte>',
        ),
        "vargte",
    ),
    (
        "no-schemaversion",
        "cc11-minimal",
        replace(MANIFEST, "<schemaversion>1.1.0</schemaversion>", ""),
        "schemaversion of a CC 1.1 manifest is 1.1.0",
    ),
    (
        "1.1.0-in-1.3",
        "cc13-minimal",
        replace(
            MANIFEST, "<schemaversion>1.3.0</schemaversion>", "<schemaversion>1.1.0</schemaversion>"
        ),
        "schemaversion of a CC 1.3 manifest is 1.3.0",
    ),
    (
        "title-on-root-item",
        "cc11-minimal",
        replace(
            MANIFEST, '<item identifier="ROOT">', '<item identifier="ROOT"><title>Root</title>'
        ),
        "title",
    ),
    (
        "unknown-lom-element",
        "cc11-minimal",
        replace(
            MANIFEST,
            "</lomimscc:general>",
            "<lomimscc:mood>calm</lomimscc:mood></lomimscc:general>",
        ),
        "mood",
    ),
    (
        "href-on-assessment",
        "cc11-minimal",
        replace(
            MANIFEST,
            'type="imsqti_xmlv1p2/imscc_xmlv1p1/assessment"',
            'type="imsqti_xmlv1p2/imscc_xmlv1p1/assessment" href="quiz-01/assessment.xml"',
        ),
        "has no href",
    ),
    (
        "page-depends-on-quiz",
        "cc11-minimal",
        replace(
            MANIFEST,
            '<dependency identifierref="RES-IMAGES"/>',
            '<dependency identifierref="RES-QUIZ-01"/><dependency identifierref="RES-IMAGES"/>',
        ),
        "web content cannot depend on a assessment",
    ),
    (
        "href-without-file",
        "cc11-minimal",
        replace(
            MANIFEST, 'href="lessons/01-what-the-law-protects.html">', 'href="lessons/other.html">'
        ),
        "not one of its files",
    ),
    (
        "unknown-type",
        "cc11-minimal",
        replace(MANIFEST, 'type="imsqti_xmlv1p2/imscc_xmlv1p1/assessment"', 'type="tamkeen/quiz"'),
        "not a CC 1.1 type",
    ),
    (
        "1.3-type-in-1.1",
        "cc11-minimal",
        replace(MANIFEST, "imscc_xmlv1p1/assessment", "imscc_xmlv1p3/assessment"),
        "not a CC 1.1 type",
    ),
    (
        "dangling-identifierref",
        "cc11-minimal",
        replace(MANIFEST, 'identifierref="RES-LESSON-01"', 'identifierref="RES-GONE"'),
        "points at no resource",
    ),
    (
        "dangling-dependency",
        "cc11-minimal",
        replace(
            MANIFEST,
            '<dependency identifierref="RES-IMAGES"/>',
            '<dependency identifierref="RES-GONE"/>',
        ),
        "depends on no resource",
    ),
    (
        "self-dependency",
        "cc11-minimal",
        replace(
            MANIFEST,
            '<dependency identifierref="RES-IMAGES"/>',
            '<dependency identifierref="RES-LESSON-01"/>',
        ),
        "depends on itself",
    ),
    (
        "file-listed-but-absent",
        "cc11-minimal",
        remove("lessons/images/three-part-test.svg"),
        "is not in the cartridge",
    ),
    ("file-in-zip-not-listed", "cc11-minimal", add("notes/secret.txt"), "no resource lists it"),
    (
        "file-outside",
        "cc11-minimal",
        replace(
            MANIFEST,
            '<file href="lessons/images/three-part-test.svg"/>',
            '<file href="lessons/images/three-part-test.svg"/><file href="../etc/passwd"/>',
        ),
        "not a relative path inside",
    ),
    (
        "duplicate-identifier",
        "cc11-minimal",
        replace(MANIFEST, 'identifier="ITEM-QUIZ-01"', 'identifier="ITEM-LESSON-01"'),
        "used more than once",
    ),
    (
        "two-files-in-assessment",
        "cc11-minimal",
        replace(
            MANIFEST, QUIZ_FILE, QUIZ_FILE + '<file href="lessons/images/three-part-test.svg"/>'
        ),
        "exactly one file",
    ),
    (
        "item-to-bank",
        "cc11-minimal",
        replace(MANIFEST, "imscc_xmlv1p1/assessment", "imscc_xmlv1p1/question-bank"),
        "question bank",
    ),
    (
        "moodle-string-late",
        "cc11-minimal",
        replace(MANIFEST, "<manifest ", "<!--" + "x" * 1100 + "-->\n<manifest "),
        "first 1024 bytes",
    ),
    (
        "true-false-labels",
        "cc11-minimal",
        replace(QUIZ, MC, "<fieldentry>cc.true_false.v0p1</fieldentry>"),
        "'true' and 'false'",
    ),
    (
        "two-item-profiles",
        "cc11-minimal",
        replace(
            QUIZ,
            "<qtimetadatafield>\n              <fieldlabel>cc_weighting",
            "<qtimetadatafield><fieldlabel>cc_profile</fieldlabel>"
            "<fieldentry>cc.essay.v0p1</fieldentry></qtimetadatafield>"
            "<qtimetadatafield>\n              <fieldlabel>cc_weighting",
        ),
        "exactly one cc_profile",
    ),
    (
        "no-exam-profile",
        "cc11-minimal",
        replace(
            QUIZ, "<fieldentry>cc.exam.v0p1</fieldentry>", "<fieldentry>Examination</fieldentry>", 1
        ),
        "qtimetadata",
    ),
    (
        "unknown-choice",
        "cc11-minimal",
        replace(
            QUIZ,
            '<varequal respident="RESPONSE">C-1</varequal>',
            '<varequal respident="RESPONSE">C-9</varequal>',
        ),
        "no choice of it",
    ),
    (
        "unknown-response",
        "cc11-minimal",
        replace(
            QUIZ,
            '<varequal respident="RESPONSE">C-1</varequal>',
            '<varequal respident="ANSWER">C-1</varequal>',
        ),
        "no response of it",
    ),
    (
        "substring-in-choice",
        "cc11-minimal",
        replace(
            QUIZ,
            '<varequal respident="RESPONSE">C-1</varequal>',
            '<varsubstring respident="RESPONSE">C-1</varsubstring>',
        ),
        "only a pattern match",
    ),
    (
        "dangling-feedback",
        "cc11-minimal",
        replace(QUIZ, 'linkrefid="C-1-FB"', 'linkrefid="C-9-FB"'),
        "no itemfeedback",
    ),
    (
        "lost-image",
        "cc11-minimal",
        replace(PAGE, 'src="images/three-part-test.svg"', 'src="images/gone.svg"'),
        "names no file",
    ),
    (
        "doctype",
        "cc11-minimal",
        replace(MANIFEST, "<manifest ", '<!DOCTYPE manifest [<!ENTITY a "b">]>\n<manifest '),
        "unreadable",
    ),
]


@pytest.mark.parametrize(
    ("name", "change", "words"), [row[1:] for row in MUTATIONS], ids=[row[0] for row in MUTATIONS]
)
def test_each_mutation_is_caught(name, change, words):
    files = example(name)
    change(files)
    problems = validate_files(files)
    assert any(words in problem.message for problem in problems), problems


def test_a_file_that_is_no_zip_is_refused():
    assert validate_cartridge(b"PK not really")[0].message == "not a zip file"
