"""Fill a PostgreSQL database with N realistic suggestions, in bulk SQL, for the benchmarks.

Usage:
    .venv/bin/python bench/generate.py postgresql+psycopg://postgres@127.0.0.1:5432/bench_f 1000000
    .venv/bin/python bench/generate.py postgresql+psycopg://postgres@127.0.0.1:5432/bench_f_10k 10000
    .venv/bin/python bench/generate.py --smoke postgresql+psycopg://postgres@127.0.0.1:5432/bench_s

or from Python: `from bench.generate import generate; generate(url, n)`. `--smoke` writes a few
hundred suggestions (bench/smoke.py runs it in the build, so a schema change that breaks it fails).

The database is created if missing and its public schema is dropped and rebuilt from the models
(create_schema, as the tests do), so never point it at a database you care about. Then everything
is written by INSERT ... SELECT over generate_series, inside PostgreSQL, with a fixed random seed:
8 years of sessions (2019-2026), 15 deputy groups of 40 deputies, 40 units, 20 categories under 6
committees; states weighted by year (older years mostly closed, the current year spread over the
whole workflow), registration numbers per sequence, lead and co-handling assignments, contacts,
replies A-D (with re-handled second rounds), evaluations, open deadlines owned as the table says,
promises of B/C replies, co-signers, key supervision, and the search document of each title.
Everything belongs to one congress (id 1, 城东区; CONGRESS_ID), as a database upgraded by the
congresses migration does: people's group, committee, unit and title are its memberships.
No audit trail is generated: items are not replayed through the engine (that is the demo's job);
the figures measure list and dashboard reads, not history.
1,000,000 suggestions take a few minutes on 2 cores.
"""

from __future__ import annotations

import sys
import time
from datetime import UTC, datetime

import psycopg
import sqlalchemy as sa

from tracker.domain.core.engine import STAMPS
from tracker.workflow import DEADLINE_SPEC, FINAL, STATE_DEADLINE

SMOKE_ROWS = 300
YEARS = list(range(2019, 2027))
CURRENT_YEAR = 2026
GROUPS = (
    "韵家口镇 大众街街道 周家泉街道 火车站街道 八一路街道 林家崖街道 "
    "东关大街街道 清真巷街道 人民街街道 乐家湾镇 中庄村 付家寨 "
    "杨沟湾 泮子山 曹家寨"
).split()
COMMITTEES = (
    "法制委员会 财政经济委员会 教育科学文化卫生委员会 城乡建设环境保护委员会 "
    "社会建设委员会 代表工作委员会"
).split()
UNITS = (
    "区发展和改革局 区教育局 区住房和城乡建设局 区卫生健康局 区市场监督管理局 区人民法院 "
    "区人民检察院 区公安分局 区民政局 区财政局 区人力资源和社会保障局 区自然资源局 "
    "区生态环境局 区交通运输局 区农业农村和水利局 区商务局 区文化旅游体育局 区退役军人事务局 "
    "区应急管理局 区审计局 区统计局 区医疗保障局 区城市管理局 区司法局 "
    "区科技局 区工业和信息化局 区林业和草原局 区信访局 区政务服务中心 区国资委 "
    "区供销社 区残联 区妇联 团区委 区工商联 区税务局 "
    "区消防救援大队 区邮政分公司 区供电公司 区自来水公司"
).split()
TOPICS = (
    "公交线路 老旧小区改造 物业管理 停车难 学前教育 义务教育学位 社区医疗 养老服务 "
    "垃圾分类 背街小巷 供暖 雨污分流 食品安全 农贸市场 就业培训 文化广场 "
    "体育设施 消防通道 电动车充电 校园周边安全 道路照明 河道治理 绿化提升 便民服务 "
    "残疾人帮扶"
).split()

