"""No module of the suite imports a test module (issue 14): what tests share lives in helper
modules (``helpers.py`` in a folder, ``access_policy.py``, ``factories.py``...), fixtures in
``conftest.py`` files.

A test module is a leaf. Importing one ties a test file to another's internals (renaming a
private helper there breaks tests elsewhere), and a test function imported by name is
collected twice.
"""

import ast
from pathlib import Path

import pytest

TESTS = Path(__file__).parent


def imported_modules(source: str, module: str) -> list[str]:
    """The dotted names of the modules ``source`` (the module named ``module``) imports,
    relative imports resolved, names imported from a package counted as modules too."""
    found = []
    package = module.split(".")[:-1]
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found += [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = package[: len(package) - node.level + 1] if node.level else []
            target = ".".join([*base, *(node.module or "").split(".")]).strip(".")
            found.append(target)
            found += [f"{target}.{alias.name}" for alias in node.names]
    return found


def imported_test_modules(source: str, module: str) -> list[str]:
    """The test modules of the suite that ``source`` imports."""
    return sorted(
        name
        for name in imported_modules(source, module)
        if name.startswith("tests.") and name.rsplit(".", 1)[-1].startswith("test_")
    )


def _module_name(path: Path) -> str:
    return ".".join(path.relative_to(TESTS.parent).with_suffix("").parts)


def test_no_module_of_the_suite_imports_a_test_module():
    offenders = {}
    for path in sorted(TESTS.rglob("*.py")):
        found = imported_test_modules(path.read_text(encoding="utf-8"), _module_name(path))
        if found:
            offenders[str(path.relative_to(TESTS.parent))] = found
    assert offenders == {}, "move what they share into a helpers module"


# (source, the module it is in, the test modules it imports)
WAYS = [
    ("from .test_images import upload", "tests.a.test_x", ["tests.a.test_images"]),
    ("from ..quizzes.test_package import COURSE", "tests.a.test_x", ["tests.quizzes.test_package"]),
    ("from . import test_gift", "tests.a.helpers", ["tests.a.test_gift"]),
    ("from .. import test_access_matrix as m", "tests.a.helpers", ["tests.test_access_matrix"]),
    ("import tests.test_access_matrix", "tests.test_x", ["tests.test_access_matrix"]),
    ("def f():\n    from .test_gift import same", "tests.a.test_x", ["tests.a.test_gift"]),
    ("from .helpers import upload\nfrom ..conftest import Auth", "tests.a.test_x", []),
    ("from tamkeen.test_mode import x\nimport pytest", "tests.test_x", []),
]


@pytest.mark.parametrize(("source", "module", "expected"), WAYS)
def test_the_check_sees_every_way_of_importing_a_test_module(source, module, expected):
    assert imported_test_modules(source, module) == expected
