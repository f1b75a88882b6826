"""Security headers on every response (Flask-Talisman): the content-security policy, no framing,
nosniff, the referrer policy, and HSTS over TLS only."""

from __future__ import annotations

from flask import Flask, g
from werkzeug.middleware.proxy_fix import ProxyFix

from tracker.extensions import talisman

SELF = "'self'"
# Every script is a file of ours under /static (vendored Bootstrap and ECharts included): no inline
# script, no event-handler attribute, no javascript: URL, no eval. ECharts 6 needs no 'unsafe-eval'
# (its one `new Function` parses GeoJSON only where JSON.parse is missing) and draws on a canvas.
# Styles: files of ours, no <style> element; style *attributes* stay allowed (style-src-attr) for
# the few layout widths in the templates and the markup of ECharts' tooltips (their colour dots).
# A style attribute runs no code, and Jinja's escaping keeps a visitor from writing one.
POLICY = {
    "default-src": SELF,
    "script-src": SELF,
    "style-src": SELF,
    "style-src-elem": SELF,
    "style-src-attr": "'unsafe-inline'",
    "img-src": [SELF, "data:"],  # Bootstrap's form controls draw their marks as data: SVG
    "font-src": SELF,
    "connect-src": SELF,  # the job progress and the similar-items finder ask this site only
    "object-src": "'none'",
    "base-uri": "'none'",
    "form-action": SELF,
    "frame-ancestors": "'none'",
}
YEAR = 365 * 24 * 3600


def _sign_in_services_may_receive_forms(response):
    """A page with single sign-on buttons posts to this site, which redirects to the provider; the
    browser holds that redirect to form-action too, so those providers' origins join 'self' there."""
    targets = g.get("form_targets")
    policy = response.headers.get("Content-Security-Policy")
    if targets and policy:
        response.headers["Content-Security-Policy"] = policy.replace(
            f"form-action {SELF}", " ".join([f"form-action {SELF}", *sorted(targets)]))
    return response


def install(app: Flask) -> None:
    # Registered before Talisman's own hook, so it runs after it (Flask runs them last first).
    app.after_request(_sign_in_services_may_receive_forms)
    proxies = app.config.get("PROXIES", 0)
    if proxies:  # behind a TLS-ending proxy: request.is_secure and remote_addr as the client sees them
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=proxies, x_proto=proxies)
    # Cookies are set by tracker.web.logins (HttpOnly, SameSite=Lax, Secure on TLS), not here: Talisman
    # would mark the session cookie Secure even over plain HTTP, which the demo is served on.
    talisman.init_app(
        app, force_https=False, content_security_policy=POLICY, frame_options="DENY",
        referrer_policy="strict-origin-when-cross-origin", strict_transport_security=True,
        strict_transport_security_max_age=YEAR, strict_transport_security_include_subdomains=False,
        session_cookie_secure=False, session_cookie_http_only=True, session_cookie_samesite="Lax",
        permissions_policy={"camera": "()", "microphone": "()", "geolocation": "()", "payment": "()"})
