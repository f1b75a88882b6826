"""People and organisations: users and their roles, deputy groups, committees, categories, units."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Column, ForeignKey, String, Table, UniqueConstraint, false, select, true
from sqlalchemy.ext.hybrid import hybrid_property
from sqlalchemy.orm import Mapped, mapped_column, relationship

from tracker.extensions import db
from tracker.models.types import UTCDateTime, checked_enum
from tracker.tenancy import CongressOwned
from tracker.workflow import Role

category_default_unit = Table(
    "category_default_unit",
    db.metadata,
    Column("category_id", ForeignKey("category.id", ondelete="CASCADE"), primary_key=True),
    Column("unit_id", ForeignKey("handling_unit.id", ondelete="CASCADE"), primary_key=True),
)


class DeputyGroup(CongressOwned, db.Model):
    """代表小组, usually one per town or street (镇/街道)."""

    __tablename__ = "deputy_group"
    __table_args__ = (UniqueConstraint("congress_id", "name"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(100))
    is_active: Mapped[bool] = mapped_column(default=True)
    leader_id: Mapped[int | None] = mapped_column(
        ForeignKey("user.id", use_alter=True, name="fk_deputy_group_leader"))
    leader: Mapped[User | None] = relationship(foreign_keys=[leader_id])


class Committee(CongressOwned, db.Model):
    """专门委员会 / 工作委员会; each owns categories of suggestions."""

    __tablename__ = "committee"
    __table_args__ = (UniqueConstraint("congress_id", "name"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(100))
    is_active: Mapped[bool] = mapped_column(default=True)
    name_en: Mapped[str] = mapped_column(String(100), default="", server_default="")


class HandlingUnit(CongressOwned, db.Model):
    """承办单位: a government department or other body that handles suggestions."""

    __tablename__ = "handling_unit"
    __table_args__ = (UniqueConstraint("congress_id", "name"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(100))
    is_active: Mapped[bool] = mapped_column(default=True)
    short_name: Mapped[str] = mapped_column(String(40), default="")


class Category(CongressOwned, db.Model):
    __tablename__ = "category"
    __table_args__ = (UniqueConstraint("congress_id", "name"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(60))
    is_active: Mapped[bool] = mapped_column(default=True)
    name_en: Mapped[str] = mapped_column(String(60), default="")
    committee_id: Mapped[int] = mapped_column(ForeignKey("committee.id"))
    committee: Mapped[Committee] = relationship()
    # In a stable order: the first is proposed as the lead unit (PostgreSQL returns a join's rows
    # in whatever order its plan gives without it).
    default_units: Mapped[list[HandlingUnit]] = relationship(secondary=category_default_unit,
                                                             order_by="HandlingUnit.id")


def _placed(column: str, empty=None) -> hybrid_property:
    """A User attribute that is the person's Membership column in the current congress; in SQL,
    a subquery the tenant criterion scopes like any other read."""

    def get(user):
        place = user.membership
        return getattr(place, column) if place is not None else empty

    def put(user, value) -> None:
        setattr(user._place(), column, value)

    def expression(cls):
        return (select(getattr(Membership, column)).where(Membership.user_id == cls.id)
                .scalar_subquery())

    return hybrid_property(get, put, expr=expression)


class User(db.Model):
    """One account per person, on the whole platform; what they do in a congress is on their
    Membership and UserRole rows there, which the tenant criterion loads for the current congress."""

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
    # 大字号 (适老化): every page drawn with a 20 px base font for this person.
    large_text: Mapped[bool] = mapped_column(default=False, server_default=false())
    is_active_user: Mapped[bool] = mapped_column(default=True)
    # The platform administrator creates congresses and their first administrators; no congress.
    is_platform_admin: Mapped[bool] = mapped_column(default=False)
    # A system's account (tracker.domain.accounts.service): no password, signs in on no page, acts
    # only through its API tokens, and never signs off a reply or evaluates one (PERSON_ONLY).
    is_service_account: Mapped[bool] = mapped_column(default=False, server_default=false())
    # The optional second factor (RFC 6238 TOTP, tracker.domain.accounts.second_factor): the secret
    # encrypted with a key derived from the app's secret, never shown again once confirmed; set but
    # not confirmed: an enrolment under way. The last accepted time step, so a code is used once.
    totp_secret: Mapped[str | None] = mapped_column(String(300))
    totp_confirmed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    totp_last_step: Mapped[int | None] = mapped_column()
    memberships: Mapped[list[Membership]] = relationship(
        cascade="all, delete-orphan", back_populates="user", lazy="selectin")
    role_rows: Mapped[list[UserRole]] = relationship(
        cascade="all, delete-orphan", back_populates="user", lazy="selectin"
    )

    @property
    def membership(self) -> Membership | None:
        """This person's place in the current congress (the criterion loads only that one)."""
        return self.memberships[0] if self.memberships else None

    def _place(self) -> Membership:
        if not self.memberships:
            self.memberships.append(Membership())
        return self.memberships[0]

    def place_here(self) -> Membership:
        """This person's membership in the current congress, made if they have none yet."""
        return self._place()

    # A deputy's group; a committee staffer's committee; a unit staffer's unit; all per congress.
    group_id = _placed("group_id")
    committee_id = _placed("committee_id")
    unit_id = _placed("unit_id")
    title = _placed("title", "")  # 职务, e.g. 主任 for supervisors

    @property
    def group(self) -> DeputyGroup | None:
        return self.membership.group if self.membership else None

    @property
    def committee(self) -> Committee | None:
        return self.membership.committee if self.membership else None

    @property
    def unit(self) -> HandlingUnit | None:
        return self.membership.unit if self.membership else None

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


