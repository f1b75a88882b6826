"""A side-by-side diff of two drafts that reads well in Chinese: characters, not whole lines."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from difflib import SequenceMatcher

EQUAL, INSERT, DELETE, REPLACE = "equal", "insert", "delete", "replace"
# The parts of a draft a reviewer compares, in the order the page shows them.
FIELDS = ("title", "category", "reasons", "proposals")
# An ASCII word or number stays whole, a run of spaces stays whole, anything else (a Chinese
# character, a punctuation mark) is its own token: Chinese has no spaces to split words on.
TOKEN = re.compile(r"[A-Za-z0-9_]+(?:[.,'-][A-Za-z0-9_]+)*|[ \t]+|.", re.S)


@dataclass(frozen=True)
class Segment:
    op: str
    old: str = ""
    new: str = ""


@dataclass(frozen=True)
class Row:
    """One paragraph of the old text beside its counterpart in the new one."""

    segments: tuple[Segment, ...]

    @property
    def changed(self) -> bool:
        return any(s.op != EQUAL for s in self.segments)

    @property
    def has_old(self) -> bool:
        return any(s.old for s in self.segments)

    @property
    def has_new(self) -> bool:
        return any(s.new for s in self.segments)


@dataclass(frozen=True)
class FieldDiff:
    name: str
    rows: tuple[Row, ...]

    @property
    def changed(self) -> bool:
        return any(r.changed for r in self.rows)


def tokens(text: str) -> list[str]:
    return TOKEN.findall(text)


def diff_text(old: str, new: str) -> list[Segment]:
    """Segments of one paragraph, at the level of Chinese characters and whole ASCII words."""
    a, b = tokens(old), tokens(new)
    # autojunk would ignore frequent characters such as 的 and 建 in a long paragraph.
    matcher = SequenceMatcher(None, a, b, autojunk=False)
    out: list[Segment] = []
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        out.append(Segment(op, "".join(a[i1:i2]), "".join(b[j1:j2])))
    return _merge(_absorb_crumbs(out))


def _absorb_crumbs(segments: list[Segment]) -> list[Segment]:
    """Fold a lone shared character between two changes into the change around it.

    Two rewritten sentences share scattered characters (的, 和, ，); marking each one as kept
    shreds the sentence into confetti that is harder to read than a plain replacement.
    """
    out = list(segments)
    for i in range(1, len(out) - 1):
        seg = out[i]
        if seg.op == EQUAL and len(seg.old) <= 1 and out[i - 1].op != EQUAL and out[i + 1].op != EQUAL:
            out[i] = Segment(REPLACE, seg.old, seg.new)
    return out


def _merge(segments: list[Segment]) -> list[Segment]:
    """Join neighbouring changes into one segment, so one edit is one mark on each side."""
    out: list[Segment] = []
    for seg in segments:
        if out and seg.op != EQUAL and out[-1].op != EQUAL:
            prev = out[-1]
            old, new = prev.old + seg.old, prev.new + seg.new
            out[-1] = Segment(REPLACE if old and new else (DELETE if old else INSERT), old, new)
        else:
            out.append(seg)
    return out


def diff_paragraphs(old: str, new: str) -> list[Row]:
    """Rows of paragraphs: lines are paired first, then each changed pair is diffed within."""
    a, b = (old or "").splitlines(), (new or "").splitlines()
    rows: list[Row] = []
    matcher = SequenceMatcher(None, a, b, autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == EQUAL:
            rows.extend(Row((Segment(EQUAL, line, line),)) for line in a[i1:i2])
            continue
        olds, news = a[i1:i2], b[j1:j2]
        # Pair the changed paragraphs in order; what is left over was added or removed whole.
        for k in range(max(len(olds), len(news))):
            o = olds[k] if k < len(olds) else None
            n = news[k] if k < len(news) else None
            if o is None:
                rows.append(Row((Segment(INSERT, "", n),)))
            elif n is None:
                rows.append(Row((Segment(DELETE, o, ""),)))
            else:
                rows.append(Row(tuple(diff_text(o, n))))
    return rows


def diff_fields(old: Mapping[str, str], new: Mapping[str, str],
                fields: tuple[str, ...] = FIELDS) -> list[FieldDiff]:
    """The side-by-side diff of two versions, one entry per field, unchanged fields included."""
    return [FieldDiff(name, tuple(diff_paragraphs(old.get(name) or "", new.get(name) or "")))
            for name in fields]
