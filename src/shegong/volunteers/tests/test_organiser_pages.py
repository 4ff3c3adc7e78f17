"""The organiser drafts an activity, adds shifts, publishes it and follows its sign-ups; the
lists carry query-count guards."""

from __future__ import annotations

from typing import Any

from shegong.conftest import VILLAGE, Cast
from shegong.volunteers.actions import do_sign_up
from shegong.volunteers.models import Activity, ActivityStatus, ServiceCategory, Skill
from shegong.volunteers.tests.steps import client_for, manager_user, organisation, scene, volunteer


def test_draft_add_a_shift_and_publish(cast: Cast) -> None:
    manager = manager_user()
    org = organisation(manager)
    client = client_for(manager)
    response = client.post(
        f"/volunteers/manage/org/{org.pk}/activities/new",
        {
            "title": "防汛沙袋搬运",
            "category": str(ServiceCategory.objects.get(code="emergency").pk),
            "description": "榕江堤防加固",
            "region_code": VILLAGE,
            "address": "榕江北堤",
            "starts_at": "2030-06-01T08:00",
            "ends_at": "2030-06-01T17:00",
            "risky": "on",
        },
    )
    found = Activity.objects.get()
    assert response["Location"] == f"/volunteers/manage/activity/{found.pk}/"
    assert found.risky
    page = client.post(f"/volunteers/manage/activity/{found.pk}/publish", follow=True)
    assert "请先添加至少一个岗位" in page.content.decode()
    client.post(
        f"/volunteers/manage/activity/{found.pk}/shifts",
        {
            "name": "搬运组",
            "starts_at": "2030-06-01T08:00",
            "ends_at": "2030-06-01T12:00",
            "capacity": "30",
            "skills": [str(Skill.objects.get(code="moving").pk)],
        },
    )
    client.post(f"/volunteers/manage/activity/{found.pk}/publish")
    found.refresh_from_db()
    assert found.status == ActivityStatus.PUBLISHED
    assert [s.name for s in found.shifts.all()] == ["搬运组"]
    assert [k.name for k in found.shifts.get().required_skills.all()] == ["搬运"]


def test_a_shift_outside_the_activity_time_is_refused_on_the_form(cast: Cast) -> None:
    s = scene(cast)
    response = client_for(s.manager).post(
        f"/volunteers/manage/activity/{s.activity.pk}/shifts",
        {
            "name": "晚班",
            "starts_at": "2030-05-11T18:00",
            "ends_at": "2030-05-11T20:00",
            "capacity": "3",
        },
    )
    assert response.status_code == 400
    assert "岗位时间应在活动时间之内" in response.content.decode()


def test_the_organisation_page_and_shift_page_stay_within_their_query_budget(
    cast: Cast, django_assert_max_num_queries: Any
) -> None:
    s = scene(cast, capacity=3)
    for n in range(6):
        person = volunteer(n, name=f"志愿者{n}")
        do_sign_up(s.shift, person, actor=person.user)
    client = client_for(s.manager)
    with django_assert_max_num_queries(14):
        page = client.get(f"/volunteers/manage/org/{s.organisation.pk}/").content.decode()
    assert "陪伴岗 3/3" in page
    with django_assert_max_num_queries(12):
        page = client.get(f"/volunteers/manage/shift/{s.shift.pk}/").content.decode()
    assert page.count("已录用") == 3
    assert page.count("候补") == 3
    with django_assert_max_num_queries(12):
        client.get(f"/volunteers/manage/activity/{s.activity.pk}/")
    with django_assert_max_num_queries(10):
        client.get(f"/volunteers/manage/org/{s.organisation.pk}/members")


def test_my_sign_ups_page_stays_within_its_query_budget(
    cast: Cast, django_assert_max_num_queries: Any
) -> None:
    s = scene(cast, capacity=3)
    person = volunteer(1)
    do_sign_up(s.shift, person, actor=person.user)
    client = client_for(person.user)
    with django_assert_max_num_queries(8):
        page = client.get("/volunteers/mine").content.decode()
    assert "进东社区敬老院陪伴" in page
    assert "取消报名" in page
