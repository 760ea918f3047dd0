"""A failed browser test leaves a picture of each person's page in
``.cache/browser-failures/``; a passing one leaves none."""

from types import SimpleNamespace

from .conftest import FAILURE_PICTURES, _picture_the_failure


def test_a_failed_test_leaves_a_picture_of_the_page_and_a_passing_one_none(browser):
    person = browser(locale="ar")
    person.goto("/courses")
    failed = SimpleNamespace(node=SimpleNamespace(name="test_x[ar]", failed_in_call=True))
    passed = SimpleNamespace(node=SimpleNamespace(name="test_y[ar]", failed_in_call=False))
    for stale in FAILURE_PICTURES.glob("test_[xy]_ar_-*.png"):
        stale.unlink()
    _picture_the_failure(failed, [person])
    _picture_the_failure(passed, [person])
    picture = FAILURE_PICTURES / "test_x_ar_-1.png"
    assert picture.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert not list(FAILURE_PICTURES.glob("test_y_ar_-*.png"))
    picture.unlink()
