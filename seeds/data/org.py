"""城东区 for the demo: 镇/街道 groups and their places, committees, categories, units, sessions."""

from __future__ import annotations

from datetime import date

# The district's 2 镇 and 7 街道, each a deputy group (代表小组). Pinyin codes make usernames.
# Community (社区) and village (村) names are illustrative, used only to make titles concrete.
GROUPS: tuple[tuple[str, str, tuple[str, ...], tuple[str, ...]], ...] = (
    # (镇/街道, code, 社区, 村)
    ("韵家口镇", "yjk", ("韵家口社区", "团结社区"), ("付家寨村", "曹家寨村", "朱家庄村")),
    ("乐家湾镇", "ljw", ("乐家湾社区",), ("泮子山村", "新添堡村", "上十里铺村")),
    ("东关大街街道", "dgdj", ("东关社区", "北小街社区", "南小街社区"), ()),
    ("清真巷街道", "qzx", ("清真巷社区", "礼让街社区", "东稍门社区"), ()),
    ("大众街街道", "dzj", ("大众街社区", "团结桥社区", "互助路社区"), ()),
    ("周家泉街道", "zjq", ("周家泉社区", "建国路社区", "新青社区"), ()),
    ("火车站街道", "hcz", ("五一社区", "火车站社区", "康乐社区"), ()),
    ("八一路街道", "byl", ("八一路社区", "王家庄社区", "中庄社区"), ()),
    ("林家崖街道", "ljy", ("林家崖社区", "东山社区", "湟光社区"), ()),
)

OFFICE_COMMITTEE = "代表工作委员会"  # the office (代表工委); it owns no category
COMMITTEES: tuple[tuple[str, str], ...] = (
    # (name, code)
    ("法制委员会", "fz"),
    ("财政经济委员会", "cj"),
    ("城乡建设环境保护委员会", "cjhb"),
    ("教育科学文化卫生委员会", "jkww"),
    ("社会建设委员会", "sj"),
    (OFFICE_COMMITTEE, "dbgw"),
)

# (full name, short name used as a key below, pinyin code for usernames)
UNITS: tuple[tuple[str, str, str], ...] = (
    ("区住房和城乡建设局", "住建局", "zjj"),
    ("区城市管理局", "城管局", "cgj"),
    ("区交通运输局", "交通局", "jtj"),
    ("区教育局", "教育局", "jyj"),
    ("区卫生健康局", "卫健局", "wjj"),
    ("区市场监督管理局", "市场监管局", "scjg"),
    ("区民政局", "民政局", "mzj"),
    ("区人力资源和社会保障局", "人社局", "rsj"),
    ("区发展和改革局", "发改局", "fgj"),
    ("区财政局", "财政局", "czj"),
    ("区农业农村和水利局", "农业农村水利局", "nyj"),
    ("区生态环境分局", "生态环境分局", "sthj"),
    ("区文化旅游体育局", "文旅体局", "wlt"),
    ("区人民法院", "法院", "fy"),
    ("区人民检察院", "检察院", "jcy"),
    ("区司法局", "司法局", "sfj"),
)

# (name, English name, owning committee, default units by short name)
CATEGORIES: tuple[tuple[str, str, str, tuple[str, ...]], ...] = (
    ("城乡建设", "Urban and rural construction", "城乡建设环境保护委员会", ("住建局", "城管局")),
    ("交通出行", "Transport", "城乡建设环境保护委员会", ("交通局",)),
    ("物业管理", "Property management", "城乡建设环境保护委员会", ("住建局",)),
    ("生态环境", "Environment", "城乡建设环境保护委员会", ("生态环境分局", "城管局")),
    ("教育", "Education", "教育科学文化卫生委员会", ("教育局",)),
    ("医疗卫生", "Health", "教育科学文化卫生委员会", ("卫健局",)),
    ("文化体育", "Culture and sport", "教育科学文化卫生委员会", ("文旅体局",)),
    ("市场监管", "Market regulation", "财政经济委员会", ("市场监管局",)),
    ("乡村振兴", "Rural revitalisation", "财政经济委员会", ("农业农村水利局",)),
    ("社会保障", "Social security", "社会建设委员会", ("人社局", "民政局")),
    ("养老服务", "Elderly care", "社会建设委员会", ("民政局", "卫健局")),
    ("社区治理", "Community services", "社会建设委员会", ("民政局",)),
    ("政法", "Law and justice", "法制委员会", ("法院", "检察院", "司法局")),
)

CONGRESS = "城东区第十八届人民代表大会"
# Sessions by key: the past one, the one whose items are being handled now, and the next one,
# whose advance collection (提前征集) is open in late 2026.
SESSIONS: dict[str, dict] = {
    "s4": dict(ordinal=4, year=2025, collection_opens_on=date(2024, 11, 1),
               presubmission_deadline_on=date(2024, 12, 31), opens_on=date(2025, 1, 7),
               closes_on=date(2025, 1, 10)),
    "s5": dict(ordinal=5, year=2026, collection_opens_on=date(2025, 11, 1),
               presubmission_deadline_on=date(2025, 12, 31), opens_on=date(2026, 1, 6),
               closes_on=date(2026, 1, 9)),
    "s6": dict(ordinal=6, year=2027, collection_opens_on=date(2026, 11, 1),
               presubmission_deadline_on=date(2026, 12, 31), opens_on=date(2027, 1, 12),
               closes_on=date(2027, 1, 15)),
}
ORDINALS_ZH = {4: "四", 5: "五", 6: "六"}


def session_name(key: str) -> str:
    return f"{CONGRESS}第{ORDINALS_ZH[SESSIONS[key]['ordinal']]}次会议"