CURRENT = {  # the current year: items everywhere in the workflow (weights in per mille)
    "draft": 60, "group_review": 20, "committee_review": 20, "office_review": 30, "returned": 20,
    "pre_approved": 20, "submitted": 20, "registered": 20, "assigned": 30, "in_handling": 150,
    "reply_signoff": 30, "replied": 80, "dissatisfied": 10, "rehandling": 10, "escalated": 5,
    "closed": 385, "not_registered": 20, "withdrawn": 25, "merged": 25, "converted": 20,
}
PAST = {  # earlier years: nearly everything has closed, a few are stuck or late
    "in_handling": 8, "replied": 6, "rehandling": 3, "escalated": 2, "closed": 891,
    "not_registered": 25, "withdrawn": 25, "merged": 25, "converted": 15,
}
ROUTED = ("assigned", "in_handling", "reply_signoff", "replied", "dissatisfied", "rehandling",
          "escalated", "closed")
REPLIED = ("replied", "dissatisfied", "rehandling", "escalated", "closed")
SUBMITTED = ("submitted", "registered", "not_registered", *ROUTED)


def _pick(weights: dict[str, int], r: str) -> str:
    """A CASE expression that turns the uniform random column `r` into a weighted choice."""
    total, acc, parts = sum(weights.values()), 0, []
    for value, w in weights.items():
        acc += w
        parts.append(f"WHEN {r} < {acc / total:.6f} THEN '{value}'")
    return "CASE " + " ".join(parts) + f" ELSE '{value}' END"


def _arr(values: list[str]) -> str:
    return "ARRAY[" + ",".join(f"'{v}'" for v in values) + "]"


def _in(values) -> str:
    return "(" + ",".join(f"'{v}'" for v in values) + ")"


def ensure_database(url: str) -> None:
    u = sa.make_url(url)
    server = u.set(drivername="postgresql", database="postgres").render_as_string(hide_password=False)
    with psycopg.connect(server, autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [u.database]).fetchone():
            conn.execute(f'CREATE DATABASE "{u.database}"')


def create_tables(url: str) -> None:
    from tracker import create_app
    from tracker.extensions import db
    from tracker.setup import create_schema

    app = create_app({"SQLALCHEMY_DATABASE_URI": url})
    with app.app_context():
        with db.engine.begin() as conn:
            conn.exec_driver_sql("DROP SCHEMA public CASCADE; CREATE SCHEMA public")
        create_schema(now=datetime(CURRENT_YEAR, 11, 1, tzinfo=UTC))
        db.session.commit()
        db.engine.dispose()


CONGRESS_ID = 1
OWNED_TABLES = ("SELECT table_name FROM information_schema.columns WHERE table_schema = 'public' "
                "AND column_name = 'congress_id' AND is_nullable = 'NO'")


def congress_sql(conn) -> list[str]:
    """The congress, and every congress-owned table's congress_id defaulting to it for the INSERTs
    below (the models fill it from the scope; raw SQL has none). owned_done() drops the defaults."""
    tables = [row[0] for row in conn.execute(OWNED_TABLES)]
    return [
        "INSERT INTO congress (id, code, name, short_name, place, office_name, name_en, short_name_en, "
        f"place_en, level, is_active) VALUES ({CONGRESS_ID}, 'chengdong', "
        "'西宁市城东区人民代表大会常务委员会', '城东区人大常委会', '城东区', '人代联工委', '', '', '', "
        "'county', true)",
        *(f'ALTER TABLE "{t}" ALTER COLUMN congress_id SET DEFAULT {CONGRESS_ID}' for t in tables)]


def owned_done(conn) -> list[str]:
    """The schema as the models make it again: no default, the app fills congress_id itself."""
    return [f'ALTER TABLE "{row[0]}" ALTER COLUMN congress_id DROP DEFAULT'
            for row in conn.execute(OWNED_TABLES)]


