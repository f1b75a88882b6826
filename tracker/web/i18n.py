"""Language choice: zh-CN first, English on request (a ?lang= switch kept in the session)."""

from flask import current_app, request, session
from flask_login import current_user


def select_locale() -> str:
    wanted = request.args.get("lang")
    if wanted in current_app.config["LANGUAGES"]:
        session["lang"] = wanted
    if session.get("lang") in current_app.config["LANGUAGES"]:
        return session["lang"]
    if getattr(current_user, "is_authenticated", False) and current_user.locale:
        return current_user.locale
    return "zh"


def lang() -> str:
    from flask_babel import get_locale

    return str(get_locale() or "zh")[:2]
