"""Attachments through the pages: limits stated, bad files refused with the text kept, downloads
checked against who may see the item, replies with files, nothing on the public pages."""

from __future__ import annotations

import io
import re

import pytest
from sqlalchemy import func, select

from seeds.paths import CONTACT, ISSUE, TO_IN_HANDLING, Walker
from tests.attachment_samples import fake_pdf, pdf, png
from tests.factories import at
from tests.web.helpers import text
from tracker.extensions import db
from tracker.models import Attachment, AuditEvent, Suggestion
from tracker.workflow import State

TYPED = "这是我认真写的事由，一个字也不能丢。"


@pytest.fixture
def store(app, tmp_path, monkeypatch):
    """Files go to a temporary folder; limits small enough to test 'too large' cheaply."""
    monkeypatch.setitem(app.config, "ATTACHMENT_DIR", str(tmp_path))
    monkeypatch.setitem(app.config, "ATTACHMENT_MAX_BYTES", 64 * 1024)
    monkeypatch.setitem(app.config, "ATTACHMENT_MAX_FILES", 3)
    return tmp_path


def _draft(world, files=(), **over):
    data = {"title": "关于增设公交站点的建议", "reasons": TYPED, "proposals": "建议增设站点。",
            "category_id": str(world.category.id), "channel": "between", "session_id": "",
            "proposed_unit_id": "", "origin": "", "original_lang": "", "original_text": "",
            "attachments": [(io.BytesIO(content), name) for name, content in files]}
    return data | over


def _count() -> int:
    return db.session.scalar(select(func.count(Attachment.id)))


def _mine(world) -> list[Suggestion]:
    return list(db.session.scalars(select(Suggestion).where(
        Suggestion.author_id == world.deputy.id)))


def test_the_draft_page_states_the_limits_beside_the_upload_field(auth, world, app):
    page = text(auth.as_(world.deputy).get("/items/new"))
    assert 'enctype="multipart/form-data"' in page and 'type="file"' in page
    limits = re.search(r'<div class="form-text" id="attachments-limits"[^>]*>(.*?)</div>', page).group(1)
    assert limits == "可添加 PDF、JPEG 或 PNG 文件，每个不超过 10 MB，最多 5 个。"
    assert f'data-max-bytes="{app.config["ATTACHMENT_MAX_BYTES"]}"' in page
    english = text(auth.client.get("/items/new?lang=en"))
    assert "PDF, JPEG or PNG, at most 10 MB each, at most 5 files." in english


def test_a_new_draft_with_a_pdf_and_an_image_is_saved_audited_and_downloadable(auth, world,
                                                                               store):
    client = auth.as_(world.deputy)
    response = client.post("/items/new", content_type="multipart/form-data", data=_draft(
        world, files=[("调研报告.pdf", pdf()), ("现场照片.png", png())]))
    assert response.status_code == 302, text(response)[:500]
    [item] = _mine(world)
    files = db.session.scalars(select(Attachment).order_by(Attachment.id)).all()
    assert [(a.filename, a.mime, a.uploaded_by_id) for a in files] == [
        ("调研报告.pdf", "application/pdf", world.deputy.id),
        ("现场照片.png", "image/png", world.deputy.id)]
    audited = db.session.scalars(select(AuditEvent.action).where(
        AuditEvent.suggestion_id == item.id).order_by(AuditEvent.id)).all()
    assert audited == ["create_draft", "add_attachment", "add_attachment"]
    page = text(client.get(f"/items/{item.id}"))
    assert "调研报告.pdf" in page and "添加附件" in page
    got = client.get(f"/items/{item.id}/attachments/{files[0].id}")
    assert got.status_code == 200 and got.data == pdf() and got.mimetype == "application/pdf"
    assert got.headers["X-Content-Type-Options"] == "nosniff"
    assert "attachment" in got.headers["Content-Disposition"]
    image = client.get(f"/items/{item.id}/attachments/{files[1].id}")
    assert image.data == png() and image.headers["Content-Disposition"].startswith("inline")
    got.close()
    image.close()


@pytest.mark.parametrize(("files", "says"), [
    ([("大文件.pdf", pdf() + b"0" * 70 * 1024)], "每个文件不得超过 64 KB"),
    ([("说明.pdf", fake_pdf())], "不是 PDF、JPEG 或 PNG 文件"),
    ([("说明.txt", b"hello")], "只能添加 PDF、JPEG 或 PNG 文件"),
    ([(f"{n}.pdf", pdf(str(n))) for n in range(4)], "一次最多选择 3 个文件"),
])
def test_bad_files_are_refused_and_the_typed_text_is_kept(auth, world, store, files, says):
    response = auth.as_(world.deputy).post("/items/new", content_type="multipart/form-data",
                                           data=_draft(world, files=files))
    assert response.status_code == 400
    page = text(response)
    assert says in page and TYPED in page
    assert 'data-field-error="attachments"' in page and "请重新选择文件" in page
    assert _mine(world) == [] and _count() == 0
    assert [p for p in store.rglob("*") if p.is_file()] == []


