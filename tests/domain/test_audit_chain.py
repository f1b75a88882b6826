"""The audit chain: seals in order, verify names the first broken link, tampering is found."""

from __future__ import annotations

import hashlib

import pytest
from sqlalchemy import func, select

from tests.audit_chain import as_superuser, seal, verify, write_events
from tracker.domain.audit_chain.checking import Head
from tracker.domain.audit_chain.links import UnavailableHash, check_algorithm
from tracker.extensions import db
from tracker.models import AuditSeal
from tracker.tenancy import congress_in_scope, everywhere
from tracker.workflow import Role


@pytest.fixture
def admin(make):
    return make.user(Role.ADMIN)


def seals() -> int:
    with everywhere():
        return db.session.scalar(select(func.count()).select_from(AuditSeal))


def test_every_row_sealed_once_and_the_chain_verifies(admin):
    write_events(admin, 7)
    write_events(admin, 2, platform=True)
    assert seal(expect=9) == 9
    assert seal() == 0  # nothing new: nothing sealed twice
    reports = verify()
    mine = reports[congress_in_scope()]
    assert mine.ok and mine.sealed == 7 and mine.head.seq == 7
    assert reports[None].ok and reports[None].sealed == 2
    write_events(admin, 3)
    assert seal(batch=2, expect=3) == 3  # batch after batch until the chain is done
    assert verify()[congress_in_scope()].head.seq == 10


def test_sm3_chain_verifies_and_differs_from_sha256(admin):
    check_algorithm("sm3")  # this Python's OpenSSL has SM3 (the app would refuse to start otherwise)
    write_events(admin, 3)
    seal("sm3", expect=3)
    mine = verify()[congress_in_scope()]
    assert mine.ok
    with everywhere():
        algorithms = set(db.session.scalars(select(AuditSeal.algorithm)))
    assert algorithms == {"sm3"}
    assert hashlib.new("sm3", b"abc").hexdigest().startswith("66c7f0f4")  # GB/T 32905 test vector


def test_an_unknown_or_missing_hash_stops_the_app():
    with pytest.raises(UnavailableHash, match="choose one of"):
        check_algorithm("md5")


def test_a_changed_row_is_named_with_its_column(admin):
    ids = write_events(admin, 5)
    seal(expect=5)
    as_superuser("UPDATE audit_event SET reason = '改过' WHERE id = :id", id=ids[2])
    mine = verify()[congress_in_scope()]
    assert not mine.ok and mine.broken_event_id == ids[2]
    assert f"seal 3, row {ids[2]}" in mine.broken and "reason changed" in mine.broken


def test_a_deleted_row_is_named(admin):
    ids = write_events(admin, 4)
    seal(expect=4)
    as_superuser("DELETE FROM audit_event WHERE id = :id", id=ids[1])
    mine = verify()[congress_in_scope()]
    assert mine.broken_event_id == ids[1] and "missing (deleted)" in mine.broken


def test_a_deleted_row_and_its_seal_are_named(admin):
    ids = write_events(admin, 4)
    seal(expect=4)
    as_superuser("DELETE FROM audit_seal WHERE event_id = :id", id=ids[1])
    as_superuser("DELETE FROM audit_event WHERE id = :id", id=ids[1])
    mine = verify()[congress_in_scope()]
    assert "seals 2–2 are missing" in mine.broken and mine.broken_event_id == ids[2]


def test_a_changed_seal_breaks_the_next_link(admin):
    ids = write_events(admin, 3)
    seal(expect=3)
    as_superuser("UPDATE audit_seal SET hash = :h WHERE event_id = :id", h="0" * 64, id=ids[0])
    mine = verify()[congress_in_scope()]
    assert mine.broken_event_id in (ids[0], ids[1]) and not mine.ok


def test_a_row_slipped_in_unsealed_is_reported(admin):
    write_events(admin, 2)
    seal(expect=2)
    write_events(admin, 1)  # not sealed: reported once older than the lag (0 minutes here)
    mine = verify(minutes=0)[congress_in_scope()]
    assert not mine.broken and mine.unsealed_count == 1 and not mine.ok
    assert verify(minutes=5)[congress_in_scope()].ok  # fresh rows wait for the next pass


def test_a_chain_rewritten_wholesale_is_found_against_the_published_head(admin):
    ids = write_events(admin, 4)
    seal(expect=4)
    shown = verify()[congress_in_scope()].head  # what the digest and the yearly report show
    # The intruder rewrites a row, drops every seal and seals again: the chain is whole again …
    as_superuser("UPDATE audit_event SET reason = '改过' WHERE id = :id", id=ids[0])
    as_superuser("DELETE FROM audit_seal")
    seal(expect=4)
    assert verify()[congress_in_scope()].ok
    # … but no longer ends in the head that was published.
    mine = verify(known=[Head(congress_in_scope(), shown.seq, shown.hash)])[congress_in_scope()]
    assert "differs from the head published earlier" in mine.broken


def test_a_chain_reordered_is_found_against_the_published_head(admin):
    ids = write_events(admin, 3)
    seal(expect=3)
    shown = verify()[congress_in_scope()].head
    as_superuser("DELETE FROM audit_seal")
    # Sealed again in another order (the last row first): each link is consistent, the head is not.
    as_superuser("UPDATE audit_event SET xact_id = -1 WHERE id = :id", id=ids[2])
    seal(expect=3)
    assert verify()[congress_in_scope()].ok
    mine = verify(known=[Head(congress_in_scope(), shown.seq, shown.hash)])[congress_in_scope()]
    assert not mine.ok and "published" in mine.broken
