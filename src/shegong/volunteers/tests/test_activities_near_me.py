"""Activities near me: open activities in the volunteer's county by default, any region on
request, and nearest first within a radius when the phone gives its location."""

from __future__ import annotations

from typing import Any

from django.test import Client

from shegong.conftest import OTHER_VILLAGE, Cast
from shegong.volunteers.actions import ActivityData, do_create_activity, do_publish_activity
from shegong.volunteers.models import ServiceCategory
from shegong.volunteers.queries import activities_near, distance_km
from shegong.volunteers.tests.steps import (
    START,
    activity,
    client_for,
    manager_user,
    organisation,
    shift,
    volunteer,
)

# 进东社区 (the place of the scene) and two other points in 揭阳.
NEAR = (23.545, 116.372)  # about 0.6 km away
FAR = (23.70, 116.60)  # about 29 km away


def published(org: Any, by: Any, title: str, lat: float, lng: float, region: str = "") -> None:
    if region:
        data = ActivityData(
            title=title,
            category=ServiceCategory.objects.get(code="community"),
            region_code=region,
            starts_at=START,
            ends_at=START.replace(hour=12),
            latitude=lat,
            longitude=lng,
        )
        found = do_create_activity(org, data, actor=by)
    else:
        found = activity(org, by, title=title, lat=lat, lng=lng)
    shift(found, by)
    do_publish_activity(found, actor=by)


def world() -> None:
    manager = manager_user()
    org = organisation(manager)
    published(org, manager, "敬老院陪伴", 23.54, 116.37)
    published(org, manager, "河道清洁", *FAR)
    published(org, manager, "揭东区义诊", *NEAR, region=OTHER_VILLAGE)
    draft = activity(org, manager, title="草稿活动")
    shift(draft, manager)


def test_the_distance_is_great_circle_kilometres() -> None:
    assert round(distance_km(23.54, 116.37, *NEAR), 1) == 0.6
    assert 25 < distance_km(23.54, 116.37, *FAR) < 35


def test_by_region_only_published_activities_of_the_subtree(cast: Cast) -> None:
    world()
    titles = [n.activity.title for n in activities_near(region_code="445202")]
    assert titles == ["敬老院陪伴", "河道清洁"]


def test_by_distance_nearest_first_within_the_radius(cast: Cast) -> None:
    world()
    found = activities_near(lat=23.5405, lng=116.3705, radius_km=20)
    assert [n.activity.title for n in found] == ["敬老院陪伴", "揭东区义诊"]
    assert found[0].km is not None
    assert found[0].km < 0.1


def test_the_phone_page_defaults_to_the_volunteers_county(
    cast: Cast, django_assert_max_num_queries: Any
) -> None:
    world()
    person = volunteer(1)
    client = client_for(person.user)
    with django_assert_max_num_queries(12):
        page = client.get("/volunteers/activities").content.decode()
    assert "敬老院陪伴" in page
    assert "河道清洁" in page
    assert "揭东区义诊" not in page
    # With the phone's location, distance wins over the county border.
    page = client.get("/volunteers/activities?lat=23.5405&lng=116.3705").content.decode()
    assert "约 0.1 公里" in page
    assert "揭东区义诊" in page
    assert "河道清洁" not in page


def test_anyone_may_look_without_logging_in(cast: Cast) -> None:
    world()
    page = Client().get(f"/volunteers/activities?region={OTHER_VILLAGE}").content.decode()
    assert "揭东区义诊" in page
    assert Client().get("/volunteers/activities?region=12x").status_code == 200