def reference_sql() -> list[str]:
    groups = ",".join(f"({i + 1}, '{g}代表小组', true)" for i, g in enumerate(GROUPS))
    committees = ",".join(f"({i + 1}, '{c}', true)" for i, c in enumerate(COMMITTEES))
    units = ",".join(f"({i + 1}, '{u}', '{u[1:5]}', true)" for i, u in enumerate(UNITS))
    cats = ",".join(f"({i + 1}, '{t}', 'Topic {i + 1}', {i % len(COMMITTEES) + 1}, true)"
                    for i, t in enumerate(TOPICS[:20]))
    sessions = ",".join(
        f"({i + 1}, '城东区第十八届人民代表大会第{i + 1}次会议', {i + 1}, {y}, "
        f"'{y - 1}-11-15', '{y}-01-05', '{y}-01-10', '{y}-01-13')" for i, y in enumerate(YEARS))
    n_dep = 40 * len(GROUPS)
    return [
        f"INSERT INTO deputy_group (id, name, is_active) VALUES {groups}",
        f"INSERT INTO committee (id, name, is_active) VALUES {committees}",
        f"INSERT INTO handling_unit (id, name, short_name, is_active) VALUES {units}",
        f"INSERT INTO category (id, name, name_en, committee_id, is_active) VALUES {cats}",
        "INSERT INTO category_default_unit SELECT c.id, (c.id * 7) % 40 + 1 FROM category c",
        "INSERT INTO congress_session (id, name, ordinal, year, collection_opens_on, "
        f"presubmission_deadline_on, opens_on, closes_on) VALUES {sessions}",
        # Deputies 1..600 (40 per group), then office, supervisors, committee staff, unit staff:
        # accounts are the platform's; their group, committee, unit and title are the congress's.
        "INSERT INTO \"user\" (id, username, name, password_hash, email, phone, locale, notify_digest, "
        "is_active_user, is_platform_admin, must_change_password) "
        f"SELECT i, 'd' || i, '代表' || i, 'x', '', '', 'zh', false, true, false, false "
        f"FROM generate_series(1, {n_dep}) i UNION ALL VALUES "
        "(1001, 'gongwei', '工委', 'x', '', '', 'zh', false, true, false, false),"
        "(1002, 'zhuren', '主任', 'x', '', '', 'zh', false, true, false, false),"
        "(1003, 'admin', '管理员', 'x', '', '', 'zh', false, true, false, false) UNION ALL "
        "SELECT 1100 + c, 'zw' || c, '专委' || c, 'x', '', '', 'zh', false, true, false, false "
        f"FROM generate_series(1, {len(COMMITTEES)}) c UNION ALL "
        "SELECT 1200 + u, 'jb' || u, '经办' || u, 'x', '', '', 'zh', false, true, false, false "
        f"FROM generate_series(1, {len(UNITS)}) u UNION ALL "
        "SELECT 1300 + u, 'fz' || u, '负责' || u, 'x', '', '', 'zh', false, true, false, false "
        f"FROM generate_series(1, {len(UNITS)}) u",
        "INSERT INTO membership (user_id, group_id, committee_id, unit_id, title) "
        f"SELECT i, (i - 1) / 40 + 1, NULL::int, NULL::int, '' FROM generate_series(1, {n_dep}) i "
        "UNION ALL VALUES (1001, NULL::int, NULL::int, NULL::int, ''), (1002, NULL, NULL, NULL, '主任'), "
        "(1003, NULL, NULL, NULL, '') UNION ALL "
        f"SELECT 1100 + c, NULL, c, NULL, '' FROM generate_series(1, {len(COMMITTEES)}) c UNION ALL "
        f"SELECT 1200 + u, NULL, NULL, u, '' FROM generate_series(1, {len(UNITS)}) u UNION ALL "
        f"SELECT 1300 + u, NULL, NULL, u, '' FROM generate_series(1, {len(UNITS)}) u",
        "UPDATE deputy_group SET leader_id = (id - 1) * 40 + 1",
        "INSERT INTO user_role (user_id, role) SELECT id, 'deputy' FROM \"user\" WHERE id <= 600 "
        "UNION ALL SELECT leader_id, 'group_leader' FROM deputy_group "
        "UNION ALL VALUES (1001, 'office_staff'), (1002, 'supervisor'), (1003, 'admin') "
        "UNION ALL SELECT id, 'committee_staff' FROM \"user\" WHERE id BETWEEN 1101 AND 1199 "
        "UNION ALL SELECT id, 'unit_handler' FROM \"user\" WHERE id BETWEEN 1201 AND 1299 "
        "UNION ALL SELECT id, 'unit_leader' FROM \"user\" WHERE id BETWEEN 1301 AND 1399",
    ]


