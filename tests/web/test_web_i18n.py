"""zh-CN by default, English on request; every message has its zh translation, compiled."""

from __future__ import annotations

import gettext
from pathlib import Path

from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

from tests.web.helpers import text
from tracker.workflow import State

ROOT = Path(__file__).resolve().parents[2]
CATALOG = ROOT / "tracker" / "translations" / "zh" / "LC_MESSAGES"
METHODS = [("tracker/**.py", "python"), ("templates/**.html", "jinja2")]
KEYWORDS = {"_": None, "gettext": None, "ngettext": (1, 2), "lazy_gettext": None, "_l": None}


def _po():
    with open(CATALOG / "messages.po", "rb") as f:
        return read_po(f, locale="zh")


def test_every_msgid_has_a_zh_translation():
    untranslated = [m.id for m in _po() if m.id and (not m.string or m.fuzzy)]
    assert untranslated == []


def test_every_message_in_the_code_is_in_the_catalog():
    ids = {m.id for m in _po() if m.id}
    found = {msg[2] for msg in extract_from_dir(str(ROOT), METHODS, keywords=KEYWORDS,
                                                 options_map={"**.html": {}})}
    assert len(found) > 100  # the extraction really read the code
    missing = sorted(str(m) for m in found if m not in ids)
    assert missing == [], "run pybabel extract/update/compile (tracker/translations/README.md)"


def test_the_compiled_catalog_matches_the_po():
    with open(CATALOG / "messages.mo", "rb") as f:
        mo = gettext.GNUTranslations(f)
    stale = [m.id for m in _po() if m.id and mo.gettext(m.id) != m.string]
    assert stale == []


def test_pages_are_chinese_by_default(client, world):
    page = text(client.get("/login"))
    assert '<html lang="zh-CN">' in page and "城东区人大代表建议办理系统" in page
    assert "用户名" in page and "Username" not in page


def test_the_english_switch_renders_english_labels_and_sticks(auth, world, item_in):
    item = item_in(State.OFFICE_REVIEW)
    client = auth.as_(world.office)
    page = text(client.get("/?lang=en"))
    assert '<html lang="en">' in page and "My pending items" in page
    assert "Office pre-review" in page and "代表工委预审" not in page
    item_page = text(client.get(f"/items/{item.id}"))  # the choice is kept in the session
    assert "Pre-approve" in item_page and "History" in item_page
    assert "Send for pre-review" in item_page and "Draft → Office pre-review" in item_page
    back = text(client.get("/?lang=zh"))
    assert "我的待办" in back and "My pending items" not in back


def test_the_switch_link_keeps_the_filter(auth, world):
    page = text(auth.as_(world.supervisor).get("/items?state=replied"))
    assert 'href="/items?state=replied&amp;lang=en"' in page
