"""Small pieces of list rows drawn once per value instead of once per row.

A state's badge, the key-supervision badge, a due date with its marks and an item's holder depend
only on their arguments, the page's language and today's date; a list of 50 rows draws the same
few again and again, each a macro calling the catalogue and babel. `piece(macro, *args)` renders
the macro of templates/macros/items.html once per language, day and arguments in this process and
gives back the same HTML after that, so the markup still lives in the macro alone.
"""

from __future__ import annotations

from flask import current_app, get_template_attribute
from markupsafe import Markup

from tracker.web.i18n import lang, once
from tracker.web.labels import today

MACROS = "macros/items.html"
# Distinct pieces kept per app: the states, owners and units in each language, and the due dates
# of the last days; past this the memo starts again (a long-lived process meets new dates daily).
LIMIT = 4096


def piece(macro: str, *args) -> Markup:
    """The HTML of `macro` (a macro of macros/items.html) for these hashable arguments."""
    drawn = once("_tracker_pieces", _pieces_now)
    # The types too: str enums of different kinds compare equal (Owner.DEPUTY == Role.DEPUTY) but
    # are labelled apart, and a plain string is not labelled at all.
    key = (macro, args, tuple(map(type, args)))
    html = drawn.get(key)
    if html is None:
        html = drawn[key] = Markup(get_template_attribute(MACROS, macro)(*args))
    return html


def _pieces_now() -> dict:
    """The pieces drawn so far in this page's language and on this day, kept by the app."""
    kept = current_app.extensions.setdefault("tracker_pieces", {})
    if len(kept) >= LIMIT // 64 or sum(map(len, kept.values())) >= LIMIT:  # a new day, a long run
        kept.clear()
    return kept.setdefault((lang(), today()), {})
