"""Service accounts without HTTP: made by an administrator, bound to a unit or a station; no page
sign-in of any kind lets them in; the engine never lets them sign off or evaluate a reply; the
opinions a station's intake logs carry their channel."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import select

from tests.factories import at
from tracker.domain.accounts import codes, logins, recovery, service, signin, sso, tokens
from tracker.domain.core.engine import apply, offers
from tracker.domain.errors import InvalidData, NotAllowedNow, PersonOnly, RoleNotHeld
from tracker.domain.liaison import operations as liaison
from tracker.extensions import db
from tracker.models import AuditEvent, CodePurpose, LoginCode, SsoLink, SsoProvider
from tracker.security import hash_password
from tracker.workflow import PERSON_ONLY, TRANSITIONS, Action, Role, State, problems
from tracker.workflow.audit import AuditAction
from tracker.workflow.liaison import OpinionSource

WHEN = at(2026, 5, 20)
SECRET = "test-secret"


def unit_account(make, w):
    return service.create_service_account(db.session, w.admin, name="OA 系统",
                                          binding=service.Binding(unit_id=w.unit.id), at=WHEN)


def station_account(make, w, station=None):
    station = station or make.station(w.group)
    return service.create_service_account(db.session, w.admin, name="12345 热线",
                                          binding=service.Binding(station_id=station.id), at=WHEN), station


def test_an_administrator_binds_a_service_account_to_a_unit_as_its_handler(make):
    w = make.world()
    account = unit_account(make, w)
    user = account.user
    assert user.is_service_account and not user.password_hash
    assert user.roles == {Role.UNIT_HANDLER} and user.unit_id == w.unit.id
    [event] = db.session.scalars(select(AuditEvent).where(
        AuditEvent.action == AuditAction.CREATE_SERVICE_ACCOUNT.value)).all()
    assert event.actor_id == w.admin.id and event.data["unit"] == w.unit.id
    assert service.service_accounts(db.session) == [account]


def test_a_station_account_logs_opinions_at_its_station(make):
    w = make.world()
    account, station = station_account(make, w)
    assert account.user.roles == {Role.DEPUTY} and account.station_id == station.id


@pytest.mark.parametrize("binding", [service.Binding(), service.Binding(unit_id=1, station_id=1),
                                     service.Binding(unit_id=999999), service.Binding(station_id=999999)])
def test_a_service_account_is_bound_to_exactly_one_real_thing(make, binding):
    w = make.world()
    with pytest.raises(InvalidData):
        service.create_service_account(db.session, w.admin, name="x", binding=binding, at=WHEN)


def test_only_an_administrator_makes_or_disables_one(make):
    w = make.world()
    with pytest.raises(RoleNotHeld):
        service.create_service_account(db.session, w.office, name="x",
                                       binding=service.Binding(unit_id=w.unit.id), at=WHEN)
    account = unit_account(make, w)
    with pytest.raises(RoleNotHeld):
        service.disable_service_account(db.session, w.office, account, at=WHEN)
    with pytest.raises(RoleNotHeld):
        service.issue_token(db.session, w.handler, account, name="t", scopes=["act"], days=30, at=WHEN)


def test_every_page_sign_in_path_refuses_a_service_account(make):
    w = make.world()
    user = unit_account(make, w).user
    # Even given a password and a phone by hand, as a careless administrator or a bug might:
    user.password_hash = hash_password("right-pass-1")
    user.phone = "13912345678"
    db.session.flush()
    assert signin.authenticate(db.session, user.username, "right-pass-1") is None
    assert codes.request_code(db.session, user.phone, CodePurpose.SIGN_IN, at=WHEN, secret=SECRET) is None
    assert codes.check_code(db.session, user.phone, "123456", CodePurpose.SIGN_IN, at=WHEN,
                            secret=SECRET).user is None
    with pytest.raises(InvalidData):
        recovery.issue_reset(db.session, user, by=w.admin, at=WHEN)
    db.session.add(LoginCode(user_id=user.id, purpose=CodePurpose.RESET, channel="office",
                             code_digest=recovery._token_digest("link"), created_at=WHEN,
                             expires_at=WHEN + timedelta(days=1), attempts=0, issued_by_id=w.admin.id))
    db.session.flush()
    with pytest.raises(recovery.LinkGone):
        recovery.redeem_reset(db.session, "link", "new-pass-123", at=WHEN)
    provider = SsoProvider(name="统一身份认证", issuer="https://idp.example", client_id="c",
                           client_secret_sealed="", created_at=WHEN, updated_at=WHEN)
    db.session.add(provider)
    db.session.flush()
    with pytest.raises(RoleNotHeld):
        sso.link_subject(db.session, provider, user, "subject-1", at=WHEN)
    db.session.add(SsoLink(provider_id=provider.id, issuer=provider.issuer, subject="subject-1",
                           user_id=user.id, created_at=WHEN))
    db.session.flush()
    assert sso.account_for(db.session, provider, "subject-1") is None
    with pytest.raises(NotAllowedNow):  # the one gate every page sign-in passes
        logins.open_login(db.session, user, at=WHEN, remember=False, address="", agent="",
                          limits=logins.Limits())


def test_the_same_paths_still_open_for_a_person(make):
    """The refusals above are the service account's, not the paths' being broken."""
    w = make.world()
    w.handler.password_hash = hash_password("right-pass-1")
    assert signin.authenticate(db.session, w.handler.username, "right-pass-1") is w.handler
    assert logins.open_login(db.session, w.handler, at=WHEN, remember=False, address="", agent="",
                             limits=logins.Limits())


def test_person_only_actions_are_in_the_table_and_checked_there():
    acted = {r.action for r in TRANSITIONS}
    assert PERSON_ONLY == {Action.ISSUE_REPLY, Action.RETURN_REPLY, Action.EVALUATE} and PERSON_ONLY <= acted
    without = tuple(r for r in TRANSITIONS if r.action is not Action.EVALUATE)
    assert any("person-only" in p for p in problems(without))


def test_the_engine_never_lets_a_service_account_sign_off_a_reply(make):
    w, item = make.item_in(State.REPLY_SIGNOFF)
    w.leader.is_service_account = True  # however it came to hold the leader's role
    assert {o.action for o in offers(item, w.leader)} & PERSON_ONLY == set()
    for action, data in ((Action.ISSUE_REPLY, {"disclosure": "public"}), (Action.RETURN_REPLY, {})):
        with pytest.raises(PersonOnly) as refused:
            apply(item, action, actor=w.leader, as_role=Role.UNIT_LEADER, at=at(2026, 4, 2), data=data,
                  reason="请修改")
        assert refused.value.http_status == 403
    assert item.state is State.REPLY_SIGNOFF
    w.leader.is_service_account = False
    apply(item, Action.ISSUE_REPLY, actor=w.leader, as_role=Role.UNIT_LEADER, at=at(2026, 4, 2),
          data={"disclosure": "public"})
    assert item.state is State.REPLIED


def test_the_engine_never_lets_a_service_account_evaluate_a_reply(make):
    w, item = make.item_in(State.REPLIED)
    w.deputy.is_service_account = True
    assert Action.EVALUATE not in {o.action for o in offers(item, w.deputy)}
    with pytest.raises(PersonOnly):
        apply(item, Action.EVALUATE, actor=w.deputy, as_role=Role.DEPUTY, at=at(2026, 4, 10),
              data={"attitude": "satisfied", "result": "basically"})
    assert item.state is State.REPLIED


def test_a_units_system_logs_contacts_as_the_units_handler(make):
    w, item = make.item_in(State.IN_HANDLING)
    system = unit_account(make, w).user
    apply(item, Action.LOG_CONTACT, actor=system, as_role=Role.UNIT_HANDLER, at=at(2026, 3, 25),
          data={"contact_way": "phone", "contact_date": "2026-03-25", "people": "李代表",
                "summary": "电话沟通"})
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == Action.LOG_CONTACT.value))
    assert event.actor_id == system.id and event.role is Role.UNIT_HANDLER


def opinion_input(station, source=None):
    return liaison.OpinionInput(station_id=station.id, received_on=date(2026, 5, 19), constituent="马大爷",
                                content="路灯坏了", source=source)


def test_a_stations_intake_logs_there_only_and_names_the_channel(make):
    w = make.world()
    account, station = station_account(make, w)
    elsewhere = make.station(w.group, "另一个联络站", "别处")
    system = account.user
    with pytest.raises(InvalidData):
        liaison.log_opinion(db.session, system, opinion_input(station), at=WHEN)
    with pytest.raises(RoleNotHeld):
        liaison.log_opinion(db.session, system, opinion_input(elsewhere, OpinionSource.HOTLINE), at=WHEN)
    opinion = liaison.log_opinion(db.session, system, opinion_input(station, "hotline"), at=WHEN)
    assert opinion.source is OpinionSource.HOTLINE and opinion.deputy_id == system.id
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "log_opinion"))
    assert event.data["source"] == "hotline" and event.actor_id == system.id
    own = liaison.log_opinion(db.session, w.deputy, opinion_input(elsewhere), at=WHEN)
    assert own.source is OpinionSource.IN_PERSON


def test_disabling_ends_the_account_and_its_tokens(make):
    w = make.world()
    account = unit_account(make, w)
    row, secret = service.issue_token(db.session, w.admin, account, name="OA", scopes=["read", "act"],
                                      days=90, at=WHEN)
    assert row.created_by_id == w.admin.id and row.user_id == account.user_id
    assert tokens.authenticate(db.session, secret, at=WHEN) is row
    assert service.disable_service_account(db.session, w.admin, account, at=WHEN) == 1
    assert row.revoked_at == WHEN and tokens.authenticate(db.session, secret, at=WHEN) is None
    with pytest.raises(NotAllowedNow):
        service.issue_token(db.session, w.admin, account, name="again", scopes=["read"], days=90, at=WHEN)
    actions = set(db.session.scalars(select(AuditEvent.action).where(AuditEvent.actor_id == w.admin.id)))
    assert {AuditAction.CREATE_SERVICE_ACCOUNT.value, AuditAction.CREATE_API_TOKEN.value,
            AuditAction.DISABLE_SERVICE_ACCOUNT.value} <= actions
