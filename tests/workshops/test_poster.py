"""`flask workshop poster`: an A4 page with the address (text and QR code), a new join code
that works, and three lines on how to join, in the cohort's language."""

import re

import pytest

from tamkeen.cohorts.models import CohortParticipant, Invitation

from ..conftest import Factory
from ..pdftools import page_count, pdf_text, qr_codes, snapshot, word_positions

CODE = re.compile(r"\b[2-9A-Z]{4}-[2-9A-Z]{4}-[2-9A-Z]{4}-[2-9A-Z]{4}\b")


def print_poster(app, cohort_id, path, *args):
    return app.test_cli_runner().invoke(
        args=["workshop", "poster", "--cohort", str(cohort_id), "-o", str(path), *args]
    )


@pytest.fixture
def cohort_of(site):
    make = Factory(site.app)
    organizer = make.user("org", roles=("trainee", "organizer"))

    def cohort(language: str):
        return make.cohort(organizer, courses=[make.course("Course", language=language)])

    return cohort


def test_poster_shows_the_address_and_a_code_that_joins(site, cohort_of, tmp_path):
    cohort = cohort_of("fr")
    path = tmp_path / "poster.pdf"
    result = print_poster(site.app, cohort.id, path)
    assert result.exit_code == 0, result.output
    assert page_count(path) == 1
    text = pdf_text(path)
    assert f"{site.base}/join" in text
    assert "Rejoindre l’atelier" in text  # the course's language, French
    assert cohort.name not in text  # a poster on a wall does not say who is in the room
    (code,) = CODE.findall(text)
    assert qr_codes(snapshot(path, "workshop-poster-fr", dpi=100)) == [f"{site.base}/join/{code}"]
    # The code is a real invitation: a participant who types it joins the cohort.
    make = Factory(site.app)
    make.user("amal")
    client = site.app.test_client()
    client.post_form("/sign-in", {"username": "amal", "password": "a long enough passphrase"})
    assert client.post_form(f"/join/{code}").status_code == 302
    assert make.count(CohortParticipant) == 1 and make.count(Invitation) == 1


def test_arabic_poster_reads_right_to_left(site, cohort_of, tmp_path):
    cohort = cohort_of("ar")
    path = tmp_path / "poster-ar.pdf"
    assert print_poster(site.app, cohort.id, path).exit_code == 0
    text = pdf_text(path)
    assert "انضموا إلى الورشة" in text
    words = word_positions(path)
    assert words["انضموا"][0] > words["الورشة"][0]  # the first word is on the right
    assert len(qr_codes(snapshot(path, "workshop-poster-ar", dpi=100))) == 1


def test_language_can_be_chosen_and_an_unknown_cohort_prints_nothing(site, cohort_of, tmp_path):
    cohort = cohort_of("fr")
    path = tmp_path / "poster-en.pdf"
    result = print_poster(site.app, cohort.id, path, "--language", "en", "--title", "Saturday")
    assert result.exit_code == 0
    assert "Join the workshop" in pdf_text(path) and "Saturday" in pdf_text(path)
    missing = tmp_path / "none.pdf"
    result = print_poster(site.app, 999, missing)
    assert result.exit_code != 0 and "There is no cohort 999" in result.output
    assert not missing.exists()
    assert Factory(site.app).count(Invitation) == 1


def test_tamazight_poster_is_in_tifinagh(site, cohort_of, tmp_path):
    cohort = cohort_of("zgh")  # the cohort's courses are in Tamazight: so is the poster
    path = tmp_path / "poster-zgh.pdf"
    assert print_poster(site.app, cohort.id, path).exit_code == 0
    text = pdf_text(path)
    assert "ⵍⴽⵎ ⴰⵙⵎⵉⵍ" in text  # "Join the workshop"
    assert len(qr_codes(snapshot(path, "workshop-poster-zgh", dpi=100))) == 1
