"""What a kit holds, read from the decrypted file: only the cohort's organizer and its
accepted participants, and nothing a laptop does not need (docs/privacy.md)."""

import json

from tamkeen.workshops.setup import open_kit

from ..conftest import PASSWORD, SECRET


def test_only_the_cohort_travels_and_no_secret_does(workshop):
    kit = workshop.export_kit().read_bytes()
    with workshop.central.app_context():
        header, manifest, entries = open_kit(kit, workshop.passphrase)
    people = {row["username"]: row for row in entries["people.jsonl"]}
    # Karim is in another cohort; Salma was invited and has not answered.
    assert sorted(people) == ["amal", "badr", "chama", "nadia"]
    assert people["nadia"]["role"] == "organizer" and people["nadia"]["recovery_codes"] == []
    assert {row["role"] for name, row in people.items() if name != "nadia"} == {"participant"}
    assert people["nadia"]["two_factor_elsewhere"] is True  # she sets it up again there
    text = json.dumps(
        {name: value for name, value in entries.items() if name.endswith((".json", ".jsonl"))}
    )
    for absent in ("karim", "salma", "totp", "session_token", SECRET, PASSWORD, "email"):
        assert absent not in text, absent
    # The header says only that it is a kit: no cohort name, no organization, no address.
    assert "Spring" not in json.dumps(header) and "Spring" in text
    assert set(header) == {
        "central_key",
        "created_at",
        "format",
        "kdf",
        "kind",
        "kit",
        "nonce",
        "schema",
    }
    assert kit.find(b"Spring") == -1 and kit.find(b"amal") == -1  # encrypted
    # Amal's lesson done before the kit travels, so the laptop knows it.
    assert len(entries["lesson_progress.jsonl"]) == 1
    assert manifest["cohort"] == entries["cohort.json"]["uuid"]
