"""Duplicate hints: open appeals of the last 90 days in the same county whose jieba tokens are
similar (Jaccard ≥ the calibrated threshold) are shown as 内容相似, best first."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from shegong.appeals.actions import do_merge, do_triage
from shegong.appeals.duplicates import SIMILAR_TEXT_THRESHOLD, similar_cases
from shegong.cases.models import Case, Category
from shegong.cases.tests.steps import submitted
from shegong.conftest import OTHER_VILLAGE, VILLAGE, Cast

SAME_LAMP = "进东社区3号楼前路灯不亮，路灯坏了快一个月了，晚上很黑，走路不安全。"


def hints_for(text: str, **kwargs: object) -> list[Case]:
    found = similar_cases(
        text=text,
        region_code=VILLAGE,
        category=Category.objects.get(code="env.noise"),  # not the lamp's category
        latitude=None,
        longitude=None,
        **kwargs,  # type: ignore[arg-type]
    )
    return [h["case"] for h in found]


def test_the_same_lamp_in_other_words_is_hinted_as_similar_text(cast: Cast) -> None:
    lamp = submitted(cast)
    (hint,) = similar_cases(
        text=SAME_LAMP, region_code=VILLAGE, category=None, latitude=None, longitude=None
    )
    assert hint["case"] == lamp
    assert hint["reason"] == "内容相似"
    assert hint["score"] >= SIMILAR_TEXT_THRESHOLD


def test_unrelated_text_is_not_hinted(cast: Cast) -> None:
    submitted(cast)
    assert hints_for("楼下烧烤店油烟很大，晚上噪音扰民。") == []


def test_closed_merged_old_and_other_county_appeals_are_not_hinted(cast: Cast) -> None:
    do_triage(submitted(cast), actor=cast.dispatcher, outcome="market")
    do_merge(submitted(cast), actor=cast.dispatcher, into=submitted(cast, title="另一件"))
    submitted(cast, received_at=timezone.now() - timedelta(days=91))
    submitted(cast, region_code=OTHER_VILLAGE)
    survivors = hints_for(SAME_LAMP)
    # Only the case the duplicate was merged into is still open and similar enough.
    assert [c.title for c in survivors] == ["另一件"]


def test_the_case_being_looked_at_is_left_out(cast: Cast) -> None:
    lamp = submitted(cast)
    assert hints_for(SAME_LAMP, exclude=lamp) == []


def test_the_most_similar_come_first_and_at_most_five(cast: Cast) -> None:
    exact = submitted(cast, title="路灯不亮", content=SAME_LAMP)
    for _ in range(6):
        submitted(cast)
    found = hints_for(SAME_LAMP)
    assert len(found) == 5
    assert found[0] == exact


def test_a_caller_sees_only_hints_in_their_own_scope(cast: Cast) -> None:
    other_street = submitted(cast, region_code="445202002001")  # 榕城区, another street
    assert hints_for(SAME_LAMP) == [other_street]
    # The street's cadre sees the county's candidates only within the street.
    assert hints_for(SAME_LAMP, actor=cast.township_cadre) == []
