"""After a shift ends the organiser records no-shows: every confirmed sign-up without a check-in
becomes 未到岗; recording someone's service afterwards corrects it."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
import time_machine

from shegong.conftest import Cast
from shegong.volunteers.actions import (
    VolunteerError,
    do_check_in,
    do_record_attendance,
    do_record_no_shows,
    do_sign_up,
)
from shegong.volunteers.models import RecordSource, RecordStatus, SignUp, SignUpStatus
from shegong.volunteers.tests.steps import END, START, client_for, scene, volunteer


def test_no_shows_cannot_be_recorded_before_the_shift_ends(cast: Cast) -> None:
    s = scene(cast)
    before_the_end = time_machine.travel(END - timedelta(minutes=1), tick=False)
    with before_the_end, pytest.raises(VolunteerError, match="岗位结束后"):
        do_record_no_shows(s.shift, actor=s.manager)


def test_confirmed_volunteers_who_never_checked_in_are_marked_absent(cast: Cast) -> None:
    s = scene(cast, capacity=2)
    came, missed, waiting = volunteer(1), volunteer(2), volunteer(3)
    for person in (came, missed, waiting):
        do_sign_up(s.shift, person, actor=person.user)
    with time_machine.travel(START, tick=False):
        do_check_in(s.shift, came, actor=came.user)
    with time_machine.travel(END + timedelta(hours=1), tick=False):
        page = client_for(s.manager).post(
            f"/volunteers/manage/shift/{s.shift.pk}/no-shows", follow=True
        )
    assert "已登记未到岗 1 人" in page.content.decode()
    statuses = dict(SignUp.objects.values_list("volunteer_id", "status"))
    assert statuses == {
        came.pk: SignUpStatus.CONFIRMED,
        missed.pk: SignUpStatus.ABSENT,
        waiting.pk: SignUpStatus.WAITLISTED,
    }


def test_recording_the_service_of_someone_marked_absent_corrects_it(cast: Cast) -> None:
    s = scene(cast)
    person = volunteer(1)
    signup = do_sign_up(s.shift, person, actor=person.user)
    with time_machine.travel(END + timedelta(hours=1), tick=False):
        do_record_no_shows(s.shift, actor=s.manager)
    signup.refresh_from_db()
    service = do_record_attendance(
        signup, actor=s.manager, checked_in_at=START, checked_out_at=START + timedelta(hours=2)
    )
    signup.refresh_from_db()
    person.refresh_from_db()
    assert signup.status == SignUpStatus.CONFIRMED
    assert service.source == RecordSource.ORGANISER
    assert service.status == RecordStatus.CONFIRMED
    assert person.confirmed_hours == Decimal("2.00")
