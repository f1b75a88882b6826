"""Published text loses mobile numbers, ID-card numbers and email addresses; nothing else."""

from __future__ import annotations

import pytest

from tracker.domain.publication.scrub import EMAIL, ID_CARD, MOBILE, has_personal_data, parts, public_text

REMOVED = [
    ("联系电话13812345678。", "13812345678", MOBILE),
    ("电话：138 1234 5678", "138 1234 5678", MOBILE),
    ("电话：138-1234-5678，", "138-1234-5678", MOBILE),
    ("请拨+86 138 1234 5678", "+86 138 1234 5678", MOBILE),
    ("请拨+86-13812345678", "+86-13812345678", MOBILE),
    ("请拨008613812345678", "008613812345678", MOBILE),
    ("请拨8613812345678", "8613812345678", MOBILE),
    ("全角１３８１２３４５６７８号", "１３８１２３４５６７８", MOBILE),
    ("全角138－1234－5678", "138－1234－5678", MOBILE),
    ("全角空格138\u30001234\u30005678", "138\u30001234\u30005678", MOBILE),
    ("19912345678是新号段", "19912345678", MOBILE),
    ("身份证号11010519491231002X，", "11010519491231002X", ID_CARD),
    ("身份证号11010519491231002x", "11010519491231002x", ID_CARD),
    ("校验位错的身份证号110105194912310021也去掉", "110105194912310021", ID_CARD),
    ("全角１１０１０５１９４９１２３１００２Ｘ", "１１０１０５１９４９１２３１００２Ｘ", ID_CARD),
    ("老身份证110105491231002。", "110105491231002", ID_CARD),
    ("邮箱zhang.san@example.com。", "zhang.san@example.com", EMAIL),
    ("邮箱zhangsan＠qq.com", "zhangsan＠qq.com", EMAIL),
    ("Mail: li-si+tracker@mail.gov.cn!", "li-si+tracker@mail.gov.cn", EMAIL),
]

KEPT = [
    "订单号2013812345678901",  # a mobile-like run inside a longer run of digits
    "编号12345678901234567890",  # 20 digits: not an ID card
    "账号6222021234567890123",  # 19 digits
    "1381234567",  # ten digits
    "12812345678",  # no mobile starts 12
    "办公电话0971-8123456，热线12345",  # landlines and service numbers stay
    "传真(0971)8123456",
    "2026-03-12至2026-05-01",
    "投资12,345,678元，共3000户",
    "110105194913310021",  # month 13: no birth date, so not an ID card
    "第1381234号文件",
    "数字1 3 8 1 2 3 4 5 6 7 8",  # spaced digits are not a phone number written as people write one
    "关于@所有人的建议",
    "没有个人信息的正文。",
]


@pytest.mark.parametrize(("text", "found", "kind"), REMOVED)
def test_personal_data_is_found_and_marked(text, found, kind):
    removed = [p for p in parts(text) if p.removed]
    assert [(p.text, p.kind) for p in removed] == [(found, kind)]
    assert "".join(p.text for p in parts(text)) == text  # the office's preview loses nothing
    published = public_text(text)
    assert found not in published and published.count("已隐去") == 1
    assert text.replace(found, "") in published.replace(public_text(found), "")


@pytest.mark.parametrize("text", KEPT)
def test_everything_else_is_left_alone(text):
    assert not has_personal_data(text)
    assert public_text(text) == text and parts(text)[0].text == text


def test_several_kinds_in_one_text_in_order_and_in_english():
    text = "李某，身份证11010519491231002X，手机13812345678，邮箱li@example.com，住城东区。"
    assert [p.kind for p in parts(text) if p.removed] == [ID_CARD, MOBILE, EMAIL]
    assert public_text(text, "en") == ("李某，身份证[ID card number removed]，手机[mobile number removed]，"
                                       "邮箱[email address removed]，住城东区。")


def test_empty_and_missing_text():
    assert public_text(None) == "" and public_text("") == "" and not has_personal_data(None)
