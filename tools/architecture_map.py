"""Print the map in docs/architecture.md (domain → files → routes → tables) from the code.

Run from the repository root (or any checkout of it):

    .venv/bin/python tools/architecture_map.py            # print the map
    .venv/bin/python tools/architecture_map.py --write    # replace it in docs/architecture.md

It builds the application as `flask` does, with an in-memory SQLite database, and reads
what the code itself says: each module's first docstring line, the URL map (which view
function, in which module, answers each rule) and the tables SQLAlchemy knows (which
module defines each one). Nothing is written except, with --write, the part of
docs/architecture.md between the two "map" comments.
"""

import ast
import os
import re
import sys
import tempfile
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "platform" / "tamkeen"
DOC = ROOT / "docs" / "architecture.md"
BEGIN = "<!-- map:begin (tools/architecture_map.py --write) -->"
END = "<!-- map:end -->"
CORE = "core"


def summary(path: Path) -> str:
    """The first line of a module's docstring."""
    doc = ast.get_docstring(ast.parse(path.read_text(encoding="utf-8"))) or ""
    paragraph = " ".join(doc.strip().split("\n\n")[0].split())
    sentence = paragraph.split(". ")[0].rstrip(".")
    return sentence.replace("|", "/") + "."


def domain_of(module: str) -> str:
    """'tamkeen.cohorts.views' → 'cohorts'; a module of the core package → 'core'."""
    parts = module.split(".")
    if len(parts) > 2 and (PACKAGE / parts[1]).is_dir():
        return parts[1]
    return CORE


def module_path(module: str) -> str:
    relative = Path(*module.split(".")[1:])
    path = PACKAGE / relative
    if path.is_dir():
        path = path / "__init__.py"
    else:
        path = path.with_suffix(".py")
    return path.relative_to(PACKAGE).as_posix()


def files_by_domain() -> dict[str, list[tuple[str, str]]]:
    found: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for path in sorted(PACKAGE.rglob("*.py")):
        relative = path.relative_to(PACKAGE)
        domain = relative.parts[0] if len(relative.parts) > 1 else CORE
        found[domain].append((relative.as_posix(), summary(path)))
    return found


def routes_by_domain(app) -> dict[str, list[tuple[str, str, str, str]]]:
    found: dict[str, list[tuple[str, str, str, str]]] = defaultdict(list)
    for rule in sorted(app.url_map.iter_rules(), key=lambda r: (r.rule, r.endpoint)):
        view = app.view_functions[rule.endpoint]
        module = view.__module__
        if not module.startswith("tamkeen"):
            module_name, domain = "(Flask)", CORE
        else:
            module_name, domain = module_path(module), domain_of(module)
        methods = ", ".join(sorted(rule.methods - {"HEAD", "OPTIONS"}))
        found[domain].append((rule.rule, methods, rule.endpoint, module_name))
    return found


def tables_by_domain(db) -> dict[str, list[tuple[str, str, str]]]:
    """Each table with the model class (or module-level Table) that defines it."""
    found: dict[str, list[tuple[str, str, str]]] = defaultdict(list)
    named: set[str] = set()
    for mapper in db.Model.registry.mappers:
        cls = mapper.class_
        table = mapper.local_table.name
        named.add(table)
        module = cls.__module__
        found[domain_of(module)].append((table, cls.__name__, module_path(module)))
    for module in list(sys.modules.values()):
        name = getattr(module, "__name__", "")
        if not name.startswith("tamkeen"):
            continue
        for attribute, value in vars(module).items():
            if isinstance(value, db.Table) and value.name not in named:
                named.add(value.name)
                found[domain_of(name)].append((value.name, attribute, module_path(name)))
    missing = set(db.metadata.tables) - named
    for table in sorted(missing):
        found[CORE].append((table, "?", "?"))
    return found


