"""Alembic environment for Flask-Migrate: migrates the app's database towards tracker.models."""

import logging
from logging.config import fileConfig

from alembic import context
from flask import current_app

from tracker.models.types import UTCDateTime

config = context.config
if config.config_file_name is not None and not logging.getLogger().handlers:
    # Only from the command line: inside the app or the test runner their logging stays as it is,
    # and loggers that already exist stay enabled.
    fileConfig(config.config_file_name, disable_existing_loggers=False)
logger = logging.getLogger("alembic.env")

db = current_app.extensions["migrate"].db
config.set_main_option(
    "sqlalchemy.url", db.engine.url.render_as_string(hide_password=False).replace("%", "%%")
)


def render_item(type_, obj, autogen_context):
    """Write app column types as plain SQLAlchemy types, so old revisions never import app code."""
    if type_ == "type" and isinstance(obj, UTCDateTime):
        return "sa.DateTime(timezone=True)"
    return False


def process_revision_directives(context, revision, directives):
    """Write no empty revision when autogenerate finds nothing to change."""
    if getattr(config.cmd_opts, "autogenerate", False) and directives[0].upgrade_ops.is_empty():
        directives[:] = []
        logger.info("No changes in schema detected.")


def configure_args() -> dict:
    args = {
        # SQLite can't ALTER most things: batch mode copies the table; elsewhere it is plain ALTER.
        "render_as_batch": True,
        "compare_type": True,
        "render_item": render_item,
        "process_revision_directives": process_revision_directives,
    }
    args.update(current_app.extensions["migrate"].configure_args)
    return args


def run_migrations_offline() -> None:
    context.configure(
        url=config.get_main_option("sqlalchemy.url"),
        target_metadata=db.metadata,
        literal_binds=True,
        **configure_args(),
    )
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    with db.engine.connect() as connection:
        context.configure(connection=connection, target_metadata=db.metadata, **configure_args())
        with context.begin_transaction():
            context.run_migrations()


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
