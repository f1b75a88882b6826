"""Published items lose personal data from every text; the office's preview shows what goes and why."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from tracker.domain.publication.disclosure import public_item, public_replies
from tracker.domain.publication.preview import public_preview
from tracker.domain.reads.dossier import load_dossier
from tracker.extensions import db
from tracker.models import Reply
from tracker.workflow import State

PHONE, CARD, MAIL = "138 1234 5678", "11010519491231002X", "wang@example.com"


def reply_of(item) -> Reply:
    return db.session.scalars(select(Reply).where(Reply.suggestion_id == item.id)
                              .order_by(Reply.id.desc())).first()


def personal(make, state):
    w, item = make.item_in(state)
    item.title = f"关于{PHONE}反映问题的建议"
    item.reasons = f"群众王某（身份证{CARD}）反映。"
    item.proposals = f"请联系{MAIL}。"
    reply_of(item).text = f"已电话联系（{PHONE}），问题已解决。"
    db.session.flush()
    return w, item


def test_the_public_list_item_and_search_hold_no_personal_data(make):
    _, item = personal(make, State.REPLIED)
    shown = public_item(db.session, item.id)
    texts = " ".join((shown.title, shown.reasons, shown.proposals, shown.reply_text))
    for secret in (PHONE, CARD, MAIL, "12345678"):
        assert secret not in texts
    assert "〔手机号已隐去〕" in shown.title and "〔身份证号已隐去〕" in shown.reasons
    assert "〔邮箱已隐去〕" in shown.proposals and "问题已解决" in shown.reply_text
    row = public_replies(db.session).rows[0]
    assert row.title == shown.title
    # The search reads the full text: a number must not tell which item held it.
    for query in ("13812345678", CARD, MAIL):
        assert public_replies(db.session, query=query).total == 0
    assert public_replies(db.session, query="反映问题").total == 1


@pytest.mark.parametrize(("who", "shown"), [("office", True), ("supervisor", True), ("leader", True),
                                            ("handler", True), ("deputy", False), ("committee_staff", False),
                                            ("co_handler", False)])
def test_the_preview_before_sign_off_marks_what_goes(make, who, shown):
    w, item = personal(make, State.REPLY_SIGNOFF)
    user = getattr(w, who)
    preview = public_preview(item, load_dossier(db.session, item, user).replies, user)
    assert (preview is not None) is shown
    if preview:
        removed = [(p.text, p.kind) for _, cut in preview.fields for p in cut if p.removed]
        assert removed == [(PHONE, "mobile"), (CARD, "id_card"), (MAIL, "email"), (PHONE, "mobile")]
        assert preview.removed == 4


def test_no_preview_for_a_reply_issued_not_public(make):
    w, item = personal(make, State.REPLIED)
    reply_of(item).disclosure = "private"
    db.session.flush()
    assert public_preview(item, [reply_of(item)], w.office) is None
    reply_of(item).disclosure = "public"
    assert public_preview(item, [reply_of(item)], w.office).removed == 4
