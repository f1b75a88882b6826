"""The web layer: blueprints by who uses them; views parse, call the domain, render."""

from flask import Flask, flash, redirect, request, url_for
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from tracker.extensions import login_manager


# Flask's factory pattern: blueprints are imported where they are registered. This __init__ runs
# before any tracker.web module is loaded (tracker.web.i18n while create_app binds Babel), and that
# must not load every view.
def register(app: Flask) -> None:
    from tracker.domain.reads.queries import sees_all
    from tracker.domain.steps.prereview import CHECKLIST
    from tracker.web import congress, headers, labels, logins, params
    from tracker.web.accounts import throttle
    from tracker.web.accounts.views import bp as accounts_bp
    from tracker.web.admin_people import org_views  # noqa: F401  (its routes join admin_people's bp)
    from tracker.web.admin_people.views import bp as admin_people_bp
    from tracker.web.admin_roster.views import bp as admin_roster_bp
    from tracker.web.admin_rules.reasons import bp as admin_reasons_bp
    from tracker.web.admin_rules.views import bp as admin_rules_bp
    from tracker.web.admin_service.views import bp as admin_service_bp
    from tracker.web.admin_signins.views import bp as admin_signins_bp
    from tracker.web.admin_webhooks.views import bp as admin_webhooks_bp
    from tracker.web.api import install as api
    from tracker.web.api import tokens as api_tokens
    from tracker.web.attachments.views import bp as attachments_bp
    from tracker.web.auth import second_step  # noqa: F401  (its routes join auth's bp)
    from tracker.web.auth.views import bp as auth_bp
    from tracker.web.dashboard.views import bp as dashboard_bp
    from tracker.web.documents.views import bp as documents_bp
    from tracker.web.exports.imports import bp as imports_bp
    from tracker.web.exports.views import bp as exports_bp
    from tracker.web.followup.views import bp as followup_bp
    from tracker.web.i18n import choice_label, field_label, lang, register_formats, switch_url, tr
    from tracker.web.items.views import bp as items_bp
    from tracker.web.joint.views import bp as joint_bp
    from tracker.web.liaison.views import bp as liaison_bp
    from tracker.web.list_rows import item_link
    from tracker.web.navigation import site_nav
    from tracker.web.notices.views import bp as notices_bp
    from tracker.web.office.views import bp as office_bp
    from tracker.web.pieces import piece
    from tracker.web.platform.views import bp as platform_bp
    from tracker.web.profile import api_tokens as profile_api_tokens  # noqa: F401  (joins profile's bp)
    from tracker.web.profile import phone as profile_phone  # noqa: F401  (joins profile's bp)
    from tracker.web.profile import second_factor as profile_second_factor  # noqa: F401  (joins profile's bp)
    from tracker.web.profile.views import bp as profile_bp
    from tracker.web.public.views import bp as public_bp
    from tracker.web.public.views import moved as public_moved_bp
    from tracker.web.publication.views import bp as publication_bp
    from tracker.web.reminders.views import bp as reminders_bp
    from tracker.web.review.views import bp as review_bp
    from tracker.web.search.views import bp as search_bp
    from tracker.web.sso import views as sso
    from tracker.web.supervision.views import bp as supervision_bp
    from tracker.web.units.views import bp as units_bp

    params.register(app)  # before any route: every <int:…> bounded to the database's integer
    congress.register(app)  # first: every later hook and view reads within one congress
    logins.install(app)  # before even that: the congress follows the user of a live login
    api_tokens.install(app)  # and before that: an API token names its person and congress
    headers.install(app)  # CSP, no framing, nosniff, referrer policy, HSTS on TLS
    login_manager.login_view = "auth.login"
    login_manager.login_message = _l("Please sign in first.")
    login_manager.login_message_category = "info"
    login_manager.user_loader(logins.load_user)
    login_manager.unauthorized_handler(_unauthorized)
    for bp in (auth_bp, items_bp, attachments_bp, notices_bp, review_bp, search_bp,
               public_bp, units_bp, office_bp, joint_bp):
        app.register_blueprint(bp)
    for bp in (documents_bp, followup_bp, supervision_bp):
        app.register_blueprint(bp)
    app.register_blueprint(dashboard_bp)
    app.register_blueprint(public_moved_bp)  # the /public links of before congresses
    app.register_blueprint(platform_bp)  # the platform administrator's congresses
    app.register_blueprint(publication_bp)  # publishing the yearly report (tracker.web.publication)
    app.register_blueprint(reminders_bp)
    app.register_blueprint(liaison_bp)  # the liaison-station log (有诉必应)
    for bp in (exports_bp, imports_bp):
        app.register_blueprint(bp)
    for bp in (accounts_bp, profile_bp):  # code sign-in, activation, reset; the profile page
        app.register_blueprint(bp)
    throttle.register(app)  # the 429 page of the code throttles
    app.register_blueprint(admin_rules_bp)  # deadline rules and the working-day calendar (/admin)
    app.register_blueprint(admin_reasons_bp)  # each review layer's standard return reasons (/admin)
    app.register_blueprint(admin_people_bp)  # users, organisation, terms (/admin)
    app.register_blueprint(admin_roster_bp)  # roster import: deputies, units and their staff
    app.register_blueprint(admin_signins_bp)  # the sign-in log, the second step's setting and resets
    api.install(app)  # /api/v1: every read and action as JSON, its OpenAPI spec and docs page
    app.register_blueprint(admin_service_bp)  # service accounts and their API tokens (/admin)
    sso.register(app)  # single sign-on (OpenID Connect) beside passwords, and its /admin/sso page
    app.register_blueprint(admin_webhooks_bp)  # outbound webhooks: endpoints and their deliveries
    app.jinja_env.globals.update(
        tr=tr, lang=lang, switch_url=switch_url, tone=labels.tone, labels=labels,
        choice_label=choice_label, action_label=labels.action_label, today=labels.today,
        sees_all=sees_all, tr_field=field_label, checklist=CHECKLIST, piece=piece, site_nav=site_nav,
        item_link=item_link)
    app.jinja_env.filters["china_time"] = labels.china_time
    register_formats(app)
    app.jinja_env.trim_blocks = app.jinja_env.lstrip_blocks = True


def _unauthorized():
    # The JSON API answers 401 instead of sending a browser to the login page.
    if request.path.startswith("/api/"):
        from tracker.web.errors import respond_status

        return respond_status(401, "login_required")
    if current_user.is_authenticated:  # pragma: no cover  (login_required only calls for guests)
        return redirect(url_for("items.home"))
    flash(str(login_manager.login_message), login_manager.login_message_category)
    return redirect(url_for("auth.login", next=request.full_path.rstrip("?")))
