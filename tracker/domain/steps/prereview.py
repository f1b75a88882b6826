"""The office's pre-review checklist (DOMAIN §3): the checks and how a filled-in list is read."""

from __future__ import annotations

from tracker.domain.errors import InvalidData

CHECKLIST: tuple[tuple[str, str, str], ...] = (
    ("one_matter", "一事一议", "One matter only"),
    ("parts_present", "要素齐全（标题、事由、具体建议、代表、联系方式）",
     "Required parts present (title, reasons, proposals, deputy, contact)"),
    ("actionable", "具体可行", "Specific and actionable"),
    ("within_powers", "属于本级职权范围", "Within the district's powers"),
    ("researched", "经过调研、事实清楚", "Researched, facts verified"),
    ("not_personal", "不涉及本人及亲属个人事务", "Not a personal or relatives' matter"),
    ("not_litigation", "不涉及诉讼、仲裁或具体案件", "Not a lawsuit, arbitration or specific case"),
    ("not_petition", "不属于检举、控告、申诉", "Not a complaint, accusation or petition"),
    ("not_forwarded", "不属于代转来信", "Not a forwarded letter"),
    ("not_academic", "不属于学术探讨或宣传推介", "Not academic discussion or promotion"),
    ("not_duplicate", "与本次及往次建议不重复", "Not a duplicate"),
)
CODES = tuple(code for code, _, _ in CHECKLIST)


def read_checklist(value) -> list[tuple[str, bool, str]]:
    """Accept {code: {"passed": bool, "note": str}} or {code: bool}; every check must be there."""
    if not isinstance(value, dict):
        raise InvalidData("请逐项填写预审清单。", "Fill in every check of the list.", field="checklist")
    out = []
    for code in CODES:
        entry = value.get(code)
        if entry is None:
            raise InvalidData(f"预审清单缺少一项：{code}", f"Checklist item missing: {code}",
                              field="checklist")
        if isinstance(entry, dict):
            passed, note = bool(entry.get("passed")), str(entry.get("note") or "")
        else:
            passed, note = bool(entry), ""
        out.append((code, passed, note))
    return out


def all_pass(checklist: dict) -> dict:
    """A checklist with every item passed, for the demo loader and tests."""
    return {code: {"passed": True, "note": ""} for code in CODES}
