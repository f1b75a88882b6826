"""Demo liaison-station log: 城东区's stations and about eighty constituents' opinions, each taken
through `tracker.domain.liaison.operations` in the past of `now`, so every one has a real audit trail.

The three 基层立法联系点 (韵家口镇、大众街街道、五一社区) are named in the source report; the
代表之家 and 代表联络站 ("两室") are one per 镇 and 街道, named for the demo. Proportions follow the
report ("收集意见 438 条，解决诉求 336 件", about three in four resolved): most are solved on the spot
or after a referral, some become suggestions (linked to the deputy's existing demo drafts and
items), a few are explained and closed, and a few referrals are still open, one of them overdue for
the demo deputy. Constituents' names and numbers are invented; the numbers are not real ones.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import select

from seeds.data.org import GROUPS
from seeds.data.people import DEMO_DEPUTY
from seeds.world import World
from tracker.domain.deadlines.calendar import CHINA, china_date
from tracker.domain.liaison import operations as liaison
from tracker.domain.liaison.followup import notify_due_referrals
from tracker.models import LiaisonStation, Suggestion
from tracker.models.liaison import StationKind
from tracker.workflow.liaison import ToldHow

LEGISLATIVE_POINTS = (("韵家口镇基层立法联系点", "韵家口镇", "韵家口镇"),
                      ("大众街街道基层立法联系点", "大众街街道", "大众街街道"),
                      ("五一社区基层立法联系点", "火车站街道五一社区", "火车站街道"))
# (what the constituent asked, where the referral goes) — {place} is a community or village.
ASKS = (
    ("{place}小区路灯坏了好几盏，晚上出行不安全", "社区居委会"),
    ("{place}老旧小区想加装电梯，不知道怎么申请", "街道办事处"),
    ("{place}门口道路破损积水，雨天无法通行", "街道办事处"),
    ("{place}垃圾分类点清运不及时，气味很大", "社区居委会"),
    ("希望{place}开办社区老年食堂，方便独居老人吃饭", "街道办事处"),
    ("{place}小区物业服务差，电梯经常停运", "社区居委会"),
    ("{place}附近学校上下学时段交通拥堵，缺少护学岗", "街道办事处"),
    ("{place}小区停车位不足，车辆乱停占用消防通道", "社区居委会"),
    ("{place}健身器材损坏，希望维修更换", "社区居委会"),
    ("{place}冬季供暖温度不达标", "街道办事处"),
    ("{place}公交站台没有遮雨棚", "街道办事处"),
    ("咨询{place}灵活就业人员社保补贴怎么申领", "社区居委会"),
)
SOLVED = ("当场联系社区网格员和物业，已安排维修", "当场向群众解释办理流程并帮助填写材料",
          "现场协调相关负责人，问题已解决")
RESOLVED = ("社区已协调物业完成维修，群众满意", "街道已安排施工，问题已解决")
EXPLAINED = ("该事项涉及整体规划，已向群众解释相关政策和下一步安排",
             "经了解属于司法程序中的个案，已引导群众通过法定途径解决")
SURNAMES = "马李王张赵刘陈杨祁冶韩魏"
TITLES = ("大爷", "阿姨", "先生", "女士")
# The plan, in turn: most resolved, some suggestions, a few explained, a few still open.
PLAN = ("spot", "spot", "referral", "spot", "spot", "referral", "suggestion", "spot", "referral",
        "explained", "spot", "spot", "referral", "spot", "suggestion", "spot", "open", "referral",
        "spot", "spot")
COUNT = 80


def _at(day: date, hour: int = 10) -> datetime:
    return datetime.combine(day, time(hour, 0), CHINA).astimezone(UTC)


def build_stations(session, world: World) -> dict[str, list[LiaisonStation]]:
    """The stations, by 镇/街道: its 代表之家 or 代表联络站, and a legislative point where there is one."""
    out: dict[str, list[LiaisonStation]] = {}
    for street, _code, _communities, _villages in GROUPS:
        kind = StationKind.DEPUTIES_HOME if street.endswith("镇") else StationKind.LIAISON_STATION
        name = f"{street}人大代表{'之家' if kind is StationKind.DEPUTIES_HOME else '联络站'}"
        out[street] = [LiaisonStation(name=name, kind=kind, place=street, group_id=world.groups[street].id)]
    for name, place, street in LEGISLATIVE_POINTS:
        out[street].append(LiaisonStation(name=name, kind=StationKind.LEGISLATIVE_POINT, place=place,
                                          group_id=world.groups[street].id))
    session.add_all([s for stations in out.values() for s in stations])
    session.flush()
    return out


def load_liaison(session, world: World, now: datetime) -> int:
    """Stations and opinions, through the domain; returns the number of opinions. Flushes."""
    stations = build_stations(session, world)
    today = china_date(now)
    authors = set(session.scalars(select(Suggestion.author_id)))
    demo = world.logins[DEMO_DEPUTY]
    streets = [g[0] for g in GROUPS]
    for i in range(COUNT):
        street = streets[i % len(streets)]
        members = world.deputies[street]
        deputy = demo if i % 10 == 0 and street == "韵家口镇" else members[(i // len(streets)) % len(members)]
        story = PLAN[i % len(PLAN)]
        if story == "suggestion":  # a deputy with demo suggestions of their own, to link one
            deputy = next((d for d in [deputy, *members] if d.id in authors), None) or deputy
            if deputy.id not in authors:
                story = "spot"
        communities, villages = world.places[street]
        places = communities + villages
        place = places[i % len(places)]
        ask, referred_to = ASKS[(i * 5) % len(ASKS)]
        received = today - timedelta(days=8 + (i * 37) % 300)
        station = stations[street][i % len(stations[street])]
        opinion = liaison.log_opinion(session, deputy, liaison.OpinionInput(
            station_id=station.id, received_on=received,
            constituent=SURNAMES[i % len(SURNAMES)] + TITLES[i % len(TITLES)],
            content=ask.format(place=place), address=place, contact=f"1390971{i:04d}"), at=_at(received, 9))
        _play(session, opinion, deputy, story, i, place + referred_to, received, today)
    # The demo deputy's referral that is overdue today (their home page and notice centre show it).
    overdue = liaison.log_opinion(session, demo, liaison.OpinionInput(
        station_id=stations["韵家口镇"][0].id, received_on=today - timedelta(days=20), constituent="冶大爷",
        content="团结社区门前人行道地砖松动，老人容易绊倒", address="团结社区", contact="13909710999"),
        at=_at(today - timedelta(days=20), 9))
    liaison.refer(session, overdue, demo, referred_to="团结社区居委会",
                  follow_up_on=today - timedelta(days=6), note="请社区核实后安排维修",
                  at=_at(today - timedelta(days=20), 11))
    notify_due_referrals(session, today, now)
    session.flush()
    return COUNT + 1


def _play(session, opinion, deputy, story: str, i: int, referred_to: str, received: date,
          today: date) -> None:
    def at(days: int, hour: int = 11) -> datetime:
        return _at(min(received + timedelta(days=days), today), hour)

    if story == "spot":
        liaison.solve_on_spot(session, opinion, deputy, note=SOLVED[i % len(SOLVED)], at=at(0))
    elif story in ("referral", "open"):
        follow = received + timedelta(days=14)
        if story == "open":  # referred recently: its follow-up date is still ahead
            follow = today + timedelta(days=3 + i % 10)
        liaison.refer(session, opinion, deputy, referred_to=referred_to, follow_up_on=follow,
                      note="请社区（街道）核实办理", at=at(0))
        if story == "open":
            return
        liaison.close_referral(session, opinion, deputy, note=RESOLVED[i % len(RESOLVED)], at=at(10))
    elif story == "suggestion":
        mine = session.scalars(select(Suggestion.id).where(Suggestion.author_id == deputy.id)
                               .order_by(Suggestion.id)).all()
        liaison.link_suggestion(session, opinion, deputy, suggestion_id=mine[i % len(mine)], at=at(1))
    else:
        liaison.explain_and_close(session, opinion, deputy, note=EXPLAINED[i % len(EXPLAINED)], at=at(1))
    if i % 7 != 3:  # most constituents are told the result; a few are still waiting to hear
        told = min(received + timedelta(days=12 if story == "referral" else 2), today)
        liaison.record_told(session, opinion, deputy, told_on=told, how=tuple(ToldHow)[i % 4],
                            at=_at(told, 16))
