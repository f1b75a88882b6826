"""Invented people for the demo: name pools, the fixed demo logins and the leadership's titles."""

from __future__ import annotations

# Names are combined from these pools, so they belong to nobody in particular.
SURNAMES = "马韩李王张赵刘陈杨祁冶鲁魏孙周吴郭何高朱胡谢苏星范汪蔡罗徐沈"
GIVEN = (
    "建青", "秀芳", "海宁", "玉兰", "志刚", "晓燕", "永福", "桂英", "德明", "丽娟",
    "文海", "春梅", "学军", "淑珍", "国栋", "红霞", "成林", "雪莲", "占奎", "慧敏",
    "有福", "金花", "守仁", "彩霞", "振东", "艳萍", "世杰", "宏伟", "青松", "菊香",
    "明远", "梅英", "宝山", "静怡", "长青", "素琴", "怀德", "晓东", "玉珍", "永强",
    "俊峰", "丽霞", "广顺", "秋菊",
)
# Qinghai's Tibetan and Tu residents often carry one full name with no surname.
FULL_NAMES = ("才让卓玛", "索南措", "多杰才让", "拉毛吉", "扎西尖措", "更藏措", "桑吉加",
              "卓玛草", "仁青加", "央金措")


def name_pool(count: int) -> list[str]:
    """`count` distinct invented names, the same ones on every load."""
    out: list[str] = []
    for i in range(len(SURNAMES) * len(GIVEN)):  # 13 is coprime to the pool size: no repeats
        if i % 9 == 8 and i // 9 < len(FULL_NAMES):
            name = FULL_NAMES[i // 9]
        else:
            name = SURNAMES[i % len(SURNAMES)] + GIVEN[(i * 13) % len(GIVEN)]
        if name not in out:
            out.append(name)
        if len(out) == count:
            return out
    raise ValueError(f"the name pools cannot give {count} names")


DEPUTIES_PER_GROUP = 7  # 9 groups: 63 deputies, one of each group its leader

# Fixed, memorable logins for trying each role; see DEMO_PASSWORD in seeds.demo.
DEMO_DEPUTY, DEMO_DEPUTY2, DEMO_LEADER = "daibiao", "daibiao2", "zuzhang"
DEMO_GROUP = "韵家口镇"  # where the demo deputies and their group leader sit
DEMO_COMMITTEE = "城乡建设环境保护委员会"  # zhuanwei's committee
DEMO_UNIT, DEMO_CO_UNIT = "住建局", "城管局"  # jingban/fuzeren's unit, xieban's unit
UNIT_LOGINS = {DEMO_UNIT: ("jingban", "fuzeren"), DEMO_CO_UNIT: ("xieban", None)}
COMMITTEE_LOGINS = {DEMO_COMMITTEE: "zhuanwei"}
OFFICE_LOGINS = ("gongwei", "gongwei2")
SUPERVISORS = (("zhuren", "常委会主任"), ("fuzhuren", "常委会副主任"))
ADMIN_LOGIN = "admin"
