"""How the domains are wired (docs/architecture.md): no import cycles at module level, no
blueprint or import-time registration in a package's ``__init__``, every registry filled by
``create_app`` alone."""

import ast
from pathlib import Path

import tamkeen
from tamkeen.packages import COURSE_WRITERS, PACKAGE_WRITERS, QUIZ_READERS

PACKAGE = Path(tamkeen.__file__).parent


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def resolve(module: str, is_package: bool, node: ast.ImportFrom) -> list[str]:
    """The tamkeen modules a ``from ... import ...`` at module level loads."""
    if node.level:
        base = module.split(".") if is_package else module.split(".")[:-1]
        base = base[: len(base) - (node.level - 1)]
        target = ".".join(base + ([node.module] if node.module else []))
    else:
        target = node.module or ""
    if not target.startswith("tamkeen"):
        return []
    found = [target]
    for alias in node.names:  # "from . import views" loads the module tamkeen.x.views
        found.append(f"{target}.{alias.name}")
    return found


def module_imports() -> dict[str, set[str]]:
    """Each module of the package → the package's modules it imports when it is imported
    (imports inside functions and under ``if TYPE_CHECKING`` run later or never)."""
    paths = {module_name(path): path for path in PACKAGE.rglob("*.py")}
    graph: dict[str, set[str]] = {}
    for name, path in paths.items():
        tree = ast.parse(path.read_text(), str(path))
        targets: set[str] = set()
        for node in tree.body:
            if isinstance(node, ast.ImportFrom):
                targets.update(resolve(name, path.name == "__init__.py", node))
            elif isinstance(node, ast.Import):
                targets.update(a.name for a in node.names if a.name.startswith("tamkeen"))
        # Importing a.b.c runs a/__init__ and a/b/__init__ first.
        expanded = set()
        for target in targets:
            parts = target.split(".")
            expanded.update(".".join(parts[:i]) for i in range(1, len(parts) + 1))
        # A module's own packages are being imported already when it runs: not a cycle.
        ancestors = {".".join(name.split(".")[:i]) for i in range(1, name.count(".") + 1)}
        graph[name] = {t for t in expanded - ancestors if t in paths and t != name}
    return graph


def find_cycle(graph: dict[str, set[str]]) -> list[str] | None:
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        stack.append(node)
        for nxt in sorted(graph[node]):
            if state.get(nxt) == 1:
                return stack[stack.index(nxt) :] + [nxt]
            if nxt not in state and (cycle := visit(nxt)):
                return cycle
        stack.pop()
        state[node] = 2
        return None

    for node in sorted(graph):
        if node not in state and (cycle := visit(node)):
            return cycle
    return None


def test_the_package_has_no_import_cycle_at_module_level():
    assert find_cycle(module_imports()) is None


def test_the_cycle_finder_finds_a_cycle():
    assert find_cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    assert find_cycle({"a": {"b"}, "b": set()}) is None


def test_no_package_init_makes_a_blueprint_or_imports_below_its_code():
    for path in PACKAGE.rglob("*.py"):
        text = path.read_text()
        assert "noqa: E402" not in text, path
        if path.name == "__init__.py":
            assert "Blueprint(" not in text, path


def test_importing_models_loads_no_view(tmp_path):
    import subprocess
    import sys

    code = (
        "import sys; import tamkeen.cohorts.models, tamkeen.quizzes.models;"
        "print(sorted(m for m in sys.modules if m.startswith('tamkeen') and 'views' in m))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=True,
        cwd=tmp_path,
        env={"PYTHONPATH": str(PACKAGE.parent)},
    )
    assert out.stdout.strip() == "[]"


def test_registries_are_filled_by_create_app_once(app):
    tamkeen.create_app(dict(app.config))  # a second app fills them again, in place
    assert QUIZ_READERS.names() == ["default"]
    assert COURSE_WRITERS.names() == ["quizzes", "images", "revisions", "certificates"]
    assert PACKAGE_WRITERS.names() == ["quizzes", "certificates"]
