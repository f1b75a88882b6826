"""Every row of the table is reachable from the browser: its button shows, its form takes it.

The staging of each row (path, prep, input) is shared with the domain row-matrix tests.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from seeds.paths import Walker
from tests.domain import cases
from tests.factories import at
from tests.web.helpers import buttons, state_of, text
from tracker.extensions import db
from tracker.models import AuditEvent
from tracker.workflow import TRANSITIONS, Channel

START = at(2025, 12, 1)


def form_payload(data: dict) -> dict:
    """The engine's `data` as the generic form posts it."""
    out: dict = {}
    for name, value in data.items():
        if name == "checklist":
            for code, entry in value.items():
                passed = entry.get("passed") if isinstance(entry, dict) else entry
                out[f"check__{code}"] = "pass" if passed else "fail"
        elif isinstance(value, list | tuple):
            out[name] = [str(v) for v in value]
        else:
            out[name] = str(value)
    return out


ROWS = list(range(len(TRANSITIONS)))


@pytest.mark.parametrize("index", ROWS, ids=[
    f"{r.action}-{r.source}-{'+'.join(r.guards) or 'plain'}" for r in TRANSITIONS])
def test_row_is_reachable_through_the_generic_form(auth, make, world, clock, index):
    row = TRANSITIONS[index]
    role = sorted(row.roles)[0]
    case = cases.case_for(row, world)
    item = make.suggestion(world.deputy, channel=case.channel, category=world.category,
                           session=world.session if case.channel is Channel.SESSION else None)
    moment = Walker(world, START).play(item, case.steps) + timedelta(days=case.days_later)
    if case.during_session:
        moment = at(2026, 1, 13)
    db.session.commit()
    clock(moment)
    client = auth.as_(getattr(world, cases.actor_for(row, role)))
    assert row.action.value in buttons(text(client.get(f"/items/{item.id}")))
    url = f"/items/{item.id}/actions/{row.action.value}"
    assert client.get(url).status_code == 200
    response = client.post(url, data={**form_payload(case.data), "as_role": role.value,
                                      "reason": case.reason})
    assert response.status_code == 302, text(response)[-3000:]
    assert state_of(item) is row.target
    event = db.session.scalars(select(AuditEvent).where(AuditEvent.suggestion_id == item.id)
                               .order_by(AuditEvent.id.desc())).first()
    assert (event.action, event.role) == (row.action.value, role)
