"""An emergency demand is matched to nearby available volunteers with the skills it needs; each
is texted, confirms or declines, and a decline is filled by the next match."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied

from shegong.conftest import VILLAGE, Cast
from shegong.lib import sms
from shegong.volunteers.actions.emergency import (
    DemandData,
    do_confirm_assignment,
    do_create_demand,
    do_decline_assignment,
    do_match_demands,
)
from shegong.volunteers.models import (
    AssignmentStatus,
    EmergencyAssignment,
    EmergencyDemand,
    Membership,
    MembershipStatus,
    Organisation,
    Skill,
    Volunteer,
)
from shegong.volunteers.tests.steps import START, organisation, volunteer


def demand(
    cast: Cast, *, count: int = 1, skills: list[str] | None = None, hours: int = 3
) -> EmergencyDemand:
    data = DemandData(
        title="榕华街道内涝转移群众",
        region_code=VILLAGE,
        starts_at=START,
        ends_at=START + timedelta(hours=hours),
        head_count=count,
        skills=list(Skill.objects.filter(name__in=skills or [])),
        address="进东社区居委会门前",
    )
    return do_create_demand(data, actor=cast.staff)


def place(v: Volunteer, lat: float, lng: float) -> Volunteer:
    Volunteer.objects.filter(pk=v.pk).update(latitude=lat, longitude=lng)
    return v


def offered(found: EmergencyDemand) -> set[str]:
    return set(
        found.assignments.exclude(status=AssignmentStatus.DECLINED).values_list(
            "volunteer__name", flat=True
        )
    )


def test_only_volunteers_with_every_required_skill_are_matched(cast: Cast) -> None:
    volunteer(1, name="急救员", skills=["医疗急救", "驾驶"])
    volunteer(2, name="司机", skills=["驾驶"])
    found = demand(cast, count=2, skills=["医疗急救", "驾驶"])
    report = do_match_demands([found.pk], actor=cast.staff)
    assert offered(found) == {"急救员"}
    assert report.unfilled == {found.pk: 1}


def test_the_nearest_available_volunteer_is_chosen(cast: Cast) -> None:
    place(volunteer(1, name="远的"), 23.9, 116.9)
    place(volunteer(2, name="近的"), 23.55, 116.38)
    found = demand(cast)
    EmergencyDemand.objects.filter(pk=found.pk).update(latitude=23.54, longitude=116.37)
    do_match_demands([found.pk], actor=cast.staff)
    assert offered(found) == {"近的"}


def test_a_volunteer_unavailable_in_the_window_is_not_matched(cast: Cast) -> None:
    Volunteer.objects.filter(pk=volunteer(1).pk).update(availability=0b000001)  # weekday mornings
    found = demand(cast)
    do_match_demands([found.pk], actor=cast.staff)
    assert offered(found) == set()


def test_a_volunteer_never_gets_two_overlapping_demands(cast: Cast) -> None:
    volunteer(1, name="唯一")
    first, second = demand(cast), demand(cast, hours=2)
    do_match_demands([first.pk], actor=cast.staff)
    do_match_demands([second.pk], actor=cast.staff)
    assert offered(first) == {"唯一"}
    assert offered(second) == set()


def test_each_matched_volunteer_is_texted_after_commit(
    cast: Cast, django_capture_on_commit_callbacks: Any
) -> None:
    v = volunteer(1)
    found = demand(cast)
    sms.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        do_match_demands([found.pk], actor=cast.staff)
    assert [phone for phone, _ in sms.outbox] == [str(v.user.phone)]
    assert "榕华街道内涝转移群众" in sms.outbox[0][1]


def test_a_decline_frees_the_place_and_a_rematch_fills_it(cast: Cast) -> None:
    first = volunteer(1, name="甲")
    volunteer(2, name="乙")
    found = demand(cast)
    do_match_demands([found.pk], actor=cast.staff)
    taken = found.assignments.get()
    do_decline_assignment(taken, actor=taken.volunteer.user)
    do_match_demands([found.pk], actor=cast.staff)
    expected = {"乙"} if taken.volunteer_id == first.pk else {"甲"}
    assert offered(found) == expected
    assert found.assignments.filter(status=AssignmentStatus.DECLINED).count() == 1


def test_the_volunteer_confirms_and_only_they_may_answer(cast: Cast) -> None:
    volunteer(1)
    found = demand(cast)
    do_match_demands([found.pk], actor=cast.staff)
    task = EmergencyAssignment.objects.get()
    with pytest.raises(PermissionDenied):
        do_confirm_assignment(task, actor=cast.staff)
    assert (
        do_confirm_assignment(task, actor=task.volunteer.user).status == AssignmentStatus.CONFIRMED
    )


def test_staff_outside_the_region_may_not_post_or_match(cast: Cast) -> None:
    found = demand(cast)
    with pytest.raises(PermissionDenied):
        do_match_demands([found.pk], actor=cast.outsider)
    with pytest.raises(PermissionDenied):
        do_create_demand(
            DemandData("外区需求", VILLAGE, START, START + timedelta(hours=1), 1),
            actor=cast.outsider,
        )


def test_a_teams_only_demand_goes_to_members_of_emergency_teams(cast: Cast) -> None:
    member, _ = volunteer(1, name="队员"), volunteer(2, name="散户")
    team = organisation(name="榕城区应急志愿服务队")
    Organisation.objects.filter(pk=team.pk).update(is_emergency=True)
    Membership.objects.create(
        volunteer=member,
        organisation=team,
        status=MembershipStatus.APPROVED,
        region_code=team.region_code,
    )
    found = demand(cast, count=2)
    EmergencyDemand.objects.filter(pk=found.pk).update(teams_only=True)
    do_match_demands([found.pk], actor=cast.staff)
    assert offered(found) == {"队员"}
