"""Acceptance: 200 concurrent sign-ups for 50 places give exactly 50 confirmed and the rest
waitlisted, on SQLite and on PostgreSQL; one volunteer racing for overlapping shifts ends up with
one of them."""

from __future__ import annotations

from functools import partial

import pytest
from django.db import connection, transaction

from shegong.conftest import Cast
from shegong.volunteers.actions import VolunteerError, do_sign_up
from shegong.volunteers.models import Shift, SignUp, SignUpStatus, Volunteer
from shegong.volunteers.tests.conftest import run_concurrently
from shegong.volunteers.tests.steps import scene, shift, volunteer

SIGN_UPS = 200
PLACES = 50
# Threads at once, each with its own connection (PostgreSQL allows 100 in all). SQLite queues its
# writers on a busy timeout whose retries are not fair, so it gets fewer at once: enough to race,
# few enough that no thread waits past the timeout on a slow machine.
WORKERS = {"postgresql": 20, "sqlite": 10}


def job(shift_id: int, volunteer_id: int) -> SignUp:
    # Looked up inside the thread, as a request would.
    person = Volunteer.objects.select_related("user").get(pk=volunteer_id)
    return do_sign_up(Shift.objects.get(pk=shift_id), person, actor=person.user)


@pytest.mark.usefixtures("shared_database")
def test_200_concurrent_sign_ups_for_50_places_confirm_exactly_50(cast: Cast) -> None:
    s = scene(cast, capacity=PLACES)
    with transaction.atomic():  # one commit for the setup, not 200
        people = [volunteer(n).pk for n in range(SIGN_UPS)]
    results = run_concurrently(
        [partial(job, s.shift.pk, pk) for pk in people], workers=WORKERS[connection.vendor]
    )

    assert [r for r in results if isinstance(r, BaseException)] == []
    statuses = [r.status for r in results if isinstance(r, SignUp)]
    assert statuses.count(SignUpStatus.CONFIRMED) == PLACES
    assert statuses.count(SignUpStatus.WAITLISTED) == SIGN_UPS - PLACES
    assert SignUp.objects.filter(shift=s.shift, status=SignUpStatus.CONFIRMED).count() == PLACES
    # Everyone who came later than the 50th confirmed is on the waitlist, none before.
    ordered = list(SignUp.objects.filter(shift=s.shift).order_by("created_at", "id"))
    assert {x.status for x in ordered[:PLACES]} == {SignUpStatus.CONFIRMED}
    assert {x.status for x in ordered[PLACES:]} == {SignUpStatus.WAITLISTED}


@pytest.mark.usefixtures("shared_database")
def test_one_volunteer_racing_for_overlapping_shifts_gets_one(cast: Cast) -> None:
    s = scene(cast, capacity=5)
    shifts = [s.shift.pk] + [shift(s.activity, s.manager, name=f"岗位{n}").pk for n in range(7)]
    person = volunteer(1).pk
    results = run_concurrently([partial(job, pk, person) for pk in shifts], workers=8)

    confirmed = [r for r in results if isinstance(r, SignUp)]
    refused = [r for r in results if isinstance(r, VolunteerError)]
    assert len(confirmed) == 1
    assert [r.code for r in refused] == ["clash"] * (len(shifts) - 1)
