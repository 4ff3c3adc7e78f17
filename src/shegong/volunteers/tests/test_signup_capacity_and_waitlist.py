"""Sign-up: confirmed while places last, then waitlisted in order; a cancellation promotes the
first waitlisted volunteer (who is told by SMS), skipping anyone it would give a clash."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
import time_machine

from shegong.conftest import Cast
from shegong.lib import sms
from shegong.volunteers.actions import (
    VolunteerError,
    do_cancel_sign_up,
    do_publish_activity,
    do_sign_up,
    waitlist_position,
)
from shegong.volunteers.models import SignUp, SignUpStatus
from shegong.volunteers.tests.steps import (
    activity,
    client_for,
    id_number,
    phone,
    resident,
    scene,
    shift,
    volunteer,
)

CONFIRMED, WAITLISTED = SignUpStatus.CONFIRMED, SignUpStatus.WAITLISTED


def test_places_fill_then_the_waitlist_grows_in_order(cast: Cast) -> None:
    s = scene(cast, capacity=2)
    people = [volunteer(n) for n in range(4)]
    signups = [do_sign_up(s.shift, p, actor=p.user) for p in people]
    assert [x.status for x in signups] == [CONFIRMED, CONFIRMED, WAITLISTED, WAITLISTED]
    assert [waitlist_position(x) for x in signups] == [0, 0, 1, 2]


def test_the_phone_says_confirmed_or_the_waitlist_position(cast: Cast) -> None:
    s = scene(cast, capacity=1)
    first, second = volunteer(1), volunteer(2)
    page = client_for(first.user).post(f"/volunteers/shifts/{s.shift.pk}/signup", follow=True)
    assert "已录用" in page.content.decode()
    page = client_for(second.user).post(f"/volunteers/shifts/{s.shift.pk}/signup", follow=True)
    assert "名额已满，您已进入候补第 1 位" in page.content.decode()


def test_signing_up_twice_is_refused(cast: Cast) -> None:
    s = scene(cast)
    person = volunteer(1)
    do_sign_up(s.shift, person, actor=person.user)
    with pytest.raises(VolunteerError) as caught:
        do_sign_up(s.shift, person, actor=person.user)
    assert caught.value.code == "already_signed_up"


def test_a_cancellation_promotes_the_first_waitlisted_who_is_told(
    cast: Cast, django_capture_on_commit_callbacks: Any
) -> None:
    s = scene(cast, capacity=1)
    first, second, third = volunteer(1), volunteer(2), volunteer(3)
    held = do_sign_up(s.shift, first, actor=first.user)
    waiting = do_sign_up(s.shift, second, actor=second.user)
    do_sign_up(s.shift, third, actor=third.user)
    sms.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        client_for(first.user).post(f"/volunteers/signups/{held.pk}/cancel")
    waiting.refresh_from_db()
    assert waiting.status == CONFIRMED
    assert SignUp.objects.get(volunteer=third).status == WAITLISTED
    assert [to for to, _ in sms.outbox] == [phone(2)]
    assert "已转为录用" in sms.outbox[0][1]


def test_promotion_skips_a_volunteer_it_would_give_a_clash(cast: Cast) -> None:
    s = scene(cast, capacity=1)
    other = shift(s.activity, s.manager, capacity=5, name="另一岗位")  # the same hours
    first, busy, free = volunteer(1), volunteer(2), volunteer(3)
    held = do_sign_up(s.shift, first, actor=first.user)
    do_sign_up(s.shift, busy, actor=busy.user)
    do_sign_up(s.shift, free, actor=free.user)
    # While waitlisted here, `busy` takes a confirmed place at the same time elsewhere.
    do_sign_up(other, busy, actor=busy.user)
    promoted = do_cancel_sign_up(held, actor=first.user)
    assert promoted is not None
    assert promoted.volunteer == free
    assert SignUp.objects.get(shift=s.shift, volunteer=busy).status == WAITLISTED


def test_cancelling_after_the_shift_started_is_for_the_organiser(cast: Cast) -> None:
    s = scene(cast)
    person = volunteer(1)
    held = do_sign_up(s.shift, person, actor=person.user)
    with time_machine.travel(s.shift.starts_at + timedelta(minutes=1), tick=False):
        with pytest.raises(VolunteerError, match="不能取消"):
            do_cancel_sign_up(held, actor=person.user)
        do_cancel_sign_up(held, actor=s.manager)
    held.refresh_from_db()
    assert held.status == SignUpStatus.CANCELLED


def test_a_shift_that_needs_a_skill_refuses_volunteers_without_it(cast: Cast) -> None:
    s = scene(cast)
    later = activity(s.organisation, s.manager, title="义诊", start=s.shift.ends_at)
    medic_post = shift(later, s.manager, skills=["医疗急救"], name="急救岗")
    do_publish_activity(later, actor=s.manager)
    untrained = volunteer(1)
    with pytest.raises(VolunteerError, match="医疗急救"):
        do_sign_up(medic_post, untrained, actor=untrained.user)
    medic = volunteer(2, skills=["医疗急救"])
    assert do_sign_up(medic_post, medic, actor=medic.user).status == CONFIRMED


def test_a_draft_activity_takes_no_sign_ups(cast: Cast) -> None:
    s = scene(cast)
    draft = activity(s.organisation, s.manager, title="草稿活动")
    post = shift(draft, s.manager)
    person = volunteer(1)
    with pytest.raises(VolunteerError, match="未在报名中"):
        do_sign_up(post, person, actor=person.user)
    assert client_for(person.user).post(f"/volunteers/shifts/{post.pk}/signup").status_code == 404


def test_a_resident_not_yet_registered_registers_and_comes_back_to_the_activity(
    cast: Cast,
) -> None:
    s = scene(cast)
    client = client_for(resident(1))
    response = client.post(f"/volunteers/shifts/{s.shift.pk}/signup")
    assert response["Location"] == (
        f"/volunteers/register?next=%2Fvolunteers%2Factivities%2F{s.activity.pk}"
    )
    form = {
        "name": "陈小红",
        "id_type": "resident_id",
        "id_number": id_number(1),
        "region_code": "445202001001",
        "consent": "on",
    }
    response = client.post(response["Location"], form)
    assert response["Location"] == f"/volunteers/activities/{s.activity.pk}"
