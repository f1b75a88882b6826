"""Background work: Flask's `celery_init_app` pattern; the worker entry point is workers.celery_app.

Nothing here creates an app, so create_app can call celery_init_app when the web app starts to
queue tasks. The broker is whatever TRACKER_BROKER_URL names (redis://, amqp://), by default
kombu's filesystem transport under instance/broker, so the demo needs no server.
TRACKER_RESULT_BACKEND (redis://, rpc://, file:///dir) turns results on; the app itself fires
and forgets.
"""

from __future__ import annotations

import os
from pathlib import Path

from celery import Celery, Task
from flask import Flask, has_app_context

TASK_MODULES = ["workers.tasks.housekeeping", "workers.tasks.reminders", "workers.tasks.exports",
                "workers.tasks.metrics", "workers.tasks.liaison", "workers.tasks.audit",
                "workers.tasks.webhooks"]

# Periodic work. The heartbeat shows in the worker's log that beat, broker, worker and database are
# connected; the reminder tick plans and delivers reminders; the digest goes out on working days.
BEAT_SCHEDULE = {
    "heartbeat": {"task": "workers.tasks.housekeeping.heartbeat", "schedule": 60.0},
}


def beat_schedule(app: Flask) -> dict:
    """BEAT_SCHEDULE plus the reminder tick (REMINDER_TICK_SECONDS) and digest (REMINDER_DIGEST_AT)."""
    from celery.schedules import crontab

    hour, minute = app.config.get("REMINDER_DIGEST_AT", "08:30").split(":")
    check_hour, check_minute = app.config.get("AUDIT_CHECK_AT", "07:30").split(":")
    # Every day at that time in China (the Celery timezone); the task skips rest days by the calendar,
    # so a make-up Saturday gets its digest and a holiday Monday none.
    return BEAT_SCHEDULE | {
        "reminders-tick": {"task": "workers.tasks.reminders.tick",
                           "schedule": float(app.config.get("REMINDER_TICK_SECONDS", 60))},
        "reminders-digest": {"task": "workers.tasks.reminders.digest",
                             "schedule": crontab(hour=int(hour), minute=int(minute))},
        # The dashboard's rollups (read only by databases past METRICS_SUMMARY_MIN_ITEMS).
        "metrics-refresh": {"task": "workers.tasks.metrics.refresh",
                            "schedule": float(app.config.get("METRICS_REFRESH_SECONDS", 600))},
        # Unreferenced attachment blobs and old export/import files, nightly at 03:00 China time.
        "files-sweep": {"task": "workers.tasks.housekeeping.sweep_files",
                        "schedule": crontab(hour=3, minute=0)},
        # Sign-in attempts and ended logins past their retention (SIGN_IN_LOG_KEEP_DAYS,
        # ENDED_LOGIN_KEEP_DAYS), nightly at 03:30 China time, after the sweep.
        "sign-ins-prune": {"task": "workers.tasks.housekeeping.prune_sign_ins",
                           "schedule": crontab(hour=3, minute=30)},
        # The audit chain: seals every minute, a check and its notices daily (workers.tasks.audit).
        "audit-seal": {"task": "workers.tasks.audit.seal",
                       "schedule": float(app.config.get("AUDIT_SEAL_SECONDS", 60))},
        "audit-check": {"task": "workers.tasks.audit.check",
                        "schedule": crontab(hour=int(check_hour), minute=int(check_minute))},
        # The API's idempotency keys past their 24 hours, hourly (workers.tasks.housekeeping).
        "idempotency-prune": {"task": "workers.tasks.housekeeping.prune_idempotency_keys",
                              "schedule": crontab(minute=23)},
        # Referrals of constituents' opinions whose follow-up date has come: one notice each, daily.
        # Due webhook deliveries (retries, and any a lost message did not start): every 15 s.
        "webhooks-sweep": {"task": "workers.tasks.webhooks.deliver",
                           "schedule": float(app.config.get("WEBHOOK_SWEEP_SECONDS", 15))},
        "liaison-follow-ups": {"task": "workers.tasks.liaison.follow_ups",
                               "schedule": crontab(hour=int(hour), minute=int(minute))},
    }

FILESYSTEM_FOLDERS = ("data_folder_in", "data_folder_out", "processed_folder", "control_folder")


def celery_settings(app: Flask) -> dict:
    """Celery's settings: app.config["CELERY"] plus what only the workers need to know."""
    settings = dict(app.config["CELERY"])
    settings.setdefault("include", TASK_MODULES)
    settings.setdefault("beat_schedule", beat_schedule(app))
    settings.setdefault("beat_schedule_filename", os.path.join(app.instance_path, "celerybeat-schedule"))
    # Keep retrying a broker that is still starting (and silence Celery 5's warning about it).
    settings.setdefault("broker_connection_retry_on_startup", True)
    if os.environ.get("TRACKER_QUEUE"):  # one queue per test run or per installation sharing a broker
        settings["task_default_queue"] = os.environ["TRACKER_QUEUE"]
    backend = os.environ.get("TRACKER_RESULT_BACKEND")
    if backend:
        settings["result_backend"] = backend
        settings["task_ignore_result"] = False
        if backend.startswith("file://"):
            Path(backend.removeprefix("file://")).mkdir(parents=True, exist_ok=True)
    if settings["broker_url"].startswith("filesystem://"):
        settings["broker_transport_options"] = _filesystem_folders(
            settings.get("broker_transport_options", {})
        )
    else:
        # The folder options mean nothing to other transports, and py-amqp passes unknown
        # transport options on to its connection.
        settings.pop("broker_transport_options", None)
    return settings


def _filesystem_folders(options: dict) -> dict:
    """Complete the filesystem transport's folders and create them: kombu expects them to exist."""
    options = dict(options)
    queue = Path(options["data_folder_in"])
    # Without it kombu keeps its exchange tables in ./control, wherever the worker was started.
    options.setdefault("control_folder", str(queue.parent / "control"))
    for key in FILESYSTEM_FOLDERS:
        if options.get(key):
            Path(options[key]).mkdir(parents=True, exist_ok=True)
    return options


def celery_init_app(app: Flask) -> Celery:
    """Flask's pattern: a Celery app whose tasks run inside `app`'s application context."""

    class FlaskTask(Task):
        def __call__(self, *args, **kwargs):
            # A task called directly (eagerly, or from a test) runs in its caller's context.
            if has_app_context():
                return self.run(*args, **kwargs)
            from workers.congresses import run_scoped  # loads the models: only once a task runs

            with app.app_context():
                return run_scoped(self, lambda: self.run(*args, **kwargs))

    # The signal that puts the queuing request's congress on each message (workers.congresses).
    import workers.congresses  # noqa: F401
    from workers.tasks.webhooks import install_kick  # loads the models, as create_app has already

    install_kick()  # a commit that wrote webhook deliveries queues their sending
    celery_app = Celery(app.name, task_cls=FlaskTask)
    celery_app.config_from_object(celery_settings(app))
    celery_app.set_default()
    app.extensions["celery"] = celery_app
    return celery_app
