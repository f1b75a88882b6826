"""Settings: embedded defaults (SQLite, filesystem broker) overridden by TRACKER_* environment variables."""

import os
from pathlib import Path

INSTANCE = Path(os.environ.get("TRACKER_INSTANCE", Path(__file__).resolve().parent.parent / "instance"))


def _env(name: str, default: str) -> str:
    return os.environ.get(f"TRACKER_{name}", default)


def default_config() -> dict:
    broker_dir = INSTANCE / "broker"
    return {
        # demo, test or production (tracker.modes): the web app, the CLI and the workers read it alike.
        "TRACKER_ENV": _env("ENV", "demo"),
        # Empty: production refuses to start; the demo and the tests make one in the instance folder.
        "SECRET_KEY": _env("SECRET_KEY", ""),
        # Logins (tracker.domain.accounts.logins): a row per sign-in, ended by logout, by the person,
        # by an administrator, by deactivation, or by these limits. "Keep me signed in" outlasts the
        # idle limit, never LOGIN_REMEMBER_DAYS (at most 30).
        "LOGIN_IDLE_MINUTES": float(_env("LOGIN_IDLE_MINUTES", "120")),
        "LOGIN_ABSOLUTE_HOURS": float(_env("LOGIN_ABSOLUTE_HOURS", "12")),
        "LOGIN_REMEMBER_DAYS": float(_env("LOGIN_REMEMBER_DAYS", "30")),
        "LOGIN_SEEN_SECONDS": float(_env("LOGIN_SEEN_SECONDS", "60")),  # "last seen" written this often
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        # Secure cookies and HSTS follow the request (request.is_secure, so ProxyFix behind a TLS
        # proxy); "on" forces the Secure flag whatever the request says.
        "COOKIE_SECURE": _env("COOKIE_SECURE", "auto"),
        # Reverse proxies in front of the app whose X-Forwarded-For and -Proto are believed (ProxyFix).
        "PROXIES": int(_env("PROXIES", "0")),
        "SQLALCHEMY_DATABASE_URI": _env("DATABASE_URL", f"sqlite:///{INSTANCE / 'tracker.db'}"),
        # A pooled connection is tested before use, so one that PostgreSQL closed (a restart, a
        # failover) is replaced instead of failing the request that drew it (tests/faults).
        "SQLALCHEMY_ENGINE_OPTIONS": {"pool_pre_ping": True},
        # Session settings of every PostgreSQL connection (libpq "options"). Each statement here
        # reads a page or a count through an index: a parallel plan's workers take longer to start
        # than they save, and under load they take the cores the other requests need (a list page
        # at 1,000,000 items: docs/BENCHMARKS.md). Empty: the server's own settings.
        "PG_SESSION_OPTIONS": _env("PG_SESSION_OPTIONS", "-c max_parallel_workers_per_gather=0"),
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
        # Reminders (tracker/domain/reminders, workers/tasks/reminders.py). Mail and SMS default to
        # log files under the instance folder, so the demo needs no server.
        "MAIL_URL": _env("MAIL_URL", f"file://{INSTANCE / 'mail.log'}"),
        "MAIL_FROM": _env("MAIL_FROM", "代表建议系统 <noreply@tracker.localhost>"),
        "SMS_URL": _env("SMS_URL", f"file://{INSTANCE / 'sms.log'}"),
        "SMS_KEY": _env("SMS_KEY", ""),
        "BASE_URL": _env("BASE_URL", "http://127.0.0.1:5000"),  # item links in mails
        # Single sign-on (tracker.web.sso): how long a call to a congress's OpenID provider may take
        # (discovery, token, keys) before the sign-in says the provider cannot be reached.
        "SSO_TIMEOUT_SECONDS": float(_env("SSO_TIMEOUT_SECONDS", "5")),
        # The redirect URI registered at the providers (https://<site>/sso/callback); empty: built
        # from each request's host, which a reverse proxy must then pass on unchanged.
        "SSO_REDIRECT_URI": _env("SSO_REDIRECT_URI", ""),
        # Outbound webhooks (tracker.jobs.webhooks): beat sweeps due deliveries this often; the waits
        # after each failed attempt (the last repeats; each stretched by up to a tenth at random); a
        # day of failures switches an endpoint off. In production (TRACKER_ENV) only public addresses
        # are called, and the hosts or networks named here (comma-separated: hook.internal, 10.1.2.0/24).
        "WEBHOOK_SWEEP_SECONDS": float(_env("WEBHOOK_SWEEP_SECONDS", "15")),
        "WEBHOOK_RETRY_SECONDS": _env("WEBHOOK_RETRY_SECONDS", "30,120,600,3600"),
        "WEBHOOK_TIMEOUT_SECONDS": float(_env("WEBHOOK_TIMEOUT_SECONDS", "10")),
        "WEBHOOK_DISABLE_HOURS": float(_env("WEBHOOK_DISABLE_HOURS", "24")),
        "WEBHOOK_BATCH": int(_env("WEBHOOK_BATCH", "100")),
        "WEBHOOK_LEASE_SECONDS": float(_env("WEBHOOK_LEASE_SECONDS", "300")),
        "WEBHOOK_ALLOW_HOSTS": _env("WEBHOOK_ALLOW_HOSTS", ""),
        "QUIET_HOURS": _env("QUIET_HOURS", "on"),  # "off" overrides the admin's setting (the demo)
        "REMINDER_TICK_SECONDS": float(_env("REMINDER_TICK_SECONDS", "60")),
        "REMINDER_DIGEST_AT": _env("REMINDER_DIGEST_AT", "08:30"),  # China time, on working days
        "REMINDER_LEASE_SECONDS": int(_env("REMINDER_LEASE_SECONDS", "300")),
        "REMINDER_BATCH": int(_env("REMINDER_BATCH", "200")),
        "REMINDER_PARALLEL": int(_env("REMINDER_PARALLEL", "2")),  # ticks fanned out when work piles up
        "WTF_CSRF_TIME_LIMIT": None,
        # The audit chain (tracker.domain.audit_chain): sha256, or sm3 (GB/T 32905, through OpenSSL;
        # the app refuses to start when this Python's OpenSSL lacks it). Rows unsealed longer than
        # AUDIT_UNSEALED_MINUTES are reported by `flask audit verify` and the daily check.
        "AUDIT_HASH": _env("AUDIT_HASH", "sha256").lower(),
        "AUDIT_UNSEALED_MINUTES": float(_env("AUDIT_UNSEALED_MINUTES", "5")),
        "AUDIT_SEAL_SECONDS": float(_env("AUDIT_SEAL_SECONDS", "60")),
        "AUDIT_SEAL_BATCH": int(_env("AUDIT_SEAL_BATCH", "1000")),
        "AUDIT_CHECK_AT": _env("AUDIT_CHECK_AT", "07:30"),  # China time, daily, before the digest
        # Rendered list fragments (tracker.web.page_cache): in each process's memory by default;
        # TRACKER_CACHE_URL=redis://… shares them between processes. Entries are keyed by the
        # data's generation, so the lifetime only bounds changes made outside the app.
        "CACHE_TYPE": "RedisCache" if _env("CACHE_URL", "") else "SimpleCache",
        "CACHE_REDIS_URL": _env("CACHE_URL", ""),
        # Redis down or cut off: a page waits at most this long before it is drawn without the cache.
        "CACHE_OPTIONS": ({"socket_connect_timeout": 1, "socket_timeout": 1}
                          if _env("CACHE_URL", "") else None),
        "CACHE_DEFAULT_TIMEOUT": int(_env("CACHE_SECONDS", "300")),
        "CACHE_THRESHOLD": 500,
        "PAGE_CACHE": _env("PAGE_CACHE", "on") != "off",  # off: every list drawn anew (benchmarks)
        # Throttles on one-time codes (Flask-Limiter, tracker.web.accounts.throttle): counted in each
        # process's memory by default; TRACKER_RATELIMIT_URL=redis://… shares the counts between the
        # processes of a production install. Limits in Flask-Limiter's notation, ";" between several.
        "RATELIMIT_STORAGE_URI": _env("RATELIMIT_URL", "memory://"),
        "RATELIMIT_HEADERS_ENABLED": True,  # Retry-After on a 429
        "RATELIMIT_IN_MEMORY_FALLBACK_ENABLED": True,  # Redis down: count in memory, never a 500
        "CODE_LIMIT_PER_TARGET": _env("CODE_LIMIT_PER_TARGET", "3 per 10 minutes;10 per day"),
        "CODE_LIMIT_PER_ADDRESS": _env("CODE_LIMIT_PER_ADDRESS", "20 per hour"),
        "CODE_CHECK_LIMIT_PER_ADDRESS": _env("CODE_CHECK_LIMIT_PER_ADDRESS", "30 per 10 minutes"),
        # Sign-in throttles (tracker.web.auth.throttle), counting failed passwords and second-step
        # codes: per account and address, growing waits (3 failures: a minute; 6: a quarter of an
        # hour); per address, a lock after 10 failures or tries made while waiting. Never per
        # account alone: a stranger elsewhere cannot lock anyone out.
        "LOGIN_LIMIT_PER_ACCOUNT_ADDRESS": _env("LOGIN_LIMIT_PER_ACCOUNT_ADDRESS",
                                                "3 per minute;6 per 15 minutes"),
        "LOGIN_LIMIT_PER_ADDRESS": _env("LOGIN_LIMIT_PER_ADDRESS", "10 per 15 minutes"),
        # The JSON API's limit per caller (a token's requests are counted together wherever they come
        # from). Flask-Limiter's notation; tests raise it.
        "API_RATE_LIMIT": _env("API_RATE_LIMIT", "600/minute"),
        # How long a right password waits for its second step (the authenticator's code).
        "SECOND_STEP_SECONDS": int(_env("SECOND_STEP_SECONDS", "300")),
        # A code request is answered no sooner than this, known number or not (measured: known 4-6 ms,
        # unknown 2 ms on SQLite and PostgreSQL); well above both, so the time tells nothing.
        "CODE_ANSWER_SECONDS": float(_env("CODE_ANSWER_SECONDS", "0.25")),
        # Attachments (PDF and images): limits shown next to the upload field, checked by content.
        "ATTACHMENT_DIR": _env("ATTACHMENT_DIR", str(INSTANCE / "attachments")),
        # An S3-compatible object store (MinIO, a government cloud's) instead of ATTACHMENT_DIR once a
        # bucket is named: what several machines running the app share (tracker.storage).
        "S3_BUCKET": _env("S3_BUCKET", ""),
        "S3_ENDPOINT": _env("S3_ENDPOINT", ""),  # e.g. https://minio.internal:9000; empty: AWS itself
        "S3_REGION": _env("S3_REGION", ""),
        "S3_ACCESS_KEY": _env("S3_ACCESS_KEY", ""),
        "S3_SECRET_KEY": _env("S3_SECRET_KEY", ""),
        "S3_PREFIX": _env("S3_PREFIX", ""),  # keys start with it: one bucket, several installs
        "ATTACHMENT_MAX_BYTES": int(_env("ATTACHMENT_MAX_MB", "10")) * 1024 * 1024,
        "ATTACHMENT_MAX_FILES": int(_env("ATTACHMENT_MAX_FILES", "5")),
        "ATTACHMENT_TYPES": ("pdf", "jpeg", "png"),
        # The nightly sweep (workers.tasks.housekeeping.sweep_files): a blob no row names is kept
        # this long (a send in flight), export/import files this many days.
        "ATTACHMENT_BLOB_GRACE_HOURS": float(_env("ATTACHMENT_BLOB_GRACE_HOURS", "24")),
        "JOB_FILE_KEEP_DAYS": float(_env("JOB_FILE_KEEP_DAYS", "7")),
        # The nightly pruning (workers.tasks.housekeeping.prune_sign_ins): sign-in attempts kept this
        # many days (180: the six months the Cybersecurity Law and 等保 ask for logs), ended logins this
        # many (90); the reasons are in tracker.domain.accounts.pruning.
        "SIGN_IN_LOG_KEEP_DAYS": float(_env("SIGN_IN_LOG_KEEP_DAYS", "180")),
        "ENDED_LOGIN_KEEP_DAYS": float(_env("ENDED_LOGIN_KEEP_DAYS", "90")),
        # Room for a full set of attachments plus the form, so a file over its own limit gets a
        # form error that keeps the typed text instead of a bare 413.
        "MAX_CONTENT_LENGTH": (int(_env("ATTACHMENT_MAX_FILES", "5")) + 1)
        * int(_env("ATTACHMENT_MAX_MB", "10")) * 1024 * 1024 + 2 * 1024 * 1024,
    }
