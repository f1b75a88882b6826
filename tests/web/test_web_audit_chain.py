"""The yearly report page shows the congress's audit chain head, as the daily notice does."""

from __future__ import annotations

from tests.audit_chain import seal, write_events
from tests.web.helpers import text
from tracker.domain.audit_chain.checking import chain_head
from tracker.extensions import db
from tracker.tenancy import congress_in_scope


def test_yearly_report_shows_the_chain_head(world, auth):
    write_events(world.office, 3)
    seal(expect=3)
    head = chain_head(db.session, congress_in_scope())
    html = text(auth.as_(world.supervisor).get("/reports/yearly"))
    assert f'data-seq="{head.seq}" data-hash="{head.hash}"' in html and head.hash in html
