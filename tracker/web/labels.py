"""Labels and colours for what the table does not label: parts' small states, channels, choices."""

from __future__ import annotations

from datetime import date, datetime

from tracker.clock import now
from tracker.domain.deadlines.calendar import CHINA, china_date
from tracker.domain.steps.prereview import CHECKLIST, CODES
from tracker.web.i18n import gettext, once, tr
from tracker.web.i18n import lazy_gettext as _l
from tracker.workflow import FINAL, REVIEW_LAYERS, ROUTED, Action, State

CHANNELS = {"session": _l("Session suggestion"), "between": _l("Between-session suggestion")}
COSIGNER_STATUS = {"invited": _l("Awaiting answer"), "confirmed": _l("Confirmed"),
                   "declined": _l("Declined")}
ASSIGNMENT_STATES = {"awaiting_receipt": _l("Awaiting receipt"), "received": _l("Received"),
                     "released": _l("Released"), "opinion_sent": _l("Opinion sent")}
REPLY_STATUS = {"drafted": _l("Awaiting approval"), "returned": _l("Returned"),
                "issued": _l("Issued")}
PROMISE_STATES = {"open": _l("Open"), "kept": _l("Kept"), "not_kept": _l("Not kept")}
CLOSE_KINDS = {"satisfied": _l("Closed after evaluation"), "no_feedback": _l("No feedback"),
               "concluded": _l("Concluded by the council")}
# Audit actions outside the table (tracker.domain.authoring.drafts).
DRAFT_ACTIONS = {"create_draft": _l("Draft created"), "edit_draft": _l("Draft edited"),
                 # written on the main item by a merge (tracker.domain.steps.merging)
                 "merged_in": _l("Another suggestion merged in"),
                 # tracker.domain.exchange.imports: an item brought in from an office's legacy spreadsheet
                 "import_legacy": _l("Imported from a legacy spreadsheet"),
                 # tracker.domain.authoring.attachments
                 "add_attachment": _l("Attachment added"),
                 "remove_attachment": _l("Attachment removed")}

# One colour per stage of the lifecycle, so a list can be read at a glance.
TONES: dict[State, str] = {}
for _s in (State.DRAFT, State.RETURNED):
    TONES[_s] = "tone-draft"
for _s in (*REVIEW_LAYERS, State.PRE_APPROVED):
    TONES[_s] = "tone-review"
for _s in (State.SUBMITTED, State.REGISTERED):
    TONES[_s] = "tone-registered"
for _s in ROUTED:
    TONES[_s] = "tone-handling"
TONES[State.REPLIED] = "tone-replied"
TONES[State.DISSATISFIED] = TONES[State.ESCALATED] = "tone-alert"
for _s in FINAL:
    TONES[_s] = "tone-ended"
TONES[State.CLOSED] = "tone-closed"


# Buttons that send an item back, refuse, or end it early: drawn in red outline after the step
# forward, so the one a user usually wants is the first and the plainest (see `ordered_offers`).
CAUTION = frozenset({Action.RETURN_FOR_REVISION, Action.ADVISE_WITHDRAWAL, Action.MERGE,
                     Action.CONVERT, Action.REQUEST_WITHDRAWAL, Action.WITHDRAW,
                     Action.DECLINE_REGISTRATION, Action.DECLINE_COSIGN, Action.RETURN_REPLY,
                     Action.REFUSE_REASSIGNMENT, Action.REFUSE_EXTENSION,
                     Action.SEND_BACK_PROMISE_REPORT})


# Actions with a page of their own (a picker, candidates side by side, the record of a talk); the
# action bar links there, and the generic form still takes them.
DEDICATED_PAGES = {Action.INVITE_COSIGNER: "joint.cosigners", Action.MERGE: "review.merge",
                   Action.CONVERT: "review.convert"}


def action_url(item, action: Action, **args) -> str:
    """The page of an action; `args` go to the query string (e.g. which promise it is about)."""
    from flask import url_for

    if action in DEDICATED_PAGES:
        return url_for(DEDICATED_PAGES[action], item_id=item.id, **args)
    return url_for("items.act", item_id=item.id, action=action.value, **args)


def button_class(offer) -> str:
    if offer.action in CAUTION:
        return "btn-outline-danger"
    return "btn-outline-primary" if offer.row.keeps_state else "btn-primary"


def ordered_offers(offers: list) -> list:
    """Steps forward first, then steps that keep the state, then the cautious ones."""
    def rank(offer) -> int:
        return 2 if offer.action in CAUTION else 1 if offer.row.keeps_state else 0
    return sorted(offers, key=rank)


def tone(state) -> str:
    return TONES.get(State(state), "tone-draft")


def action_label(code: str) -> str:
    if code in DRAFT_ACTIONS:
        return str(DRAFT_ACTIONS[code])
    try:
        return tr(Action(code))
    except ValueError:
        return code


def china_time(moment: datetime | None, fmt: str = "%Y-%m-%d %H:%M") -> str:
    return moment.astimezone(CHINA).strftime(fmt) if moment else ""


def today() -> date:
    return once("_tracker_today", lambda: china_date(now()))


def item_url(item_id: int, endpoint: str = "items.show") -> str:
    """`url_for(endpoint, item_id=...)` for list rows, the endpoint's rule ending in the item id
    (items.show, review.review): the rule is built once per request."""
    from flask import url_for

    return once("_tracker_url_" + endpoint, lambda: url_for(endpoint, item_id=0)[:-1]) + str(item_id)


def check_label(code: str) -> str:
    """The label of one pre-review checklist line."""
    for c, msgid in CHECKLIST:
        if c == code:
            return gettext(msgid)
    return code


def ordered_checks(checks: list) -> list:
    """Recorded checklist lines in the checklist's own order (the database returns any order)."""
    return sorted(checks, key=lambda c: CODES.index(c.code) if c.code in CODES else len(CODES))