# As engine.apply stores them, for items with no trail: a state is entered at its stamp where it has
# one (the same action sets both), never after the item's last change (the action touches it too),
# else at that last change (as a new row; as migration a1b2c3d4e5f2 backfills rows with no trail).
# An assignment is open while live on an unfinished item. check() holds the data to both.
ENTERED = ("CASE state " + " ".join(f"WHEN '{state.value}' THEN LEAST({column}, updated_at)"
                                    for state, column in STAMPS.items()) + " ELSE updated_at END")
OPEN = f"s.state NOT IN {_in(sorted(state.value for state in FINAL))}"  # none is released here


def suggestion_sql(n: int) -> list[str]:
    years = len(YEARS)
    # One row of random draws per item, so the derived tables agree with the item's own draws.
    draws = (
        f"CREATE UNLOGGED TABLE gen AS SELECT i AS id, "
        f"{YEARS[0]} + least(floor(power(random(), 0.8) * {years})::int, {years - 1}) AS year, "
        "random() AS rs, random() AS rc, random() AS rd, random() AS rt, random() AS rr, "
        "random() AS re, random() AS rk FROM generate_series(1, %d) i" % n)
    state = (f"CASE WHEN year = {CURRENT_YEAR} THEN {_pick(CURRENT, 'rs')} "
             f"ELSE {_pick(PAST, 'rs')} END")
    # Session items are written in the collection window; between-session ones over the year.
    created = ("CASE WHEN rc < 0.7 THEN make_date(year - 1, 11, 15) + (rd * 50)::int "
               f"ELSE make_date(year, 1, 20) + (rd * CASE WHEN year = {CURRENT_YEAR} "
               "THEN 300 ELSE 340 END)::int END")
    return [
        draws,
        "ALTER TABLE gen ADD COLUMN state text, ADD COLUMN created date",
        f"UPDATE gen SET state = {state}, created = {created}",
        # Re-handled items: about 6% of closed ones went through one 不满意 and a second reply.
        "INSERT INTO suggestion (id, state, channel, session_id, title, reasons, proposals, origin, "
        "category_id, proposed_unit_id, author_id, returned_from, withdrawal_advised, against_advice, "
        "withdrawal_requested, reg_sequence, reg_number, merged_into_id, reply_round, "
        "dissatisfied_count, is_key, close_kind, created_at, updated_at, submitted_at, registered_at, "
        "assigned_at, closed_at, lock_version, state_entered_at) "
        # The outer SELECT adds the entry moment, read from the stamps the inner one names.
        f"SELECT x.*, {ENTERED} FROM (SELECT g.id, g.state, "
        "CASE WHEN rc < 0.7 THEN 'session' ELSE 'between' END, "
        f"CASE WHEN rc < 0.7 THEN g.year - {YEARS[0] - 1} END, "
        f"'关于' || ({_arr(GROUPS)})[1 + (g.id % {len(GROUPS)})] || "
        f"({_arr(TOPICS)})[1 + ((g.id / 7) % {len(TOPICS)})] || '问题的建议', "
        "'群众反映' || repeat('情况较为突出，影响居民日常生活。', 1 + (g.id % 4)), "
        "'建议有关部门' || repeat('统筹研究，加快解决。', 1 + (g.id % 3)), '代表联络站收集', "
        "CASE WHEN g.state = 'draft' AND rt < 0.3 THEN NULL ELSE 1 + floor(power(rt, 1.3) * 20)::int END, "
        "CASE WHEN rr < 0.2 THEN 1 + (g.id % 40) END, "
        # A few active deputies write far more than the rest.
        "1 + floor(power(rd, 2.2) * 600)::int % 600, "
        "CASE WHEN g.state = 'returned' THEN 'office_review' END, false, rk < 0.02 AND g.state IN "
        f"{_in(ROUTED)}, false, NULL::text, NULL::int, NULL::int, "
        "CASE WHEN g.state IN ('rehandling', 'escalated') OR (g.state = 'closed' AND re < 0.06) "
        "THEN 2 ELSE 1 END, "
        "CASE WHEN g.state = 'escalated' THEN 2 WHEN g.state IN ('dissatisfied', 'rehandling') "
        "OR (g.state = 'closed' AND re < 0.06) THEN 1 ELSE 0 END, "
        f"g.state IN {_in(ROUTED)} AND rk < 0.01, "
        "CASE WHEN g.state = 'closed' THEN CASE WHEN re < 0.9 THEN 'satisfied' WHEN re < 0.97 "
        "THEN 'no_feedback' ELSE 'concluded' END END, "
        "g.created::timestamptz + interval '2 hours', "
        # Updated: the latest step; dates spread so that lists sort over the whole range.
        f"LEAST((g.created + CASE WHEN g.state IN {_in(ROUTED)} THEN 40 + (rr * 200)::int "
        "ELSE (rr * 30)::int END)::timestamptz + (rk * interval '10 hours'), "
        f"'{CURRENT_YEAR}-11-25'::timestamptz) AS updated_at, "
        f"CASE WHEN g.state IN {_in(SUBMITTED)} THEN (g.created + 10)::timestamptz END AS submitted_at, "
        f"CASE WHEN g.state IN {_in(('registered', *ROUTED))} THEN (g.created + 13)::timestamptz END "
        "AS registered_at, "
        f"CASE WHEN g.state IN {_in(ROUTED)} THEN (g.created + 20)::timestamptz END AS assigned_at, "
        "CASE WHEN g.state = 'closed' THEN LEAST((g.created + 40 + (rr * 200)::int)::timestamptz, "
        f"'{CURRENT_YEAR}-11-25'::timestamptz) END AS closed_at, 1 FROM gen g) x",
        # Registration numbers: per session, or per year between sessions, in order of submission.
        "UPDATE suggestion s SET reg_sequence = n.seq, reg_number = n.num FROM ("
        "SELECT id, CASE WHEN channel = 'session' THEN 'session:' || session_id "
        "ELSE 'year:' || extract(year FROM registered_at)::int END AS seq, "
        "row_number() OVER (PARTITION BY channel, session_id, CASE WHEN channel = 'between' THEN "
        "extract(year FROM registered_at) END ORDER BY submitted_at, id) AS num "
        "FROM suggestion WHERE registered_at IS NOT NULL) n WHERE s.id = n.id",
        "UPDATE suggestion SET merged_into_id = greatest(id - 1, 1) WHERE state = 'merged'",
    ]


