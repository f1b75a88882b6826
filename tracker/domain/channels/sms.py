"""SMS through a gateway adapter: an HTTP gateway (SMS_URL + SMS_KEY) or a log file (the demo).

The HTTP backend POSTs JSON {"id", "to", "text"} with `Authorization: Bearer <key>` and an
`Idempotency-Key` equal to the id, which comes from the ledger row: a gateway that honours it drops
the repeat when a worker died after sending and before recording.
"""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import unquote, urlsplit

from tracker.domain.channels import ChannelError

TIMEOUT = 10


def send_sms(url: str, key: str, sms_id: str, to: str, text: str) -> None:
    parts = urlsplit(url)
    if parts.scheme == "file":
        path = Path(unquote(parts.path))
        path.parent.mkdir(parents=True, exist_ok=True)
        with open(path, "a", encoding="utf-8") as log:
            log.write(json.dumps({"id": sms_id, "to": to, "text": text,
                                  "at": datetime.now(UTC).isoformat(timespec="seconds")},
                                 ensure_ascii=False) + "\n")
        return
    if parts.scheme not in ("http", "https"):
        raise ChannelError(f"unknown SMS_URL scheme {parts.scheme!r}")
    body = json.dumps({"id": sms_id, "to": to, "text": text}, ensure_ascii=False).encode()
    request = urllib.request.Request(url, data=body, method="POST", headers={
        "Content-Type": "application/json; charset=utf-8", "Authorization": f"Bearer {key}",
        "Idempotency-Key": sms_id})
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT) as response:
            if not 200 <= response.status < 300:
                raise ChannelError(f"SMS gateway answered {response.status}")
    except (urllib.error.URLError, OSError) as exc:
        raise ChannelError(f"SMS gateway: {exc}") from exc
