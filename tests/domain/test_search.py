"""Chinese full-text search: two-character words found on both databases, ranking, similar drafts."""

import pytest
from sqlalchemy import select

from tests.factories import at
from tracker.domain.authoring.drafts import DraftInput, create_draft, edit_draft
from tracker.domain.reads.search import reindex_all, search, similar, tokens
from tracker.extensions import db
from tracker.models import SuggestionSearch
from tracker.workflow import Channel

BUS = ("关于增设韵家口镇公交站点的建议", "沿线居民出行不便，最近的公交站点在两公里外。",
       "建议增设公交站点并加密班次。")
ESTATE = ("关于规范老旧小区物业管理的建议", "小区物业服务质量差，收费不透明。", "建议加强物业企业监管。")
PARKING = ("关于缓解医院周边停车难的建议", "就医车辆排队，停车位严重不足。", "建议建设立体停车场。")


def draft(w, title, reasons, proposals, author=None):
    return create_draft(db.session, author or w.deputy, DraftInput(
        title=title, reasons=reasons, proposals=proposals, channel=Channel.BETWEEN), at=at(2026, 3, 2))


@pytest.fixture
def three(make):
    w = make.world()
    items = [draft(w, *texts) for texts in (BUS, ESTATE, PARKING)]
    db.session.flush()
    return w, items


def test_tokens_hold_jieba_words_bigrams_and_ascii_words():
    found = tokens("关于增设公交站点的建议，覆盖５Ｇ基站")
    assert {"公交", "站点", "增设", "交站", "5g"} <= set(found)
    assert len(found) == len(set(found))
    assert all(len(t) >= 2 for t in found)


@pytest.mark.parametrize(("word", "which"), [("公交", 0), ("物业", 1), ("停车", 2), ("公交站点", 0)])
def test_two_character_words_are_found(three, word, which):
    _, items = three
    assert search(db.session, word) == [items[which]]


@pytest.mark.parametrize("word", ["地铁", "教育", "zzz", ""])
def test_a_word_absent_finds_nothing(three, word):
    assert search(db.session, word) == []


def test_the_better_match_ranks_first(make):
    w = make.world()
    once = draft(w, "关于完善社区服务的建议", "社区有一条公交线路。", "建议增加便民设施。")
    often = draft(w, "关于优化公交线网的建议", "公交线路绕行，公交站点偏远，公交班次少。", "建议优化公交。")
    db.session.flush()
    assert search(db.session, "公交") == [often, once]


def test_an_edited_draft_is_reindexed(three):
    w, items = three
    data = DraftInput(title="关于治理噪声扰民的建议", reasons="夜间施工噪声大。", proposals="加强执法。",
                      channel=Channel.BETWEEN)
    edit_draft(db.session, items[0], w.deputy, data, at=at(2026, 3, 3))
    db.session.flush()
    assert search(db.session, "公交") == []
    assert search(db.session, "噪声") == [items[0]]


def test_reindex_all_rebuilds_the_index(three):
    _, items = three
    db.session.execute(SuggestionSearch.__table__.delete())
    assert search(db.session, "物业") == []
    assert reindex_all(db.session) == 3
    assert search(db.session, "物业") == [items[1]]


def test_the_visibility_condition_narrows_the_results(three):
    from tracker.models import Suggestion

    _, items = three
    assert set(search(db.session, "建议")) == set(items)
    assert set(search(db.session, "建议", where=Suggestion.id != items[2].id)) == set(items[:2])
    assert search(db.session, "停车", where=Suggestion.id != items[2].id) == []


def test_similar_scores_a_near_duplicate_highest_and_excludes_the_item_itself(three):
    w, items = three
    twin = draft(w, "关于增设韵家口镇公交站点的建议", "居民出行不便，公交站点太远。", "建议增设公交站点。",
                 author=w.deputy2)
    db.session.flush()
    found = similar(db.session, twin.title, twin.reasons + twin.proposals, exclude_id=twin.id)
    assert found[0][0] == items[0]
    assert twin not in [item for item, _ in found]
    assert 0.5 < found[0][1] <= 1
    assert all(score < found[0][1] for _, score in found[1:])
    assert [score for _, score in found] == sorted((score for _, score in found), reverse=True)


def test_similar_by_title_alone_and_nothing_for_an_empty_draft(three):
    _, items = three
    found = similar(db.session, "小区物业收费问题", "")
    assert found and found[0][0] == items[1]
    assert similar(db.session, "", "") == []


def test_deleting_a_suggestion_drops_its_search_row(three):
    _, items = three
    gone = items[2].id
    for row in db.session.scalars(select(SuggestionSearch)):
        assert row.tokens
    from tracker.models import AuditEvent, Deadline

    db.session.execute(Deadline.__table__.delete().where(Deadline.suggestion_id == gone))
    if db.engine.dialect.name == "postgresql":
        pytest.skip("the audit trail is append-only on PostgreSQL; drafts are not deleted there")
    db.session.execute(AuditEvent.__table__.delete().where(AuditEvent.suggestion_id == gone))
    db.session.delete(items[2])
    db.session.flush()
    assert db.session.scalar(select(SuggestionSearch.tokens).where(
        SuggestionSearch.suggestion_id == gone)) is None
    assert search(db.session, "停车") == []
