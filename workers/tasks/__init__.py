"""Celery tasks: small functions of ids and plain values that run in the Flask app context."""
