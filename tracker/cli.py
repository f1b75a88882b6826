"""Commands under `flask --app tracker`: database, first setup, demo data, the workflow table and
diagram, the attachment store's backup, restore and check."""

from __future__ import annotations

from pathlib import Path

import click
from flask import Flask, current_app
from flask_migrate import upgrade

from tracker.clock import now
from tracker.domain.authoring.file_check import verify_attachments
from tracker.domain.congress.founding import LEVELS, Charter, install_platform
from tracker.domain.deadlines.schedule import BadSchedule, schedule_text
from tracker.domain.deadlines.years import enter_year
from tracker.domain.errors import DomainError
from tracker.domain.reads.search import reindex_all
from tracker.extensions import db
from tracker.setup import seed_reference
from tracker.storage import LocalStore, attachment_store, copy_entries
from tracker.tenancy import everywhere
from tracker.translations.workflow_doc import document, markdown, mermaid
from workers.demo import run_demo

DOCS = Path(__file__).resolve().parent.parent / "docs"


def has_migrations() -> bool:
    versions = Path(current_app.root_path).parent / "migrations" / "versions"
    return versions.is_dir() and any(versions.glob("*.py"))


def init_database(reset: bool = False) -> None:
    """Create or upgrade the schema (through Alembic when migrations exist), then reference data."""
    if reset:
        db.drop_all()
        with db.engine.begin() as conn:
            conn.exec_driver_sql("DROP TABLE IF EXISTS alembic_version")
    if has_migrations():
        upgrade()
    else:
        db.create_all()
    seed_reference(now())
    db.session.commit()


def register_files(app: Flask) -> None:
    """`flask files backup|restore|verify`: the attachment store's half of a backup (docs/SECURITY.md)."""
    files = click.Group("files", help="Back up, restore and check the attachment store.")
    app.cli.add_command(files)

    @files.command("backup")
    @click.argument("folder", type=click.Path(file_okay=False, path_type=Path))
    def backup_command(folder: Path) -> None:
        """Copy the attachment store (folder or bucket) into FOLDER; files already there are kept."""
        copied = copy_entries(attachment_store(current_app.config), LocalStore(folder))
        click.echo(f"{copied} files copied to {folder}")

    @files.command("restore")
    @click.argument("folder", type=click.Path(exists=True, file_okay=False, path_type=Path))
    def restore_command(folder: Path) -> None:
        """Copy the files of a backup FOLDER into the configured attachment store."""
        copied = copy_entries(LocalStore(folder), attachment_store(current_app.config))
        click.echo(f"{copied} files restored from {folder}")

    @files.command("verify")
    def verify_command() -> None:
        """Read back every attachment the database names and check its SHA-256; exit 1 on any fault."""
        found = verify_attachments(db.session, attachment_store(current_app.config))
        for sha in found.missing:
            click.echo(f"missing: {sha}", err=True)
        for sha in found.altered:
            click.echo(f"altered: {sha}", err=True)
        click.echo(f"{found.checked} files checked: {len(found.missing)} missing, "
                   f"{len(found.altered)} altered")
        if not found.ok:
            raise SystemExit(1)


