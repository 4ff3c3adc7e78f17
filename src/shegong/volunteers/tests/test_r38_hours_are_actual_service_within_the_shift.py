"""R38: service hours are the actual time served inside the shift — arriving early, leaving late
and travel do not count — in whole minutes, and they count only once the organisation confirms
them."""

from __future__ import annotations

from datetime import datetime, timedelta
from decimal import Decimal

import pytest
import time_machine
from django.core.exceptions import ValidationError

from shegong.conftest import Cast
from shegong.volunteers.actions import (
    VolunteerError,
    do_check_in,
    do_check_out,
    do_confirm_record,
    do_reject_record,
    do_sign_up,
)
from shegong.volunteers.models import RecordStatus, ServiceRecord, Volunteer, service_hours
from shegong.volunteers.queries import confirmed_hours_total
from shegong.volunteers.tests.steps import END, START, Scene, client_for, scene, volunteer

MINUTE = timedelta(minutes=1)


def served(s: Scene, person: Volunteer, arrive: datetime, leave: datetime) -> ServiceRecord:
    with time_machine.travel(arrive, tick=False):
        service = do_check_in(s.shift, person, actor=person.user)
    with time_machine.travel(leave, tick=False):
        return do_check_out(service, actor=person.user)


def test_r38_time_before_and_after_the_shift_does_not_count(cast: Cast) -> None:
    s = scene(cast)
    person = volunteer(1)
    do_sign_up(s.shift, person, actor=person.user)
    # Arrived 40 minutes early (travel and waiting), left an hour after the shift ended.
    service = served(s, person, START - 40 * MINUTE, END + 60 * MINUTE)
    assert service.hours == Decimal("3.00")


def test_r38_only_whole_minutes_inside_the_window_count(cast: Cast) -> None:
    s = scene(cast)
    person = volunteer(1)
    do_sign_up(s.shift, person, actor=person.user)
    service = served(s, person, START + 15 * MINUTE, START + timedelta(minutes=95, seconds=50))
    assert service.hours == Decimal("1.33")  # 80 whole minutes = 1.333… hours


def test_r38_the_rounding_rule() -> None:
    # 80 minutes → 1.33; 100 minutes → 1.67 (half up); a check-out before the shift → 0.
    assert service_hours(START, START + 80 * MINUTE, START, END) == Decimal("1.33")
    assert service_hours(START, START + 100 * MINUTE, START, END) == Decimal("1.67")
    assert service_hours(START - 90 * MINUTE, START - MINUTE, START, END) == Decimal("0.00")


def test_r38_hours_count_only_after_the_organisation_confirms(cast: Cast) -> None:
    s = scene(cast)
    person = volunteer(1)
    do_sign_up(s.shift, person, actor=person.user)
    service = served(s, person, START, START + 2 * timedelta(hours=1))
    person.refresh_from_db()
    assert service.status == RecordStatus.PENDING
    assert person.confirmed_hours == Decimal("0")
    do_confirm_record(service, actor=s.manager)
    person.refresh_from_db()
    service.refresh_from_db()
    assert service.status == RecordStatus.CONFIRMED
    assert service.confirmed_by == s.manager
    assert person.confirmed_hours == Decimal("2.00") == confirmed_hours_total(person)


def test_r38_a_rejected_record_never_counts(cast: Cast) -> None:
    s = scene(cast)
    person = volunteer(1)
    do_sign_up(s.shift, person, actor=person.user)
    service = served(s, person, START, END)
    with pytest.raises(ValidationError):
        do_reject_record(service, actor=s.manager, reason="")
    do_reject_record(service, actor=s.manager, reason="签到后离岗")
    with pytest.raises(VolunteerError):
        do_confirm_record(service, actor=s.manager)
    person.refresh_from_db()
    assert person.confirmed_hours == Decimal("0")


def test_r38_without_a_check_out_the_organiser_gives_the_time_they_left(cast: Cast) -> None:
    s = scene(cast)
    person = volunteer(1)
    do_sign_up(s.shift, person, actor=person.user)
    with time_machine.travel(START, tick=False):
        service = do_check_in(s.shift, person, actor=person.user)
    with pytest.raises(ValidationError):
        do_confirm_record(service, actor=s.manager)
    do_confirm_record(service, actor=s.manager, checked_out_at=START + 90 * MINUTE)
    service.refresh_from_db()
    assert service.hours == Decimal("1.50")


def test_r38_the_organiser_confirms_on_the_shift_page(cast: Cast) -> None:
    s = scene(cast)
    person = volunteer(1, name="陈小红")
    do_sign_up(s.shift, person, actor=person.user)
    service = served(s, person, START, START + timedelta(hours=1))
    client = client_for(s.manager)
    page = client.get(f"/volunteers/manage/shift/{s.shift.pk}/").content.decode()
    assert "陈小红" in page
    assert "确认时长" in page
    client.post(f"/volunteers/manage/record/{service.pk}/confirm", {"back": "shift"})
    person.refresh_from_db()
    assert person.confirmed_hours == Decimal("1.00")


def test_r38_a_volunteer_cannot_confirm_their_own_hours(cast: Cast) -> None:
    s = scene(cast)
    person = volunteer(1)
    do_sign_up(s.shift, person, actor=person.user)
    service = served(s, person, START, END)
    response = client_for(person.user).post(f"/volunteers/manage/record/{service.pk}/confirm")
    assert response.status_code == 404
    person.refresh_from_db()
    assert person.confirmed_hours == Decimal("0")
