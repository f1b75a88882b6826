"""The breakdown tables' cells and the filter's selects, written in Python: some two thousand Jinja
macro calls and WTForms option renderings cost more than all of the page's SQL.

Each cell is the value linked to its drill-down, the numerator and denominator on hover, and a
sortable value for the table's column sort.
"""

from __future__ import annotations

from urllib.parse import urlencode

from markupsafe import Markup, escape

from tracker.domain.metrics.figures import Value


def row_cells(base: str, values: dict[str, Value], columns, args: dict, dim: str, key) -> Markup:
    """The <td> cells of one row; no links on a row without a key (items not yet classified)."""
    out = []
    # Figure keys are plain ASCII words; the row's filter is encoded once for all its cells.
    tail = escape(urlencode({**args, dim: key})) if key is not None else ""
    for c in columns:
        v = values[c]
        text = v.text()
        if key is not None:
            title = f' title="{v.num} / {v.den}"' if v.figure.is_rate else ""
            text = f'<a href="{base}?key={v.figure.key}&amp;part=num&amp;{tail}"{title}>{text}</a>'
        out.append(f'<td class="text-end" data-value="{v.sort_value()}">{text}</td>')
    return Markup("".join(out))


def select_html(field, css: str) -> Markup:
    """A WTForms SelectField as HTML, as its widget would write it, for long option lists."""
    chosen = "" if field.data is None else str(field.data)
    options = []
    for choice in field.choices:
        value, label = (choice.value, choice.label) if hasattr(choice, "value") else choice[:2]
        selected = " selected" if str(value) == chosen else ""
        options.append(f'<option value="{escape(value)}"{selected}>{escape(label)}</option>')
    return Markup(f'<select class="{css}" id="{field.id}" name="{field.name}">{"".join(options)}</select>')
