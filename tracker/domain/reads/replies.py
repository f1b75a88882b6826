"""Who reads a reply before it is issued (签发): the unit that drafts it, the office and the supervisors.

A draft awaiting the leader's sign-off (待签发) or returned to the handler is the unit's working
text; the deputy and the committee staff read the reply once the unit leader has issued it.
"""

from __future__ import annotations

from collections.abc import Iterable

from tracker.domain.reads.queries import UNIT_ROLES
from tracker.models import Reply, User
from tracker.workflow import Role
from tracker.workflow.statuses import ReplyStatus

DRAFT_READERS = frozenset({Role.OFFICE_STAFF, Role.SUPERVISOR})


def sees_reply(user: User, reply: Reply) -> bool:
    """Whether `user`, who may open the reply's item, may read this reply."""
    if reply.status == ReplyStatus.ISSUED or user.roles & DRAFT_READERS:
        return True
    return bool(user.roles & UNIT_ROLES) and user.unit_id is not None and user.unit_id == reply.unit_id


def visible_replies(user: User, replies: Iterable[Reply]) -> list[Reply]:
    return [r for r in replies if sees_reply(user, r)]
