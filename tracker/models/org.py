"""People and organisations: users and their roles, deputy groups, committees, categories, units."""

from __future__ import annotations

from sqlalchemy import Column, ForeignKey, String, Table, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from tracker.extensions import db
from tracker.models.types import checked_enum
from tracker.workflow import Role

category_default_unit = Table(
    "category_default_unit",
    db.metadata,
    Column("category_id", ForeignKey("category.id", ondelete="CASCADE"), primary_key=True),
    Column("unit_id", ForeignKey("handling_unit.id", ondelete="CASCADE"), primary_key=True),
)


class DeputyGroup(db.Model):
    """代表小组, usually one per town or street (镇/街道)."""

    __tablename__ = "deputy_group"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(100), unique=True)
    leader_id: Mapped[int | None] = mapped_column(
        ForeignKey("user.id", use_alter=True, name="fk_deputy_group_leader"))
    leader: Mapped[User | None] = relationship(foreign_keys=[leader_id])


class Committee(db.Model):
    """专门委员会 / 工作委员会; each owns categories of suggestions."""

    __tablename__ = "committee"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(100), unique=True)


class HandlingUnit(db.Model):
    """承办单位: a government department or other body that handles suggestions."""

    __tablename__ = "handling_unit"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(100), unique=True)
    short_name: Mapped[str] = mapped_column(String(40), default="")


class Category(db.Model):
    __tablename__ = "category"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(60), unique=True)
    name_en: Mapped[str] = mapped_column(String(60), default="")
    committee_id: Mapped[int] = mapped_column(ForeignKey("committee.id"))
    committee: Mapped[Committee] = relationship()
    default_units: Mapped[list[HandlingUnit]] = relationship(secondary=category_default_unit)


class User(db.Model):
    __tablename__ = "user"
    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(40), unique=True)
    name: Mapped[str] = mapped_column(String(40))
    # Empty or NULL: an imported account nobody has activated yet; it cannot sign in with a password.
    password_hash: Mapped[str | None] = mapped_column(String(200))
    # Set by an administrator's reset: the next sign-in leads to the password page and nowhere else.
    must_change_password: Mapped[bool] = mapped_column(default=False)
    email: Mapped[str] = mapped_column(String(120), default="")
    phone: Mapped[str] = mapped_column(String(20), default="")
    locale: Mapped[str] = mapped_column(String(5), default="zh")
    notify_digest: Mapped[bool] = mapped_column(default=False)
    is_active_user: Mapped[bool] = mapped_column(default=True)
    # A deputy's group; a committee staffer's committee; a unit staffer's unit.
    group_id: Mapped[int | None] = mapped_column(ForeignKey("deputy_group.id"))
    committee_id: Mapped[int | None] = mapped_column(ForeignKey("committee.id"))
    unit_id: Mapped[int | None] = mapped_column(ForeignKey("handling_unit.id"))
    title: Mapped[str] = mapped_column(String(60), default="")  # 职务, e.g. 主任 for supervisors
    group: Mapped[DeputyGroup | None] = relationship(foreign_keys=[group_id])
    committee: Mapped[Committee | None] = relationship()
    unit: Mapped[HandlingUnit | None] = relationship()
    role_rows: Mapped[list[UserRole]] = relationship(
        cascade="all, delete-orphan", back_populates="user", lazy="selectin"
    )

    @property
    def roles(self) -> set[Role]:
        return {r.role for r in self.role_rows}

    def has_role(self, role: Role) -> bool:
        return Role(role) in self.roles

    # Flask-Login's protocol, written out so the model owns no Flask import.
    is_authenticated = True
    is_anonymous = False

    @property
    def is_active(self) -> bool:
        return self.is_active_user

    def get_id(self) -> str:
        return str(self.id)

    def __repr__(self) -> str:
        return f"<User {self.username}>"


class UserRole(db.Model):
    __tablename__ = "user_role"
    __table_args__ = (UniqueConstraint("user_id", "role"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"))
    role: Mapped[Role] = mapped_column(checked_enum(Role, "role"))
    user: Mapped[User] = relationship(back_populates="role_rows")
