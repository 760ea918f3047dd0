"""A course exported as a Common Cartridge: valid in 1.1 and 1.3 (our validator), the same
bytes every time, each kind in its QTI profile, lessons as pages with their images, the
course language in the pages and the metadata, and a report of what did not travel."""

import io
import zipfile

from lxml import etree

from tamkeen.authoring import services
from tamkeen.interop.cartridge.exporter import build_cartridge
from tamkeen.interop.cartridge.validate import validate_cartridge

from .conftest import build_course

QTI = {"q": "http://www.imsglobal.org/xsd/ims_qtiasiv1p2"}
MODULE_QUIZ = "quizzes/01-module-1.xml"


def export(app, course, version="1.1"):
    with app.app_context():
        return build_cartridge(services.course_for_editing(course.id), version=version)


def unzip(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def test_a_course_exports_valid_in_both_versions_the_same_bytes_every_time(app, make):
    course = build_course(app, make)
    for version in ("1.1", "1.3"):
        cartridge = export(app, course, version)
        assert validate_cartridge(cartridge.data) == []
        assert export(app, course, version).data == cartridge.data
        manifest = unzip(cartridge.data)["imsmanifest.xml"]
        assert f"<schemaversion>{version}.0</schemaversion>".encode() in manifest
    moodle = b'xmlns="http://www.imsglobal.org/xsd/imsccv1p1/imscp_v1p1"'
    assert moodle in unzip(export(app, course).data)["imsmanifest.xml"][:1024]
    report = "\n".join(cartridge.report)
    for name, kind in (("articles", "Numeric"), ("laws", "Matching"), ("steps", "Ordering")):
        assert f"\u2068{name}\u2069): this kind of question ({kind})" in report
    assert "press-law" in report  # its second answer is worth 50 %
    assert "\u2068Module 1\u2069, question 5 (\u2068articles\u2069)" in report  # where it is
    assert len(cartridge.report) == 4, cartridge.report


def items(data: bytes, path: str = MODULE_QUIZ) -> dict[str, etree._Element]:
    root = etree.fromstring(unzip(data)[path])
    return {item.get("title"): item for item in root.iterfind(".//q:item", QTI)}


def field(item, label: str) -> str:
    path = f"q:itemmetadata/q:qtimetadata/q:qtimetadatafield[q:fieldlabel='{label}']/q:fieldentry"
    return item.findtext(path, namespaces=QTI)


def test_each_kind_has_its_profile_labels_feedback_and_weighting(app, make):
    course = build_course(app, make)
    questions = [
        {"kind": "true_false", "name": "big", "prompt": "Big?", "answer": True, "points": 120,
         "feedback_true": "Yes."},
        {"kind": "short_answer", "name": "word", "prompt": "Which word?",
         "answers": [{"text": "*press*"}, {"text": "code", "weight": 100}]},
        {"kind": "short_answer", "name": "inside", "prompt": "Inside?",
         "answers": [{"text": "a*b"}]},
    ]  # fmt: skip
    make.quiz(course, final=True, questions=questions, max_attempts=9)
    cartridge = export(app, course)
    assert validate_cartridge(cartridge.data) == []
    module = items(cartridge.data)
    profiles = {title: field(item, "cc_profile") for title, item in module.items()}
    assert profiles == {
        "first-text": "cc.multiple_choice.v0p1",
        "three-part-test": "cc.multiple_response.v0p1",
        "opinion": "cc.true_false.v0p1",
        "press-law": "cc.fib.v0p1",
    }
    labels = module["opinion"].xpath(".//q:response_label/@ident", namespaces=QTI)
    assert labels == ["true", "false"]
    for item in module.values():  # every feedback where Moodle reads it
        for feedback in item.iterfind("q:itemfeedback", QTI):
            assert feedback.find("q:flow_mat/q:material/q:mattext", QTI) is not None
    assert module["first-text"].find(".//q:itemfeedback[@ident='GENERAL-FB']", QTI) is not None
    final = items(cartridge.data, "quizzes/final.xml")
    assert list(final) == ["big", "word"]  # "inside" cannot travel
    assert field(final["big"], "cc_weighting") == "99"
    assert field(final["word"], "cc_profile") == "cc.pattern_match.v0p1"
    assert final["word"].findtext(".//q:varsubstring", namespaces=QTI) == "press"
    report = "\n".join(cartridge.report)
    assert "is worth 120 points" in report and "so it counts 99" in report
    assert "\u2068inside\u2069): its right answers use wildcards" in report
    assert "allows 9 attempts" in report


def test_a_lesson_carries_its_image_and_a_relative_link(app, make):
    course = build_course(app, make)
    files = unzip(export(app, course).data)
    page = files["lessons/01-01-lesson-1-1.html"].decode()
    assert '<img src="images/three-parts.png" alt="The three parts of the test">' in page
    assert 'href="01-02-lesson-1-2.html"' in page
    assert files["lessons/images/three-parts.png"].startswith(b"\x89PNG")
    assert "<title>Lesson 1.1</title>" in page and "<h2>The test</h2>" in page
    assert "images/" not in files["lessons/01-02-lesson-1-2.html"].decode()
    manifest = files["imsmanifest.xml"].decode()
    assert manifest.count('<dependency identifierref="RES-IMAGES"/>') == 1


def test_an_arabic_course_says_its_language_and_direction(app, make):
    course = build_course(app, make, language="ar", title="حرية التعبير")
    make.quiz(course, final=True, questions=[
        {"kind": "true_false", "name": "q", "prompt": "الرأي حر.", "answer": True},
    ])  # fmt: skip
    cartridge = export(app, course)
    assert validate_cartridge(cartridge.data) == []
    files = unzip(cartridge.data)
    assert files["lessons/02-01-lesson-2-1.html"].startswith(
        b'<!DOCTYPE html>\n<html lang="ar" dir="rtl">'
    )
    manifest = files["imsmanifest.xml"].decode()
    assert "<lomimscc:language>ar</lomimscc:language>" in manifest
    assert '<lomimscc:string language="ar">حرية التعبير</lomimscc:string>' in manifest
    final = etree.fromstring(files["quizzes/final.xml"])
    sides = final.xpath(".//q:response_label//q:mattext/text()", namespaces=QTI)
    assert sides == ["صحيح", "خطأ"]  # the labels are the course's, in its language
    assert final.find("q:assessment", QTI).get("title") == "التقييم النهائي"


def test_a_quiz_with_nothing_that_travels_is_left_out_and_said(app, make):
    course = make.course(modules=1, lessons=1)
    make.quiz(course, questions=[{"kind": "ordering", "name": "o", "prompt": "Order.",
                                  "items": ["a", "b"]}])  # fmt: skip
    cartridge = export(app, course)
    assert validate_cartridge(cartridge.data) == []
    assert not any(name.startswith("quizzes/") for name in unzip(cartridge.data))
    assert "has no question a cartridge can hold" in cartridge.report[-1]
