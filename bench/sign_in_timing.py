"""Benchmark: every failed sign-in takes the same time, whatever the reason.

With the production argon2 cost (the configuration's defaults), times N sign-in attempts
for each reason a sign-in fails (a wrong password, an unknown username, an account made
from an organizer's list that has no password yet, a disabled account) and N second steps
with a wrong code, through the test client on a temporary SQLite database, and prints the
medians. A reason that answers faster than the others tells who has an account, or who was
put on a list (issue 13).

    .venv/bin/python bench/sign_in_timing.py [--tries 15]
"""

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "platform"), str(ROOT)]

from flask_migrate import upgrade  # noqa: E402

from tamkeen import PROJECT_ROOT, create_app  # noqa: E402
from tamkeen.accounts import services  # noqa: E402
from tamkeen.database import utcnow  # noqa: E402
from tamkeen.extensions import db  # noqa: E402
from tests.conftest import Client, app_config  # noqa: E402

PASSWORD = "a long enough passphrase"


def timed(actions, tries: int) -> list[float]:
    """The median time of each action, run in turn so that the machine's load drifts
    over all of them alike."""
    samples = [[] for _ in actions]
    for _ in range(tries):
        for action, times in zip(actions, samples, strict=True):
            start = time.perf_counter()
            action()
            times.append(time.perf_counter() - start)
    return [statistics.median(times) for times in samples]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--tries", type=int, default=15)
    tries = parser.parse_args().tries
    with tempfile.TemporaryDirectory() as folder:
        config = app_config(f"sqlite:///{folder}/bench.sqlite", Path(folder))
        for name in ("ARGON2_TIME_COST", "ARGON2_MEMORY_COST"):
            config.pop(name)  # the production cost
        app = create_app(config)
        app.test_client_class = Client
        with app.app_context():
            upgrade(directory=str(PROJECT_ROOT / "migrations"))
            user = services.register_user("staff", PASSWORD, roles=("trainer",))
            user.totp_secret, user.totp_enabled_at = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP", utcnow()
            services.create_account_for("listed", None)
            disabled = services.register_user("karim", PASSWORD)
            services.set_disabled(disabled, True, by=disabled)
            db.session.commit()
        guesser, second = app.test_client(), app.test_client()
        second.post_form("/sign-in", {"username": "staff", "password": PASSWORD})
        attempts = {
            "wrong password": {"username": "staff", "password": "a wrong passphrase"},
            "unknown username": {"username": "nobody", "password": PASSWORD},
            "no password yet": {"username": "listed", "password": PASSWORD},
            "disabled account": {"username": "karim", "password": PASSWORD},
        }
        actions = [
            lambda form=form: guesser.post_form("/sign-in", form) for form in attempts.values()
        ]
        actions.append(lambda: second.post_form("/sign-in/code", {"code": "000000"}))
        medians = timed(actions, tries)
    names = [*attempts, "wrong code"]
    figures = ", ".join(
        f"{name} {median * 1000:.0f} ms" for name, median in zip(names, medians, strict=True)
    )
    print(f"median of {tries}: {figures}")


if __name__ == "__main__":
    main()
