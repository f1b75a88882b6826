"""The demo platform: the platform administrator and the demo's congresses, each loaded in its
own scope (城东区 with the full demo, seeds.demo; the small 城西区, seeds.second)."""

from __future__ import annotations

from datetime import datetime

from tracker.domain.congress.founding import Charter, found_congress
from tracker.models import User
from tracker.tenancy import scope

PLATFORM_LOGIN = "pingtai"  # the platform administrator: creates congresses, no congress of its own
CHENGDONG = Charter(code="chengdong", name="西宁市城东区人民代表大会常务委员会",
                    short_name="城东区人大常委会", place="城东区", office_name="人代联工委",
                    name_en="Standing Committee of the Chengdong District People's Congress, Xining",
                    short_name_en="Chengdong District People's Congress Standing Committee",
                    place_en="Chengdong District", level="county")
CHENGXI = Charter(code="chengxi", name="西宁市城西区人民代表大会常务委员会",
                  short_name="城西区人大常委会", place="城西区", office_name="人代联工委",
                  name_en="Standing Committee of the Chengxi District People's Congress, Xining",
                  short_name_en="Chengxi District People's Congress Standing Committee",
                  place_en="Chengxi District", level="county")


def load_demo_congresses(session, now: datetime) -> dict:
    """Every demo congress, then the platform administrator; returns the loaders' summaries
    (城西区's keys start with its code)."""
    from seeds.demo import DEMO_PASSWORD, load_demo
    from seeds.second import load_second
    from tracker.security import hash_password

    chengdong = found_congress(session, CHENGDONG, actor=None, at=now)
    with scope(session, chengdong.id):
        summary = load_demo(session, now)
    chengxi = found_congress(session, CHENGXI, actor=None, at=now)
    with scope(session, chengxi.id):
        second = load_second(session, now)
    session.add(User(username=PLATFORM_LOGIN, name="平台管理员", is_platform_admin=True,
                     password_hash=hash_password(DEMO_PASSWORD)))
    session.flush()
    return {"congress chengdong": CHENGDONG.short_name, **summary,
            "congress chengxi": CHENGXI.short_name,
            **{f"chengxi {key}": value for key, value in second.items()},
            "platform administrator": f"{PLATFORM_LOGIN} (password {DEMO_PASSWORD}, demo only)"}
