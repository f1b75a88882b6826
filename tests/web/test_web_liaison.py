"""The liaison-station pages: logging, outcome actions, lists and filters, who sees what (the
contact above all), bad input kept, the draft made from an opinion, the home page's referrals."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from tests.factories import at
from tests.web.helpers import text
from tracker.domain.liaison import operations as liaison
from tracker.extensions import db
from tracker.models import LiaisonOpinion, Suggestion
from tracker.models.liaison import Outcome

CONTACT = "13912345678"
NOW = at(2026, 5, 20)  # the web fixtures' pinned clock is 2026-05-20 10:00 China time


@pytest.fixture
def station(make, world):
    s = make.station(world.group, "大众街街道基层立法联系点", "大众街街道")
    db.session.commit()
    return s


@pytest.fixture
def opinion(world, station):
    o = liaison.log_opinion(
        db.session,
        world.deputy,
        liaison.OpinionInput(
            station_id=station.id,
            received_on=date(2026, 5, 18),
            constituent="马大爷",
            content="团结桥社区路灯坏了三个月没人修",
            address="团结桥社区",
            contact=CONTACT,
        ),
        at=NOW,
    )
    db.session.commit()
    return o


def fresh(o: LiaisonOpinion) -> LiaisonOpinion:
    db.session.expire_all()
    return db.session.get(LiaisonOpinion, o.id)


def test_deputy_logs_an_opinion_and_lands_on_its_page(auth, world, station):
    client = auth.as_(world.deputy)
    assert client.get("/liaison/new").status_code == 200
    r = client.post(
        "/liaison/new",
        data={
            "station_id": station.id,
            "received_on": "2026-05-19",
            "constituent": "李阿姨",
            "address": "互助路社区",
            "content": "希望增设社区食堂",
            "contact": CONTACT,
        },
    )
    assert r.status_code == 302
    o = db.session.scalar(select(LiaisonOpinion))
    assert r.headers["Location"].endswith(f"/liaison/{o.id}")
    page = text(client.get(f"/liaison/{o.id}"))
    assert "希望增设社区食堂" in page and CONTACT in page and 'data-action="solve_on_spot"' in page


@pytest.mark.parametrize(
    "change, field",
    [
        ({"constituent": ""}, "constituent"),
        ({"received_on": "2026-13-40"}, "received_on"),
        ({"received_on": "2026-05-25"}, "received_on"),  # in the future: the domain refuses it
        ({"station_id": "999"}, "station_id"),
    ],
)
def test_bad_input_keeps_what_was_typed(auth, world, station, change, field):
    client = auth.as_(world.deputy)
    data = {
        "station_id": station.id,
        "received_on": "2026-05-19",
        "constituent": "李阿姨",
        "content": "希望增设社区食堂，方便老人就餐",
        "contact": CONTACT,
        **change,
    }
    r = client.post("/liaison/new", data=data)
    assert r.status_code == 400
    page = text(r)
    assert f'data-field-error="{field}"' in page
    assert "希望增设社区食堂，方便老人就餐" in page and CONTACT in page
    assert db.session.scalar(select(LiaisonOpinion)) is None


def test_referral_with_a_bad_date_keeps_the_text_and_a_good_one_moves_it(auth, world, opinion):
    client = auth.as_(world.deputy)
    url = f"/liaison/{opinion.id}/refer"
    r = client.post(
        url,
        data={
            "referred_to": "团结桥社区居委会",
            "follow_up_on": "2026-05-01",
            "note": "请社区联系物业",
            "lock_version": opinion.lock_version,
        },
    )
    assert r.status_code == 400
    page = text(r)
    assert (
        'data-field-error="follow_up_on"' in page and "团结桥社区居委会" in page and "请社区联系物业" in page
    )
    assert fresh(opinion).outcome is Outcome.PENDING
    r = client.post(
        url,
        data={
            "referred_to": "团结桥社区居委会",
            "follow_up_on": "2026-05-27",
            "lock_version": fresh(opinion).lock_version,
        },
    )
    assert r.status_code == 302
    o = fresh(opinion)
    assert (o.outcome, o.follow_up_on) == (Outcome.REFERRED, date(2026, 5, 27))


def test_a_stale_page_is_refused_with_the_text_kept(auth, world, opinion):
    client = auth.as_(world.deputy)
    seen = opinion.lock_version
    liaison.refer(
        db.session, opinion, world.deputy, referred_to="社区", follow_up_on=date(2026, 6, 1), at=NOW
    )
    db.session.commit()
    r = client.post(
        f"/liaison/{opinion.id}/explain_and_close", data={"note": "已向群众解释政策", "lock_version": seen}
    )
    assert r.status_code == 409
    assert "已向群众解释政策" in text(r) and "data-error" in text(r)
    assert fresh(opinion).outcome is Outcome.REFERRED


def test_outcome_buttons_follow_the_table(auth, world, opinion):
    client = auth.as_(world.deputy)
    page = text(client.get(f"/liaison/{opinion.id}"))
    assert 'data-action="close_referral"' not in page and 'data-action="refer"' in page
    assert client.get(f"/liaison/{opinion.id}/close_referral").status_code == 200  # the form draws
    r = client.post(
        f"/liaison/{opinion.id}/close_referral", data={"note": "x", "lock_version": opinion.lock_version}
    )
    assert r.status_code == 409 and fresh(opinion).outcome is Outcome.PENDING
    assert client.get(f"/liaison/{opinion.id}/no_such_action").status_code == 404


def test_another_deputy_sees_neither_the_opinion_nor_its_contact(auth, world, opinion):
    client = auth.as_(world.deputy2)
    assert client.get(f"/liaison/{opinion.id}").status_code == 403
    assert client.post(f"/liaison/{opinion.id}/solve_on_spot", data={"note": "x"}).status_code == 403
    assert client.get("/liaison/all").status_code == 403
    mine = text(client.get("/liaison"))
    assert "团结桥社区路灯" not in mine and CONTACT not in mine


@pytest.mark.parametrize(
    "who, status, sees_contact",
    [
        ("office", 200, True),
        ("supervisor", 200, False),
        ("admin", 200, False),
        ("handler", 403, False),
        ("group_leader", 403, False),
    ],
)
def test_who_opens_an_opinion_and_who_reads_the_contact(auth, world, opinion, who, status, sees_contact):
    client = auth.as_(getattr(world, who))
    r = client.get(f"/liaison/{opinion.id}")
    assert r.status_code == status
    assert (CONTACT in text(r)) is sees_contact
    if status == 200:  # watching is not acting
        assert client.post(f"/liaison/{opinion.id}/solve_on_spot", data={"note": "x"}).status_code == 403


def test_office_list_filters_pages_and_never_shows_contacts(auth, world, station, opinion):
    other = liaison.log_opinion(
        db.session,
        world.deputy2,
        liaison.OpinionInput(
            station_id=station.id,
            received_on=date(2026, 5, 19),
            constituent="王师傅",
            content="公交站台破损",
            contact="13800000000",
        ),
        at=NOW,
    )
    liaison.solve_on_spot(db.session, other, world.deputy2, note="联系公交公司修复", at=NOW)
    db.session.commit()
    client = auth.as_(world.office)
    page = text(client.get("/liaison/all"))
    assert f'data-opinion="{opinion.id}"' in page and f'data-opinion="{other.id}"' in page
    assert CONTACT not in page and "13800000000" not in page
    page = text(client.get(f"/liaison/all?deputy_id={world.deputy2.id}"))
    assert f'data-opinion="{opinion.id}"' not in page and f'data-opinion="{other.id}"' in page
    page = text(client.get("/liaison/all?outcome=pending"))
    assert f'data-opinion="{opinion.id}"' in page and f'data-opinion="{other.id}"' not in page
    page = text(client.get("/liaison/all?figure=liaison_resolved&year=2026"))
    assert f'data-opinion="{other.id}"' in page and f'data-opinion="{opinion.id}"' not in page
    assert client.get("/liaison/all?outcome=nonsense").status_code == 400
    assert client.get("/liaison/all?figure=nonsense").status_code == 400
    assert client.get("/liaison/all?page=2").status_code == 200


def test_deputy_list_filters_by_outcome(auth, world, opinion):
    client = auth.as_(world.deputy)
    assert f'data-opinion="{opinion.id}"' in text(client.get("/liaison"))
    assert f'data-opinion="{opinion.id}"' not in text(client.get("/liaison?outcome=referred"))
    assert client.get("/liaison?outcome=bogus").status_code == 400
    assert auth.as_(world.office).get("/liaison").status_code == 403


def test_turn_into_a_draft_opens_it_and_the_item_page_shows_the_opinion(auth, world, opinion):
    client = auth.as_(world.deputy)
    form = text(client.get(f"/liaison/{opinion.id}/turn_into_draft"))
    assert "团结桥社区路灯坏了三个月没人修" in form  # the title starts from the opinion
    r = client.post(
        f"/liaison/{opinion.id}/turn_into_draft",
        data={
            "title": "关于加强团结桥社区路灯维护的建议",
            "channel": "between",
            "lock_version": opinion.lock_version,
        },
    )
    assert r.status_code == 302
    item = db.session.scalar(select(Suggestion).where(Suggestion.title == "关于加强团结桥社区路灯维护的建议"))
    assert r.headers["Location"].endswith(f"/items/{item.id}/edit")
    assert fresh(opinion).suggestion_id == item.id
    page = text(client.get(f"/items/{item.id}"))
    assert 'id="linked-opinions"' in page and f"/liaison/{opinion.id}" in page and CONTACT not in page
    # A unit handling the item later would see the opinion's text but not open it nor its contact.
    assert "马大爷" not in page.split('id="linked-opinions"')[1].split("</section>")[0]


def test_a_session_draft_needs_its_session(auth, world, opinion):
    client = auth.as_(world.deputy)
    r = client.post(
        f"/liaison/{opinion.id}/turn_into_draft",
        data={"title": "关于路灯的建议", "channel": "session", "lock_version": opinion.lock_version},
    )
    assert r.status_code == 400 and 'data-field-error="session_id"' in text(r)
    assert db.session.scalar(select(Suggestion).where(Suggestion.title == "关于路灯的建议")) is None
    assert fresh(opinion).outcome is Outcome.PENDING


def test_home_page_lists_referrals_due_and_the_notice_opens_the_opinion(auth, world, opinion, clock):
    from tracker.domain.liaison.followup import notify_due_referrals

    liaison.refer(
        db.session, opinion, world.deputy, referred_to="团结桥社区", follow_up_on=date(2026, 5, 20), at=NOW
    )
    db.session.commit()
    client = auth.as_(world.deputy)
    home = text(client.get("/"))
    assert 'id="due-referrals"' in home and f'data-opinion="{opinion.id}"' in home
    assert 'id="due-referrals"' not in text(auth.as_(world.deputy2).get("/"))
    assert notify_due_referrals(db.session, date(2026, 5, 20), NOW) == 1
    db.session.commit()
    client = auth.as_(world.deputy)
    notices_page = text(client.get("/notices"))
    assert "团结桥社区" in notices_page
    notice_id = notices_page.split('data-notice="')[1].split('"')[0]
    r = client.get(f"/notices/{notice_id}/open")
    assert r.status_code == 302 and r.headers["Location"].endswith(f"/liaison/{opinion.id}")


def test_record_told_and_english_page(auth, world, opinion):
    liaison.solve_on_spot(db.session, opinion, world.deputy, note="联系物业修复", at=NOW)
    db.session.commit()
    client = auth.as_(world.deputy)
    r = client.post(
        f"/liaison/{opinion.id}/record_told",
        data={"told_on": "2026-05-20", "told_how": "phone", "lock_version": fresh(opinion).lock_version},
    )
    assert r.status_code == 302 and fresh(opinion).told_how == "phone"
    page = text(client.get(f"/liaison/{opinion.id}?lang=en"))
    assert "Solved on the spot" in page and "By phone" in page and "data-told" in page


def test_dashboard_panel_and_yearly_report_count_the_opinions(auth, world, station, opinion):
    import io

    from openpyxl import load_workbook

    solved = liaison.log_opinion(
        db.session,
        world.deputy2,
        liaison.OpinionInput(
            station_id=station.id,
            received_on=date(2026, 5, 19),
            constituent="王师傅",
            content="公交站台破损",
            contact="13800000000",
        ),
        at=NOW,
    )
    liaison.solve_on_spot(db.session, solved, world.deputy2, note="联系公交公司修复", at=NOW)
    db.session.commit()
    client = auth.as_(world.supervisor)
    page = text(client.get("/dashboard?year=2026"))
    panel = page.split('id="liaison-panel"')[1].split("</section>")[0]
    assert 'data-liaison-figure="liaison_collected" data-num="2"' in panel
    assert 'data-liaison-figure="liaison_resolved" data-num="1"' in panel
    assert "figure=liaison_resolved" in panel and "year=2026" in panel
    assert CONTACT not in page and "13800000000" not in page
    assert "data-liaison-ignored" in text(client.get(f"/dashboard?category_id={world.category.id}"))
    report = text(client.get("/reports/yearly?year=2026"))
    assert "收集意见2条，解决诉求1件" in report
    book = load_workbook(io.BytesIO(client.get("/reports/yearly.xlsx?year=2026").data))
    rows = {r[0]: r[2] for r in book["指标"].iter_rows(min_row=2, values_only=True)}
    assert rows["收集意见"] == 2 and rows["解决诉求"] == 1 and rows["转为代表建议"] == 0
    assert "收集意见2条" in " ".join(str(c.value) for c in book["概况"]["A"])


# The liaison pages' role x route matrix: (route, who) -> status; the opinion is the deputy's own.
WHO = [
    "deputy",
    "deputy2",
    "group_leader",
    "committee_staff",
    "office",
    "handler",
    "leader",
    "supervisor",
    "admin",
]
NOT_DEPUTIES = {
    "committee_staff": 403,
    "office": 403,
    "handler": 403,
    "leader": 403,
    "supervisor": 403,
    "admin": 403,
}
ROUTES = {
    "/liaison": NOT_DEPUTIES,
    "/liaison/new": NOT_DEPUTIES,
    "/liaison/all": {
        "deputy": 403,
        "deputy2": 403,
        "group_leader": 403,
        "committee_staff": 403,
        "handler": 403,
        "leader": 403,
    },
    "/liaison/{o}": {
        "deputy2": 403,
        "group_leader": 403,
        "committee_staff": 403,
        "handler": 403,
        "leader": 403,
    },
    "/liaison/{o}/refer": {w: 403 for w in WHO if w != "deputy"},
}
MATRIX = [(route, who, expected.get(who, 200)) for route, expected in ROUTES.items() for who in WHO]


@pytest.mark.parametrize(("route", "who", "status"), MATRIX, ids=[f"{r}-{w}" for r, w, _ in MATRIX])
def test_role_route_matrix(auth, world, opinion, route, who, status):
    response = auth.as_(getattr(world, who)).get(route.format(o=opinion.id))
    assert response.status_code == status, text(response)[:300]


@pytest.mark.parametrize("route", list(ROUTES))
def test_guests_are_sent_to_login(client, opinion, route):
    response = client.get(route.format(o=opinion.id))
    assert response.status_code == 302 and "/login" in response.headers["Location"]


def test_a_missing_opinion_is_404(auth, world):
    assert auth.as_(world.office).get("/liaison/999999").status_code == 404
