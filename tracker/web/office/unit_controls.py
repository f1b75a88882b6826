"""The batch routing form's unit controls (lead-unit selects, co-unit checkboxes) and print links.

40 units × 50 rows would be about 4,000 controls a page. Each unit's name is escaped once and a
select's options are built once per chosen lead unit. The co-unit checkboxes are drawn once, in a
<template> that app.js copies into a row when its list is first opened; until then a row holds its
chosen co-units as hidden inputs of the same name (a refused row is drawn with its checkboxes).
"""

from __future__ import annotations

from markupsafe import Markup, escape

OPTION = '<option value="{id}" {selected}>{name}</option>'
CHECK = ('<div class="form-check">\n'
         '<input class="form-check-input" type="checkbox" name="co-{item}" value="{id}" '
         'id="co-{item}-{id}" {checked}>\n'
         '<label class="form-check-label small" for="co-{item}-{id}">{name}</label>\n'
         '</div>\n')
LINK = '<a class="btn btn-sm btn-outline-secondary" href="{head}/{id}/{tail}">{name}</a>'
HIDDEN = '<input type="hidden" name="co-{item}" value="{id}">'
# One checkbox of the <template>: app.js gives it the row's name and id, and the label its `for`.
BLANK = ('<div class="form-check"><input class="form-check-input" type="checkbox" value="{id}">'
         '<label class="form-check-label small">{name}</label></div>')


class UnitControls:
    """The controls for one list of units (listing.Choice rows, in the page's order)."""

    def __init__(self, units):
        self.units = [(u.id, str(escape(u.name))) for u in units]
        self._options: dict[int | None, Markup] = {}
        self._named = {uid: (i, Markup(name)) for i, (uid, name) in enumerate(self.units)}
        self._template = Markup("".join(BLANK.format(id=uid, name=name) for uid, name in self.units))

    def lead_options(self, selected: int | None) -> Markup:
        """Every unit as an <option> of the lead-unit select, `selected` chosen."""
        found = self._options.get(selected)
        if found is None:
            found = self._options[selected] = Markup("".join(
                OPTION.format(id=uid, name=name, selected="selected" if uid == selected else "")
                for uid, name in self.units))
        return found

    def co_checks(self, item_id: int, chosen) -> Markup:
        """Every unit as a co-unit checkbox of row `item_id`, those in `chosen` ticked."""
        return Markup("".join(
            CHECK.format(item=item_id, id=uid, name=name, checked="checked" if uid in chosen else "")
            for uid, name in self.units))

    def co_hidden(self, item_id: int, chosen) -> Markup:
        """Row `item_id`'s chosen co-units as hidden inputs: what the row sends until it is opened."""
        return Markup("".join(HIDDEN.format(item=item_id, id=uid) for uid in chosen))

    def co_template(self) -> Markup:
        """Every unit as an unnamed co-unit checkbox, for the page's one <template>."""
        return self._template

    def links(self, url: str) -> Markup:
        """A link per unit to `url`, the URL of unit 0 (one url_for a page, not one a unit)."""
        head, tail = url.rsplit("/0/", 1)
        return Markup("".join(LINK.format(head=head, id=uid, tail=tail, name=name)
                              for uid, name in self.units))

    def names(self, chosen) -> list[str]:
        """The names of the chosen units, in the page's order (the row's summary)."""
        return [name for _, name in sorted(self._named[uid] for uid in set(chosen) if uid in self._named)]
