"""A database that cannot be reached gives a clean 503 that says to retry: never a 500, never a
traceback. The app process runs against a port where nothing listens (the real connect error)."""

from __future__ import annotations

import pytest
import requests

from tests.app_server import AppServer
from tests.s3_server import free_port

ZH = "数据库暂时无法连接"


@pytest.fixture(scope="module")
def cut_off(tmp_path_factory):
    server = AppServer(tmp_path_factory.mktemp("cut-off"), "cut-off", {
        "TRACKER_DATABASE_URL": f"postgresql+psycopg://postgres@127.0.0.1:{free_port()}/gone",
        "TRACKER_SECRET_KEY": "cut-off-secret-key-0123456789abcdef"})
    try:
        yield server.wait()
    finally:
        server.stop()


@pytest.mark.parametrize("path", ["/", "/login", "/public", "/items", "/items/7"])
def test_every_page_answers_503_with_a_retry(cut_off, path):
    got = requests.get(cut_off.url + path, allow_redirects=False, timeout=30)
    assert got.status_code == 503
    assert got.headers["Retry-After"] == "5"
    assert ZH in got.text and "Traceback" not in got.text and "psycopg" not in got.text


def test_the_api_and_english_pages_say_it_too(cut_off):
    got = requests.get(cut_off.url + "/public?lang=en", timeout=30)
    assert got.status_code == 503 and "cannot be reached for a moment" in got.text
    api = requests.get(cut_off.url + "/api/v1/items", headers={"Accept": "application/json"}, timeout=30)
    assert api.status_code == 503 and api.json()["code"] == "unavailable"


def test_the_log_names_the_outage_without_a_traceback(cut_off):
    requests.get(cut_off.url + "/public", timeout=30)
    log = cut_off.log.read_text()
    assert "database unavailable" in log and "Traceback" not in log
