"""Domain errors: each carries a stable code and an English msgid with params, translated when shown.

The domain never translates: `NotAllowedNow(N_("... %(state)s ..."), state=item.state)` keeps the
msgid and the params; `message()` renders them in the current Babel locale (the request's in the
web layer), showing workflow enums (states, actions, roles, …) by their labels.
"""

from __future__ import annotations

from tracker.translations import Label, catalogue, current, render

__all__ = ["Label"]  # params that are msgids: `NotAllowedNow(N_(...), outcome=Label(msgid))`
from tracker.workflow.i18n import N_


class DomainError(Exception):
    code = "domain_error"
    http_status = 409

    def __init__(self, msgid: str, *, field: str | None = None, **params):
        self.msgid, self.field, self.params = msgid, field, params
        super().__init__(render(msgid, params, catalogue("en")))

    def message(self, lang: str | None = None) -> str:
        """The message in the current locale (or in `lang`, for code outside a request)."""
        return render(self.msgid, self.params, catalogue(lang) if lang else current())

    @property
    def zh(self) -> str:
        return self.message("zh")

    @property
    def en(self) -> str:
        return self.message("en")

    def as_dict(self, lang: str | None = None) -> dict:
        out = {"error": self.code, "message": self.message(lang)}
        if self.field:
            out["field"] = self.field
        return out


class UnknownAction(DomainError):
    code = "unknown_action"
    http_status = 400


class NotAllowedNow(DomainError):
    """The action does not exist in this state, or a condition of it does not hold."""

    code = "not_allowed_now"

    def __init__(self, msgid: str = N_("This cannot be done at this point."), **kwargs):
        super().__init__(msgid, **kwargs)


class RoleNotHeld(DomainError):
    code = "role_not_allowed"
    http_status = 403


class PersonOnly(RoleNotHeld):
    """A service account asked for an act that needs the person's own login or token."""

    code = "person_only"


class NotYourItem(DomainError):
    code = "not_your_item"
    http_status = 403


class ReasonMissing(DomainError):
    code = "reason_missing"
    http_status = 400

    def __init__(self):
        super().__init__(N_("A reason is required."), field="reason")


class InvalidData(DomainError):
    code = "invalid_data"
    http_status = 400


class ActedFirst(DomainError):
    code = "acted_first"

    def __init__(self):
        super().__init__(N_("Someone else acted first; reload to see the current state."))


class StalePage(DomainError):
    """The page the user filled in is out of date: someone acted on the item meanwhile."""

    code = "stale_page"

    def __init__(self, state):
        super().__init__(N_("Someone else acted on this item meanwhile (it is now: %(state)s); nothing was "
                            "saved. What you typed is kept below: check the current state, then send it "
                            "again."), state=state)


class KeyReused(DomainError):
    """An idempotency key sent again with a different request (tracker.domain.idempotency)."""

    code = "idempotency_key_reused"
    http_status = 422

    def __init__(self):
        super().__init__(N_("This idempotency key was already used for a different request; send "
                            "a new key for a new request."), field="Idempotency-Key")


class KeyInProgress(DomainError):
    """The first request with this idempotency key has not finished (or never said how it ended)."""

    code = "idempotency_key_in_progress"

    def __init__(self):
        super().__init__(N_("A request with this idempotency key is still being handled; try again "
                            "in a moment."), field="Idempotency-Key")


def required(field: str) -> InvalidData:
    return InvalidData(N_("Required: %(name)s"), name=field, field=field)
