"""What a reminder says, in the recipient's language: the notice line, and the email's subject and bodies.

Texts live here rather than in the message catalog because the worker renders them with no request
and no locale, for each recipient's own language; labels come from the workflow table.
"""

from __future__ import annotations

from datetime import date
from html import escape

from tracker.workflow import DeadlineKind, label

LANGS = ("zh", "en")
LINES = {
    "zh": {"before": "《{title}》：「{kind}」将于 {due_on} 到期，请及时办理。",
           "today": "《{title}》：「{kind}」今天（{due_on}）到期，请今天内办理。",
           "overdue": "《{title}》：「{kind}」已于 {due_on} 到期，现已逾期，请尽快办理。",
           "escalation": "《{title}》：{owner}的「{kind}」已于 {due_on} 到期未办，请督促办理。",
           "subject": "【代表建议提醒】{line}",
           "digest_subject": "【代表建议】今日提醒（{count} 条）",
           "open": "查看建议", "footer": "本邮件由代表建议办理系统自动发送。"},
    "en": {"before": "“{title}”: {kind} is due on {due_on}.",
           "today": "“{title}”: {kind} is due today ({due_on}).",
           "overdue": "“{title}”: {kind} was due on {due_on} and is overdue.",
           "escalation": "“{title}”: {owner}'s {kind} was due on {due_on} and is overdue; please follow up.",
           "subject": "[Suggestion tracker] {line}",
           "digest_subject": "[Suggestion tracker] Today's reminders ({count})",
           "open": "Open the suggestion", "footer": "Sent automatically by the suggestion tracker."},
}


def lang_of(locale: str | None) -> str:
    return "en" if (locale or "").startswith("en") else "zh"


def line(payload: dict, lang: str, today: date) -> str:
    """One sentence about the deadline as it stands on `today` (the day the reminder went out)."""
    lang = lang_of(lang)
    due = date.fromisoformat(payload["due_on"])
    try:
        kind = label(DeadlineKind(payload["kind"]), lang)
    except ValueError:
        kind = payload.get("kind", "")
    if lang == "en":
        kind = kind[:1].lower() + kind[1:]
    if payload.get("audience", "owner") != "owner" and today > due:
        stage = "escalation"
    else:
        stage = "before" if today < due else "today" if today == due else "overdue"
    owner = payload.get(f"owner_{lang}") or payload.get("owner_zh", "")
    return LINES[lang][stage].format(title=payload.get("title", ""), kind=kind, due_on=due.isoformat(),
                                     owner=owner)


def notice_line(payload: dict, lang: str) -> str:
    """The notice centre's line for a reminder, as of the day it went out."""
    return line(payload, lang, date.fromisoformat(payload.get("sent_on") or payload["due_on"]))


def email(payloads: list[tuple[dict, str]], lang: str, today: date) -> tuple[str, str, str]:
    """(subject, text, html) for one reminder or a digest of several; each with its item link."""
    lang = lang_of(lang)
    t = LINES[lang]
    lines = [(line(p, lang, today), link) for p, link in payloads]
    subject = (t["subject"].format(line=lines[0][0]) if len(lines) == 1
               else t["digest_subject"].format(count=len(lines)))
    text = "\n\n".join(f"{sentence}\n{t['open']}: {link}" for sentence, link in lines)
    text += f"\n\n-- \n{t['footer']}\n"
    items = "".join(f'<li><p>{escape(sentence)}</p>'
                    f'<p><a href="{escape(link)}">{escape(t["open"])}</a></p></li>'
                    for sentence, link in lines)
    html = (f'<!doctype html><html lang="{"zh-CN" if lang == "zh" else "en"}"><body>'
            f"<ul>{items}</ul><p style=\"color:#666\">{escape(t['footer'])}</p></body></html>")
    return subject, text, html


def sms(payloads: list[dict], lang: str, today: date) -> str:
    lang = lang_of(lang)
    if len(payloads) == 1:
        return line(payloads[0], lang, today)
    head = LINES[lang]["digest_subject"].format(count=len(payloads))
    return head + " " + " ".join(line(p, lang, today) for p in payloads[:3])
