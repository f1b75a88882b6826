"""Commands `flask --app tracker audit seal|verify|heads` and `db-roles` (docs/SECURITY.md)."""

from __future__ import annotations

from datetime import timedelta

import click
from flask import Flask, current_app

from tracker.clock import now
from tracker.db_roles import role_sql
from tracker.domain.audit_chain.checking import Head, chain_head
from tracker.domain.audit_chain.sealing import chains
from tracker.extensions import db
from tracker.jobs.audit_chain import seal_all, verify_all
from tracker.tenancy import everywhere


def _head(value: str) -> Head:
    """CHAIN:SEQ:HASH, CHAIN a congress id or `platform`, as `audit heads` and the notices print it."""
    try:
        chain, seq, digest = value.split(":")
        return Head(None if chain == "platform" else int(chain), int(seq), digest.lower())
    except ValueError:
        raise click.BadParameter(f"{value!r} is not CHAIN:SEQ:HASH (CHAIN a congress id or platform)") \
            from None


def _chain(congress_id: int | None) -> str:
    return "platform" if congress_id is None else str(congress_id)


def register(app: Flask) -> None:
    @app.cli.group("audit")
    def audit() -> None:
        """The tamper-evident audit chain."""

    @audit.command("seal")
    def seal_command() -> None:
        """Seal every row that is ready now (the worker does this every minute)."""
        with everywhere():
            count = seal_all(db.session, algorithm=current_app.config["AUDIT_HASH"], at=now(),
                             batch=current_app.config["AUDIT_SEAL_BATCH"])
        click.echo(f"sealed {count} rows")

    @audit.command("heads")
    def heads_command() -> None:
        """Print each chain's head as CHAIN:SEQ:HASH: keep it somewhere the database cannot reach."""
        with everywhere():
            for congress_id in chains(db.session):
                head = chain_head(db.session, congress_id)
                if head is not None:
                    click.echo(f"{_chain(congress_id)}:{head.text}")

    @audit.command("verify")
    @click.option("--head", "heads", multiple=True, metavar="CHAIN:SEQ:HASH",
                  help="A head published earlier (digest, yearly report, `audit heads`): must still match.")
    @click.option("--unsealed-minutes", type=float, default=None,
                  help="Report rows unsealed for longer (default: AUDIT_UNSEALED_MINUTES).")
    def verify_command(heads: tuple[str, ...], unsealed_minutes: float | None) -> None:
        """Recompute every chain; name the first broken link and rows left unsealed. Exit 1 on either."""
        known = [_head(h) for h in heads]
        minutes = unsealed_minutes if unsealed_minutes is not None \
            else current_app.config["AUDIT_UNSEALED_MINUTES"]
        with everywhere():
            reports = verify_all(db.session, now=now(), unsealed_after=timedelta(minutes=minutes),
                                 known=known)
        db.session.rollback()
        for r in reports:
            head = f"head {_chain(r.congress_id)}:{r.head.text}" if r.head else "no seals yet"
            click.echo(f"{r.chain}: {r.sealed} sealed, {head}")
            if r.broken:
                click.echo(f"  BROKEN: {r.broken}", err=True)
            if r.unsealed_count:
                click.echo(f"  UNSEALED for over {minutes:g} minutes: {r.unsealed_count} rows, "
                           f"first ids {r.unsealed}", err=True)
        if not all(r.ok for r in reports):
            raise SystemExit(1)
        click.echo("audit chain intact")

    @app.cli.command("db-roles")
    @click.option("--app-role", default="tracker_app", show_default=True)
    @click.option("--owner", default=None,
                  help="The role that runs migrations (default: the one connected).")
    @click.option("--apply", is_flag=True,
                  help="Run the statements (connected as the owner) instead of printing.")
    def db_roles_command(app_role: str, owner: str | None, apply: bool) -> None:
        """The least-privilege role the app connects as in production (PostgreSQL)."""
        if db.engine.dialect.name != "postgresql":
            raise click.ClickException("db-roles is for PostgreSQL")
        owner = owner or db.session.scalar(db.text("SELECT current_user"))
        database = db.session.scalar(db.text("SELECT current_database()"))
        sql = role_sql(app_role, owner, database)
        if not apply:
            click.echo(sql)
            return
        with db.engine.begin() as conn:
            conn.exec_driver_sql(sql)
        click.echo(f"role {app_role} ready: give it a password (ALTER ROLE {app_role} PASSWORD …) and "
                   f"set TRACKER_DATABASE_URL to connect as it")
