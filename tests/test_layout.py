"""The layout DESIGN.md fixes, checked so that it cannot drift."""

import pytest

from tamkeen import PROJECT_ROOT

# Nothing here depends on the database: tools/run-suites.sh runs it against SQLite only.
pytestmark = pytest.mark.one_database


def test_platform_is_a_source_root_not_a_package():
    # A package named "platform" would shadow the standard library module of that name.
    assert not (PROJECT_ROOT / "platform" / "__init__.py").exists()
    assert sorted(
        p.name for p in (PROJECT_ROOT / "platform").iterdir() if not p.name.startswith(".")
    ) == ["tamkeen"]


def test_top_level_layout_exists():
    for name in [
        "config.py",
        "requirements.txt",
        "requirements-dev.txt",
        "pyproject.toml",
        "Makefile",
        "README.md",
        "templates",
        "static",
        "migrations",
        "courses",
        "tests",
        "docs",
        "bench",
        ".ci/run",
    ]:
        assert (PROJECT_ROOT / name).exists(), name


def test_runtime_requirements_are_pinned():
    lines = (PROJECT_ROOT / "requirements.txt").read_text().splitlines()
    requirements = [line for line in lines if line.strip() and not line.startswith("#")]
    assert requirements
    assert all("==" in line for line in requirements), requirements
