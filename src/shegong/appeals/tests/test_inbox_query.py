"""The staff inbox query: each box holds the right appeals, only in the actor's region, filtered
and paged, overdue marked, in the same few queries whatever the page size."""

from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone
from pytest_django import DjangoAssertNumQueries

from shegong.accounts.models import RoleCode
from shegong.appeals.actions import (
    do_accept,
    do_dispatch,
    do_follow_up,
    do_object,
    do_reply,
    do_submit_appeal,
    do_whistle,
)
from shegong.cases import actions as engine
from shegong.cases import inbox
from shegong.cases.actions import IntakeData
from shegong.cases.inbox import InboxPage, inbox_for
from shegong.cases.models import Case, Category, Clock
from shegong.conftest import OTHER_VILLAGE, VILLAGE, Cast, make_user

BOXES = ("dispatch", "unit", "overdue", "all")
ELSEWHERE_IN_THE_COUNTY = "445202002001"  # 榕城区, another township than 榕华街道


def submit(
    title: str = "小区路灯不亮",
    *,
    region: str = VILLAGE,
    category: str = "urban.roads",
    urgency: str = "",
) -> Case:
    data = IntakeData(
        title=title,
        content="进东社区3号楼前的路灯坏了一个月，晚上很黑。",
        region_code=region,
        channel="hotline",
        subtype="complaint",
        urgency=urgency,
        category=Category.objects.get(code=category),
    )
    return do_submit_appeal(data, actor=None).case


def numbers(page: InboxPage) -> list[str]:
    return [row.number for row in page.items]


def test_the_dispatcher_sees_new_and_objected_appeals_but_not_dispatched_ones(cast: Cast) -> None:
    new = submit("新来的诉求")
    objected = submit("被退单的诉求")
    dispatched = submit("已派出的诉求")
    do_dispatch(objected, actor=cast.dispatcher, unit=cast.department)
    do_object(objected, actor=cast.handler, reason="不属于本单位职责")
    do_dispatch(dispatched, actor=cast.dispatcher, unit=cast.department)

    page = inbox_for(cast.dispatcher, box="dispatch")

    assert numbers(page) == [objected.number, new.number]  # newest first
    assert [row.status_label for row in page.items] == ["退单审核中", "待派单"]
    assert page.total == 2
    assert not page.has_next


def test_the_outsider_sees_nothing_of_rongcheng_in_any_box(cast: Cast) -> None:
    case = submit()
    do_dispatch(case, actor=cast.dispatcher, unit=cast.department)
    theirs = submit("揭东区的诉求", region=OTHER_VILLAGE)

    for box in BOXES:
        assert case.number not in numbers(inbox_for(cast.outsider, box=box)), box
    assert numbers(inbox_for(cast.outsider, box="all")) == [theirs.number]
    assert case.number in numbers(inbox_for(cast.leader, box="all"))
    assert theirs.number not in numbers(inbox_for(cast.leader, box="all"))


def test_a_township_and_a_village_see_only_their_own_part_of_the_county(cast: Cast) -> None:
    here = submit("进东社区的诉求")
    elsewhere = submit("别的街道的诉求", region=ELSEWHERE_IN_THE_COUNTY)

    assert numbers(inbox_for(cast.township_cadre, box="all")) == [here.number]
    assert numbers(inbox_for(cast.village_cadre, box="all")) == [here.number]
    assert numbers(inbox_for(cast.leader, box="all")) == [elsewhere.number, here.number]


def test_a_resident_has_no_inbox(cast: Cast) -> None:
    submit()
    for box in BOXES:
        assert inbox_for(cast.resident, box=box).items == []


