"""Attachments and original-language text in the domain: limits, storage, audit, versions, replies."""

from __future__ import annotations

import hashlib

import pytest
from sqlalchemy import select

from seeds.paths import CONTACT, TO_IN_HANDLING, Walker
from tests.attachment_samples import fake_pdf, jpeg_header, pdf, png
from tests.factories import at
from tracker.domain.authoring import attachments as att
from tracker.domain.authoring.drafts import DraftInput, create_draft, edit_draft, ensure_fresh
from tracker.domain.core.engine import apply
from tracker.domain.errors import InvalidData, NotAllowedNow, NotYourItem, StalePage
from tracker.extensions import db
from tracker.models import Attachment, AuditEvent, SuggestionVersion
from tracker.workflow import Action, Channel, Role, State

LIMITS = att.Limits(max_bytes=4096, max_files=3, types=("pdf", "jpeg", "png"))
TIBETAN = "བོད་ཀྱི་སྐད་ཡིག"


def _up(name: str, content: bytes) -> att.Upload:
    return att.Upload(name, content)


def _audits(item, action: str) -> list[AuditEvent]:
    return list(db.session.scalars(select(AuditEvent).where(
        AuditEvent.suggestion_id == item.id, AuditEvent.action == action).order_by(AuditEvent.id)))


@pytest.mark.parametrize(("content", "mime"), [(pdf(), "application/pdf"), (png(), "image/png"),
                                               (jpeg_header(), "image/jpeg")])
def test_the_type_comes_from_the_content(content, mime):
    assert att.sniff(content, LIMITS).mime == mime


@pytest.mark.parametrize(("uploads", "already", "says"), [
    ([_up("说明.pdf", fake_pdf())], 0, "不是 PDF、JPEG 或 PNG 文件"),
    ([_up("big.pdf", pdf() + b"0" * 5000)], 0, "超过 4 KB 的大小限制"),
    ([_up("empty.png", b"")], 0, "空文件"),
    ([_up("a.pdf", pdf()), _up("b.png", png())], 2, "附件最多 3 个（已有 2 个）"),
])
def test_bad_uploads_are_refused_with_a_reason(uploads, already, says):
    with pytest.raises(InvalidData) as refused:
        att.check_uploads(uploads, LIMITS, already)
    assert says in refused.value.zh and refused.value.field == "attachments"
    assert "choose" in refused.value.en


def test_a_png_named_pdf_is_stored_as_what_it_is(make, tmp_path):
    w = make.world()
    item = make.suggestion(w.deputy)
    [a] = att.attach_to_draft(db.session, item, w.deputy, [_up("照片.pdf", png())],
                              limits=LIMITS, folder=tmp_path, at=at(2026, 3, 1))
    assert a.mime == "image/png" and a.filename == "照片.pdf"


def test_files_are_stored_once_by_hash_and_each_upload_is_audited(make, tmp_path):
    w = make.world()
    item = make.suggestion(w.deputy)
    before = item.lock_version
    content = pdf("same")
    first, second = att.attach_to_draft(
        db.session, item, w.deputy, [_up("../../etc/现场照片.pdf", content), _up("copy.pdf", content)],
        limits=LIMITS, folder=tmp_path, at=at(2026, 3, 1))
    digest = hashlib.sha256(content).hexdigest()
    assert first.sha256 == second.sha256 == digest and first.filename == "现场照片.pdf"
    assert att.path_of(tmp_path, digest).read_bytes() == content
    assert [p.name for p in tmp_path.rglob("*") if p.is_file()] == [digest]
    events = _audits(item, "add_attachment")
    assert [e.data["filename"] for e in events] == ["现场照片.pdf", "copy.pdf"]
    assert events[0].actor_id == w.deputy.id and events[0].data["sha256"] == digest
    db.session.flush()
    assert item.lock_version > before  # an upload racing a review loses cleanly


