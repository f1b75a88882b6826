"""代表建议 Tracker: a Flask app that follows deputies' suggestions from draft to closing."""

from __future__ import annotations

from flask import Flask

# The imports below sit inside the functions on purpose: this package's __init__ runs whenever any
# tracker module is imported (tracker.workflow by a pure script, tracker.models by a worker task),
# and importing the workflow table must not load the web app, the domain and Celery with it.


def create_app(config: dict | None = None) -> Flask:
    from tracker.config import INSTANCE, default_config
    from tracker.modes import settle

    app = Flask(__name__, template_folder="../templates", static_folder="static",
                instance_path=str(INSTANCE))
    app.config.update(default_config())
    if config:
        app.config.update(config)
    _pg_session_options(app.config)
    from tracker.domain.audit_chain.links import check_algorithm

    check_algorithm(app.config["AUDIT_HASH"])  # SM3 asked for but missing: stop here, say why
    INSTANCE.mkdir(parents=True, exist_ok=True)
    settle(app.config, INSTANCE)  # before anything signs a cookie or a code with the key
    register_extensions(app)
    register_blueprints(app)
    register_errorhandlers(app)
    register_commands(app)
    return app


def _pg_session_options(config) -> None:
    """PG_SESSION_OPTIONS given to each new PostgreSQL connection of the app's engine."""
    options = config.get("PG_SESSION_OPTIONS")
    if options and str(config["SQLALCHEMY_DATABASE_URI"]).startswith("postgresql"):
        engine = dict(config["SQLALCHEMY_ENGINE_OPTIONS"])
        engine["connect_args"] = {**engine.get("connect_args", {}), "options": options}
        config["SQLALCHEMY_ENGINE_OPTIONS"] = engine


def register_extensions(app: Flask) -> None:
    from tracker import models  # noqa: F401  (registers the tables)
    from tracker.domain.install import install
    from tracker.extensions import babel, cache, csrf, db, limiter, login_manager, migrate
    from tracker.web.i18n import install_gettext, select_locale
    from workers import celery_init_app

    db.init_app(app)
    migrate.init_app(app, db, directory=str(app.root_path + "/../migrations"))
    csrf.init_app(app)
    login_manager.init_app(app)
    babel.init_app(app, locale_selector=select_locale)
    install_gettext(app)
    cache.init_app(app)
    limiter.init_app(app)
    install()  # the domain's effects and its session and mapper events (the worker runs this too)
    celery_init_app(app)  # the web app queues tasks; workers run them (workers/celery_app.py)


def register_blueprints(app: Flask) -> None:
    from tracker.web import register

    register(app)


def register_errorhandlers(app: Flask) -> None:
    from tracker.web.errors import register

    register(app)


def register_commands(app: Flask) -> None:
    from tracker.cli import register

    register(app)
