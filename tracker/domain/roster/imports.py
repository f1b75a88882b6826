"""A roster import as a job row: the upload checked into a preview kept on the job, then written
whole (or its valid rows only, when the user chooses so) in one transaction, with one audit event.
The upload waits in the import store under a key (tracker.domain.exchange.uploads): the worker that
writes a large roster need not be the machine that received it."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict
from datetime import datetime
from pathlib import Path

from tracker.domain.audit import record
from tracker.domain.errors import InvalidData, NotAllowedNow, RoleNotHeld
from tracker.domain.exchange import uploads
from tracker.domain.roster import writing
from tracker.domain.roster.checking import Preview, check
from tracker.domain.roster.columns import KINDS
from tracker.domain.roster.sheets import read_table
from tracker.models import Job, JobKind, JobStatus, User
from tracker.storage import Store
from tracker.workflow import Role
from tracker.workflow.audit import AuditAction
from tracker.workflow.i18n import N_

IMPORTERS = (Role.ADMIN, Role.OFFICE_STAFF)
SAMPLE = 200  # rows of the plan shown on the preview page; the counts cover them all
_BAD_ROWS = N_("%(bad)s rows have problems, so nothing was written. Correct them, or choose to import "
               "the valid rows only.")


def acting_role(user: User) -> Role:
    role = next((r for r in IMPORTERS if user.has_role(r)), None)
    if role is None:
        raise RoleNotHeld(N_("Only an administrator or the office imports rosters."))
    return role


def preview_file(session, files: Store | Path, key: str, filename: str, kind: str) -> Preview:
    """The preview of a kept upload, read through the import store."""
    return check(session, read_table(uploads.read(files, key), filename, kind), kind)


def start_roster(session, actor: User, kind: str, filename: str, data: bytes, files: Store | Path,
                 at: datetime) -> Job:
    """Check the upload and keep it in the import store, with its preview on a new job; nothing
    else is written. A file that cannot be used at all is refused and not kept."""
    acting_role(actor)
    if kind not in KINDS:
        raise InvalidData(N_("Unknown kind of roster."), field="kind")
    preview = check(session, read_table(data, filename, kind), kind)
    key = uploads.keep(files, data, Path(filename).suffix.lower()[:6], prefix="roster-")
    job = Job(kind=JobKind.ROSTER, source=filename, user_id=actor.id, file_path=key, created_at=at,
              status=JobStatus.QUEUED, filters={"kind": kind}, rows_total=len(preview.people),
              result={"stage": "checked", **summary(preview)})
    session.add(job)
    session.flush()
    return job


def summary(preview: Preview) -> dict:
    """What the preview page and the report show: counts, every row problem, a sample of the plan."""
    table = preview.table
    return {"counts": preview.counts(), "problems": [asdict(p) for p in preview.problems],
            "sheet": table.sheet, "ignored": table.ignored, "merged": table.merged,
            "columns": sorted(table.columns, key=table.columns.get), "new_groups": preview.new_groups,
            "new_units": [u for u in preview.units if u not in preview.known.units],
            "sample": [{"row": p.row, "name": p.name, "outcome": p.outcome, "changes": p.changes,
                        "unit": p.unit, "group": p.group} for p in preview.people[:SAMPLE]],
            "fingerprint": preview.fingerprint()}


def confirm_roster(session, job: Job, actor: User, *, only_valid: bool, at: datetime, inline_limit: int,
                   files: Store | Path) -> bool:
    """The user's "import": written now (True) when small, else left for the worker (False), the
    choice kept on the job. Refused at once if rows are bad and the user did not choose to skip them.
    Once written the caller, after its commit, removes the upload (uploads.discard)."""
    acting_role(actor)
    if job.result.get("stage") != "checked":
        raise NotAllowedNow(N_("This roster has already been imported."))
    bad = job.result.get("counts", {}).get("rows_bad", 0)
    if bad and not only_valid:
        raise InvalidData(_BAD_ROWS, bad=bad)
    if (job.rows_total or 0) <= inline_limit:
        import_roster(session, job, actor, only_valid=only_valid, at=at, files=files)
        return True
    job.filters = {**job.filters, "only_valid": only_valid}
    job.result = {**job.result, "stage": "confirmed"}
    return False


def import_roster(session, job: Job, actor: User, *, only_valid: bool, at: datetime, files: Store | Path,
                  progress: Callable[[int], None] | None = None) -> dict:
    """Check the file again and write it; refused when a row is bad (unless `only_valid`) or when
    the outcome is no longer what the preview showed. The job then forgets its upload: the caller
    removes it once committed."""
    role = acting_role(actor)
    if job.result.get("stage") not in ("checked", "confirmed"):
        raise NotAllowedNow(N_("This roster has already been imported."))
    preview = preview_file(session, files, job.file_path, job.source, job.filters["kind"])
    if preview.fingerprint() != job.result.get("fingerprint"):
        raise NotAllowedNow(N_("The file or the data changed since this preview was made; nothing was "
                               "written. Upload the file again for a new preview."))
    if preview.bad_rows and not only_valid:
        raise InvalidData(_BAD_ROWS, bad=len(preview.bad_rows))
    if not preview.people and not preview.units:
        raise InvalidData(N_("No row can be imported."))
    counts = writing.write(session, preview, progress)
    record(session, action=AuditAction.IMPORT_ROSTER, actor=actor, role=role, at=at,
           data={"file": job.source, "kind": job.filters["kind"], "job": job.id, "only_valid": only_valid,
                 "counts": counts, "skipped_rows": sorted(preview.bad_rows)[:1000]})
    job.status, job.finished_at, job.rows_done = JobStatus.DONE, at, len(preview.people)
    job.file_path = ""
    job.result = {**job.result, "stage": "imported", "only_valid": only_valid, "written": counts}
    session.flush()
    return counts