def register(app: Flask) -> None:
    from tracker.cli_audit import register as register_audit

    register_files(app)
    register_audit(app)

    @app.cli.command("init-db")
    @click.option("--reset", is_flag=True, help="Drop every table first (demo only).")
    def init_db_command(reset: bool) -> None:
        """Create or upgrade the database and seed rules and the calendar."""
        init_database(reset)
        click.echo("database ready")

    @app.cli.command("load-demo")
    @click.option("--reset/--no-reset", default=True, help="Start from an empty database.")
    def load_demo_command(reset: bool) -> None:
        """Load the demo: 城东区 (120+ suggestions, users for every role) and a small 城西区."""
        from seeds.congresses import load_demo_congresses  # production never loads demo files

        init_database(reset)
        summary = load_demo_congresses(db.session, now())
        db.session.commit()
        for key, value in summary.items():
            click.echo(f"{key}: {value}")

    @app.cli.command("setup")
    @click.option("--code", prompt="Congress code (in public links, e.g. chengdong)")
    @click.option("--name", prompt="Full name (e.g. 西宁市城东区人民代表大会常务委员会)")
    @click.option("--short-name", prompt="Short name (e.g. 城东区人大常委会)")
    @click.option("--place", prompt="Place (e.g. 城东区)")
    @click.option("--office-name", default="", help="The office on notices, e.g. 人代联工委")
    @click.option("--level", type=click.Choice(LEVELS), default="county", show_default=True)
    @click.option("--username", prompt="Administrator's username")
    @click.option("--admin-name", prompt="Administrator's name")
    @click.option("--password", prompt=True, hide_input=True, confirmation_prompt=True,
                  envvar="TRACKER_SETUP_PASSWORD")
    def setup_command(code, name, short_name, place, office_name, level, username, admin_name,
                      password) -> None:
        """A fresh install: the schema, the first congress and its administrator, no demo data."""
        init_database(False)
        charter = Charter(code=code, name=name, short_name=short_name, place=place,
                          office_name=office_name, level=level)
        try:
            congress, user = install_platform(db.session, charter, username=username,
                                              name=admin_name, password=password, at=now())
        except DomainError as exc:
            db.session.rollback()
            raise click.ClickException(exc.message("en")) from None
        said = (f"congress {congress.code} ({congress.short_name}) and administrator "
                f"{user.username} ready: sign in at /login")
        db.session.commit()
        click.echo(said)

    @app.cli.command("reindex")
    def reindex_command() -> None:
        """Rebuild the full-text search index of every suggestion."""
        with everywhere():  # every congress's documents; each row carries its congress
            count = reindex_all(db.session)
        db.session.commit()
        click.echo(f"indexed {count} suggestions")

    @app.cli.command("demo")
    @click.option("--host", default="127.0.0.1", show_default=True)
    @click.option("--port", default=5000, show_default=True)
    @click.option("--load/--no-load", default=True, help="Reload the demo data first.")
    def demo_command(host: str, port: int, load: bool) -> None:
        """Run the demo: demo data, the web app, a Celery worker and beat; Ctrl-C stops all."""
        if load:
            click.get_current_context().invoke(load_demo_command, reset=True)
        raise SystemExit(run_demo(host, port))

    @app.cli.command("workflow")
    def workflow_command() -> None:
        """Print the workflow table."""
        click.echo(markdown())

    @app.cli.command("diagram")
    @click.option("--out", type=click.Path(path_type=Path), default=DOCS)
    def diagram_command(out: Path) -> None:
        """Write the workflow diagram (Mermaid) and table into docs/."""
        out.mkdir(parents=True, exist_ok=True)
        (out / "workflow.mmd").write_text(mermaid(), encoding="utf-8")
        (out / "WORKFLOW.md").write_text(document(), encoding="utf-8")
        click.echo(f"wrote {out / 'workflow.mmd'} and {out / 'WORKFLOW.md'}")

    @app.cli.command("calendar-year")
    @click.argument("year", type=int)
    @click.argument("days_file", type=click.File(encoding="utf-8-sig"))
    def calendar_year_command(year: int, days_file) -> None:
        """Enter a year's official schedule from a CSV of `date,workday|rest,name` lines.

        Read by the same parser as the calendar page's upload; a file with any bad line enters nothing.
        Open deadlines that were provisional are recomputed with the new calendar.
        """
        try:
            found = schedule_text(days_file.read(), year)
        except BadSchedule as exc:
            raise click.BadParameter(exc.message("en")) from None
        if found.problems:
            raise click.BadParameter("; ".join(f"line {n}: {problem.render('en')}"
                                               for n, problem in found.problems))
        changed = enter_year(db.session, year, found.days, now())
        db.session.commit()
        click.echo(f"{year}: {len(found.days)} days entered, {changed} provisional deadlines recomputed")
