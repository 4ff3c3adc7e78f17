"""Every organiser page answers 404 — never 403 — to anyone who does not run the organisation:
staff of another county, a resident, a volunteer of the organisation. Staff with an organiser
role see the organisations in their region scope."""

from __future__ import annotations

import pytest
import time_machine

from shegong.accounts.models import User
from shegong.conftest import Cast
from shegong.volunteers.actions import do_check_in, do_sign_up
from shegong.volunteers.tests.steps import START, Scene, client_for, scene, volunteer


def pages(s: Scene, volunteer_id: int, signup_id: int, record_id: int) -> list[tuple[str, str]]:
    org, act, shift = s.organisation.pk, s.activity.pk, s.shift.pk
    return [
        ("get", f"/volunteers/manage/org/{org}/"),
        ("get", f"/volunteers/manage/org/{org}/members"),
        ("get", f"/volunteers/manage/org/{org}/import"),
        ("get", f"/volunteers/manage/org/{org}/activities/new"),
        ("get", f"/volunteers/manage/org/{org}/volunteers/new"),
        ("get", f"/volunteers/manage/activity/{act}/"),
        ("post", f"/volunteers/manage/activity/{act}/start"),
        ("post", f"/volunteers/manage/activity/{act}/shifts"),
        ("post", f"/volunteers/manage/activity/{act}/insurance"),
        ("get", f"/volunteers/manage/shift/{shift}/"),
        ("get", f"/volunteers/manage/shift/{shift}/qr"),
        ("get", f"/volunteers/manage/shift/{shift}/qr.png"),
        ("post", f"/volunteers/manage/shift/{shift}/no-shows"),
        ("post", f"/volunteers/manage/signup/{signup_id}/attend"),
        ("post", f"/volunteers/manage/record/{record_id}/confirm"),
        ("post", f"/volunteers/manage/record/{record_id}/reject"),
        ("get", f"/volunteers/manage/volunteer/{volunteer_id}/"),
        ("post", f"/volunteers/manage/volunteer/{volunteer_id}/reveal"),
        ("post", f"/volunteers/manage/volunteer/{volunteer_id}/training"),
    ]


@pytest.fixture
def world(cast: Cast) -> tuple[Scene, list[tuple[str, str]], User]:
    s = scene(cast)
    person = volunteer(1)
    signup = do_sign_up(s.shift, person, actor=person.user)
    with time_machine.travel(START, tick=False):
        service = do_check_in(s.shift, person, actor=person.user)
    return s, pages(s, person.pk, signup.pk, service.pk), person.user


@pytest.mark.parametrize("who", ["outsider", "resident", "handler", "grid_worker"])
def test_people_who_do_not_run_the_organisation_get_404(
    cast: Cast, world: tuple[Scene, list[tuple[str, str]], User], who: str
) -> None:
    _, urls, _ = world
    client = client_for(getattr(cast, who))
    for method, url in urls:
        assert getattr(client, method)(url).status_code == 404, (who, url)


def test_the_volunteer_cannot_open_the_organisers_pages_about_themselves(
    world: tuple[Scene, list[tuple[str, str]], User],
) -> None:
    _, urls, person = world
    client = client_for(person)
    for method, url in urls:
        assert getattr(client, method)(url).status_code == 404, url


def test_staff_with_an_organiser_role_in_scope_see_the_organisation(
    cast: Cast, world: tuple[Scene, list[tuple[str, str]], User]
) -> None:
    s, _, _ = world
    for user in (cast.staff, cast.village_cadre, cast.city_staff):
        assert (
            client_for(user).get(f"/volunteers/manage/org/{s.organisation.pk}/").status_code == 200
        )
    page = client_for(cast.outsider).get("/volunteers/manage/").content.decode()
    assert s.organisation.name not in page


def test_a_resident_who_runs_nothing_has_no_organiser_home(cast: Cast) -> None:
    assert client_for(cast.resident).get("/volunteers/manage/").status_code == 404


def test_someone_elses_sign_up_cannot_be_cancelled(
    cast: Cast, world: tuple[Scene, list[tuple[str, str]], User]
) -> None:
    s, _, _ = world
    other = volunteer(2)
    signup = s.shift.signups.get()
    assert client_for(other.user).post(f"/volunteers/signups/{signup.pk}/cancel").status_code == 404
    response = client_for(other.user).post(f"/api/v1/volunteers/signups/{signup.pk}/cancel")
    assert response.status_code == 404
