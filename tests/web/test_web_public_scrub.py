"""The public page and its export leave out personal data; the office previews the marked text first."""

from __future__ import annotations

import io

from openpyxl import load_workbook

from tests.web.helpers import text
from tracker.extensions import db
from tracker.workflow import State

PHONE = "13812345678"


def test_public_pages_and_export_hide_the_number_the_office_preview_marks_it(client, auth, world, item_in):
    signing = item_in(State.REPLY_SIGNOFF, title=f"关于{PHONE}反映的建议")
    office = text(auth.as_(world.office).get(f"/items/{signing.id}"))
    assert 'id="public-preview"' in office
    assert '<del class="scrubbed" data-kind="mobile"' in office and f">{PHONE}</del>" in office
    assert 'id="public-preview"' not in text(auth.as_(world.deputy).get(f"/items/{signing.id}"))

    issued = item_in(State.REPLIED, title=f"关于{PHONE}的建议",
                     reasons=f"联系人电话 {PHONE}，邮箱 li@example.com。")
    db.session.commit()
    auth.logout()
    for url in ("/public/chengdong", f"/public/chengdong/items/{issued.id}"):
        page = text(client.get(url))
        assert PHONE not in page and "li@example.com" not in page
    assert "〔邮箱已隐去〕" in text(client.get(f"/public/chengdong/items/{issued.id}"))
    exported = client.get("/export/public")
    cells = {c for row in load_workbook(io.BytesIO(exported.data)).worksheets[0].iter_rows(values_only=True)
             for c in row}
    assert not any(PHONE in str(c) for c in cells) and "关于〔手机号已隐去〕的建议" in cells