def test_the_count_limit_counts_what_is_already_attached(make, tmp_path):
    w = make.world()
    item = make.suggestion(w.deputy)
    att.attach_to_draft(db.session, item, w.deputy, [_up("1.pdf", pdf()), _up("2.png", png())],
                        limits=LIMITS, folder=tmp_path, at=at(2026, 3, 1))
    with pytest.raises(InvalidData, match="At most 3"):
        att.attach_to_draft(db.session, item, w.deputy, [_up("3.pdf", pdf("3")),
                                                         _up("4.pdf", pdf("4"))],
                            limits=LIMITS, folder=tmp_path, at=at(2026, 3, 2))


def test_only_the_lead_deputy_and_only_while_the_draft_is_with_them(make, tmp_path):
    w = make.world()
    item = make.suggestion(w.deputy)
    with pytest.raises(NotYourItem):
        att.attach_to_draft(db.session, item, w.deputy2, [_up("a.pdf", pdf())], limits=LIMITS,
                            folder=tmp_path, at=at(2026, 3, 1))
    apply(item, Action.SUBMIT_FOR_REVIEW, actor=w.deputy, as_role=Role.DEPUTY, at=at(2026, 3, 2))
    with pytest.raises(NotAllowedNow):
        att.attach_to_draft(db.session, item, w.deputy, [_up("a.pdf", pdf())], limits=LIMITS,
                            folder=tmp_path, at=at(2026, 3, 3))
    assert db.session.scalars(select(Attachment)).all() == []


def test_each_version_lists_the_files_attached_when_it_was_frozen(make, tmp_path):
    w = make.world()
    item = make.suggestion(w.deputy)
    [first] = att.attach_to_draft(db.session, item, w.deputy, [_up("初稿附件.pdf", pdf("1"))],
                                  limits=LIMITS, folder=tmp_path, at=at(2026, 3, 1))
    apply(item, Action.SUBMIT_FOR_REVIEW, actor=w.deputy, as_role=Role.DEPUTY, at=at(2026, 3, 2))
    apply(item, Action.RETURN_FOR_REVISION, actor=w.office, as_role=Role.OFFICE_STAFF,
          reason="请补充照片。", at=at(2026, 3, 3))
    # Only the files change, not the text: still a new version, with its own list.
    att.remove_from_draft(db.session, item, w.deputy, [first.id], at=at(2026, 3, 4))
    [second] = att.attach_to_draft(db.session, item, w.deputy, [_up("现场照片.png", png())],
                                   limits=LIMITS, folder=tmp_path, at=at(2026, 3, 4))
    apply(item, Action.RESUBMIT, actor=w.deputy, as_role=Role.DEPUTY, at=at(2026, 3, 5))
    v1, v2 = db.session.scalars(select(SuggestionVersion).where(
        SuggestionVersion.suggestion_id == item.id).order_by(SuggestionVersion.number)).all()
    assert [a.filename for a in att.of_version(db.session, v1)] == ["初稿附件.pdf"]
    assert [a.filename for a in att.of_version(db.session, v2)] == ["现场照片.png"]
    assert [a.id for a in att.live_attachments(db.session, item)] == [second.id]
    removal = _audits(item, "remove_attachment")[0]
    assert removal.data["attachment"] == first.id and first.removed_by_id == w.deputy.id


def test_removing_a_file_that_is_not_on_the_draft_is_refused(make, tmp_path):
    w, other = make.world(), None
    item = make.suggestion(w.deputy)
    other = make.suggestion(w.deputy2)
    [theirs] = att.attach_to_draft(db.session, other, w.deputy2, [_up("x.pdf", pdf())],
                                   limits=LIMITS, folder=tmp_path, at=at(2026, 3, 1))
    with pytest.raises(InvalidData):
        att.remove_from_draft(db.session, item, w.deputy, [theirs.id], at=at(2026, 3, 2))
    assert theirs.removed_at is None


def _in_handling(make):
    w = make.world()
    item = make.suggestion(w.deputy, category=w.category)
    Walker(w, at(2026, 3, 2)).play(item, [*TO_IN_HANDLING, CONTACT])
    return w, item


