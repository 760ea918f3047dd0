"""Files the central server or a laptop refuses, each with its sentence, having written
nothing: altered, cut, foreign, of the wrong kind, older than one already imported, a copied
laptop, a wrong passphrase, a kit for a laptop already set up, an account claimed."""

import random
import uuid

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from sqlalchemy import select

from tamkeen.accounts.models import User
from tamkeen.extensions import db
from tamkeen.site_settings import set_setting
from tamkeen.workshops.container import write_file
from tamkeen.workshops.payload import build_payload
from tamkeen.workshops.setup import SYNC_SETTING

from ..factories import Factory
from .sync import counts, get, laptop_app, lessons


def refused(workshop, data: bytes, name: str = "bad.tkr") -> str:
    path = workshop.folder / name
    path.write_bytes(data)
    result = workshop.import_results(path)
    assert result.exit_code == 1, result.output
    return result.output


def test_altered_cut_padded_and_foreign_results_are_refused_and_write_nothing(workshop, laptop):
    Factory(laptop).complete(get(laptop, User, username="amal"), lessons(laptop)[1])
    good = workshop.export_results(laptop).read_bytes()
    tables = counts(workshop.central)
    rng = random.Random(16)
    header_end = good.index(b"}") + 1
    places = [rng.randrange(0, header_end) for _ in range(4)]  # magic and header
    places += [rng.randrange(header_end, len(good) - 64) for _ in range(6)]  # the body
    places += [rng.randrange(len(good) - 64, len(good)) for _ in range(4)]  # the signature
    for place in places:
        altered = bytearray(good)
        altered[place] ^= 1 << rng.randrange(8)
        output = refused(workshop, bytes(altered))
        assert (
            "altered" in output or "damaged" in output or "not a Tamkeen workshop file" in output
        ), (place, output)
    for length in [0, 10, header_end, len(good) // 2, len(good) - 1]:
        output = refused(workshop, good[:length])
        assert "not a Tamkeen workshop file" in output or "incomplete or damaged" in output
    assert "incomplete or damaged" in refused(workshop, good + b"\0")
    # A kit this server did not issue (another server's, or a forger's).
    header = {"kit": str(uuid.uuid4()), "device": str(uuid.uuid4()), "seq": 1,
              "payload_sha256": "0" * 64}  # fmt: skip
    payload = build_payload({}, {"kit": header["kit"], "device": header["device"]})
    forged = write_file("results", header, payload, bytes(32), Ed25519PrivateKey.generate())
    assert "This server did not issue this kit." in refused(workshop, forged)
    assert counts(workshop.central) == tables


def test_kits_and_results_mistaken_for_each_other_wrong_passphrases_and_second_setups(
    workshop, laptop, laptop_template, tmp_path
):
    results = workshop.export_results(laptop)
    tables = counts(workshop.central)
    kit = workshop.kit.read_bytes()
    assert "This is a workshop kit, not a results file." in refused(workshop, kit)
    env = {"TAMKEEN_KIT_PASSPHRASE": workshop.passphrase}
    # The central server is not empty: a kit is never set up over real data.
    result = workshop.cli(workshop.central, "setup", str(workshop.kit), env=env)
    assert result.exit_code == 1 and "on an empty data folder" in result.output
    assert counts(workshop.central) == tables
    # A laptop already set up refuses a second kit.
    tables = counts(laptop)
    result = workshop.cli(laptop, "setup", str(workshop.kit), env=env)
    assert result.exit_code == 1 and "already set up from a workshop kit" in result.output
    assert counts(laptop) == tables
    with laptop_app(laptop_template, tmp_path / "second") as second:
        empty = counts(second)
        result = workshop.cli(second, "setup", str(results), env=env)
        assert result.exit_code == 1
        assert "This is a results file, not a workshop kit." in result.output
        wrong = "2345-6789-ABCD-EFGH-JKMN-PQRS"
        result = workshop.cli(second, "setup", str(workshop.kit),
                              env={"TAMKEEN_KIT_PASSPHRASE": wrong})  # fmt: skip
        assert result.exit_code == 1
        assert "Wrong passphrase, or the kit was altered." in result.output
        assert counts(second) == empty
        # The right one, typed in lower case with spaces, works.
        typed = workshop.passphrase.lower().replace("-", " ")
        result = workshop.cli(second, "setup", str(workshop.kit),
                              env={"TAMKEEN_KIT_PASSPHRASE": typed})  # fmt: skip
        assert result.exit_code == 0, result.output


def test_replayed_older_results_and_a_copied_laptop_are_refused(workshop, laptop):
    make = Factory(laptop)
    amal = get(laptop, User, username="amal")
    make.complete(amal, lessons(laptop)[1])
    first = workshop.export_results(laptop)
    make.complete(amal, lessons(laptop)[2])
    workshop.bring_back(laptop)  # results #2
    tables = counts(workshop.central)
    output = refused(workshop, first.read_bytes())
    assert "older than results #2 from the same laptop" in output
    assert counts(workshop.central) == tables
    with laptop.app_context():  # a copy of the data folder from before results #2
        set_setting(SYNC_SETTING, {"seq": 1, "last_payload_sha256": None})
        db.session.commit()
    make.complete(get(laptop, User, username="badr"), lessons(laptop)[3])
    output = refused(workshop, workshop.export_results(laptop).read_bytes())
    assert "Two laptops share one identity" in output
    assert counts(workshop.central) == tables


def test_results_claiming_an_account_of_this_server_or_too_long_a_name_are_refused(
    workshop, laptop
):
    karim = get(workshop.central, User, username="karim")  # not in the kit
    intruder = Factory(laptop).user("intruder")
    with laptop.app_context():  # SQLite does not enforce lengths: a tampered laptop could
        db.session.get(User, intruder.id).display_name = "x" * 81
        db.session.commit()
    tables = counts(workshop.central)
    output = refused(workshop, workshop.export_results(laptop).read_bytes())
    assert "The file's contents are damaged." in output
    assert counts(workshop.central) == tables
    with laptop.app_context():  # nor a username the registration form would refuse
        user = db.session.get(User, intruder.id)
        user.display_name, user.username = None, "<b>intruder</b>"
        db.session.commit()
    output = refused(workshop, workshop.export_results(laptop).read_bytes())
    assert "The file's contents are damaged." in output
    assert counts(workshop.central) == tables
    with laptop.app_context():
        user = db.session.get(User, intruder.id)
        user.username, user.uuid = "intruder", karim.uuid
        db.session.commit()
    output = refused(workshop, workshop.export_results(laptop).read_bytes())
    assert "claims an account that exists here" in output
    assert counts(workshop.central) == tables
    with workshop.central.app_context():
        assert db.session.scalar(select(User.username).where(User.uuid == karim.uuid)) == "karim"


def test_a_revoked_kit_s_results_are_refused_and_write_nothing(workshop, laptop):
    """A lost or stolen laptop: the organizer revokes its kit, and nothing it sends lands."""
    from tamkeen.audit import AuditEvent
    from tamkeen.workshops.models import WorkshopKit

    results = workshop.export_results(laptop).read_bytes()
    kit = get(workshop.central, WorkshopKit)
    assert "is not a kit's identity" in workshop.cli(workshop.central, "revoke-kit", "x").output
    done = workshop.cli(workshop.central, "revoke-kit", str(kit.uuid))
    assert done.exit_code == 0 and "is revoked" in done.output, done.output
    again = workshop.cli(workshop.central, "revoke-kit", str(kit.uuid))
    assert "already revoked" in again.output
    tables = counts(workshop.central)
    output = refused(workshop, results)
    assert "This kit is closed: its results are no longer accepted." in output
    assert counts(workshop.central) == tables
    with workshop.central.app_context():
        lines = db.session.scalars(select(AuditEvent.action)).all()
        assert lines.count("workshop.kit_revoked") == 1
