"""The worker's entry point: `celery -A workers.celery_app worker` (or `beat`) loads `celery`.

It is bound to `create_app()`, configured by the TRACKER_* environment variables like the web app.
"""

from tracker import create_app
from workers import celery_init_app

# Not named `app`: `celery -A` would take a module attribute of that name for the Celery app.
flask_app = create_app()
celery = flask_app.extensions.get("celery") or celery_init_app(flask_app)
