"""The printed documents as pages: who may open them, and what each one says."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from seeds.paths import Walker
from tests.factories import at
from tests.web.helpers import text
from tracker.domain.deadlines.calendar import china_date
from tracker.extensions import db
from tracker.models import Assignment, Reply
from tracker.workflow import Action, Role, State


def issued(item) -> Reply:
    return db.session.scalars(select(Reply).where(Reply.suggestion_id == item.id,
                                                  Reply.status == "issued")).first()


def notice_url(unit, item) -> str:
    a = db.session.scalars(select(Assignment).where(Assignment.suggestion_id == item.id,
                                                    Assignment.unit_id == unit.id)).one()
    return f"/documents/assignment-notice/{unit.id}?day={china_date(a.assigned_at).isoformat()}"


def test_the_assignment_notice_lists_the_units_items_of_that_day(auth, world, item_in):
    item = item_in(State.IN_HANDLING, title="关于韵家口镇老旧小区加装电梯的建议")
    page = text(auth.as_(world.handler).get(notice_url(world.unit, item)))
    assert "交办通知" in page and "区住房和城乡建设局" in page
    assert "关于韵家口镇老旧小区加装电梯的建议" in page and item.registration_label in page
    assert "李代表" in page  # the deputy
    assert "区交通运输局" in page  # the co-handling unit, named beside the lead's line
    assert "主办" in page and "（印章）" in page


def test_a_co_units_notice_gives_its_opinion_date_and_names_the_lead(auth, world, item_in):
    item = item_in(State.IN_HANDLING)
    page = text(auth.as_(world.co_handler).get(notice_url(world.co_unit, item)))
    assert "协办" in page and "区住房和城乡建设局（主办）" in page


def test_a_day_without_assignments_says_so(auth, world, item_in):
    item_in(State.IN_HANDLING)
    response = auth.as_(world.office).get(f"/documents/assignment-notice/{world.unit.id}?day=2020-01-01")
    assert response.status_code == 200 and "当天没有交办给本单位的建议" in text(response)


def test_a_bad_day_is_a_400_with_a_reason(auth, world):
    response = auth.as_(world.office).get(f"/documents/assignment-notice/{world.unit.id}?day=soon")
    assert response.status_code == 400 and "日期格式不正确" in text(response)


@pytest.mark.parametrize("who, status", [("office", 200), ("supervisor", 200), ("handler", 200),
                                         ("other_handler", 403), ("deputy", 403)])
def test_only_the_office_supervisors_and_the_unit_see_its_notice(auth, world, item_in, who, status):
    item = item_in(State.ASSIGNED)
    assert auth.as_(getattr(world, who)).get(notice_url(world.unit, item)).status_code == status


def test_the_reply_letter_carries_category_promise_co_opinion_and_signature(auth, world, item_in,
                                                                          make):
    item = item_in(State.IN_HANDLING)
    from seeds.paths import CONTACT, ISSUE, REPLY
    from tests.domain.cases import CO_OPINION

    world.handler.phone = "0971-8123456"
    Walker(world, at(2026, 3, 20)).play(item, [*CO_OPINION, CONTACT, REPLY, ISSUE])
    db.session.commit()
    reply = issued(item)
    page = text(auth.as_(world.deputy).get(f"/items/{item.id}/documents/reply/{reply.id}"))
    assert "区住房和城乡建设局" in page and "李代表代表：" in page
    assert "经研究，已列入今年实施计划。" in page  # the reply text
    assert "B类：正在解决或列入计划" in page and "☑ B类" in page
    assert "年内完成相关工作。" in page and "2026年9月28日" in page  # the promised date
    assert "区交通运输局：同意。" in page  # the co-unit's opinion
    assert f"签发人：{world.leader.name}" in page and world.handler.name in page
    assert "0971-8123456" in page and f"{item.registration_label}-1" in page


def test_the_feedback_form_has_the_grades_and_ticks_a_recorded_evaluation(auth, world, item_in):
    item = item_in(State.REPLIED)
    reply = issued(item)
    url = f"/items/{item.id}/documents/feedback/{reply.id}"
    client = auth.as_(world.deputy)
    page = text(client.get(url))
    assert "征询意见表" in page and "办理态度" in page and "代表签名" in page
    assert page.count('data-grade="dissatisfied"') == 2 and "✓" not in page
    assert f"{item.registration_label}-1" in page and "区住房和城乡建设局" in page
    done = item_in(State.CLOSED)
    page = text(client.get(f"/items/{done.id}/documents/feedback/{issued(done).id}"))
    assert page.count("✓") == 2  # attitude and result, both 满意


def test_a_reply_not_yet_issued_has_no_letter(auth, world, item_in):
    item = item_in(State.REPLY_SIGNOFF)
    draft = db.session.scalars(select(Reply).where(Reply.suggestion_id == item.id)).one()
    client = auth.as_(world.leader)
    assert client.get(f"/items/{item.id}/documents/reply/{draft.id}").status_code == 404
    assert client.get(f"/items/{item.id}/documents/feedback/{draft.id}").status_code == 404


def test_a_reply_of_another_item_is_not_found_and_strangers_are_refused(auth, world, item_in):
    one, two = item_in(State.REPLIED), item_in(State.REPLIED)
    client = auth.as_(world.deputy)
    assert client.get(f"/items/{one.id}/documents/reply/{issued(two).id}").status_code == 404
    stranger = auth.as_(world.other_handler)
    assert stranger.get(f"/items/{one.id}/documents/reply/{issued(one).id}").status_code == 403


def test_the_item_page_links_to_its_documents(auth, world, item_in):
    item = item_in(State.REPLIED)
    page = text(auth.as_(world.office).get(f"/items/{item.id}"))
    assert f"/items/{item.id}/documents/reply/{issued(item).id}" in page
    assert f"/items/{item.id}/documents/feedback/{issued(item).id}" in page
    assert f"/documents/assignment-notice/{world.unit.id}?day=" in page
    # A deputy has no business with the units' notices.
    assert "/documents/assignment-notice/" not in text(auth.as_(world.deputy).get(f"/items/{item.id}"))


def test_the_inbox_links_to_the_units_notice(auth, world, item_in):
    item_in(State.ASSIGNED)
    page = text(auth.as_(world.handler).get("/inbox"))
    assert f"/documents/assignment-notice/{world.unit.id}" in page


def test_key_items_show_the_badge_in_the_notice(auth, world, item_in):
    item = item_in(State.IN_HANDLING)
    from tracker.domain.core.engine import apply

    apply(item, Action.MARK_KEY, actor=world.supervisor, as_role=Role.SUPERVISOR, at=at(2026, 4, 1),
          data={"leader": "张主任", "supervising_committee": world.committee.id})
    db.session.commit()
    assert "（重点督办）" in text(auth.as_(world.handler).get(notice_url(world.unit, item)))


def test_the_office_index_lists_each_units_assignment_days(auth, world, item_in):
    item = item_in(State.ASSIGNED)
    page = text(auth.as_(world.office).get("/documents/assignment-notices"))
    assert world.unit.name in page and world.co_unit.name in page
    assert notice_url(world.unit, item) in page
    assert "/documents/assignment-notices" in text(auth.as_(world.office).get("/supervision/requests"))
    response = auth.as_(world.handler).get("/documents/assignment-notices")
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/documents/assignment-notice/{world.unit.id}")
    assert auth.as_(world.deputy).get("/documents/assignment-notices").status_code == 403


def test_the_documents_read_in_english_too(auth, world, item_in):
    item = item_in(State.CLOSED)
    client = auth.as_(world.office)
    reply = issued(item)
    pages = {notice_url(world.unit, item): "Assignment notice",
             f"/items/{item.id}/documents/reply/{reply.id}": "Reply category: B",
             f"/items/{item.id}/documents/feedback/{reply.id}": "Result of the handling",
             "/followup": "Follow-up review", "/supervision/key": "Key supervision",
             "/supervision/requests": "Units' requests",
             "/supervision/dissatisfied": "Dissatisfied and escalated"}
    for url, wanted in pages.items():
        page = text(client.get(url + ("&" if "?" in url else "?") + "lang=en"))
        assert wanted in page.replace("&#39;", "'"), url
        assert "：" not in page and "交办通知" not in page, url
