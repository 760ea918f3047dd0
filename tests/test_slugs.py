"""slugs.py: short names proposed from titles in Latin, Arabic and Tifinagh letters."""

import pytest

from tamkeen.packages import SLUG
from tamkeen.slugs import numbered_slug, propose_slug


@pytest.mark.parametrize(
    ("title", "slug"),
    [
        ("Budgets for associations", "budgets-for-associations"),
        ("Droits en ligne : l’accès à l’information", "droits-en-ligne-l-acces-a-l-information"),
        ("حرية التعبير", "hrya-altabyr"),
        ("الدَّرْسُ الأوّل ٢٠٢٦", "aldrs-alawl-2026"),
        ("ⵜⴰⵎⴰⵣⵉⵖⵜ", "tamazight"),
        ("ⴰⵙⵍⵎⴷ ⵏ ⵜⵓⵔⴰⴳⵜ", "aslmd-n-turagt"),
        ("Straße & Œuvre", "strasse-oeuvre"),
        ("!!! ؟؟", "course"),
    ],
)
def test_a_slug_is_proposed_from_a_title_in_any_script(title, slug):
    assert propose_slug(title) == slug
    assert SLUG.match(propose_slug(title))


def test_a_long_title_is_cut_at_a_dash_and_numbers_fit():
    slug = propose_slug("word " * 30)
    assert len(slug) <= 80 and slug.endswith("word") and SLUG.match(slug)
    assert len(propose_slug("a" * 100)) == 80
    assert numbered_slug("a" * 80, 12) == "a" * 77 + "-12"


def test_a_free_slug_is_numbered_past_the_taken_ones():
    from tamkeen.slugs import free_slug

    assert free_slug("Basics", {"basics", "basics-2"}, fallback="module") == "basics-3"
    assert free_slug("؟", lambda slug: slug == "lesson", fallback="lesson") == "lesson-2"