def derived_sql() -> list[str]:
    reply_issued = "(s.assigned_at + interval '75 days')"
    return [
        "INSERT INTO assignment (suggestion_id, unit_id, is_lead, state, assigned_at, received_at, "
        "opinion, is_open, item_state, item_is_key) SELECT s.id, "
        "coalesce(s.proposed_unit_id, (s.category_id * 7) % 40 + 1), true, "
        "CASE WHEN s.state = 'assigned' THEN 'awaiting_receipt' ELSE 'received' END, s.assigned_at, "
        f"CASE WHEN s.state <> 'assigned' THEN s.assigned_at + interval '2 days' END, '', {OPEN}, "
        "s.state, s.is_key "
        f"FROM suggestion s WHERE s.state IN {_in(ROUTED)}",
        "INSERT INTO assignment (suggestion_id, unit_id, is_lead, state, assigned_at, received_at, "
        "opinion, opinion_sent_at, is_open, item_state, item_is_key) "
        "SELECT s.id, (coalesce(s.proposed_unit_id, (s.category_id * 7) % 40 + 1) + 5) % 40 + 1, false, "
        "CASE WHEN s.state IN ('assigned', 'in_handling') THEN 'received' ELSE 'opinion_sent' END, "
        "s.assigned_at, s.assigned_at + interval '2 days', '同意主办单位意见', "
        "CASE WHEN s.state NOT IN ('assigned', 'in_handling') THEN s.assigned_at + interval '25 days' END, "
        f"{OPEN}, s.state, s.is_key "
        f"FROM suggestion s WHERE s.state IN {_in(ROUTED)} AND s.id % 10 < 3",
        "INSERT INTO contact (suggestion_id, unit_id, way, contact_on, people, summary, logged_by_id, "
        "logged_at) SELECT a.suggestion_id, a.unit_id, (ARRAY['face_to_face','phone','on_site','online'])"
        "[1 + a.suggestion_id % 4], (a.assigned_at + interval '20 days')::date, '经办人、代表', "
        "'当面沟通办理方案', 1200 + a.unit_id, a.assigned_at + interval '20 days' FROM assignment a "
        "WHERE a.is_lead AND a.state = 'received' AND a.suggestion_id % 10 < 8",
        # First-round replies of every replied item, second rounds of re-handled ones.
        "INSERT INTO reply (suggestion_id, unit_id, round, category, text, promised_on, promise_text, "
        "status, drafted_by_id, drafted_at, approved_by_id, issued_at, disclosure, disclosure_reason) "
        "SELECT s.id, a.unit_id, r.round, (ARRAY['A','A','A','A','A','B','B','B','C','D'])"
        "[1 + (s.id * 3 + r.round) % 10], '经研究，答复如下：已会同有关部门办理。', "
        "CASE WHEN (s.id * 3 + r.round) % 10 BETWEEN 5 AND 8 THEN "
        f"({reply_issued} + interval '200 days')::date END, "
        "CASE WHEN (s.id * 3 + r.round) % 10 BETWEEN 5 AND 8 THEN '列入计划，年内完成' ELSE '' END, "
        "CASE WHEN s.state = 'reply_signoff' AND r.round = s.reply_round THEN 'drafted' ELSE 'issued' END, "
        f"1200 + a.unit_id, {reply_issued} - interval '3 days', "
        f"CASE WHEN NOT (s.state = 'reply_signoff' AND r.round = s.reply_round) THEN 1300 + a.unit_id END, "
        f"CASE WHEN NOT (s.state = 'reply_signoff' AND r.round = s.reply_round) THEN "
        f"{reply_issued} + (r.round - 1) * interval '40 days' END, "
        "CASE WHEN s.state = 'reply_signoff' AND r.round = s.reply_round THEN NULL "
        "ELSE (ARRAY['public','public','public','on_request','private'])[1 + s.id % 5] END, '' "
        "FROM suggestion s JOIN assignment a ON a.suggestion_id = s.id AND a.is_lead "
        "CROSS JOIN LATERAL generate_series(1, s.reply_round) AS r(round) "
        f"WHERE s.state IN {_in((*REPLIED, 'reply_signoff'))} "
        "AND NOT (s.state = 'rehandling' AND r.round = 2)",
        # Evaluations: dissatisfied first rounds, then the latest round as the state says.
        "INSERT INTO evaluation (suggestion_id, reply_id, round, attitude, result, comment, "
        "evaluator_id, evaluated_at) "
        "SELECT s.id, r.id, r.round, "
        "CASE WHEN r.round < s.reply_round OR s.state IN ('dissatisfied', 'escalated', 'rehandling') "
        "THEN (ARRAY['basically','dissatisfied'])[1 + s.id % 2] "
        "WHEN s.id % 5 = 0 THEN 'basically' ELSE 'satisfied' END, "
        "CASE WHEN r.round < s.reply_round OR s.state IN ('dissatisfied', 'escalated', 'rehandling') "
        "THEN 'dissatisfied' WHEN s.id % 4 = 0 THEN 'basically' ELSE 'satisfied' END, "
        "CASE WHEN r.round < s.reply_round OR s.state IN ('dissatisfied', 'escalated', 'rehandling') "
        "THEN '未解决实际问题' ELSE '' END, s.author_id, r.issued_at + interval '10 days' "
        "FROM suggestion s JOIN reply r ON r.suggestion_id = s.id AND r.status = 'issued' "
        "WHERE (s.state = 'closed' AND (s.close_kind = 'satisfied' OR r.round < s.reply_round)) "
        "OR s.state IN ('dissatisfied', 'escalated', 'rehandling')",
        "INSERT INTO promise (suggestion_id, reply_id, unit_id, text, due_on, state, review_pending, "
        "report_text, reported_at) "
        "SELECT r.suggestion_id, r.id, r.unit_id, r.promise_text, r.promised_on, "
        f"CASE WHEN r.promised_on > '{CURRENT_YEAR}-11-25' THEN 'open' WHEN r.suggestion_id % 7 = 0 "
        "THEN 'not_kept' ELSE 'kept' END, false, '', "
        f"CASE WHEN r.promised_on <= '{CURRENT_YEAR}-11-25' THEN r.promised_on::timestamptz END "
        "FROM reply r JOIN suggestion s ON s.id = r.suggestion_id "
        "WHERE r.promised_on IS NOT NULL AND r.status = 'issued' AND s.state = 'closed' "
        "AND r.round = s.reply_round",
        "INSERT INTO cosigner (suggestion_id, deputy_id, status, invited_at, answered_at) "
        "SELECT s.id, s.author_id % 600 + 1, 'confirmed', s.created_at, s.created_at + interval '1 day' "
        "FROM suggestion s WHERE s.id % 5 = 0",
        "INSERT INTO supervision_mark (suggestion_id, leader, committee_id, marked_by_id, marked_at) "
        "SELECT s.id, '主任', 1 + s.id % 6, 1002, s.assigned_at FROM suggestion s WHERE s.is_key",
        "INSERT INTO suggestion_search (suggestion_id, tokens, document) SELECT s.id, "
        "replace(replace(s.title, '关于', '关于 '), '问题的建议', ' 问题 建议'), "
        "to_tsvector('simple', replace(replace(s.title, '关于', '关于 '), '问题的建议', ' 问题 建议')) "
        "FROM suggestion s",
    ]