def test_the_handling_unit_attaches_files_to_its_reply_draft(make, tmp_path):
    w, item = _in_handling(make)
    apply(item, Action.SUBMIT_REPLY, actor=w.handler, as_role=Role.UNIT_HANDLER,
          data={"reply_category": "A", "reply_text": "已解决。"}, at=at(2026, 5, 1))
    reply = att.drafted_reply(db.session, item)
    with pytest.raises(NotYourItem):
        att.attach_to_reply(db.session, reply, w.other_handler, [_up("r.pdf", pdf())],
                            limits=LIMITS, folder=tmp_path, at=at(2026, 5, 1))
    [a] = att.attach_to_reply(db.session, reply, w.handler, [_up("答复函.pdf", pdf())],
                              limits=LIMITS, folder=tmp_path, at=at(2026, 5, 1))
    assert a.reply_id == reply.id and att.live_attachments(db.session, item) == []
    assert att.reply_attachments(db.session, item) == {reply.id: [a]}
    assert _audits(item, "add_attachment")[0].role is Role.UNIT_HANDLER
    apply(item, Action.ISSUE_REPLY, actor=w.leader, as_role=Role.UNIT_LEADER,
          data={"disclosure": "public"}, at=at(2026, 5, 2))
    with pytest.raises(NotAllowedNow):
        att.attach_to_reply(db.session, reply, w.handler, [_up("late.pdf", pdf())],
                            limits=LIMITS, folder=tmp_path, at=at(2026, 5, 3))


def test_tibetan_original_text_round_trips_and_is_frozen_with_the_version(make):
    w = make.world()
    item = create_draft(db.session, w.deputy, DraftInput(
        title="关于藏文标识的建议", reasons="事由。", proposals="建议。", channel=Channel.BETWEEN,
        original_lang="bo", original_text=f"  {TIBETAN}  "), at=at(2026, 3, 1))
    db.session.commit()
    db.session.expire_all()
    assert (item.original_lang, item.original_text) == ("bo", TIBETAN)
    apply(item, Action.SUBMIT_FOR_REVIEW, actor=w.deputy, as_role=Role.DEPUTY, at=at(2026, 3, 2))
    [version] = item.versions
    assert (version.original_lang, version.original_text) == ("bo", TIBETAN)


@pytest.mark.parametrize(("lang", "text", "field"), [(None, TIBETAN, "original_lang"),
                                                     ("xx", TIBETAN, "original_lang")])
def test_original_text_needs_a_known_language(make, lang, text, field):
    w = make.world()
    with pytest.raises(InvalidData) as refused:
        create_draft(db.session, w.deputy, DraftInput(
            title="标题", reasons="", proposals="", channel=Channel.BETWEEN, original_lang=lang,
            original_text=text), at=at(2026, 3, 1))
    assert refused.value.field == field


def test_clearing_the_original_text_clears_its_language(make):
    w = make.world()
    item = make.suggestion(w.deputy, original_lang="bo", original_text=TIBETAN)
    changed = edit_draft(db.session, item, w.deputy, DraftInput(
        title=item.title, reasons=item.reasons, proposals=item.proposals, channel=Channel.BETWEEN,
        original_lang="bo", original_text=""), at=at(2026, 3, 1))
    assert sorted(changed) == ["original_lang", "original_text"] and item.original_lang is None


def test_a_page_drawn_before_someone_acted_is_stale(make):
    w = make.world()
    item = make.suggestion(w.deputy)
    db.session.flush()
    seen = item.lock_version
    ensure_fresh(item, seen)
    ensure_fresh(item, None)  # a form that does not say what it saw is judged by the engine
    apply(item, Action.SUBMIT_FOR_REVIEW, actor=w.deputy, as_role=Role.DEPUTY, at=at(2026, 3, 2))
    with pytest.raises(StalePage) as stale:
        ensure_fresh(item, seen)
    assert "其他人已先行处理" in stale.value.zh and "代表工委预审" in stale.value.zh
    assert item.state is State.OFFICE_REVIEW
