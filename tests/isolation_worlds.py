"""Two congresses with a full world each, for the isolation tests: every kind of row a URL can name
(items in several states, a reply, an attachment, jobs, a notice, a liaison opinion, a session, a
published report), each congress's titles marked so a page can be searched for the other's."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import select

from tests.factories import Factory, World, at
from tracker.domain.accounts import service, tokens
from tracker.domain.authoring.attachments import store
from tracker.domain.liaison import operations as liaison
from tracker.domain.publication.reports import publish_report, scope_for
from tracker.extensions import db
from tracker.models import (
    Attachment,
    Congress,
    Job,
    JobKind,
    JobStatus,
    Membership,
    Outbox,
    Reply,
    ReturnReason,
    SsoProvider,
    Suggestion,
    User,
    UserRole,
    WebhookDelivery,
    WebhookEndpoint,
    WebhookEvent,
    tenancy,
)
from tracker.workflow import Role, State

STATES = (State.DRAFT, State.SUBMITTED, State.OFFICE_REVIEW, State.ASSIGNED, State.REPLIED, State.CLOSED)
# Words of every item title in a congress: the same subject in both (so search and the similar
# finder have a match on each side), a mark of whose it is.
SUBJECT = "关于整治背街小巷积水问题的建议"


@dataclass
class Side:
    """One congress's world and the ids of the rows a URL can name."""

    congress: Congress
    world: World
    mark: str                                   # in every title of this congress's items
    items: dict[State, Suggestion] = field(default_factory=dict)
    ids: dict[str, int | str] = field(default_factory=dict)

    @property
    def titles(self) -> list[str]:
        return [i.title for i in self.items.values()]


def _pdf() -> bytes:
    from tests.attachment_samples import pdf

    return pdf("isolation")


