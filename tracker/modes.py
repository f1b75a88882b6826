"""The run mode (TRACKER_ENV: demo, test or production) and the secret key each mode accepts."""

from __future__ import annotations

import os
import secrets
from pathlib import Path

MODES = ("demo", "test", "production")
# The key this app shipped with until issue 14: anyone could sign a cookie with it, so no mode takes it.
OLD_DEFAULT_KEY = "demo-only-secret-change-me"
KEY_MIN_CHARS = 32  # secrets.token_urlsafe(32) gives 43
KEY_FILE = "secret_key"  # the demo's own key, in its instance folder


class StartRefused(RuntimeError):
    """The configuration is unsafe for the mode: the app, the CLI and the workers do not start."""


def settle(config: dict, instance: Path) -> None:
    """Check TRACKER_ENV and set config["SECRET_KEY"]: production must be given a strong one; the demo
    and the tests take the one given, else one made at random once and kept in the instance folder
    (so the web process and the workers of one install share it)."""
    mode = config.get("TRACKER_ENV") or "demo"
    if mode not in MODES:
        raise StartRefused(f"TRACKER_ENV={mode!r} is not one of {', '.join(MODES)}.")
    key = config.get("SECRET_KEY") or ""
    if key == OLD_DEFAULT_KEY:
        raise StartRefused("TRACKER_SECRET_KEY is the old demo default, which anyone can sign cookies "
                           "with: set a new random key (python3 -c 'import secrets; "
                           "print(secrets.token_urlsafe(48))').")
    if mode == "production":
        if not key:
            raise StartRefused("TRACKER_ENV=production needs TRACKER_SECRET_KEY: it is missing. Set a "
                               "random key of at least 32 characters (python3 -c 'import secrets; "
                               "print(secrets.token_urlsafe(48))').")
        if len(key) < KEY_MIN_CHARS or len(set(key)) < 10:
            raise StartRefused(f"TRACKER_SECRET_KEY is too short or too plain for production: use a random "
                               f"key of at least {KEY_MIN_CHARS} characters.")
    elif not key:
        config["SECRET_KEY"] = instance_key(instance)


def instance_key(instance: Path) -> str:
    """The key kept in the instance folder, made once (readable by its owner only). Written whole
    to a file of its own, then linked into place: of two processes starting at once, both read the
    first one linked."""
    path = instance / KEY_FILE
    if not path.exists():
        instance.mkdir(parents=True, exist_ok=True)
        draft = instance / f".{KEY_FILE}.{os.getpid()}"
        fd = os.open(draft, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w") as out:
            out.write(secrets.token_urlsafe(48))
        try:
            os.link(draft, path)
        except FileExistsError:
            pass
        finally:
            draft.unlink()
    return path.read_text().strip()
