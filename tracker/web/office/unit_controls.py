"""The batch routing form's unit controls: a lead-unit select and a co-unit checkbox per unit on
every row, 40 units × 50 rows, about 4,000 controls a page.

Drawn as a template loop they were most of the page's cost (several escapes and look-ups per
control); here each unit's name is escaped once, a select's options are built once per chosen
lead unit, and a row's checkboxes are one join of ready-made strings. The markup is the one
templates/office/routing.html drew, unchanged.
"""

from __future__ import annotations

from markupsafe import Markup, escape

OPTION = '<option value="{id}" {selected}>{name}</option>'
CHECK = ('<div class="form-check">\n'
         '<input class="form-check-input" type="checkbox" name="co-{item}" value="{id}" '
         'id="co-{item}-{id}" {checked}>\n'
         '<label class="form-check-label small" for="co-{item}-{id}">{name}</label>\n'
         '</div>\n')


class UnitControls:
    """The controls for one list of units (listing.Choice rows, in the page's order)."""

    def __init__(self, units):
        self.units_listed = list(units)  # as given, for the page's other lists of units
        self.units = [(u.id, str(escape(u.name))) for u in units]
        self._options: dict[int | None, Markup] = {}

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

    def names(self, chosen) -> list[str]:
        """The names of the chosen units, in the page's order (the row's summary)."""
        return [Markup(name) for uid, name in self.units if uid in chosen]