def deadline_sql() -> list[str]:
    """One open deadline per item in a state that has one, owned as the table says."""
    rows = []
    for state, kind in STATE_DEADLINE.items():
        spec = DEADLINE_SPEC[kind]
        rows.append(f"('{state.value}', '{kind.value}', '{spec.owner.value}', {spec.amount}, "
                    f"'{spec.unit.value}')")
    spec_values = ",".join(rows)
    return [
        "INSERT INTO deadline (suggestion_id, kind, owner, owner_user_id, owner_unit_id, assignment_id, "
        "counted_from, amount, unit, due_on, provisional, opened_at) "
        "SELECT s.id, k.kind, k.owner, "
        "CASE WHEN k.owner = 'deputy' THEN s.author_id END, "
        "CASE WHEN k.owner IN ('unit', 'unit_leader') THEN a.unit_id END, "
        "CASE WHEN k.owner IN ('unit', 'unit_leader') THEN a.id END, "
        "s.updated_at::date, k.amount, k.unit, "
        "s.updated_at::date + CASE k.unit WHEN 'months' THEN 30 * k.amount "
        "WHEN 'working_days' THEN (k.amount * 7) / 5 ELSE k.amount END, false, s.updated_at "
        f"FROM suggestion s JOIN (VALUES {spec_values}) AS k(state, kind, owner, amount, unit) "
        "ON k.state = s.state LEFT JOIN assignment a ON a.suggestion_id = s.id AND a.is_lead",
    ]


