"""The review queue's table rows, drawn in Python from ready-made strings.

As a template loop they were half of the page's cost (about 25 escapes, two catalogue look-ups
and a dozen filter and macro calls a row). Here the words every row repeats are translated once
per page, a row's values are escaped once, and each row is one format of a fixed string. The
markup is the one templates/review/_queue.html drew, unchanged; tests read it as they did.
"""

from __future__ import annotations

from flask_babel import gettext as _
from markupsafe import Markup, escape

from tracker.web.i18n import local_date, local_name, local_time
from tracker.web.labels import item_url
from tracker.web.pieces import piece
from tracker.workflow import DEADLINE_SPEC, LAYER_DEADLINE

ROW = ('<tr data-item="{id}">\n<td>\n<a class="item-title" href="{url}">{title}</a>\n'
       '<div class="small text-muted">#{id}{version}</div>\n</td>\n'
       '<td class="text-nowrap">{author}{group}</td>\n<td>{category}</td>\n'
       '<td class="small">{channel}{session}</td>\n{layer}'
       '<td class="text-nowrap small">{entered}</td>\n<td class="text-end text-nowrap">\n'
       '<span class="waiting{overdue}" data-waiting="{days}" title="{due_word} {due} · {limit}">'
       '{days}</span>\n'
       '{badge}</td>\n<td class="text-end"><a class="btn btn-sm btn-outline-primary text-nowrap" '
       'href="{url}">{review_word}</a></td>\n</tr>\n')
MUTED = '<div class="small text-muted">{}</div>'


class _Words:
    """What every row of one page says alike, translated once, and the values met again."""

    def __init__(self, layers):
        self.due, self.review = _("Due"), _("Review")
        self.badge = f'<span class="badge text-bg-danger ms-1">{escape(_("Overdue"))}</span>'
        self.uncategorised = f'<span class="text-muted">{escape(_("Uncategorised"))}</span>'
        self.limits = {layer: escape(_("%(n)s working days for this layer",
                                       n=DEADLINE_SPEC[LAYER_DEADLINE[layer]].amount)) for layer in layers}
        self.versions: dict[int, str] = {}

    def version(self, number: int | None) -> str:
        if not number:
            return ""
        if number not in self.versions:
            self.versions[number] = " · " + str(escape(_("Version %(n)s", n=number)))
        return self.versions[number]


def queue_rows(queue) -> Markup:
    """The <tr>s of one page of the queue (review_queue.Queue, its entries with QueueRow items); the
    layer's column when it lists more than one."""
    words, show_layer = _Words(queue.layers), len(queue.layers) > 1
    out = []
    for e in queue.entries:
        item = e.item
        out.append(ROW.format(
            id=item.id, url=item_url(item.id, "review.review"), title=escape(item.title),
            version=words.version(item.version), author=escape(item.author_name),
            group=MUTED.format(escape(item.group_name)) if item.group_name else "",
            category=escape(local_name(item.category)) if item.category else words.uncategorised,
            channel=piece("channel", item.channel.value),
            session=f'<div class="text-muted">{escape(item.session_name)}</div>' if item.session_name else "",
            layer=f"<td>{piece('state_mark', e.layer)}</td>\n" if show_layer else "",
            entered=escape(local_time(e.entered_at)), overdue=" overdue" if e.is_overdue else "",
            days=e.waiting_days, due_word=escape(words.due),
            due=escape(local_date(e.due_on)) if e.due_on else "—", limit=words.limits[e.layer],
            badge=words.badge if e.is_overdue else "", review_word=escape(words.review)))
    return Markup("".join(out))
