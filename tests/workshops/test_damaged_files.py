"""Damaged results files, many of them against one central server: a byte changed at 20
random places in each of the header, the body and the signature, the file cut at 10 random
lengths, bytes appended. Each is refused with one of the import's sentences (no traceback,
no half-sentence) and every table's row count is unchanged; the good file then imports."""

import random

from tamkeen.accounts.models import User

from ..factories import Factory
from .sync import counts, get, lessons, the_quiz

# What a person may read for a damaged file: each says what to do next.
SENTENCES = (
    "This is not a Tamkeen workshop file.",
    "This is a workshop kit, not a results file.",
    "This file is incomplete or damaged: copy it again.",
    "This file was made by another version of Tamkeen: install the same version.",
    "This file was altered, or was not made by this kit.",
    "This server did not issue this kit.",
)


def test_results_damaged_anywhere_are_refused_with_a_sentence_and_write_nothing(workshop, laptop):
    make = Factory(laptop)
    amal = get(laptop, User, username="amal")
    make.complete(amal, lessons(laptop)[1])
    make.attempt(amal, the_quiz(laptop))
    good = workshop.export_results(laptop).read_bytes()
    magic = good.index(b"\n") + 1
    body_at = magic + 4 + int.from_bytes(good[magic : magic + 4], "big")
    regions = {
        "header": (0, body_at),
        "body": (body_at, len(good) - 64),
        "signature": (len(good) - 64, len(good)),
    }
    rng = random.Random(1616)
    damaged: list[tuple[str, bytes]] = []
    for region, (start, end) in regions.items():
        for place in rng.sample(range(start, end), 20):
            altered = bytearray(good)
            altered[place] ^= rng.randrange(1, 256)
            damaged.append((f"{region} byte {place}", bytes(altered)))
    damaged.append(("the magic", b"X" + good[1:]))
    for length in rng.sample(range(len(good)), 10):
        damaged.append((f"cut at {length}", good[:length]))
    for extra in (b"\0", b"\n", rng.randbytes(100), good[-64:], good):
        damaged.append((f"{len(extra)} bytes appended", good + extra))
    tables = counts(workshop.central)
    path = workshop.folder / "damaged.tkr"
    heard = set()
    for what, data in damaged:
        path.write_bytes(data)
        result = workshop.import_results(path)
        assert result.exit_code == 1, (what, result.output)
        said = [sentence for sentence in SENTENCES if sentence in result.output]
        assert said and "Traceback" not in result.output, (what, result.output)
        heard.update(said)
        assert counts(workshop.central) == tables, what
    # Each kind of damage is named for what it is.
    assert {SENTENCES[0], SENTENCES[2], SENTENCES[4]} <= heard, heard
    path.write_bytes(good)
    result = workshop.import_results(path)
    assert result.exit_code == 0 and "Quiz attempts: 1 new" in result.output, result.output