def test_the_unit_box_holds_every_live_share_of_the_unit(cast: Cast) -> None:
    """R26: the lead unit, co-handlers and summoned departments each find the case."""
    lead = submit("住建局主办")
    co = submit("住建局协办")
    whistled = submit("街道吹哨住建局报到")
    other = submit("别的单位主办")
    do_dispatch(lead, actor=cast.dispatcher, unit=cast.department)
    do_dispatch(co, actor=cast.dispatcher, unit=cast.district, co_units=[cast.department])
    do_dispatch(whistled, actor=cast.dispatcher, unit=cast.township_unit)
    do_accept(whistled, actor=cast.township_cadre)
    do_whistle(whistled, actor=cast.township_cadre, units=[cast.department])
    do_dispatch(other, actor=cast.dispatcher, unit=cast.district)

    page = inbox_for(cast.handler, box="unit")

    assert numbers(page) == [whistled.number, co.number, lead.number]
    district_staff = make_user("district_staff", cast.district, RoleCode.HANDLER)
    # A township dispatch is copied to the district (R24): the copy is a share too.
    assert whistled.number in numbers(inbox_for(district_staff, box="unit"))


def test_a_closed_case_leaves_the_unit_box(cast: Cast) -> None:
    case = submit()
    do_dispatch(case, actor=cast.dispatcher, unit=cast.department)
    do_accept(case, actor=cast.handler)
    do_reply(case, actor=cast.handler, reply="已更换灯泡。")
    assert numbers(inbox_for(cast.handler, box="unit")) == [case.number]

    do_follow_up(case, actor=cast.dispatcher, rating="satisfied", resolved=True)

    assert inbox_for(cast.handler, box="unit").items == []
    assert [row.status_label for row in inbox_for(cast.leader, box="all").items] == ["已办结"]


def test_the_overdue_box_holds_open_cases_whose_clock_has_run_out(cast: Cast) -> None:
    """R25: a case not dispatched within its limit (24 h for 一般) is overdue."""
    late = submit("没有及时派单")
    handled = submit("及时派出并签收")
    do_dispatch(handled, actor=cast.dispatcher, unit=cast.department)
    do_accept(handled, actor=cast.handler)  # seven days to reply: not late tomorrow
    assert inbox_for(cast.supervisor, box="overdue").items == []

    with time_machine.travel(timezone.now() + timedelta(hours=25), tick=False):
        page = inbox_for(cast.supervisor, box="overdue")
        assert numbers(page) == [late.number]
        assert page.items[0].is_overdue
        assert page.items[0].clock_state_label == "已超期"
        assert inbox_for(cast.outsider, box="overdue").items == []


def test_a_clock_paused_before_its_due_time_is_not_overdue(cast: Cast) -> None:
    case = submit()
    clock = Clock.objects.get(case=case, name="dispatch")
    engine.pause_clock(clock, at=timezone.now())

    with time_machine.travel(timezone.now() + timedelta(days=3), tick=False):
        assert inbox_for(cast.supervisor, box="overdue").items == []
        assert inbox_for(cast.supervisor, box="all").items[0].clock_state != "overdue"


def test_each_row_shows_its_nearest_running_clock(cast: Cast) -> None:
    received = submit("待派单", urgency="urgent")
    dispatched = submit("待签收")
    do_dispatch(dispatched, actor=cast.dispatcher, unit=cast.department)

    rows = {row.title: row for row in inbox_for(cast.leader, box="all").items}

    dispatch_due = Clock.objects.get(case=received, name="dispatch").due_at
    response_due = Clock.objects.get(case=dispatched, name="response").due_at
    assert rows["待派单"].due_at == dispatch_due  # 紧急: two hours to dispatch
    assert rows["待派单"].clock_state_label == "计时中"
    assert rows["待签收"].due_at == response_due  # the response limit comes before feedback
    assert rows["待签收"].lead_unit_name == "榕城区住房和城乡建设局"
    assert rows["待签收"].category_name == "市政道路设施"


