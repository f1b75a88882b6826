"""What an authenticator app is shown to set it up: a QR code (segno, drawn as inline SVG) and the
secret in groups of four for typing by hand."""

from __future__ import annotations

import segno
from markupsafe import Markup

from tracker.domain.accounts.second_factor import provisioning_uri
from tracker.models import User


def setup_view(user: User, secret: str) -> dict:
    uri = provisioning_uri(user, secret)
    # segno escapes nothing it is given but the URI's own characters; the SVG holds no script.
    svg = segno.make(uri, error="m").svg_inline(scale=5, border=2, omitsize=False)
    return {"qr": Markup(svg), "grouped": " ".join(secret[i:i + 4] for i in range(0, len(secret), 4)),
            "uri": uri}
