"""What the public page will show of an item once its reply is issued as 主动公开, with the personal
data it will leave out marked: for the office, the supervisors and the replying unit, before it goes
public and while it is."""

from __future__ import annotations

from dataclasses import dataclass

from tracker.domain.publication.scrub import Part, parts
from tracker.domain.reads.replies import sees_reply
from tracker.models import Reply, Suggestion, User
from tracker.workflow import Role
from tracker.workflow.i18n import N_
from tracker.workflow.statuses import Disclosure, ReplyStatus

# Who is shown the preview: those who read a reply before it is issued (reads.replies), but
# not the replying unit's co-units or the deputy.
PREVIEWERS = frozenset({Role.OFFICE_STAFF, Role.SUPERVISOR, Role.UNIT_HANDLER, Role.UNIT_LEADER})


@dataclass(frozen=True)
class Preview:
    fields: list[tuple[str, list[Part]]]  # (label msgid, the text cut into kept and removed parts)

    @property
    def removed(self) -> int:
        return sum(p.removed for _, cut in self.fields for p in cut)


def public_preview(item: Suggestion, replies: list[Reply], viewer: User) -> Preview | None:
    """The preview of the item's newest reply that is or may become public, if `viewer` is shown it.

    `replies` are those the viewer reads (the dossier's). A reply issued as anything but 主动公开,
    or returned to the handler, will not be published: no preview.
    """
    reply = next((r for r in reversed(replies) if r.status != ReplyStatus.RETURNED), None)
    if reply is None or not viewer.roles & PREVIEWERS or not sees_reply(viewer, reply):
        return None
    if reply.status == ReplyStatus.ISSUED and reply.disclosure != Disclosure.PUBLIC:
        return None
    return Preview([(N_("Title"), parts(item.title)), (N_("Reasons"), parts(item.reasons)),
                    (N_("Proposals"), parts(item.proposals)), (N_("Reply"), parts(reply.text))])