def test_the_filters_narrow_the_box(cast: Cast) -> None:
    roads = submit("路灯不亮", urgency="urgent")
    noise = submit("广场舞噪音扰民", category="env.noise")
    do_dispatch(noise, actor=cast.dispatcher, unit=cast.department)

    leader = cast.leader
    assert numbers(inbox_for(leader, box="all", status="dispatched")) == [noise.number]
    assert numbers(inbox_for(leader, box="all", category="env.noise")) == [noise.number]
    assert numbers(inbox_for(leader, box="all", urgency="urgent")) == [roads.number]
    assert numbers(inbox_for(leader, box="all", q="噪音")) == [noise.number]
    assert numbers(inbox_for(leader, box="all", q=roads.number.lower())) == [roads.number]
    assert inbox_for(leader, box="all", q="没有这样的标题").items == []


def test_the_overdue_filter_works_in_any_box(cast: Cast) -> None:
    late = submit("超期未派")
    with time_machine.travel(timezone.now() + timedelta(hours=25), tick=False):
        fresh = submit("刚刚登记")
        leader = cast.leader
        assert numbers(inbox_for(leader, box="all", overdue=True)) == [late.number]
        assert numbers(inbox_for(leader, box="all", overdue=False)) == [fresh.number]
        assert numbers(inbox_for(cast.dispatcher, box="dispatch", overdue=True)) == [late.number]


def test_pages_run_newest_first_without_gaps(cast: Cast) -> None:
    cases = [submit(f"诉求{i}") for i in range(7)]
    expected = [c.number for c in reversed(cases)]

    first = inbox_for(cast.leader, box="all", per_page=3)
    second = inbox_for(cast.leader, box="all", per_page=3, page=2)
    last = inbox_for(cast.leader, box="all", per_page=3, page=3)

    assert numbers(first) + numbers(second) + numbers(last) == expected
    assert (first.has_next, second.has_next, last.has_next) == (True, True, False)
    assert (first.has_previous, last.has_previous) == (False, True)
    assert first.total == second.total == last.total == 7
    assert inbox_for(cast.leader, box="all", per_page=3, page=9).total == 7


def test_beyond_the_cap_the_total_is_left_open(cast: Cast, monkeypatch: pytest.MonkeyPatch) -> None:
    """Counting a million rows for every page would cost more than the page itself."""
    monkeypatch.setattr(inbox, "TOTAL_CAP", 4)
    for i in range(6):
        submit(f"诉求{i}")

    page = inbox_for(cast.leader, box="all", per_page=2)

    assert page.total is None
    assert page.has_next


@pytest.mark.parametrize("box", BOXES)
def test_a_page_costs_the_same_few_queries_whatever_its_size(
    cast: Cast, box: str, django_assert_max_num_queries: DjangoAssertNumQueries
) -> None:
    for i in range(12):
        case = submit(f"诉求{i}")
        if i % 2:
            do_dispatch(case, actor=cast.dispatcher, unit=cast.department)
    actor = {"dispatch": cast.dispatcher, "unit": cast.handler}.get(box, cast.supervisor)
    actor.role_codes()  # cached on the user for the request, as the login middleware leaves it

    with time_machine.travel(timezone.now() + timedelta(days=2), tick=False):
        for per_page in (2, 5, 50):
            # Per procedure read: its rows and maybe a capped count; then the rows' clocks.
            with django_assert_max_num_queries(3):
                page = inbox_for(actor, box=box, kinds=["appeals"], per_page=per_page)
            assert page.items
            with django_assert_max_num_queries(5):
                assert inbox_for(actor, box=box, per_page=per_page).items == page.items


def test_a_page_past_the_cap_is_empty_and_reads_nothing(
    cast: Cast, django_assert_num_queries: DjangoAssertNumQueries
) -> None:
    """Beyond "1000+" the inbox asks for narrower filters rather than walk the archive."""
    submit()
    cast.leader.role_codes()
    with django_assert_num_queries(0):
        page = inbox_for(cast.leader, box="all", page=inbox.TOTAL_CAP // 50 + 1)
    assert (page.items, page.total, page.has_next) == ([], None, False)


def test_an_unknown_kind_is_refused_like_an_unknown_box(cast: Cast) -> None:
    with pytest.raises(ValueError, match="kinds"):
        inbox_for(cast.leader, box="all", kinds=["no_such_procedure"])
