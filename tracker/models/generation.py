"""The data generation: one row whose token changes after every commit that changed what pages show."""

from __future__ import annotations

from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column

from tracker.extensions import db


class DataGeneration(db.Model):
    """A random token per generation, not a counter: a database rebuilt from scratch (tests, a
    restored backup) can never repeat an earlier token, so a cache outliving it stays unused."""

    __tablename__ = "data_generation"

    name: Mapped[str] = mapped_column(String(20), primary_key=True)
    token: Mapped[str] = mapped_column(String(32))
