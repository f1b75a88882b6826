"""`N_()` marks a label for extraction; the package never translates (the web layer does)."""


def N_(s: str) -> str:  # noqa: N802  (gettext's own name for a no-op marker)
    return s