def entry_name(entry) -> str:
    """Where an entry's code is: a function's own module, or for a record of functions
    (a notice kind, a personal-data section) the module of the first function it holds."""
    if not callable(entry) or isinstance(entry, type) or not hasattr(entry, "__qualname__"):
        fields = vars(entry).values() if hasattr(entry, "__dict__") else ()
        held = [value for value in fields if callable(value)]
        module = next((v.__module__ for v in held if getattr(v, "__module__", "")), "")
        return module_path(module) if module.startswith("tamkeen") else type(entry).__name__
    module = entry.__module__ or ""
    name = entry.__qualname__
    return f"{module_path(module)}: {name}" if module.startswith("tamkeen") else name


def defines(module, attribute: str) -> bool:
    """Whether ``module``'s own source declares ``attribute`` (not only imports it)."""
    path = getattr(module, "__file__", None)
    if not path:
        return False
    pattern = rf"(?m)^{re.escape(attribute)}\s*(:[^=\n]+)?=\s*Registry\("
    return re.search(pattern, Path(path).read_text(encoding="utf-8")) is not None


def registries() -> list[tuple[str, str, str, list[str]]]:
    """Every ``Registry`` a module of the package declares: (name, file, purpose, entries)."""
    found = []
    for module in sorted(list(sys.modules.values()), key=lambda m: getattr(m, "__name__", "")):
        name = getattr(module, "__name__", "")
        if not name.startswith("tamkeen"):
            continue
        for attribute, value in vars(module).items():
            kind = type(value)
            if kind.__name__ != "Registry" or kind.__module__ != "tamkeen.registry":
                continue
            if not defines(module, attribute):
                continue
            entries = [f"{key} → `{entry_name(value[key])}`" for key in value.names()]
            found.append((attribute, module_path(name), value.purpose, entries))
    return found


def registry_table() -> list[str]:
    rows = registries()
    if not rows:
        return []
    lines = ["### Registries, as filled after `create_app`", ""]
    lines += ["| registry | in | what an entry does | entries |", "|---|---|---|---|"]
    for name, path, purpose, entries in rows:
        lines.append(f"| `{name}` | `{path}` | {purpose} | {'<br>'.join(entries) or '—'} |")
    return [*lines, ""]


def build_map() -> str:
    sys.path.insert(0, str(ROOT / "platform"))
    from tamkeen import create_app
    from tamkeen.extensions import db

    with tempfile.TemporaryDirectory() as data_dir:
        os.environ["TAMKEEN_DATA_DIR"] = data_dir  # config.py reads it; nothing lands in instance/
        app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": "sqlite://"})
    files = files_by_domain()
    routes = routes_by_domain(app)
    tables = tables_by_domain(db)
    domains = [CORE, *sorted(d for d in files if d != CORE)]
    lines: list[str] = []
    for domain in domains:
        title = "the core package (`platform/tamkeen/*.py`)" if domain == CORE else domain
        lines += [f"### {title}", ""]
        lines += ["| file | what it is |", "|---|---|"]
        lines += [f"| `{path}` | {text} |" for path, text in files[domain]]
        lines.append("")
        if routes.get(domain):
            lines += ["| rule | methods | endpoint | view module |", "|---|---|---|---|"]
            lines += [f"| `{r}` | {m} | `{e}` | `{f}` |" for r, m, e, f in routes[domain]]
            lines.append("")
        if tables.get(domain):
            lines += ["| table | defined by | in |", "|---|---|---|"]
            lines += [f"| `{t}` | `{c}` | `{f}` |" for t, c, f in sorted(tables[domain])]
            lines.append("")
    lines += registry_table()
    return "\n".join(lines).rstrip() + "\n"


def main() -> None:
    if "--root" in sys.argv[1:]:  # read another checkout's code (e.g. a branch's worktree)
        global ROOT, PACKAGE
        ROOT = Path(sys.argv[sys.argv.index("--root") + 1]).resolve()
        PACKAGE = ROOT / "platform" / "tamkeen"
    text = build_map()
    if "--write" not in sys.argv[1:]:
        print(text, end="")
        return
    doc = DOC.read_text(encoding="utf-8")
    head, rest = doc.split(BEGIN, 1)
    _, tail = rest.split(END, 1)
    DOC.write_text(f"{head}{BEGIN}\n\n{text}\n{END}{tail}", encoding="utf-8")


if __name__ == "__main__":
    main()
