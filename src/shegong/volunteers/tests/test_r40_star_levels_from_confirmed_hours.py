"""R40: the star level follows from cumulative confirmed hours — 100/300/600/1000/1500 hours
for 一星 … 五星 by default, configurable with VOLUNTEER_STAR_HOURS (env
SHEGONG_VOLUNTEER_STAR_HOURS)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.conf import settings
from django.test import override_settings

from shegong.conftest import Cast
from shegong.volunteers.actions import (
    do_apply_membership,
    do_approve_membership,
    do_import_volunteers,
)
from shegong.volunteers.models import star_label, star_level
from shegong.volunteers.tests.steps import client_for, manager_user, organisation, volunteer, xlsx


def test_r40_the_default_thresholds() -> None:
    assert settings.VOLUNTEER_STAR_HOURS == (100, 300, 600, 1000, 1500)


@pytest.mark.parametrize(
    ("hours", "label"),
    [
        ("0", "未评星"),
        ("99.99", "未评星"),
        ("100", "一星"),
        ("299.5", "一星"),
        ("300", "二星"),
        ("600", "三星"),
        ("1000", "四星"),
        ("1499", "四星"),
        ("1500", "五星"),
        ("9000", "五星"),
    ],
)
def test_r40_levels_at_and_around_each_threshold(hours: str, label: str) -> None:
    assert star_label(star_level(Decimal(hours))) == label


@override_settings(VOLUNTEER_STAR_HOURS=(50, 150, 300, 500, 800))
def test_r40_the_thresholds_are_configurable() -> None:
    assert star_label(star_level(Decimal("60"))) == "一星"
    assert star_label(star_level(Decimal("800"))) == "五星"


def test_r40_only_confirmed_hours_count_and_the_phone_shows_the_level(cast: Cast) -> None:
    manager = manager_user()
    org = organisation(manager)
    person = volunteer(1)
    do_approve_membership(do_apply_membership(person, org, actor=person.user), actor=manager)
    rows: list[list[object]] = [["志愿者编号", "服务日期", "服务内容", "服务时长（小时）"]]
    rows += [[person.number, date(2026, 1, day), "社区巡逻", 20] for day in range(1, 16)]
    report = do_import_volunteers(xlsx({"服务记录": rows}), organisation=org, actor=manager)
    assert report.ok, report.summary()
    page = client_for(person.user).get("/volunteers/").content.decode()
    assert "300.00" in page
    assert "★★ 二星" in page
    assert "再服务 300.00 小时可达 600 小时星级" in page
