"""Settings: embedded defaults (SQLite, filesystem broker) overridden by TRACKER_* environment variables."""

import os
from pathlib import Path

INSTANCE = Path(os.environ.get("TRACKER_INSTANCE", Path(__file__).resolve().parent.parent / "instance"))


def _env(name: str, default: str) -> str:
    return os.environ.get(f"TRACKER_{name}", default)


def default_config() -> dict:
    broker_dir = INSTANCE / "broker"
    return {
        "SECRET_KEY": _env("SECRET_KEY", "demo-only-secret-change-me"),
        "SQLALCHEMY_DATABASE_URI": _env("DATABASE_URL", f"sqlite:///{INSTANCE / 'tracker.db'}"),
        "SQLALCHEMY_ENGINE_OPTIONS": {},
        # Embedded broker: kombu's filesystem transport, a real broker with no server to install.
        "CELERY": {
            "broker_url": _env("BROKER_URL", "filesystem://"),
            "broker_transport_options": {
                "data_folder_in": str(broker_dir / "queue"),
                "data_folder_out": str(broker_dir / "queue"),
                "processed_folder": str(broker_dir / "processed"),
                "store_processed": False,
            },
            "task_ignore_result": True,
            "timezone": "Asia/Shanghai",
        },
        "BABEL_DEFAULT_LOCALE": "zh",
        "BABEL_DEFAULT_TIMEZONE": "Asia/Shanghai",
        "LANGUAGES": ["zh", "en"],
        # "now" can be pinned for tests and demos that replay time in several processes.
        "CLOCK_NOW": _env("CLOCK_NOW", ""),
        "WTF_CSRF_TIME_LIMIT": None,
        "MAX_CONTENT_LENGTH": 20 * 1024 * 1024,
    }
