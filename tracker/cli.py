"""Commands under `flask --app tracker`: database, demo data, the workflow table and diagram."""

from flask import Flask


def register(app: Flask) -> None:
    pass
