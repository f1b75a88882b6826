"""Domain errors: each carries a stable code and a message in Chinese and English for the user."""

from __future__ import annotations


class DomainError(Exception):
    code = "domain_error"
    http_status = 409

    def __init__(self, zh: str, en: str, *, field: str | None = None):
        super().__init__(en)
        self.zh, self.en, self.field = zh, en, field

    def message(self, lang: str = "zh") -> str:
        return self.zh if lang.startswith("zh") else self.en

    def as_dict(self, lang: str = "zh") -> dict:
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


class RoleNotHeld(DomainError):
    code = "role_not_allowed"
    http_status = 403


class NotYourItem(DomainError):
    code = "not_your_item"
    http_status = 403


class ReasonMissing(DomainError):
    code = "reason_missing"
    http_status = 400

    def __init__(self):
        super().__init__("请填写理由或意见。", "A reason is required.", field="reason")


class InvalidData(DomainError):
    code = "invalid_data"
    http_status = 400


class ActedFirst(DomainError):
    code = "acted_first"

    def __init__(self):
        super().__init__("其他人已先行处理此件，请刷新后查看最新状态。",
                         "Someone else acted first; reload to see the current state.")


class StalePage(DomainError):
    """The page the user filled in is out of date: someone acted on the item meanwhile."""

    code = "stale_page"

    def __init__(self, state_zh: str, state_en: str):
        super().__init__(
            f"其他人已先行处理此件（当前状态：{state_zh}），您的内容尚未保存。"
            "您填写的内容已保留在下方，请核对最新情况后再提交。",
            f"Someone else acted on this item meanwhile (it is now: {state_en}); nothing was "
            "saved. What you typed is kept below: check the current state, then send it again.")


def required(field: str) -> InvalidData:
    return InvalidData(f"请填写：{field}", f"Required: {field}", field=field)
