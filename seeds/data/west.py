"""城西区, the demo's small second congress: its groups, committees, units, sessions and logins, in
the shape of seeds.data.org and seeds.data.people so that seeds.world's Builder builds it too."""

from __future__ import annotations

from seeds.data import org, people

# Three of the district's 街道, each a deputy group; community names are illustrative.
GROUPS: tuple[tuple[str, str, tuple[str, ...], tuple[str, ...]], ...] = (
    ("古城台街道", "gct", ("古城台社区", "尕寺巷社区", "杨家巷社区"), ()),
    ("虎台街道", "ht", ("虎台社区", "海湖路社区", "康西社区"), ()),
    ("兴海路街道", "xhl", ("兴海路社区", "新西社区", "微波巷社区"), ()),
)
OFFICE_COMMITTEE = org.OFFICE_COMMITTEE
COMMITTEES = (("城乡建设环境保护委员会", "cjhb"), ("教育科学文化卫生委员会", "jkww"),
              ("社会建设委员会", "sj"), (OFFICE_COMMITTEE, "dbgw"))
# Short names as in seeds.data.org, so the demo's suggestion templates fit these units too.
UNITS = (("区住房和城乡建设局", "住建局", "zjj"), ("区交通运输局", "交通局", "jtj"),
         ("区教育局", "教育局", "jyj"), ("区卫生健康局", "卫健局", "wjj"), ("区民政局", "民政局", "mzj"))
KINDS = {"城乡建设", "物业管理", "交通出行", "教育", "医疗卫生", "养老服务", "社区治理"}
CATEGORIES = tuple((name, name_en, committee, tuple(u for u in units if u in {x[1] for x in UNITS}))
                   for name, name_en, committee, units in org.CATEGORIES if name in KINDS)
CONGRESS = "城西区第十八届人民代表大会"
SESSIONS = {key: org.SESSIONS[key] for key in ("s5", "s6")}

DEPUTIES_PER_GROUP = 4
DEMO_GROUP = None  # 城西区's demo deputy is 城东区's daibiao, who joins a group (seeds.second)
DEMO_DEPUTY = people.DEMO_DEPUTY
DEMO_DEPUTY2 = DEMO_LEADER = None
SHARED_GROUP = "古城台街道"  # where daibiao sits in 城西区
PREFIX = "cx_"  # every 城西区 login starts so; logins are platform-wide
COMMITTEE_LOGINS: dict[str, str] = {}
OFFICE_LOGINS = ("cx_office",)
UNIT_LOGINS: dict[str, tuple[str | None, str | None]] = {}
SUPERVISORS = (("cx_zhuren", "常委会主任"),)
ADMIN_LOGIN = "cx_admin"
LOGINS = ("cx_office", "cx_admin", "cx_zhuren", "cx_zz_gct", "cx_db_gct1", "cx_zw_cjhb", "cx_zjj_jb",
          "cx_zjj_fzr", DEMO_DEPUTY)


def session_name(key: str) -> str:
    return f"{CONGRESS}第{org.ORDINALS_ZH[SESSIONS[key]['ordinal']]}次会议"


def name_pool(count: int) -> list[str]:
    """Names after 城东区's, so nobody of one congress shares a name with someone of the other."""
    return people.name_pool(130 + count)[130:]
