"""Posting an emergency demand on its page: skills, head count, place (region, address, map
point) and time window, by staff with an organiser role or by the manager of an emergency team
for their team (then only its members are matched); it feeds the board and the matcher; bad
input changes nothing; outsiders get 404."""

from __future__ import annotations

from typing import Any

from django.test import Client

from shegong.accounts.models import RoleCode, User
from shegong.conftest import VILLAGE, Cast, make_user
from shegong.volunteers.actions import (
    do_apply_membership,
    do_approve_membership,
    do_create_organisation,
)
from shegong.volunteers.models import (
    EmergencyAssignment,
    EmergencyDemand,
    Organisation,
    OrganisationKind,
    Skill,
    Volunteer,
)
from shegong.volunteers.tests.steps import END, START, client_for, volunteer

PAGE = "/volunteers/emergency/new"


def form(**changes: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "title": "榕江堤防巡查",
        "region_code": VILLAGE,
        "address": "进东社区榕江北堤 2 号闸",
        "latitude": "23.541",
        "longitude": "116.372",
        "starts_at": START.strftime("%Y-%m-%dT%H:%M"),
        "ends_at": END.strftime("%Y-%m-%dT%H:%M"),
        "head_count": "2",
        "skills": [Skill.objects.get(name="驾驶").pk],
    }
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


def team_with_manager(name: str = "榕城区应急志愿服务队") -> tuple[Organisation, User]:
    manager = make_user(f"m-{name}", None, RoleCode.RESIDENT, name="郑队长")
    team = do_create_organisation(
        actor=None,
        name=name,
        kind=OrganisationKind.EMERGENCY_TEAM,
        region_code="445202000000",
        managers=[manager],
        leader_name="郑队长",
        contact_phone="0663-8666666",
    )
    return team, manager


def join(person: Volunteer, team: Organisation, manager: User) -> None:
    membership = do_apply_membership(person, team, actor=person.user)
    do_approve_membership(membership, actor=manager)


def test_staff_post_a_demand_that_reaches_the_board_and_the_matcher(cast: Cast) -> None:
    driver = volunteer(1, name="司机", skills=["驾驶"])
    volunteer(2, name="无驾照")
    staff = client_for(cast.staff)
    assert "发布应急需求" in staff.get("/volunteers/emergency/").content.decode()
    response = staff.post(PAGE, form())
    found = EmergencyDemand.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/volunteers/emergency/{found.pk}/"
    assert (found.title, found.head_count, found.region_code) == ("榕江堤防巡查", 2, VILLAGE)
    assert (found.latitude, found.longitude) == (23.541, 116.372)
    assert (found.starts_at, found.ends_at) == (START, END)
    assert [s.name for s in found.required_skills.all()] == ["驾驶"]
    assert found.organisation is None
    assert "榕江堤防巡查" in staff.get("/volunteers/emergency/").content.decode()

    staff.post(f"/volunteers/emergency/{found.pk}/match")
    assert [a.volunteer for a in EmergencyAssignment.objects.all()] == [driver]


def test_a_team_manager_posts_for_the_team_and_only_its_members_are_matched(
    cast: Cast,
) -> None:
    team, manager = team_with_manager()
    member = volunteer(1, name="队员", skills=["驾驶"])
    volunteer(2, name="非队员", skills=["驾驶"])
    join(member, team, manager)
    page = client_for(manager)
    assert page.get(f"{PAGE}?organisation={team.pk}").status_code == 200
    page.post(PAGE, form(organisation=team.pk))
    found = EmergencyDemand.objects.get()
    assert found.organisation == team
    page.post(f"/volunteers/emergency/{found.pk}/match")
    assert [a.volunteer for a in EmergencyAssignment.objects.all()] == [member]
    board = page.get("/volunteers/emergency/").content.decode()
    assert "榕江堤防巡查" in board
    # Supervising staff of the county see the team's demand too.
    assert "榕江堤防巡查" in client_for(cast.staff).get("/volunteers/emergency/").content.decode()


def test_a_team_manager_must_post_for_their_team(cast: Cast) -> None:
    _, manager = team_with_manager()
    response = client_for(manager).post(PAGE, form())
    assert response.status_code == 400
    assert not EmergencyDemand.objects.exists()


def test_a_wrong_window_or_half_a_map_point_is_refused_and_nothing_is_posted(
    cast: Cast,
) -> None:
    staff = client_for(cast.staff)
    backwards = staff.post(PAGE, form(ends_at=START.strftime("%Y-%m-%dT%H:%M")))
    assert backwards.status_code == 400
    assert "结束时间应晚于开始时间" in backwards.content.decode()
    half = staff.post(PAGE, form(longitude=None))
    assert half.status_code == 400
    assert "经纬度应同时填写" in half.content.decode()
    nobody = staff.post(PAGE, form(head_count="0"))
    assert nobody.status_code == 400
    assert not EmergencyDemand.objects.exists()


def test_outsiders_get_404_and_cannot_post_in_another_county(cast: Cast) -> None:
    assert client_for(cast.resident).get(PAGE).status_code == 404
    assert Client().get(PAGE).status_code == 302  # to the login page
    refused = client_for(cast.outsider).post(PAGE, form())
    assert refused.status_code == 400
    assert "无权在该区域调度" in refused.content.decode()
    team, manager = team_with_manager()
    client_for(manager).post(PAGE, form(organisation=team.pk))
    found = EmergencyDemand.objects.get()
    _, stranger = team_with_manager("揭东区应急志愿服务队")
    assert client_for(stranger).get(f"/volunteers/emergency/{found.pk}/").status_code == 404
    assert client_for(cast.outsider).get(f"/volunteers/emergency/{found.pk}/").status_code == 404
    # Another team's manager cannot choose a team they do not run.
    other = client_for(stranger).post(PAGE, form(organisation=team.pk))
    assert other.status_code == 400
    assert EmergencyDemand.objects.count() == 1
