"""The version diff marks changed Chinese characters, not whole lines, and keeps paragraphs apart."""

from __future__ import annotations

from tracker.domain.authoring.diff import (
    DELETE,
    EQUAL,
    INSERT,
    REPLACE,
    Segment,
    diff_fields,
    diff_paragraphs,
    diff_text,
    tokens,
)


def changes(segments):
    return [s for s in segments if s.op != EQUAL]


def test_one_changed_character_is_one_changed_character():
    old = "建议在韵家口镇增设两个公交站点。"
    new = "建议在韵家口镇增设三个公交站点。"
    segs = diff_text(old, new)
    assert changes(segs) == [Segment(REPLACE, "两", "三")]
    assert "".join(s.old for s in segs) == old
    assert "".join(s.new for s in segs) == new


def test_added_sentence_is_one_insertion():
    old = "群众出行不便。"
    new = "群众出行不便。早晚高峰尤其拥堵。"
    assert changes(diff_text(old, new)) == [Segment(INSERT, "", "早晚高峰尤其拥堵。")]


def test_deleted_words_are_one_deletion():
    assert changes(diff_text("建议尽快增设站点。", "建议增设站点。")) == [Segment(DELETE, "尽快", "")]


def test_identical_texts_have_no_change():
    text = "第一段。\n第二段：具体建议。"
    rows = diff_paragraphs(text, text)
    assert len(rows) == 2 and not any(r.changed for r in rows)
    assert [r.segments for r in rows] == [(Segment(EQUAL, "第一段。", "第一段。"),),
                                           (Segment(EQUAL, "第二段：具体建议。", "第二段：具体建议。"),)]


def test_ascii_words_and_numbers_stay_whole():
    assert tokens("于2026年增设BRT站") == ["于", "2026", "年", "增", "设", "BRT", "站"]
    assert changes(diff_text("每日2000人次", "每日3500人次")) == [Segment(REPLACE, "2000", "3500")]


def test_paragraphs_are_diffed_within_and_added_ones_stand_alone():
    old = "一、现状\n公交线路少。"
    new = "一、现状\n公交线路很少。\n二、建议"
    rows = diff_paragraphs(old, new)
    assert len(rows) == 3
    assert not rows[0].changed
    assert changes(rows[1].segments) == [Segment(INSERT, "", "很")]
    assert rows[2].segments == (Segment(INSERT, "", "二、建议"),)
    assert not rows[2].has_old and rows[2].has_new


def test_lone_shared_character_between_changes_is_absorbed():
    # "的" alone in common must not split one rewrite into two marks.
    segs = diff_text("甲的乙", "丙的丁")
    assert changes(segs) == [Segment(REPLACE, "甲的乙", "丙的丁")]


def test_fields_cover_title_category_reasons_proposals():
    old = {"title": "关于增设公交站点的建议", "category": "城乡建设", "reasons": "出行不便。",
           "proposals": "增设站点。"}
    new = dict(old, title="关于增设公交站点和候车亭的建议")
    result = {f.name: f for f in diff_fields(old, new)}
    assert list(result) == ["title", "category", "reasons", "proposals"]
    assert result["title"].changed and not result["reasons"].changed
    assert changes(result["title"].rows[0].segments) == [Segment(INSERT, "", "和候车亭")]


def test_empty_to_text_is_an_insertion():
    rows = diff_paragraphs("", "新的事由。")
    assert rows and rows[0].segments == (Segment(INSERT, "", "新的事由。"),)
