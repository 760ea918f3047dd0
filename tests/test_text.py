"""text.py: trainer Markdown becomes safe HTML, with Tamkeen's own links resolved."""

import pytest

from tamkeen.text import find_references, render_markdown

from .inert import active_content


class Links:
    def lesson(self, slug):
        return f"/lessons/{slug}" if slug == "known" else None

    def paper(self, reference):
        return f"/papers/{reference}"

    def image(self, path):
        return f"/media/{path}"


@pytest.fixture(autouse=True)
def context(app):
    with app.test_request_context():
        yield


def test_markdown_features_trainers_use():
    html = render_markdown(
        "# Title\n\n## Part\n\n- one\n- two\n\n> quoted\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n"
        "A claim[^1].\n\n[^1]: The source.\n"
    )
    assert "<h2>Title</h2>" in html  # the page title is the only h1
    assert "<h2>Part</h2>" in html
    assert "<li>one</li>" in html
    assert "<blockquote>" in html
    assert "<table>" in html and "<td>1</td>" in html
    assert 'class="footnotes"' in html and "The source." in html


def test_callout_boxes_are_labelled_in_the_texts_language():
    source = "::: exercise\nTry this.\n:::\n"
    assert "Exercise" in render_markdown(source, "en")
    arabic = render_markdown(source, "ar")
    assert 'class="callout callout-exercise"' in arabic
    assert "Exercise" not in arabic


def test_internal_links_are_resolved_and_dead_ones_lose_their_target():
    html = render_markdown(
        "[a](lesson:known) [b](lesson:unknown) [c](paper:law) ![map](images/m.png)", links=Links()
    )
    assert 'href="/lessons/known"' in html
    assert 'href="/papers/law"' in html
    assert 'src="/media/images/m.png"' in html
    assert "lesson:unknown" not in html


def test_references_are_found_with_their_lines():
    refs = find_references("Intro\n\nSee [x](lesson:a).\n\n![y](images/b.png)\n")
    assert [(r.kind, r.target, r.line) for r in refs] == [
        ("lesson", "a", 3),
        ("image", "images/b.png", 5),
    ]


@pytest.mark.parametrize(
    "payload",
    [
        "<script>alert(1)</script>",
        "<img src=x onerror=alert(1)>",
        "[click](javascript:alert(1))",
        "[click](JaVaScRiPt:alert(1))",
        "[click](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
        "![x](javascript:alert(1))",
        '[x](https://example.org "title\\" onmouseover=\\"alert(1))',
        "<svg onload=alert(1)>",
        "<style>body{display:none}</style>",
        "<a href='javascript:alert(1)'>x</a>",
    ],
)
def test_script_never_survives(payload):
    assert active_content(str(render_markdown(payload))) == []


def test_the_inertness_check_itself_catches_script():
    assert active_content('<a href=" JavaScript:alert(1)">x</a><img src=x onerror=y>') == [
        "a[href= JavaScript:alert(1)]",
        "img[onerror]",
    ]


def test_external_links_do_not_leak_the_referrer():
    html = render_markdown("[site](https://example.org)")
    assert 'rel="noopener noreferrer"' in html


def test_an_excerpt_renders_inline_markdown_on_one_line():
    from tamkeen.text import render_markdown_excerpt

    html = str(render_markdown_excerpt("## The **activity**\n\n- fill in: \\_\\_\\_\\_\\_"))
    assert html == "The <strong>activity</strong> fill in: _____"
    assert "<h2" not in html and "<li" not in html


def test_an_excerpt_is_cut_at_a_word_and_stays_safe():
    from tamkeen.text import render_markdown_excerpt

    html = str(render_markdown_excerpt("word " * 50 + "<script>alert(1)</script>", 30))
    assert html.endswith(" …") and len(html) <= 32 and "word word" in html
    assert "<script" not in str(render_markdown_excerpt("a <script>alert(1)</script> b"))
    assert str(render_markdown_excerpt("See ![a map](images/map.png) here")) == "See a map here"
