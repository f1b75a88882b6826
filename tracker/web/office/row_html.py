"""The batch routing table's rows as HTML: one format string per row, the page's words translated once.

Drawn by the template's loop a row cost some sixty yields and fifteen escapes (about 45 µs, half of
what is left of the page's drawing); here a row is one `str.format` of escaped values. The markup is
the one templates/office/routing.html drew.
"""

from __future__ import annotations

from flask import url_for
from flask_babel import gettext as _
from markupsafe import Markup, escape

from tracker.web.i18n import local_name
from tracker.web.office.unit_controls import UnitControls
from tracker.web.pieces import piece

ROW = """<tr data-item="{id}" class="{danger}">
<td class="text-center route-include"><input class="form-check-input" type="checkbox" name="include" \
value="{id}" id="include-{id}" {checked} aria-label="{include}"></td>
<td>
<label for="include-{id}" class="item-title d-block">{title}</label>
<div class="small text-muted">{label} · {category} · {channel}{proposed}</div>{error}
</td>
<td class="text-nowrap">{author}</td>
<td>
<select class="form-select form-select-sm lead-select" name="lead-{id}" aria-label="{lead}">
<option value="">—</option>
{options}
</select>
</td>
<td>
<details class="co-units" data-co-units="{id}">
<summary class="small">{names}</summary>
<div class="co-list">
{co}
</div>
</details>
</td>
<td class="route-one"><button class="btn btn-primary" type="submit" name="only" value="{id}">\
{route}</button></td>
</tr>
"""
ERROR = '\n<div class="text-danger small fw-semibold" data-row-error="{id}">{message}</div>'
# A row not refused sends its co-units as hidden inputs until opened, when app.js copies the
# checkboxes of the page's <template> in their place; without script, the item's own page.
UNOPENED = '{hidden}\n<noscript><a class="small" href="{head}/{id}/{tail}">{change}</a></noscript>'


def routing_rows(items, choices: dict, failed: dict[int, str], controls: UnitControls) -> Markup:
    """The <tr>s of the batch form: `items` (routing.RoutingRow), each with its `choices` (RowChoice)
    and, for a refused row, the message of `failed`."""
    words = {"include": escape(_("Include")), "lead": escape(_("Lead unit")),
             "route": escape(_("Route this item"))}
    none = Markup('<span class="text-muted">%s</span>') % _("None")
    uncategorised, proposed = escape(_("Uncategorised")), Markup(_("Proposed: %(unit)s"))
    change = escape(_("To change them without JavaScript, route the item from its own page."))
    head, tail = url_for("items.act", item_id=0, action="route").rsplit("/0/", 1)
    channels, categories, out = {}, {}, []  # each channel's label and category's name, once a page
    for item in items:
        c, error = choices[item.id], failed.get(item.id)
        channel = channels.get(item.channel)
        if channel is None:
            channel = channels[item.channel] = piece("channel", item.channel.value)
        category = categories.get(item.category, uncategorised)
        if item.category is not None and item.category not in categories:
            category = categories[item.category] = escape(local_name(item.category))
        co = (controls.co_checks(item.id, c.co_ids) if error is not None else
              UNOPENED.format(hidden=controls.co_hidden(item.id, c.co_ids), head=head, id=item.id,
                              tail=tail, change=change))
        out.append(ROW.format(
            id=item.id, danger="table-danger" if error is not None else "",
            checked="checked" if c.included else "", title=escape(item.title),
            label=escape(item.registration_label or f"#{item.id}"),
            category=category, channel=channel,
            proposed=" · " + proposed % {"unit": item.proposed_unit.name} if item.proposed_unit else "",
            error=ERROR.format(id=item.id, message=escape(error)) if error is not None else "",
            author=escape(item.author_name), options=controls.lead_options(c.lead_id),
            names=Markup("、").join(controls.names(c.co_ids)) or none, co=co, **words))
    return Markup("".join(out))
