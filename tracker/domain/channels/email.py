"""Email by SMTP (smtplib), or appended to a log file when MAIL_URL is file:// (the demo's mail log).

MAIL_URL: `smtp://host:port`, `smtp+starttls://user:password@host:port`, `smtps://…`, or
`file:///path/mail.log`. One connection serves a whole batch; the Message-ID comes from the ledger
row, so a message sent twice (a worker died between sending and recording) is recognisably the same.
"""

from __future__ import annotations

import smtplib
import ssl
from contextlib import contextmanager
from email.header import Header, decode_header, make_header
from email.mime.multipart import MIMEMultipart
from email.mime.text import MIMEText
from email.utils import formataddr, formatdate, parseaddr
from pathlib import Path
from urllib.parse import unquote, urlsplit

from tracker.domain.channels import ChannelError, Refused

TIMEOUT = 10


def build(sender: str, to: str, subject: str, text: str, html: str, message_id: str,
          lang: str) -> MIMEMultipart:
    """Text and HTML alternatives. The compat32 MIME classes: several times quicker to build than
    EmailMessage's header registry, which matters at thousands of mails a minute."""
    msg = MIMEMultipart("alternative")
    msg["From"], msg["To"] = _encoded_address(sender), _encoded_address(to)
    msg["Subject"] = Header(subject, "utf-8")
    msg["Message-ID"] = f"<{message_id}@{sender.rsplit('@', 1)[-1].strip('>') or 'tracker'}>"
    msg["Date"] = formatdate(localtime=False)
    msg["Content-Language"] = "zh-CN" if lang == "zh" else "en"
    msg.attach(MIMEText(text, "plain", "utf-8"))
    msg.attach(MIMEText(html, "html", "utf-8"))
    msg.plain_text, msg.subject_text = text, subject  # for the file backend, which people read
    return msg


def _encoded_address(value: str) -> str:
    name, address = parseaddr(value)
    return formataddr((name, address), charset="utf-8")


class FileMailer:
    def __init__(self, path: Path):
        self.path = path
        path.parent.mkdir(parents=True, exist_ok=True)

    def send(self, msg: MIMEMultipart) -> None:
        # Readable rather than raw MIME: the demo's "mail log" is for people to read.
        to = str(make_header(decode_header(msg["To"])))
        with open(self.path, "a", encoding="utf-8") as log:
            log.write(f"From tracker {msg['Date']}\nMessage-ID: {msg['Message-ID']}\nTo: {to}\n"
                      f"Subject: {msg.subject_text}\n\n{msg.plain_text}\n")


class SMTPMailer:
    def __init__(self, client: smtplib.SMTP):
        self.client = client

    def send(self, msg: MIMEMultipart) -> None:
        try:
            self.client.send_message(msg)
        except smtplib.SMTPRecipientsRefused as exc:
            raise Refused(f"SMTP refused {', '.join(exc.recipients)}") from exc
        except (smtplib.SMTPException, OSError) as exc:
            raise ChannelError(f"SMTP: {exc}") from exc


@contextmanager
def mailer(url: str):
    """A sender for one batch: yields an object with send(message); ChannelError if unreachable."""
    parts = urlsplit(url)
    if parts.scheme == "file":
        yield FileMailer(Path(unquote(parts.path)))
        return
    if parts.scheme not in ("smtp", "smtps", "smtp+starttls"):
        raise ChannelError(f"unknown MAIL_URL scheme {parts.scheme!r}")
    try:
        if parts.scheme == "smtps":
            client = smtplib.SMTP_SSL(parts.hostname, parts.port or 465, timeout=TIMEOUT,
                                      context=ssl.create_default_context())
        else:
            client = smtplib.SMTP(parts.hostname, parts.port or 25, timeout=TIMEOUT)
            if parts.scheme == "smtp+starttls":
                client.starttls(context=ssl.create_default_context())
        if parts.username:
            client.login(unquote(parts.username), unquote(parts.password or ""))
    except (smtplib.SMTPException, OSError) as exc:
        raise ChannelError(f"SMTP {parts.hostname}:{parts.port}: {exc}") from exc
    try:
        yield SMTPMailer(client)
    finally:
        try:
            client.quit()
        except (smtplib.SMTPException, OSError):
            client.close()


def address(name: str, email: str) -> str:
    return formataddr((name, email), charset="utf-8")
