"""/api/v1/volunteers/: the public activity list and detail, sign-up (201, or 409 with a stable
code), cancellation, and the volunteer's own profile, sign-ups and records."""

from __future__ import annotations

from typing import Any

import time_machine
from django.test import Client

from shegong.accounts.actions import do_create_api_token
from shegong.conftest import Cast
from shegong.volunteers.actions import do_check_in, do_check_out, do_confirm_record, do_sign_up
from shegong.volunteers.tests.steps import END, START, client_for, scene, shift, volunteer

BASE = "/api/v1/volunteers"


def test_the_activity_list_is_public_and_guarded_against_n_plus_one(
    cast: Cast, django_assert_max_num_queries: Any
) -> None:
    s = scene(cast)
    for n in range(5):
        shift(s.activity, s.manager, name=f"岗位{n}", skills=["驾驶"])
    with django_assert_max_num_queries(5):
        body = Client().get(f"{BASE}/activities?region=445202").json()
    assert [a["title"] for a in body] == ["进东社区敬老院陪伴"]
    assert body[0]["status_label"] == "报名中"
    assert len(body[0]["shifts"]) == 6
    assert body[0]["shifts"][1]["required_skills"] == ["驾驶"]


def test_a_nearby_search_reports_the_distance(cast: Cast) -> None:
    scene(cast)
    body = Client().get(f"{BASE}/activities?lat=23.55&lng=116.37&km=5").json()
    assert body[0]["distance_km"] == 1.11


def test_a_malformed_region_is_a_422(cast: Cast) -> None:
    response = Client().get(f"{BASE}/activities?region=44x")
    assert response.status_code == 422
    assert response.json()["code"] == "invalid"


def test_sign_up_by_token_then_a_clash_answers_409(cast: Cast) -> None:
    s = scene(cast, capacity=1)
    clashing = shift(s.activity, s.manager, name="引导岗")
    person = volunteer(1)
    _, key = do_create_api_token(person.user, actor=person.user, name="手机")
    headers = {"Authorization": f"Bearer {key}"}
    client = Client()
    response = client.post(f"{BASE}/shifts/{s.shift.pk}/signups", headers=headers)
    assert response.status_code == 201
    assert response.json()["status"] == "confirmed"
    response = client.post(f"{BASE}/shifts/{clashing.pk}/signups", headers=headers)
    assert response.status_code == 409
    assert response.json()["code"] == "clash"


def test_a_full_shift_waitlists_with_the_position(cast: Cast) -> None:
    s = scene(cast, capacity=1)
    first, second = volunteer(1), volunteer(2)
    client_for(first.user).post(f"{BASE}/shifts/{s.shift.pk}/signups")
    body = client_for(second.user).post(f"{BASE}/shifts/{s.shift.pk}/signups").json()
    assert (body["status"], body["waitlist_position"]) == ("waitlisted", 1)


def test_cancel_through_the_api(cast: Cast) -> None:
    s = scene(cast)
    person = volunteer(1)
    signup = do_sign_up(s.shift, person, actor=person.user)
    body = client_for(person.user).post(f"{BASE}/signups/{signup.pk}/cancel").json()
    assert body["status_label"] == "已取消"


def test_signing_up_needs_a_login_and_a_volunteer(cast: Cast) -> None:
    s = scene(cast)
    assert Client().post(f"{BASE}/shifts/{s.shift.pk}/signups").status_code == 401
    response = client_for(cast.resident).post(f"{BASE}/shifts/{s.shift.pk}/signups")
    assert response.status_code == 404
    assert response.json()["code"] == "not_volunteer"


def test_my_profile_sign_ups_and_records(cast: Cast, django_assert_max_num_queries: Any) -> None:
    s = scene(cast)
    person = volunteer(1)
    do_sign_up(s.shift, person, actor=person.user)
    with time_machine.travel(START, tick=False):
        service = do_check_in(s.shift, person, actor=person.user)
    with time_machine.travel(END, tick=False):
        do_check_out(service, actor=person.user)
    do_confirm_record(service, actor=s.manager)
    client = client_for(person.user)
    me = client.get(f"{BASE}/me").json()
    assert me["confirmed_hours"] == 3.0
    assert me["star_label"] == "未评星"
    with django_assert_max_num_queries(6):
        signups = client.get(f"{BASE}/me/signups").json()
    assert signups[0]["activity_title"] == "进东社区敬老院陪伴"
    with django_assert_max_num_queries(6):
        records = client.get(f"{BASE}/me/records").json()
    assert records[0]["hours"] == 3.0
    assert records[0]["status_label"] == "已确认"


def test_the_api_is_in_the_openapi_document(db: None) -> None:
    paths = Client().get("/api/v1/openapi.json").json()["paths"]
    assert f"{BASE}/activities" in paths
    assert f"{BASE}/shifts/{{shift_id}}/signups" in paths
