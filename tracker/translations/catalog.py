"""Refresh the zh catalog in one locked step: extract, update, fill given translations, compile.

    .venv/bin/python tracker/translations/catalog.py [translations.tsv | handed-over.po ...]

Each TSV line is `English msgid<TAB>中文 msgstr`, or `msgctxt<TAB>English msgid<TAB>中文 msgstr` for a
workflow label (a `\\n` in any column stands for a newline).
The whole run holds an exclusive lock, so two people (or agents) refreshing the catalog at once
cannot overwrite each other's translations. It ends by listing the messages still untranslated.
"""

from __future__ import annotations

import fcntl
import os
import subprocess
import sys
from pathlib import Path

from babel.messages.pofile import read_po, write_po

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
PO = HERE / "zh" / "LC_MESSAGES" / "messages.po"
PYBABEL = str(Path(sys.executable).with_name("pybabel"))
BARE = "bare"  # a msgid's fallback text from a .po hand-over, used only where it has none


def run(*args: str) -> None:
    # The workflow labels' extractor imports tracker: this checkout's, not an installed copy.
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    subprocess.run([PYBABEL, *args], cwd=ROOT, check=True, capture_output=True, env=env)


def fill(pairs: dict) -> list[str]:
    with PO.open("rb") as f:
        catalog = read_po(f, locale="zh")
    for message in catalog:
        key = (message.context, message.id) if message.context else message.id
        if message.id and isinstance(message.id, str) and key in pairs:
            message.string = pairs[key]
            message.flags.discard("fuzzy")
        elif message.id and not message.string and (BARE, message.id) in pairs:
            message.string = pairs[(BARE, message.id)]
    with PO.open("wb") as f:
        write_po(f, catalog, width=100, sort_output=True, ignore_obsolete=True)
    return [m.id for m in catalog if m.id and not m.string]


def read_pairs(path: str) -> dict:
    """English -> 中文 from a TSV file, or from a .po file (a hand-over such as the workflow's labels)."""
    if path.endswith(".po"):
        pairs = {}
        with open(path, "rb") as f:
            for m in read_po(f, locale="zh"):
                if m.id and m.string:
                    # A msgctxt becomes the msgid's "kind|" (see extract.py); the bare msgid, which
                    # a `N_()` mark extracts, takes the first kind's text where it has none yet.
                    pairs[f"{m.context}|{m.id}" if m.context else m.id] = m.string
                    pairs.setdefault((BARE, m.id), m.string)
        return pairs
    return read_tsv(path)


def read_tsv(path: str) -> dict:
    pairs = {}
    for line in Path(path).read_text(encoding="utf-8").splitlines():
        columns = [c.replace("\\n", "\n") for c in line.split("\t")]
        if len(columns) == 3:
            pairs[(columns[0], columns[1])] = columns[2]
        elif len(columns) == 2:
            pairs[columns[0]] = columns[1]
    return pairs


def main(paths: list[str]) -> int:
    pairs: dict[str, str] = {}
    for path in paths:
        pairs |= read_pairs(path)
    with open("/tmp/tracker-i18n.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        run("extract", "-F", "tracker/translations/babel.cfg", "-k", "_l", "--no-location",
            "--sort-output", "-w", "100", "--project=suggestion-tracker",
            "-o", "tracker/translations/messages.pot", ".")
        run("update", "-i", "tracker/translations/messages.pot", "-d", "tracker/translations", "-l", "zh",
            "--ignore-obsolete", "-N", "-w", "100")
        missing = fill(pairs)
        run("compile", "-d", "tracker/translations", "-l", "zh")
    for msgid in missing:
        print("untranslated:", repr(msgid))
    return 1 if missing else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
