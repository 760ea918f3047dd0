"""gunicorn sets the preloaded application's objects apart from the garbage collector before
forking a worker (tools/gunicorn.conf.py, issue 17): full collections under concurrent
requests then scan the requests' objects, not the whole application each time."""

import gc
import runpy

import pytest

from tamkeen import PROJECT_ROOT

# Nothing here depends on the database.
pytestmark = pytest.mark.one_database


def test_the_preloaded_application_is_frozen_before_each_fork():
    settings = runpy.run_path(str(PROJECT_ROOT / "tools" / "gunicorn.conf.py"))
    before = gc.get_freeze_count()
    try:
        settings["pre_fork"](None, None)
        assert gc.get_freeze_count() > before + 10_000  # the application, not a few objects
    finally:
        gc.unfreeze()
