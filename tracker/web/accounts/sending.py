"""A code's message goes out after the response is sent: the answer takes as long for a number that
is nobody's as for one that is somebody's, and a slow gateway never holds the page up."""

from __future__ import annotations

from flask import after_this_request, current_app

from tracker.domain.accounts.codes import Outgoing
from tracker.domain.accounts.delivery import Channels, deliver
from tracker.domain.channels import ChannelError


def send_after_response(*sent: Outgoing | None) -> None:
    for out in sent:
        if out is not None:
            _send_later(out)


def _send_later(out: Outgoing) -> None:
    config, logger = current_app.config, current_app.logger
    channels = Channels(config["MAIL_URL"], config["MAIL_FROM"], config["SMS_URL"], config["SMS_KEY"])

    def send() -> None:
        try:
            deliver(out, channels)
        except ChannelError as exc:  # the person asks again; the page could not say more anyway
            logger.warning("one-time code %s not sent: %s", out.message_id, exc)

    @after_this_request
    def later(response):
        response.call_on_close(send)
        return response
