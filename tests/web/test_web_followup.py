"""The follow-up review, key supervision and decision pages: who sees them, what they list, buttons."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from seeds.paths import CONTACT, Walker
from tests.domain.cases import CO_OPINION, MARK, REQUEST_EXT
from tests.factories import at
from tests.web.helpers import state_of, text
from tracker.extensions import db
from tracker.models import Promise
from tracker.workflow import State

PAGES = ("/followup", "/supervision/key", "/supervision/requests", "/supervision/dissatisfied")
ACCESS = {  # who: the pages they may open
    "office": set(PAGES), "supervisor": set(PAGES), "admin": set(PAGES),
    "handler": {"/followup", "/supervision/key"}, "leader": {"/followup", "/supervision/key"},
    "deputy": set(), "committee_staff": set(),
}


def row_actions(html: str, marker: str) -> set[str]:
    return set(re.findall(r'data-action="([a-z_]+)"', html.split(marker, 1)[1])) if marker in html \
        else set()


@pytest.mark.parametrize("who", list(ACCESS))
@pytest.mark.parametrize("url", PAGES)
def test_access(auth, world, who, url):
    response = auth.as_(getattr(world, who)).get(url)
    assert response.status_code == (200 if url in ACCESS[who] else 403)


def test_a_unit_reports_its_promise_and_the_office_decides_from_the_review(auth, world, item_in):
    item = item_in(State.CLOSED)
    handler = auth.as_(world.handler)
    page = text(handler.get("/followup"))
    assert "年内完成相关工作。" in page and 'data-standing="open"' in page
    assert row_actions(page, 'id="promises"') == {"report_promise_kept", "report_promise_not_kept"}
    form = text(handler.get(f"/items/{item.id}/actions/report_promise_not_kept"))
    assert "年内完成相关工作。" in form  # the promise is shown above the form
    response = handler.post(f"/items/{item.id}/actions/report_promise_not_kept",
                            data={"as_role": "unit_handler", "reason": "专项资金未下达。"})
    assert response.status_code == 302
    office = auth.as_(world.office)
    page = text(office.get("/followup"))
    assert 'data-standing="awaiting_review"' in page and "专项资金未下达。" in page
    assert row_actions(page, 'id="promises"') == {"accept_promise_report",
                                                   "send_back_promise_report"}
    assert office.post(f"/items/{item.id}/actions/accept_promise_report",
                       data={"as_role": "office_staff"}).status_code == 302
    assert 'data-standing="broken"' in text(office.get("/followup"))


def test_the_review_counts_by_unit_and_shows_overdue(auth, world, item_in, clock):
    item_in(State.CLOSED)
    clock("2027-01-01T02:00:00+00:00")  # past the promised date
    page = text(auth.as_(world.supervisor).get("/followup"))
    assert 'data-standing="overdue"' in page
    unit_row = re.search(rf'<tr data-unit="{world.unit.id}".*?</tr>', page, re.S).group(0)
    assert world.unit.name in unit_row and "text-danger fw-semibold\">1" in unit_row.replace(
        " ", " ")
    assert row_actions(page, 'id="promises"') == set()  # supervisors only read


def test_a_unit_sees_only_its_own_promises(auth, world, item_in):
    item_in(State.CLOSED)
    page = text(auth.as_(world.other_handler).get("/followup"))
    assert "年内完成相关工作。" not in page and "data-empty" in page
    # ?unit= cannot widen a unit's view.
    page = text(auth.as_(world.other_handler).get(f"/followup?unit={world.unit.id}"))
    assert "年内完成相关工作。" not in page


def test_key_items_page_and_badges_everywhere(auth, world, item_in):
    item = item_in(State.IN_HANDLING)
    Walker(world, at(2026, 4, 1)).play(item, [MARK])
    db.session.commit()
    handler = auth.as_(world.handler)
    page = text(handler.get("/supervision/key"))
    assert item.title in page and "张主任" in page and 'data-next-due' in page
    assert row_actions(page, 'id="key-items"') == {"report_progress"}
    for url in ("/inbox", f"/items/{item.id}"):
        assert "data-key" in text(handler.get(url)), url
    assert "data-key" in text(auth.as_(world.office).get("/items"))
    response = auth.as_(world.handler).post(f"/items/{item.id}/actions/report_progress", data={
        "as_role": "unit_handler", "report_text": "已完成施工图设计。"})
    assert response.status_code == 302
    page = text(auth.as_(world.supervisor).get("/supervision/key"))
    assert "已完成施工图设计。" in page and "已报送 1 / 共 1 次" in page
    assert row_actions(page, 'id="key-items"') == set()
    # Every scheduled report is in: no button on the item page, and a line saying why.
    item_page = text(auth.as_(world.handler).get(f"/items/{item.id}"))
    assert 'data-action="report_progress"' not in item_page
    assert 'data-held-back="report_progress"' in item_page and "安排的报告均已报送" in item_page
    item_page = text(auth.as_(world.deputy).get(f"/items/{item.id}"))
    assert 'id="key-supervision"' in item_page and "已完成施工图设计。" in item_page


def test_the_extension_form_shows_the_current_date_and_the_limit(auth, world, item_in):
    item = item_in(State.IN_HANDLING)
    page = text(auth.as_(world.leader).get(f"/items/{item.id}/actions/request_extension"))
    assert "现答复期限" in page and "即交办后6个月" in page and "涉及面广" in page


def test_the_requests_page_shows_reasons_dates_and_the_office_decides(auth, world, item_in):
    item = item_in(State.IN_HANDLING)
    Walker(world, at(2026, 4, 1)).play(item, [REQUEST_EXT])
    db.session.commit()
    office = auth.as_(world.office)
    page = text(office.get("/supervision/requests"))
    assert "涉及多个部门，需协调资金。" in page and "data-proposed" in page and "交办后6个月" in page
    assert row_actions(page, 'id="requests"') == {"approve_extension", "refuse_extension"}
    form = text(office.get(f"/items/{item.id}/actions/refuse_extension"))
    assert "涉及多个部门，需协调资金。" in form and 'data-request="extension"' in form
    response = office.post(f"/items/{item.id}/actions/refuse_extension",
                           data={"as_role": "office_staff"})
    assert response.status_code == 400 and "请填写理由或意见" in text(response)
    assert office.post(f"/items/{item.id}/actions/refuse_extension", data={
        "as_role": "office_staff", "reason": "不属于涉及面广的情形。"}).status_code == 302
    assert "data-empty" in text(office.get("/supervision/requests"))


def test_escalated_items_offer_the_councils_decisions_to_supervisors_only(auth, world, item_in):
    item = item_in(State.ESCALATED)
    page = text(auth.as_(world.supervisor).get("/supervision/dissatisfied"))
    assert 'data-round="1"' in page and 'data-round="2"' in page and "答复内容空泛" in page
    assert row_actions(page, 'id="dissatisfied"') == {"order_rehandling", "conclude"}
    assert row_actions(text(auth.as_(world.office).get("/supervision/dissatisfied")),
                       'id="dissatisfied"') == set()
    client = auth.as_(world.supervisor)
    assert "完整办理过程" in text(client.get(f"/items/{item.id}/actions/conclude"))
    assert client.post(f"/items/{item.id}/actions/order_rehandling", data={
        "as_role": "supervisor", "reason": "主任会议决定再次办理。"}).status_code == 302
    assert state_of(item) is State.REHANDLING


def test_the_evaluation_form_explains_each_grade(auth, world, item_in):
    item = item_in(State.REPLIED)
    page = text(auth.as_(world.deputy).get(f"/items/{item.id}/actions/evaluate"))
    assert "如何测评" in page and "基本满意</strong>" in page and "必填" in page


def test_the_reply_form_shows_the_co_units_opinions(auth, world, item_in):
    item = item_in(State.IN_HANDLING)
    Walker(world, at(2026, 4, 1)).play(item, [*CO_OPINION, CONTACT])
    db.session.commit()
    page = text(auth.as_(world.handler).get(f"/items/{item.id}/actions/submit_reply"))
    assert "data-co-opinions" in page and "区交通运输局" in page and "同意。" in page


def test_with_two_promises_each_row_links_its_own_and_the_form_asks_which(auth, world, item_in):
    item = item_in(State.CLOSED)
    first = db.session.scalar(select(Promise).where(Promise.suggestion_id == item.id))
    later = Promise(suggestion_id=item.id, reply_id=first.reply_id, unit_id=first.unit_id,
                    text="第二项：明年建成停车场。", due_on=first.due_on.replace(year=first.due_on.year + 1))
    db.session.add(later)
    db.session.commit()
    handler = auth.as_(world.handler)
    page = text(handler.get("/followup"))
    row = re.search(rf'<li class="list-group-item" data-promise="{later.id}".*?</li>', page, re.S)
    assert f"report_promise_kept?promise={later.id}" in row.group(0)
    form = text(handler.get(f"/items/{item.id}/actions/report_promise_kept?promise={later.id}"))
    assert re.search(rf'<option selected value="{later.id}"|<option value="{later.id}" selected',
                     form)
    # Sent without a choice: refused on the field, the typed report kept.
    response = handler.post(f"/items/{item.id}/actions/report_promise_kept",
                            data={"as_role": "unit_handler", "report_text": "停车场已建成投用。"})
    assert response.status_code == 400 and "停车场已建成投用。" in text(response)
    assert "choose which one" in text(response) or "请选择本次针对哪一项" in text(response)
    response = handler.post(f"/items/{item.id}/actions/report_promise_kept",
                            data={"as_role": "unit_handler", "report_text": "停车场已建成投用。",
                                  "promise": str(later.id)})
    assert response.status_code == 302
    db.session.expire_all()
    assert (db.session.get(Promise, first.id).state.value,
            db.session.get(Promise, later.id).state.value) == ("open", "kept")


def test_no_template_global_queries_the_database(app):
    # The action form's help and the item page's key-supervision box come from their views.
    querying = {"co_opinions_of", "promises_of", "pending_request_of", "extension_bounds_of",
                "key_item_of"}
    assert not querying & set(app.jinja_env.globals)
