"""Extension points: one domain offers a registry, others add entries from their ``init_app``.

Every registry in Tamkeen is a ``Registry``, filled only by the explicit ``init_app`` calls
that ``create_app`` makes, never as a side effect of importing a module (docs/architecture.md
lists them all). Entries are named; adding a name again replaces its entry in place, because
``create_app`` runs once per test in the same process. Entries are read in the order they
were first added, which is the order of the ``init_app`` calls.
"""

from collections.abc import Iterable, Iterator
from typing import Any, Generic, TypeVar

from flask import Blueprint, Flask

T = TypeVar("T")


class Registry(Generic[T]):
    def __init__(self, purpose: str):
        self.purpose = purpose  # one line for error messages and the architecture notes
        self._entries: dict[str, T] = {}

    def add(self, name: str, entry: T) -> None:
        self._entries[name] = entry

    def get(self, name: str, default: T | None = None) -> T | None:
        return self._entries.get(name, default)

    def __getitem__(self, name: str) -> T:
        return self._entries[name]

    def __contains__(self, name: object) -> bool:
        return name in self._entries

    def __iter__(self) -> Iterator[T]:
        return iter(list(self._entries.values()))

    def __len__(self) -> int:
        return len(self._entries)

    def names(self) -> list[str]:
        return list(self._entries)

    def __repr__(self) -> str:
        return f"<Registry {self.purpose}: {', '.join(self._entries)}>"


def register_blueprint(
    app: Flask, blueprint: Blueprint, *, routes_from: Iterable[Any] = ()
) -> None:
    """Register a domain's blueprint, whose routes may be written in several view modules.

    ``routes_from`` names the domain's other view modules, imported by the caller so their
    routes join the blueprint; each must use this very blueprint, or its routes would be lost.
    """
    for module in routes_from:
        if getattr(module, "bp", None) is not blueprint:
            raise RuntimeError(f"{module.__name__} does not add its routes to {blueprint.name}")
    app.register_blueprint(blueprint)
