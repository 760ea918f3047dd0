"""The data inventory (docs/privacy-inventory.yaml) lists every column of every table."""

from pathlib import Path

import yaml

from tamkeen import PROJECT_ROOT
from tamkeen.extensions import db

INVENTORY = Path(PROJECT_ROOT) / "docs" / "privacy-inventory.yaml"


def test_every_column_is_in_the_inventory_and_nothing_else(app):
    inventory = yaml.safe_load(INVENTORY.read_text(encoding="utf-8"))
    with app.app_context():
        tables = {table.name: table for table in db.metadata.sorted_tables}
    missing = [
        f"{name}.{column.name}"
        for name, table in tables.items()
        for column in table.columns
        if column.name not in inventory.get(name, {}).get("columns", {})
    ]
    assert missing == [], "add these columns to docs/privacy-inventory.yaml"
    gone = [
        f"{name}.{column}"
        for name, entry in inventory.items()
        for column in entry["columns"]
        if name not in tables or column not in tables[name].columns
    ]
    assert gone == [], "these columns no longer exist"


def test_each_entry_says_what_who_how_long_and_what_erasure_does():
    inventory = yaml.safe_load(INVENTORY.read_text(encoding="utf-8"))
    for name, entry in inventory.items():
        assert {"personal", "kept", "on_erasure", "columns"} <= set(entry), name
        for column, text in entry["columns"].items():
            holds, _, seen_by = str(text).partition(" | ")
            assert holds.strip() and seen_by.strip(), f"{name}.{column}: 'what | who sees it'"


def test_tables_that_point_at_a_person_are_marked_personal(app):
    inventory = yaml.safe_load(INVENTORY.read_text(encoding="utf-8"))
    with app.app_context():
        for table in db.metadata.sorted_tables:
            points = any(fk.column.table.name == "users" for fk in table.foreign_keys)
            if points or table.name == "users":
                assert inventory[table.name]["personal"] is True, table.name
