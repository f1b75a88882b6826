"""A no-op `N_()` that marks a string for extraction: pure modules mark, the web layer translates."""


def N_(s):
    return s