def test_a_deputy_removes_a_file_and_adds_one_while_editing(auth, world, store):
    client = auth.as_(world.deputy)
    client.post("/items/new", content_type="multipart/form-data",
                data=_draft(world, files=[("旧.pdf", pdf("old"))]))
    [item] = _mine(world)
    old = db.session.scalars(select(Attachment)).one()
    form = text(client.get(f"/items/{item.id}/edit"))
    assert "旧.pdf" in form and f'name="remove_attachments" value="{old.id}"' in form
    lock = re.search(r'name="lock_version" type="hidden" value="(\d+)"', form).group(1)
    response = client.post(f"/items/{item.id}/edit", content_type="multipart/form-data",
                           data=_draft(world, files=[("新.png", png())], lock_version=lock,
                                       remove_attachments=[str(old.id)]))
    assert response.status_code == 302
    db.session.expire_all()
    assert old.removed_at is not None and old.removed_by_id == world.deputy.id
    page = text(client.get(f"/items/{item.id}"))
    assert "新.png" in page and "旧.pdf" not in page.split('id="history"')[0]
    assert "删除附件" in page


def test_the_count_limit_includes_files_already_attached(auth, world, store):
    client = auth.as_(world.deputy)
    client.post("/items/new", content_type="multipart/form-data",
                data=_draft(world, files=[(f"{n}.pdf", pdf(str(n))) for n in range(3)]))
    [item] = _mine(world)
    response = client.post(f"/items/{item.id}/edit", content_type="multipart/form-data",
                           data=_draft(world, files=[("多一个.png", png())], title="改了标题"))
    assert response.status_code == 400
    page = text(response)
    assert "附件最多 3 个（已有 3 个）" in page and 'value="改了标题"' in page
    db.session.expire_all()
    assert _count() == 3 and item.title == "关于增设公交站点的建议"


def test_downloads_follow_who_may_see_the_item(auth, world, store, client):
    auth.as_(world.deputy).post("/items/new", content_type="multipart/form-data",
                                data=_draft(world, files=[("私人.pdf", pdf())]))
    [item] = _mine(world)
    att = db.session.scalars(select(Attachment)).one()
    url = f"/items/{item.id}/attachments/{att.id}"
    assert auth.as_(world.deputy2).get(url).status_code == 403
    assert auth.as_(world.handler).get(url).status_code == 403
    allowed = auth.as_(world.office).get(url)
    assert allowed.status_code == 200
    allowed.close()
    other = world.main_item.id
    assert auth.client.get(f"/items/{other}/attachments/{att.id}").status_code == 404
    auth.logout()
    anonymous = client.get(url)
    assert anonymous.status_code == 302 and "/login" in anonymous.headers["Location"]


def test_the_unit_attaches_files_to_its_reply_and_the_public_page_shows_none(auth, world, store,
                                                                             make):
    item = make.suggestion(world.deputy, category=world.category, title="关于公交站点的建议")
    Walker(world, at(2026, 3, 2)).play(item, [*TO_IN_HANDLING, CONTACT])
    db.session.commit()
    client = auth.as_(world.handler)
    form = text(client.get(f"/items/{item.id}/actions/submit_reply"))
    assert 'enctype="multipart/form-data"' in form and "每个不超过 64 KB" in form
    refused = client.post(f"/items/{item.id}/actions/submit_reply",
                          content_type="multipart/form-data", data={
                              "as_role": "unit_handler", "reply_category": "A",
                              "reply_text": "答复正文：已在镇中心增设站点。",
                              "attachments": [(io.BytesIO(fake_pdf()), "答复函.pdf")]})
    assert refused.status_code == 400 and "答复正文：已在镇中心增设站点。" in text(refused)
    assert db.session.scalar(select(Suggestion.state).where(Suggestion.id == item.id)) \
        is State.IN_HANDLING
    ok = client.post(f"/items/{item.id}/actions/submit_reply", content_type="multipart/form-data",
                     data={"as_role": "unit_handler", "reply_category": "A",
                           "reply_text": "答复正文：已在镇中心增设站点。",
                           "attachments": [(io.BytesIO(pdf("reply")), "答复函.pdf")]})
    assert ok.status_code == 302, text(ok)[:500]
    att = db.session.scalars(select(Attachment)).one()
    assert att.reply_id is not None and att.uploaded_by_id == world.handler.id
    Walker(world, at(2026, 5, 10)).play(item, [ISSUE])  # 主动公开
    db.session.commit()
    page = text(auth.as_(world.deputy).get(f"/items/{item.id}"))
    assert "答复函.pdf" in page and "第1轮答复" in page
    download = auth.client.get(f"/items/{item.id}/attachments/{att.id}")
    assert download.data == pdf("reply")
    download.close()
    auth.logout()
    public = text(auth.client.get(f"/public/chengdong/items/{item.id}"))
    assert "已在镇中心增设站点" in public  # the disclosed reply is there, its files are not
    assert "答复函.pdf" not in public and "/attachments/" not in public
