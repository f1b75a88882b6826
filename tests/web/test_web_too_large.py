"""A send larger than MAX_CONTENT_LENGTH: a clear page in our layout, the limit, and the way back.

The browser check (tracker/static/uploads.js) normally stops such a send before it leaves; this
page is for a browser without scripts, or a limit changed while the form was open.
"""

from __future__ import annotations

import io

import pytest

from tests.web.helpers import text


@pytest.fixture
def small(app, monkeypatch):
    monkeypatch.setitem(app.config, "MAX_CONTENT_LENGTH", 200 * 1024)
    monkeypatch.setitem(app.config, "ATTACHMENT_MAX_BYTES", 64 * 1024)
    monkeypatch.setitem(app.config, "ATTACHMENT_MAX_FILES", 3)


def _too_big():
    return {"title": "关于增设公交站点的建议", "reasons": "事由", "proposals": "建议",
            "channel": "between", "attachments": [(io.BytesIO(b"%PDF-" + b"0" * 300 * 1024),
                                                    "big.pdf")]}


@pytest.mark.parametrize("lang, says", [
    ("zh", ["返回", "200 KB", "64 KB"]),
    ("en", ["Back button", "200 KB", "64 KB", "3 files"]),
])
def test_a_send_too_large_gets_our_page_with_the_limit_and_the_way_back(auth, world, small, lang,
                                                                         says):
    client = auth.as_(world.deputy)
    client.get(f"/?lang={lang}")
    response = client.post("/items/new", data=_too_big(), content_type="multipart/form-data")
    page = text(response)
    assert response.status_code == 413
    assert 'id="too-large"' in page and "data-back-keeps-text" in page and "data-back>" in page
    assert 'class="navbar' in page or "<nav" in page  # our layout, not the plain error page
    for phrase in says:
        assert phrase in page, phrase


def test_an_api_client_gets_json(auth, world, small):
    response = auth.as_(world.deputy).post("/items/new", data=_too_big(),
                                           content_type="multipart/form-data",
                                           headers={"Accept": "application/json"})
    assert response.status_code == 413 and response.get_json()["code"] == "too_large"
    assert response.mimetype == "application/problem+json"


def test_the_forms_carry_the_limits_for_the_browser_check(auth, world, small):
    page = text(auth.as_(world.deputy).get("/items/new"))
    assert f'data-max-request="{200 * 1024}"' in page and f'data-max-bytes="{64 * 1024}"' in page
    assert "data-msg-file=" in page and "data-msg-total=" in page and "/static/uploads.js" in page
