"""What a reminder says: the notice line, and the email's subject and bodies, as msgids.

The worker renders them in each recipient's language inside `in_locale(user.locale)` (Flask-Babel's
`force_locale`); the notice centre renders the line in the page's language.
"""

from __future__ import annotations

from datetime import date
from html import escape

from tracker.translations import Label, Message
from tracker.workflow import DeadlineKind
from tracker.workflow.i18n import N_

LINES = {
    "before": N_("“%(title)s”: %(kind)s is due on %(due_on)s."),
    "today": N_("“%(title)s”: %(kind)s is due today (%(due_on)s)."),
    "overdue": N_("“%(title)s”: %(kind)s was due on %(due_on)s and is overdue."),
    "escalation": N_("“%(title)s”: %(owner)s's %(kind)s was due on %(due_on)s and is overdue; please "
                     "follow up."),
}
# Said first by every reminder to a person who works in several congresses (the payload's name).
FROM_CONGRESS = N_("[%(congress)s] %(line)s")
SUBJECT = N_("[Suggestion tracker] %(line)s")
DIGEST_SUBJECT = N_("[Suggestion tracker] Today's reminders (%(count)s)")
OPEN = N_("Open the suggestion")
FOOTER = N_("Sent automatically by the suggestion tracker.")


def lang_of(locale: str | None) -> str:
    return "en" if (locale or "").startswith("en") else "zh"


def owner_of(payload: dict):
    """Who owes the deadline: a person's or unit's name, or the label of a role (the office …)."""
    if payload.get("owner_label"):
        return Label(payload["owner_label"])
    return payload.get("owner") or payload.get("owner_zh", "")  # owner_zh: payloads written before


def line(payload: dict, today: date) -> Message:
    """One sentence about the deadline as it stands on `today` (the day the reminder went out)."""
    due = date.fromisoformat(payload["due_on"])
    try:
        kind = Label(DeadlineKind(payload["kind"]), lower=True)
    except ValueError:
        kind = payload.get("kind", "")
    if payload.get("audience", "owner") != "owner" and today > due:
        stage = "escalation"
    else:
        stage = "before" if today < due else "today" if today == due else "overdue"
    said = Message(LINES[stage], title=payload.get("title", ""), kind=kind, due_on=due.isoformat(),
                   owner=owner_of(payload))
    return Message(FROM_CONGRESS, congress=payload["congress"], line=said) if payload.get("congress") \
        else said


def notice_line(payload: dict) -> Message:
    """The notice centre's line for a reminder, as of the day it went out."""
    return line(payload, date.fromisoformat(payload.get("sent_on") or payload["due_on"]))


def email(payloads: list[tuple[dict, str]], lang: str, today: date,
          note: Message | None = None) -> tuple[str, str, str]:
    """(subject, text, html) for one reminder or a digest of several, in the current locale; `lang`
    is the recipient's language, for the page's lang attribute; `note` a last line (the audit
    chain's head in an administrator's or supervisor's digest)."""
    lines = [(str(line(p, today)), link) for p, link in payloads]
    subject = str(Message(SUBJECT, line=lines[0][0]) if len(lines) == 1
                  else Message(DIGEST_SUBJECT, count=len(lines)))
    open_, footer = str(Message(OPEN)), str(Message(FOOTER))
    text = "\n\n".join(f"{sentence}\n{open_}: {link}" for sentence, link in lines)
    said = f"\n\n{note}" if note is not None else ""
    text += f"{said}\n\n-- \n{footer}\n"
    items = "".join(f'<li><p>{escape(sentence)}</p>'
                    f'<p><a href="{escape(link)}">{escape(open_)}</a></p></li>'
                    for sentence, link in lines)
    html = (f'<!doctype html><html lang="{"zh-CN" if lang == "zh" else "en"}"><body>'
            f"<ul>{items}</ul>{f'<p>{escape(str(note))}</p>' if note is not None else ''}"
            f"<p style=\"color:#666\">{escape(footer)}</p></body></html>")
    return subject, text, html


def sms(payloads: list[tuple[dict, str]], today: date) -> str:
    """The text message for one reminder or a digest, in the current locale, each with its item's
    link (it opens the item, after signing in if needed)."""
    if len(payloads) == 1:
        payload, link = payloads[0]
        return f"{line(payload, today)} {link}"
    head = str(Message(DIGEST_SUBJECT, count=len(payloads)))
    return head + " " + " ".join(f"{line(p, today)} {link}" for p, link in payloads[:3])
