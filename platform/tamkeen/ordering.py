"""Moving one item of an ordered list: the trainers' "up", "down" and "move to" for
modules, lessons and questions."""

from typing import Any


def move_in(items: list, item: Any, *, direction: str | None, position: int | None) -> bool:
    """Move ``item`` within ``items`` (in place) up or down one place, or to ``position``
    (1-based, clamped to the list); whether it moved."""
    index = items.index(item)
    if position is not None:
        target = min(max(position, 1), len(items)) - 1
    else:
        target = index - 1 if direction == "up" else index + 1
    if not 0 <= target < len(items) or target == index:
        return False
    items.insert(target, items.pop(index))
    return True
