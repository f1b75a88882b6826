"""The congresses one deployment serves: each standing committee owns its people, rules and items."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String, false
from sqlalchemy.orm import Mapped, mapped_column

from tracker.extensions import db
from tracker.models.types import UTCDateTime


class Congress(db.Model):
    """人大常委会: 西宁市城东区人民代表大会常务委员会, 西宁市人民代表大会常务委员会, …"""

    __tablename__ = "congress"
    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(40), unique=True)  # in public URLs: /public/<code>
    name: Mapped[str] = mapped_column(String(100))              # 西宁市城东区人民代表大会常务委员会
    short_name: Mapped[str] = mapped_column(String(40))         # 城东区人大常委会
    place: Mapped[str] = mapped_column(String(40))              # 城东区
    office_name: Mapped[str] = mapped_column(String(60), default="")  # 人代联工委, on notices
    name_en: Mapped[str] = mapped_column(String(120), default="")
    short_name_en: Mapped[str] = mapped_column(String(60), default="")
    place_en: Mapped[str] = mapped_column(String(60), default="")
    level: Mapped[str] = mapped_column(String(12), default="county")  # province / city / county
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("congress.id"))
    is_active: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[datetime | None] = mapped_column(UTCDateTime, default=None)
    # Set by its administrator: its office staff, supervisors and administrators sign in with an
    # authenticator's code after the password (tracker.domain.accounts.second_factor).
    second_factor_required: Mapped[bool] = mapped_column(default=False, server_default=false())

    def title(self, lang: str) -> str:
        return (self.short_name_en or self.short_name) if lang == "en" else self.short_name

    def __repr__(self) -> str:
        return f"<Congress {self.code}>"