def build_side(make: Factory, congress: Congress, mark: str, attachment_dir: str, *,
               publish: bool) -> Side:
    """A full world in `congress` (which must be in scope) and one row of every kind; its 2026
    report published when `publish`."""
    w = make.world()
    for user in db.session.scalars(select(User)):
        user.password_hash = _cheap()
    w.main_item = make.suggestion(w.deputy2, category=w.category, title=f"{SUBJECT}（{mark}主件）")
    side = Side(congress, w, mark)
    for state in STATES:
        _, item = make.item_in(state, w, start=at(2026, 3, 2))
        item.title = f"{SUBJECT}（{mark}{state.value}）"
        side.items[state] = item
    replied = side.items[State.REPLIED]
    reply = db.session.scalar(select(Reply).where(Reply.suggestion_id == replied.id))
    sha = store(_pdf(), attachment_dir)
    attachment = Attachment(suggestion_id=replied.id, filename=f"{mark}.pdf", mime="application/pdf",
                            size=len(_pdf()), sha256=sha, uploaded_by_id=w.deputy.id,
                            uploaded_at=at(2026, 3, 2))
    db.session.add(attachment)
    export = Job(kind=JobKind.EXPORT, source="items", user_id=w.office.id, filters={},
                 status=JobStatus.DONE, rows_done=1, rows_total=1, file_path="")
    upload = Job(kind=JobKind.IMPORT, source=f"{mark}.xlsx", user_id=w.office.id, filters={},
                 status=JobStatus.QUEUED, result={"headers": ["标题"]})
    roster = Job(kind=JobKind.ROSTER, source=f"{mark}代表名册.xlsx", user_id=w.office.id,
                 filters={"kind": "deputies"}, status=JobStatus.QUEUED, result={"stage": "checked"})
    db.session.add_all([export, upload, roster])
    station = make.station(w.group, f"{mark}基层立法联系点", mark)
    opinion = liaison.log_opinion(db.session, w.deputy, liaison.OpinionInput(
        station_id=station.id, received_on=date(2026, 5, 18), constituent="马大爷",
        content=f"{mark}路灯坏了", address="社区", contact="13912345678"), at=at(2026, 5, 20))
    db.session.flush()
    notice = db.session.scalar(select(Outbox).where(Outbox.recipient_id == w.deputy.id)
                               .order_by(Outbox.id))
    reason = ReturnReason(layer=State.OFFICE_REVIEW, text=f"{mark}请补充数据", created_at=at(2026, 5, 20))
    db.session.add(reason)
    if publish:
        publish_report(db.session, w.office, scope_for(db.session, year=2026), today=date(2026, 5, 20),
                       at=at(2026, 5, 20))
    provider = SsoProvider(name=f"{mark}统一身份认证", issuer="https://idp.example", client_id=mark,
                           client_secret_sealed="", created_at=at(2026, 3, 2), updated_at=at(2026, 3, 2))
    db.session.add(provider)
    account = service.create_service_account(db.session, w.admin, name=f"{mark}办公系统", at=at(2026, 3, 2),
                                             binding=service.Binding(unit_id=w.unit.id))
    token, _ = tokens.create_token(db.session, w.office, name=f"{mark}令牌", scopes=["read"], by=w.office,
                                   at=at(2026, 5, 20))
    endpoint = WebhookEndpoint(url=f"https://hooks.example/{mark}", description=mark,
                               event_types=["suggestion.closed"], secret_sealed="", disabled_reason="",
                               created_at=at(2026, 3, 2), updated_at=at(2026, 3, 2))
    hook_event = WebhookEvent(uid=f"msg_{congress.code}", type="suggestion.closed",
                              payload={"type": "suggestion.closed", "data": {"mark": mark}},
                              created_at=at(2026, 3, 2))
    db.session.add_all([endpoint, hook_event])
    db.session.flush()
    delivery = WebhookDelivery(event_id=hook_event.id, endpoint_id=endpoint.id, attempts=1,
                               next_attempt_at=at(2026, 3, 2), last_status_code=503, last_error="HTTP 503")
    db.session.add(delivery)
    db.session.flush()
    side.ids = {"item_id": replied.id, "reply_id": reply.id, "attachment_id": attachment.id,
                "export_job_id": export.id, "import_job_id": upload.id, "roster_job_id": roster.id,
                "opinion_id": opinion.id, "return_reason_id": reason.id,
                "notice_id": notice.id, "session_id": w.session.id, "unit_id": w.unit.id,
                "user_id": w.office.id,  # a person of this congress alone
                "congress_id": congress.id, "scope_key": "year-2026", "draft_id": side.items[State.DRAFT].id,
                "provider_id": provider.id, "service_account_id": account.id, "api_token_id": token.id,
                "hook_id": endpoint.id, "webhook_delivery_id": delivery.id}
    return side


def _cheap() -> str:
    from tests.web.helpers import CHEAP_HASH

    return CHEAP_HASH


def join_as_deputy(user: User, group_id: int) -> None:
    """The person also becomes a deputy of the congress in scope, in its group there."""
    db.session.add_all([UserRole(user_id=user.id, role=Role.DEPUTY),
                        Membership(user_id=user.id, group_id=group_id)])
    db.session.flush()


def two_congresses(make: Factory, attachment_dir: str) -> tuple[Side, Side]:
    """Congress A (the one in scope, 城东区) and a new congress B (城西区), a world in each; A's
    deputy is a deputy in B too; only B has published its 2026 report. Leaves A in scope and
    everything committed."""
    from tests.conftest import add_congress

    a_id = tenancy.current_congress_id()
    a = build_side(make, db.session.get(Congress, a_id), "东标记", attachment_dir, publish=False)
    db.session.commit()
    b_congress = add_congress("chengxi", "城西区")
    with tenancy.scope(db.session, b_congress.id):
        b = build_side(make, b_congress, "西标记", attachment_dir, publish=True)
        join_as_deputy(a.world.deputy, b.world.group.id)
    db.session.commit()
    return a, b
