"""Sending a code's message through the reminders' own channels (SMS gateway or log, SMTP or log)."""

from __future__ import annotations

from dataclasses import dataclass
from html import escape

from tracker.domain.accounts.codes import Outgoing
from tracker.domain.channels import email as mail
from tracker.domain.channels.sms import send_sms
from tracker.models import CodeChannel


@dataclass(frozen=True)
class Channels:
    """The installation's channel settings (MAIL_URL, MAIL_FROM, SMS_URL, SMS_KEY), read once in the
    request: the message goes out after the response, when the app's config is no longer at hand."""

    mail_url: str
    mail_from: str
    sms_url: str
    sms_key: str


def deliver(out: Outgoing, channels: Channels) -> None:
    """Send one code; raises tracker.domain.channels.ChannelError when the channel cannot take it."""
    if out.channel is CodeChannel.SMS:
        send_sms(channels.sms_url, channels.sms_key, out.message_id, out.to, out.text)
        return
    html = f"<p>{escape(out.text)}</p>"
    with mail.mailer(channels.mail_url) as sender:
        sender.send(mail.build(channels.mail_from, mail.address(out.name, out.to), out.subject, out.text,
                               html, out.message_id, out.lang))
