"""Site settings: a few values an administrator sets once for the whole site."""

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, String
from sqlalchemy.orm import Mapped, mapped_column

from .database import utcnow
from .extensions import db


class SiteSetting(db.Model):
    __tablename__ = "site_settings"

    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[Any | None] = mapped_column(JSON)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)


def get_setting(key: str, default: Any = None) -> Any:
    setting = db.session.get(SiteSetting, key)
    return default if setting is None or setting.value is None else setting.value


def set_setting(key: str, value: Any) -> None:
    setting = db.session.get(SiteSetting, key)
    if setting is None:
        db.session.add(SiteSetting(key=key, value=value))
    else:
        setting.value = value
    db.session.flush()
