"""A volunteer cannot hold two confirmed sign-ups whose shifts overlap in time; back-to-back
shifts are fine, and a cancelled sign-up no longer clashes."""

from __future__ import annotations

from datetime import timedelta

import pytest

from shegong.conftest import Cast
from shegong.volunteers.actions import (
    VolunteerError,
    do_cancel_sign_up,
    do_publish_activity,
    do_sign_up,
)
from shegong.volunteers.models import SignUp
from shegong.volunteers.tests.steps import (
    activity,
    client_for,
    manager_user,
    organisation,
    scene,
    shift,
    volunteer,
)


def test_an_overlapping_shift_is_refused_with_the_clashing_one_named(cast: Cast) -> None:
    s = scene(cast)
    overlapping = shift(
        s.activity, s.manager, start=s.shift.starts_at + timedelta(hours=1), hours=2, name="引导岗"
    )
    person = volunteer(1)
    do_sign_up(s.shift, person, actor=person.user)
    with pytest.raises(VolunteerError) as caught:
        do_sign_up(overlapping, person, actor=person.user)
    assert caught.value.code == "clash"
    assert "进东社区敬老院陪伴 陪伴岗" in caught.value.message
    assert SignUp.objects.filter(volunteer=person).count() == 1


def test_the_phone_shows_the_clash(cast: Cast) -> None:
    s = scene(cast)
    overlapping = shift(s.activity, s.manager, name="引导岗")
    person = volunteer(1)
    client = client_for(person.user)
    client.post(f"/volunteers/shifts/{s.shift.pk}/signup")
    page = client.post(f"/volunteers/shifts/{overlapping.pk}/signup", follow=True)
    assert "时间冲突" in page.content.decode()


def test_back_to_back_shifts_do_not_clash(cast: Cast) -> None:
    manager = manager_user()
    day = activity(organisation(manager), manager, hours=6)
    morning = shift(day, manager, hours=3, name="上午岗")
    afternoon = shift(day, manager, start=morning.ends_at, hours=3, name="下午岗")
    do_publish_activity(day, actor=manager)
    person = volunteer(1)
    do_sign_up(morning, person, actor=person.user)
    assert do_sign_up(afternoon, person, actor=person.user).status == "confirmed"


def test_a_cancelled_sign_up_no_longer_clashes(cast: Cast) -> None:
    s = scene(cast)
    overlapping = shift(s.activity, s.manager, name="引导岗")
    person = volunteer(1)
    first = do_sign_up(s.shift, person, actor=person.user)
    do_cancel_sign_up(first, actor=person.user)
    assert do_sign_up(overlapping, person, actor=person.user).status == "confirmed"
