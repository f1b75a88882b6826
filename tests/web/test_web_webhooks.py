"""The administrator's webhook pages: add one (the secret shown once), change it, the delivery log with
codes, redeliver, switch on again; everything audited; nobody else gets in; production refuses inward URLs."""

from __future__ import annotations

import re
from datetime import timedelta

from sqlalchemy import select

from tests.factories import at
from tests.web.helpers import text
from tracker.domain.webhooks import attempts
from tracker.extensions import db
from tracker.models import AuditEvent, DeliveryStatus, WebhookDelivery, WebhookEndpoint
from tracker.security import WEBHOOK_SECRET, unseal
from tracker.workflow import State

FORM = {"url": "https://hooks.example.gov.cn/tracker", "description": "办公平台",
        "event_types": ["suggestion.registered", "suggestion.closed"], "is_enabled": "y"}


def _audited() -> list[str]:
    return list(db.session.scalars(select(AuditEvent.action).where(AuditEvent.action.like("%webhook%"))
                                   .order_by(AuditEvent.id)))


def test_the_administrator_adds_a_webhook_and_sees_its_secret_once(app, auth, world):
    admin = auth.as_(world.admin)
    assert "尚无 Webhook" in text(admin.get("/admin/webhooks"))
    assert 'name="event_types"' in text(admin.get("/admin/webhooks/new"))
    created = admin.post("/admin/webhooks/new", data=FORM)
    assert created.status_code == 200
    secret = re.search(r'id="webhook-secret">(whsec_[A-Za-z0-9+/=]+)<', text(created)).group(1)
    endpoint = db.session.scalar(select(WebhookEndpoint))
    assert unseal(app.config["SECRET_KEY"], endpoint.secret_sealed, WEBHOOK_SECRET) == secret
    assert endpoint.event_types == ["suggestion.registered", "suggestion.closed"]
    for page in ("/admin/webhooks", f"/admin/webhooks/{endpoint.id}"):
        shown = text(admin.get(page))
        assert "hooks.example.gov.cn" in shown and secret not in shown
    assert _audited() == ["create_webhook"]
    assert all(secret not in str(e.data) for e in db.session.scalars(select(AuditEvent)))


def test_changing_it_is_audited_and_bad_input_keeps_what_was_typed(auth, world):
    admin = auth.as_(world.admin)
    admin.post("/admin/webhooks/new", data=FORM)
    endpoint = db.session.scalar(select(WebhookEndpoint))
    refused = admin.post(f"/admin/webhooks/{endpoint.id}", data=FORM | {"url": "file:///etc/passwd"})
    page = text(refused)
    assert refused.status_code == 400 and "file:///etc/passwd" in page and "https://" in page
    saved = admin.post(f"/admin/webhooks/{endpoint.id}", data=FORM | {"event_types": ["opinion.logged"]})
    assert saved.status_code == 302
    db.session.expire_all()
    assert db.session.get(WebhookEndpoint, endpoint.id).event_types == ["opinion.logged"]
    assert _audited() == ["create_webhook", "edit_webhook"]


def test_production_refuses_an_address_inside_the_network_unless_allowed(app, auth, world, monkeypatch):
    admin = auth.as_(world.admin)
    monkeypatch.setitem(app.config, "TRACKER_ENV", "production")
    inward = FORM | {"url": "http://127.0.0.1:8080/hook"}
    refused = admin.post("/admin/webhooks/new", data=inward)
    assert refused.status_code == 400 and "内网或本机" in text(refused)
    monkeypatch.setitem(app.config, "WEBHOOK_ALLOW_HOSTS", "127.0.0.0/8")
    assert admin.post("/admin/webhooks/new", data=inward).status_code == 200


def test_the_log_shows_codes_and_a_delivery_is_sent_again_with_its_id(auth, world, item_in):
    admin = auth.as_(world.admin)
    admin.post("/admin/webhooks/new", data=FORM)
    endpoint = db.session.scalar(select(WebhookEndpoint))
    item_in(State.REGISTERED)
    db.session.commit()
    moment = at(2026, 4, 1)
    token, [row] = attempts.claim(db.session, moment, batch=10, lease=timedelta(minutes=5))
    attempts.delivered(db.session, token, row, moment, 204)
    db.session.commit()
    page = text(admin.get(f"/admin/webhooks/{endpoint.id}"))
    assert row.uid in page and 'data-code="204"' in page and "已送达" in page
    again = admin.post(f"/admin/webhooks/deliveries/{row.id}/redeliver")
    assert again.status_code == 302
    db.session.expire_all()
    delivery = db.session.get(WebhookDelivery, row.id)
    assert delivery.status is DeliveryStatus.PENDING and delivery.event.uid == row.uid
    assert admin.post("/admin/webhooks/deliveries/999999/redeliver").status_code == 404
    assert _audited() == ["create_webhook", "redeliver_webhook"]


def test_a_switched_off_webhook_is_switched_on_again(auth, world):
    admin = auth.as_(world.admin)
    admin.post("/admin/webhooks/new", data=FORM)
    endpoint = db.session.scalar(select(WebhookEndpoint))
    endpoint.is_enabled, endpoint.disabled_at = False, at(2026, 4, 2)
    endpoint.disabled_reason, endpoint.failing_since = "failed for 24 hours: HTTP 503", at(2026, 4, 1)
    db.session.commit()
    page = text(admin.get(f"/admin/webhooks/{endpoint.id}"))
    assert "HTTP 503" in page and "重新启用" in page
    assert admin.post(f"/admin/webhooks/{endpoint.id}/enable").status_code == 302
    db.session.expire_all()
    endpoint = db.session.get(WebhookEndpoint, endpoint.id)
    assert endpoint.is_enabled and endpoint.failing_since is None and endpoint.disabled_at is None
    assert _audited() == ["create_webhook", "enable_webhook"]


def test_the_administrators_read_that_a_webhook_was_switched_off(auth, world):
    from tracker.domain.webhooks.notices import tell_administrators

    admin = auth.as_(world.admin)
    admin.post("/admin/webhooks/new", data=FORM)
    endpoint = db.session.scalar(select(WebhookEndpoint))
    assert tell_administrators(db.session, endpoint, hours=24, error="HTTP 503", at=at(2026, 4, 2)) == 1
    db.session.commit()
    page = text(admin.get("/notices"))
    assert "hooks.example.gov.cn" in page and "已连续失败 24 小时" in page and "HTTP 503" in page
    notice_id = re.search(r'data-notice="(\d+)" data-kind="webhook_disabled"', page).group(1)
    assert admin.get(f"/notices/{notice_id}/open").headers["Location"].endswith("/notices")


def test_only_the_administrator_gets_in(auth, world):
    for person in (world.deputy, world.office, world.supervisor, world.leader):
        client = auth.as_(person)
        assert client.get("/admin/webhooks").status_code == 403
        assert client.get("/admin/webhooks/new").status_code == 403
        assert client.post("/admin/webhooks/new", data=FORM).status_code == 403
    assert db.session.scalar(select(WebhookEndpoint)) is None
    assert "/admin/webhooks" in text(auth.as_(world.admin).get("/admin"))
