"""R41: an activity with physical risk cannot start — neither the organiser's 开始 nor any
volunteer's check-in — until an insurance record covers its dates and its confirmed people."""

from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine

from shegong.conftest import Cast
from shegong.volunteers.actions import (
    VolunteerError,
    do_check_in,
    do_record_insurance,
    do_sign_up,
    do_start_activity,
)
from shegong.volunteers.models import ActivityStatus, ServiceRecord
from shegong.volunteers.tests.steps import START, client_for, insure, scene, volunteer


def test_r41_start_is_refused_without_insurance(cast: Cast) -> None:
    s = scene(cast, risky=True)
    with pytest.raises(VolunteerError) as caught:
        do_start_activity(s.activity, actor=s.manager)
    assert caught.value.code == "insurance_required"
    s.activity.refresh_from_db()
    assert s.activity.status == ActivityStatus.PUBLISHED


def test_r41_the_start_button_shows_why_it_was_refused(cast: Cast) -> None:
    s = scene(cast, risky=True)
    client = client_for(s.manager)
    page = client.get(f"/volunteers/manage/activity/{s.activity.pk}/").content.decode()
    assert "须先登记覆盖活动日期的保险" in page
    page = client.post(
        f"/volunteers/manage/activity/{s.activity.pk}/start", follow=True
    ).content.decode()
    assert "须先登记覆盖活动日期的保险，才能开始活动或签到" in page


def test_r41_check_in_is_refused_without_insurance(cast: Cast) -> None:
    s = scene(cast, risky=True)
    person = volunteer(1)
    do_sign_up(s.shift, person, actor=person.user)
    with time_machine.travel(START, tick=False), pytest.raises(VolunteerError) as caught:
        do_check_in(s.shift, person, actor=person.user)
    assert caught.value.code == "insurance_required"
    assert not ServiceRecord.objects.exists()


def test_r41_insurance_that_ends_before_the_activity_does_not_count(cast: Cast) -> None:
    s = scene(cast, risky=True)
    do_record_insurance(
        s.organisation,
        actor=s.manager,
        insurer="人保财险",
        policy_number="P-1",
        covers_from=START.date() - timedelta(days=30),
        covers_until=START.date() - timedelta(days=1),
        insured_count=10,
    )
    with pytest.raises(VolunteerError):
        do_start_activity(s.activity, actor=s.manager)


def test_r41_insurance_for_fewer_people_than_confirmed_does_not_count(cast: Cast) -> None:
    s = scene(cast, risky=True, capacity=3)
    for n in range(3):
        person = volunteer(n)
        do_sign_up(s.shift, person, actor=person.user)
    insure(s.activity, s.manager, count=2)
    with pytest.raises(VolunteerError, match="投保人数（2）少于已录用人数（3）"):
        do_start_activity(s.activity, actor=s.manager)


def test_r41_with_covering_insurance_the_activity_starts_and_volunteers_check_in(
    cast: Cast,
) -> None:
    s = scene(cast, risky=True)
    person = volunteer(1)
    do_sign_up(s.shift, person, actor=person.user)
    insure(s.activity, s.manager)
    with time_machine.travel(START, tick=False):
        started = do_start_activity(s.activity, actor=s.manager)
        service = do_check_in(s.shift, person, actor=person.user)
    assert started.status == ActivityStatus.STARTED
    assert service.checked_in_at == START


def test_r41_an_organisation_wide_policy_covers_its_activities(cast: Cast) -> None:
    s = scene(cast, risky=True)
    do_record_insurance(
        s.organisation,
        actor=s.manager,
        insurer="平安财险",
        policy_number="YEAR-2030",
        covers_from=START.date().replace(month=1, day=1),
        covers_until=START.date().replace(month=12, day=31),
        insured_count=100,
    )
    assert do_start_activity(s.activity, actor=s.manager).status == ActivityStatus.STARTED


def test_an_activity_without_physical_risk_needs_no_insurance(cast: Cast) -> None:
    s = scene(cast, risky=False)
    assert do_start_activity(s.activity, actor=s.manager).status == ActivityStatus.STARTED


def test_the_organiser_records_insurance_on_the_activity_page(cast: Cast) -> None:
    s = scene(cast, risky=True)
    client = client_for(s.manager)
    client.post(
        f"/volunteers/manage/activity/{s.activity.pk}/insurance",
        {
            "insurer": "中国人寿",
            "policy_number": "GL-88",
            "covers_from": "2030-05-11",
            "covers_until": "2030-05-11",
            "insured_count": "20",
        },
    )
    page = client.get(f"/volunteers/manage/activity/{s.activity.pk}/").content.decode()
    assert "中国人寿 保单 GL-88" in page
    assert "须先登记" not in page
    client.post(f"/volunteers/manage/activity/{s.activity.pk}/start")
    s.activity.refresh_from_db()
    assert s.activity.status == ActivityStatus.STARTED
