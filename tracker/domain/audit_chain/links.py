"""How a seal is computed: an audit row's canonical content, the hash (SHA-256 or SM3), the link."""

from __future__ import annotations

import enum
import hashlib
import json
from collections.abc import Mapping
from datetime import UTC, datetime

ALGORITHMS = ("sha256", "sm3")


class UnavailableHash(RuntimeError):
    """The configured hash is not one this Python's OpenSSL provides: refuse to start, never guess."""


def check_algorithm(name: str) -> str:
    """The algorithm's name if it can be used here; a clear error otherwise (called at startup)."""
    if name not in ALGORITHMS:
        raise UnavailableHash(f"TRACKER_AUDIT_HASH={name!r}: choose one of {', '.join(ALGORITHMS)}")
    try:
        hashlib.new(name)
    except ValueError as exc:  # OpenSSL built without SM3 (it came in 1.1.1; some builds leave it out)
        raise UnavailableHash(f"TRACKER_AUDIT_HASH={name}: this Python's OpenSSL has no {name} "
                              f"({exc}); install an OpenSSL with SM3 or choose sha256") from exc
    return name


def _plain(value):
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, datetime):
        return value.astimezone(UTC).isoformat(timespec="microseconds")
    return value


def content(row: Mapping) -> dict:
    """Every column of the row as plain JSON values. NULL columns are left out, so a nullable column
    added by a later migration leaves earlier seals valid (its old rows are NULL)."""
    return {k: _plain(v) for k, v in row.items() if v is not None}


def serialised(values: dict) -> bytes:
    """The stable serialisation: keys sorted, no spaces, UTF-8 (data's keys sorted at every depth)."""
    return json.dumps(values, sort_keys=True, ensure_ascii=False, separators=(",", ":"),
                      default=str).encode()


def genesis(congress_id: int | None, algorithm: str) -> str:
    """The hash before a chain's first seal: names the chain, so seals cannot move between chains."""
    chain = "platform" if congress_id is None else f"congress:{congress_id}"
    return hashlib.new(algorithm, f"tracker audit chain\0{chain}".encode()).hexdigest()


def link(previous: str, seq: int, values: dict, algorithm: str) -> str:
    """hash(previous seal ‖ seq ‖ serialised content of the row), as hex; `values` from content()."""
    h = hashlib.new(algorithm, bytes.fromhex(previous))
    h.update(seq.to_bytes(8, "big"))
    h.update(serialised(values))
    return h.hexdigest()


def column_prints(values: dict) -> dict[str, str]:
    """A short fingerprint per column (of content()), kept beside the seal, so a broken link can
    name what changed. Text is hashed as it is: only numbers and JSON go through json.dumps."""
    return {k: hashlib.sha256(f"{k}\0{v if isinstance(v, str) else serialised(v).decode()}".encode())
            .hexdigest()[:8] for k, v in values.items()}


def changed_columns(row: Mapping, prints: dict[str, str] | None) -> list[str]:
    """The columns whose fingerprint differs from the one taken when the row was sealed."""
    if not prints:
        return []
    now = column_prints(content(row))
    return sorted(k for k in set(now) | set(prints) if now.get(k) != prints.get(k))
