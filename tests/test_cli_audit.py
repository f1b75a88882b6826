"""`flask audit seal|heads|verify`: the first broken link named, a non-zero exit on a break."""

from __future__ import annotations

from tests.audit_chain import as_superuser, seal, write_events
from tracker.extensions import db
from tracker.tenancy import congress_in_scope
from tracker.workflow import Role


def test_verify_passes_then_names_the_broken_link_and_exits_non_zero(ctx, make):
    admin = make.user(Role.ADMIN)
    ids = write_events(admin, 3)
    seal(expect=3)
    runner = ctx.test_cli_runner()
    heads = runner.invoke(args=["audit", "heads"])
    head = next(line for line in heads.output.splitlines() if line.startswith(f"{congress_in_scope()}:"))
    good = runner.invoke(args=["audit", "verify", "--head", head])
    assert good.exit_code == 0 and "audit chain intact" in good.output
    as_superuser("UPDATE audit_event SET actor_id = actor_id, reason = 'x' WHERE id = :id", id=ids[1])
    bad = runner.invoke(args=["audit", "verify"])
    assert bad.exit_code == 1
    assert f"congress {congress_in_scope()}, seal 2, row {ids[1]}: the row's reason changed" in bad.output
    db.session.rollback()


def test_verify_names_rows_left_unsealed(ctx, make):
    write_events(make.user(Role.ADMIN), 2)
    result = ctx.test_cli_runner().invoke(args=["audit", "verify", "--unsealed-minutes", "0"])
    assert result.exit_code == 1 and "UNSEALED for over 0 minutes: 2 rows" in result.output


def test_a_wrong_head_is_refused_clearly(ctx):
    result = ctx.test_cli_runner().invoke(args=["audit", "verify", "--head", "nonsense"])
    assert result.exit_code == 2 and "CHAIN:SEQ:HASH" in result.output