class Membership(CongressOwned, db.Model):
    """A person's place in one congress: their group, committee or unit and title there."""

    __tablename__ = "membership"
    __table_args__ = (UniqueConstraint("user_id", "congress_id"),
                      UniqueConstraint("congress_id", "card_number"))
    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"))
    group_id: Mapped[int | None] = mapped_column(ForeignKey("deputy_group.id"))
    committee_id: Mapped[int | None] = mapped_column(ForeignKey("committee.id"))
    unit_id: Mapped[int | None] = mapped_column(ForeignKey("handling_unit.id"))
    title: Mapped[str] = mapped_column(String(60), default="")
    # A deputy re-elected at the last change of term (换届), or elected since; False: their term
    # ended, they may no longer draft or co-sign (tracker.domain.people.terms), their items go on.
    in_office: Mapped[bool] = mapped_column(default=True, server_default=true())
    # Deactivated in this congress by an administrator: their roles here are gone, history stays.
    ended_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # 代表证号: a deputy's card number in this congress, the roster import's key (NULL: none given).
    card_number: Mapped[str | None] = mapped_column(String(40))
    user: Mapped[User] = relationship(back_populates="memberships")
    group: Mapped[DeputyGroup | None] = relationship(foreign_keys=[group_id])
    committee: Mapped[Committee | None] = relationship()
    unit: Mapped[HandlingUnit | None] = relationship()


class UserRole(CongressOwned, db.Model):
    __tablename__ = "user_role"
    __table_args__ = (UniqueConstraint("user_id", "congress_id", "role"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"))
    role: Mapped[Role] = mapped_column(checked_enum(Role, "role"))
    user: Mapped[User] = relationship(back_populates="role_rows")


class Term(CongressOwned, db.Model):
    """A term of the congress (届, e.g. 第十八届): opened by the office at the change of term (换届)."""

    __tablename__ = "term"
    __table_args__ = (UniqueConstraint("congress_id", "ordinal"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    ordinal: Mapped[int]
    starts_on: Mapped[date]
    opened_at: Mapped[datetime] = mapped_column(UTCDateTime)
