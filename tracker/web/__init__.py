"""The web layer: blueprints by who uses them; views parse, call the domain, render."""

from flask import Flask


def register(app: Flask) -> None:
    pass
