"""Where a person lands after signing in: the page a link asked for (notice, mail, SMS), if on this site."""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import request, url_for


def safe_next(target: str | None = None) -> str:
    """Only a path on this site, so a crafted link cannot send a user elsewhere after login."""
    target = request.args.get("next") if target is None else target
    if not target:
        return url_for("items.home")
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//") \
            or "\\" in target:
        return url_for("items.home")
    return target


def asked_next() -> str | None:
    """The page a link asked for (`?next=`), made safe; None when it asked for none."""
    return safe_next() if request.args.get("next") else None
