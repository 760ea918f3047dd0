"""Kit -> setup -> a day's work on the laptop -> results -> import, on two instances."""

from sqlalchemy import select

from tamkeen.accounts.models import User
from tamkeen.extensions import db

from ..factories import Factory
from .sync import laptop_app, laptop_template, workshop  # noqa: F401  (fixtures)


def test_smoke(workshop, laptop_template, tmp_path):
    kit = workshop.export_kit()
    with laptop_app(laptop_template, tmp_path / "laptop") as laptop:
        result = workshop.cli(
            laptop, "setup", str(kit), env={"TAMKEEN_KIT_PASSPHRASE": workshop.passphrase}
        )
        assert result.exit_code == 0, result.output
        with laptop.app_context():
            names = sorted(db.session.scalars(select(User.username)))
        assert names == ["amal", "badr", "chama", "nadia"]
        make = Factory(laptop)
        make.user("dalia")
        out = tmp_path / "results.tkr"
        result = workshop.cli(laptop, "export-results", "-o", str(out))
        assert result.exit_code == 0, result.output
    result = workshop.import_results(out)
    assert result.exit_code == 0, result.output
    print(result.output)
    result = workshop.import_results(out)
    assert result.exit_code == 0, result.output
    print(result.output)
