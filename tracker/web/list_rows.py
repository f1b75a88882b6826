"""List rows drawn in Python from ready-made strings: the item link every list shows, the
all-items list's rows and the unit inbox's.

As template loops the rows were half of a list page's cost (a macro call, a dozen escapes and
several filter and catalogue calls a row). Here a row's values are escaped once and the row is one
format of a fixed string; what repeats (a state's badge, a channel, a due date) comes from
tracker.web.pieces, drawn once by the macros of templates/macros/items.html. The markup is the
one the templates drew, unchanged.
"""

from __future__ import annotations

from flask_babel import gettext as _
from markupsafe import Markup, escape

from tracker.web.i18n import local_date, local_time, tr
from tracker.web.labels import item_url, today
from tracker.web.pieces import piece

LINK = ('<a href="{url}" class="item-title">{title}</a>\n<div class="small text-muted">\n'
        '{label} · {channel}\n{key}\n</div>\n')
ITEM_ROW = ('<tr data-item="{id}">\n<td>{link}</td>\n<td class="text-nowrap">{author}</td>\n'
            '<td>{state}</td>\n{holder}<td class="text-nowrap small text-muted">{updated}</td>\n</tr>\n')
HOLDER = '<td>{}</td>\n<td class="text-nowrap">{}</td>\n'
NO_HOLDER = ('<td><span class="text-muted">—</span></td><td class="text-nowrap">'
             '<span class="text-muted">—</span></td>\n')


def item_link(item) -> Markup:
    """The title linked to the item, its number, channel and key mark, as every list shows them (a
    template global too; `item`: a Suggestion or a list's plain row with the same names)."""
    return Markup(LINK).format(url=item_url(item.id), title=escape(item.title),
                       label=escape(item.registration_label or f"#{item.id}"),
                       channel=piece("channel", item.channel.value),
                       key=piece("key_mark", "ms-1") if item.is_key else "")


def item_rows(items, holders: dict) -> Markup:
    """The <tr>s of one page of the all-items list (listing.ItemRow rows, queries.Holder by id)."""
    out = []
    for item in items:
        h = holders.get(item.id)
        holder = (HOLDER.format(piece("holder_of", h.deadline.owner, h.name),
                                piece("due_on", h.deadline.due_on, h.deadline.provisional))
                  if h else NO_HOLDER)
        out.append(ITEM_ROW.format(id=item.id, link=item_link(item), author=escape(item.author_name),
                                   state=piece("state_mark", item.state), holder=holder,
                                   updated=escape(local_time(item.updated_at))))
    return Markup("".join(out))


INBOX_ROW = ('<tr data-item="{id}" data-role="{role}">\n<td>{urgency}</td>\n<td>{link}</td>\n'
             '<td>{part}</td>\n<td>{state}</td>\n<td>{steps}</td>\n'
             '<td class="text-nowrap">{dues}</td>\n</tr>\n')
NOTHING = '<span class="text-muted">—</span>'


def inbox_rows(entries) -> Markup:
    """The <tr>s of one page of a unit's inbox (inbox.Entry rows with listing.ItemRow items)."""
    parts = {True: f'<span class="badge text-bg-primary" data-tag="lead">{escape(_("Lead"))}</span>',
             False: f'<span class="badge text-bg-info" data-tag="co">{escape(_("Co-handling"))}</span>'}
    provisional = (' <span class="badge badge-provisional" title="{}">{}</span>'.format(
        escape(_("Counted without the official holiday schedule of that year; it will be recomputed.")),
        escape(_("provisional"))))
    day, steps = today(), {}
    out = []
    for e in entries:
        owed = e.deadlines
        for d in owed:
            if d.kind not in steps:
                steps[d.kind] = f"<div>{escape(tr(d.kind))}</div>"
        dues = "".join(f'<div class="{"text-danger fw-semibold" if d.due_on < day else ""}">'
                       f'{escape(local_date(d.due_on))}{provisional if d.provisional else ""}</div>'
                       for d in owed)
        out.append(INBOX_ROW.format(
            id=e.item.id, role="lead" if e.is_lead else "co", urgency=piece("urgency_mark", e.urgency),
            link=item_link(e.item), part=parts[e.is_lead], state=piece("state_mark", e.item.state),
            steps="".join(steps[d.kind] for d in owed) or NOTHING, dues=dues or NOTHING))
    return Markup("".join(out))