def check(conn) -> None:
    """The stored queue columns say what the engine would have stored (see ENTERED, OPEN; an
    assignment's copy of its item's state and key mark, tracker.models.handling)."""
    wrong = conn.execute(
        "SELECT (SELECT count(*) FROM suggestion WHERE NOT state_entered_at <= updated_at), (SELECT count(*) "
        f"FROM assignment a JOIN suggestion s ON s.id = a.suggestion_id WHERE a.is_open <> ({OPEN} "
        "AND a.state <> 'released') OR a.item_state IS DISTINCT FROM s.state "
        "OR a.item_is_key IS DISTINCT FROM s.is_key)").fetchone()
    if any(wrong):
        raise SystemExit(f"generated rows unlike the engine's: {wrong[0]} entry times, {wrong[1]} "
                         "open flags or items' states")


def generate(url: str, n: int, log=print) -> dict[str, float]:
    """Rebuild the database at `url` with `n` suggestions; returns seconds per step."""
    timings: dict[str, float] = {}
    started = time.perf_counter()
    ensure_database(url)
    create_tables(url)
    timings["schema"] = time.perf_counter() - started
    conninfo = sa.make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)
    with psycopg.connect(conninfo) as conn:
        conn.execute("SELECT setseed(0.42)")
        conn.execute("SET maintenance_work_mem = '256MB'")
        conn.execute("SET work_mem = '64MB'")
        steps = [("congress", congress_sql(conn)), ("reference", reference_sql()),
                 ("suggestions", suggestion_sql(n)),
                 ("handling", derived_sql()), ("deadlines", deadline_sql()),
                 ("cleanup", ["DROP TABLE gen", *owned_done(conn)])]
        for name, statements in steps:
            t = time.perf_counter()
            for sql in statements:
                conn.execute(sql)
            conn.commit()
            timings[name] = time.perf_counter() - t
            log(f"{name}: {timings[name]:.1f}s")
        # Sequences were bypassed by explicit ids.
        for table in ("congress", "deputy_group", "committee", "handling_unit", "category",
                      "congress_session", "user", "suggestion"):
            conn.execute(f"SELECT setval(pg_get_serial_sequence('\"{table}\"', 'id'), "
                         f"(SELECT max(id) FROM \"{table}\"))")
        # Written behind the app's back, so the data generation (tracker.domain.generation) is
        # set by hand: a new token, as a commit through the app would.
        conn.execute("DELETE FROM data_generation")
        conn.execute("INSERT INTO data_generation (name, token) VALUES ('lists', md5(random()::text)), "
                     "('notices', md5(random()::text))")
        conn.commit()
        check(conn)
    with psycopg.connect(conninfo, autocommit=True) as conn:
        t = time.perf_counter()
        conn.execute("VACUUM ANALYZE")
        timings["vacuum_analyze"] = time.perf_counter() - t
    timings["total"] = time.perf_counter() - started
    log(f"total: {timings['total']:.1f}s for {n} suggestions")
    return timings


if __name__ == "__main__":
    args = sys.argv[1:]
    if args[:1] == ["--smoke"] and len(args) == 2:  # bench/smoke.py: a few hundred rows
        generate(args[1], SMOKE_ROWS)
    elif len(args) == 2:
        generate(args[0], int(args[1]))
    else:
        sys.exit(__doc__)
