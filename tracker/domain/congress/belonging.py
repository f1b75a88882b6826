"""Who works in more than one congress, and the congress's name their messages then carry."""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import func, select

from tracker.models import Congress, UserRole
from tracker.models.tenancy import ALL_CONGRESSES, current_congress_id


def in_several(session, user_ids: Iterable[int]) -> set[int]:
    """Those of `user_ids` who hold a role in two congresses or more (a platform-wide read)."""
    ids = set(user_ids)
    if not ids:
        return set()
    stmt = (select(UserRole.user_id).where(UserRole.user_id.in_(ids)).group_by(UserRole.user_id)
            .having(func.count(func.distinct(UserRole.congress_id)) > 1)
            .execution_options(**{ALL_CONGRESSES: True}))
    return set(session.scalars(stmt))


def congress_name(session, lang: str) -> str:
    """The current congress's short name in `lang`, as a message to such a person names it."""
    congress = session.get(Congress, current_congress_id())
    return congress.title(lang) if congress is not None else ""
