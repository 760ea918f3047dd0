"""The documentation names only what exists, and the repository stands alone.

docs/architecture.md is the newcomer's map: a module it names that has been moved or
removed sends them looking for nothing, so every module path and dotted module name in it
must exist. The design and style guides live in docs/, so nothing may cite a copy outside
the repository any more.
"""

import ast
import re
from functools import cache
from pathlib import Path

import pytest

from tamkeen import PROJECT_ROOT

# Nothing here depends on the database: tools/run-suites.sh runs it against SQLite only.
pytestmark = pytest.mark.one_database

ARCHITECTURE = Path("docs") / "architecture.md"
# Assembled, so that this file does not cite it.
OUTSIDE_GUIDES = "../" + "shared/"
SKIPPED_DIRS = {
    ".git",
    ".venv",
    ".cache",
    ".pytest_cache",
    ".ruff_cache",
    "__pycache__",
    "node_modules",
    "instance",
    "test-output",
}

CODE_SPAN = re.compile(r"`([^`\n]+)`")
FULL_PATH = re.compile(r"platform/tamkeen/[\w/]*\w\.py\b")
FULL_NAME = re.compile(r"\btamkeen(?:\.\w+)+")
FILE_NAME = re.compile(r"^[\w.-]+(?:/[\w.-]+)*\.py$")
DOTTED = re.compile(r"^[a-z_]\w*(?:\.\w+)+$")


def package(root: Path) -> Path:
    return root / "platform" / "tamkeen"


@cache
def top_level_names(path: Path) -> frozenset[str]:
    """What a module defines at its top level (functions, classes, assignments, imports)."""
    names = set()
    for node in ast.parse(path.read_text(encoding="utf-8")).body:
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            names.add(node.name)
        elif isinstance(node, ast.Assign):
            names.update(t.id for t in node.targets if isinstance(t, ast.Name))
        elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
            names.add(node.target.id)
        elif isinstance(node, ast.Import | ast.ImportFrom):
            names.update((a.asname or a.name).split(".")[0] for a in node.names)
    return frozenset(names)


def module_file(base: Path, parts: list[str]) -> Path | None:
    path = base.joinpath(*parts)
    if (path / "__init__.py").is_file():
        return path / "__init__.py"
    if path.with_suffix(".py").is_file():
        return path.with_suffix(".py")
    return None


def resolves(base: Path, parts: list[str]) -> bool:
    """``parts`` name a module under ``base``, or a module and one name defined in it."""
    if not parts:
        return True
    if module_file(base, parts) is not None:
        return True
    found = module_file(base, parts[:-1]) if len(parts) > 1 else None
    return found is not None and parts[-1] in top_level_names(found)


def broken_span(root: Path, code: Path, span: str) -> bool:
    """Whether a `code span` names a file or a module that does not exist."""
    if FILE_NAME.match(span) and not span.startswith("platform/"):
        # A file named relative to the package (`accounts/views.py`, `pdf.py`), to the
        # repository (`tests/test_docs.py`), or inside the domain a section is about
        # (`exporter.py` under "Authoring"): a bare name must exist in some domain.
        bare = "/" not in span and any(code.glob(f"*/{span}"))
        return not (code / span).is_file() and not (root / span).is_file() and not bare
    if not DOTTED.match(span) or span.startswith("tamkeen."):
        return False
    parts = span.split(".")
    if (code / f"{parts[0]}.py").is_file() and parts[0] != "__init__":  # a core module
        return not resolves(code, parts)
    if (code / parts[0] / "__init__.py").is_file():
        # `learning.services.course_completed`. A domain and one word may also be a table
        # and its column (`quizzes.is_published`): not checked.
        return len(parts) > 2 and not resolves(code, parts)
    return False


def broken_references(root: Path, text: str) -> list[str]:
    """Module paths and dotted module names in ``text`` that do not exist under ``root``."""
    code = package(root)
    broken = [path for path in FULL_PATH.findall(text) if not (root / path).is_file()]
    broken += [n for n in FULL_NAME.findall(text) if not resolves(code, n.split(".")[1:])]
    broken += [
        span.strip() for span in CODE_SPAN.findall(text) if broken_span(root, code, span.strip())
    ]
    return sorted(set(broken))


def files_citing(root: Path, needle: str) -> list[str]:
    found = []
    for path in sorted(root.rglob("*")):
        relative = path.relative_to(root)
        if any(part in SKIPPED_DIRS for part in relative.parts) or not path.is_file():
            continue
        if needle.encode() in path.read_bytes():
            found.append(relative.as_posix())
    return found


def test_architecture_names_only_modules_that_exist():
    text = (PROJECT_ROOT / ARCHITECTURE).read_text(encoding="utf-8")
    assert broken_references(PROJECT_ROOT, text) == []


def test_the_check_finds_a_module_that_does_not_exist():
    # The check itself can fail: moved modules, a misspelt name, a removed function.
    text = (
        "`platform/tamkeen/nowhere/services.py`, `tamkeen.authoring.nowhere`, `nowhere.py`, "
        "`learning/handbooks.py`, `learning.services.no_such_function`, `text.no_such`, "
        "`tamkeen.pdf.render_pdf`, `learning/handbook.py`, `quizzes.is_published`"
    )
    assert broken_references(PROJECT_ROOT, text) == [
        "learning.services.no_such_function",
        "learning/handbooks.py",
        "nowhere.py",
        "platform/tamkeen/nowhere/services.py",
        "tamkeen.authoring.nowhere",
        "text.no_such",
    ]


def test_no_file_cites_guides_outside_the_repository():
    assert files_citing(PROJECT_ROOT, OUTSIDE_GUIDES) == []
    assert (PROJECT_ROOT / "docs" / "design.md").is_file()
    assert (PROJECT_ROOT / "docs" / "style.md").is_file()


def test_docs_hold_no_merge_conflict_markers():
    # docs/architecture.md once kept both sides of a merge for a whole issue.
    marked = [
        path.relative_to(PROJECT_ROOT).as_posix()
        for path in sorted((PROJECT_ROOT / "docs").rglob("*.md"))
        if re.search(r"(?m)^(<{7}|>{7}) ", path.read_text(encoding="utf-8"))
    ]
    assert marked == []
