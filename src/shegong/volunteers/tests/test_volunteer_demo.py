"""The volunteer part of `shegong demo`: a federation and an emergency team of 揭阳, volunteers
with their logins, finished activities whose confirmed hours make the demo volunteer's
certificate ready (R36), an activity open for sign-up and a team demand on the board; built
through the actions, texting nobody, and once only."""

from __future__ import annotations

from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from shegong.accounts.models import User
from shegong.accounts.queries import user_by_phone
from shegong.audit.models import AuditEntry
from shegong.lib import sms
from shegong.volunteers.actions import do_issue_certificate
from shegong.volunteers.demo import (
    DEMO_VOLUNTEER_PHONE,
    FEDERATION,
    MANAGER,
    TEAM,
    build_volunteers_demo,
)
from shegong.volunteers.models import (
    Activity,
    ActivityStatus,
    Certificate,
    EmergencyDemand,
    Organisation,
    RecordStatus,
    ServiceRecord,
    Volunteer,
)
from shegong.volunteers.queries import certifiable_records, emergency_board
from shegong.volunteers.tests.steps import client_for

PASSWORD = "Demo#2026"


@pytest.fixture
def jieyang(db: None) -> None:
    call_command("regions", "load", "--city", "4452", stdout=StringIO(), stderr=StringIO())


def test_the_demo_has_a_federation_a_team_and_volunteers_with_logins(jieyang: None) -> None:
    sms.outbox.clear()
    logins = build_volunteers_demo(password=PASSWORD)
    assert [a.username for a in logins] == [MANAGER, DEMO_VOLUNTEER_PHONE]
    federation = Organisation.objects.get(name=FEDERATION)
    team = Organisation.objects.get(name=TEAM)
    assert team.is_emergency
    assert federation.region_code == "445200000000"
    assert federation.leader_name  # R37 needs its 负责人 and 联系方式
    assert federation.contact_phone
    assert Volunteer.objects.filter(memberships__organisation=federation).count() == 12
    assert Volunteer.objects.filter(memberships__organisation=team).count() == 6
    assert sms.outbox == []  # the demo's phone numbers are made up


def test_the_demo_volunteer_is_ready_for_a_certificate(jieyang: None, media: object) -> None:
    build_volunteers_demo(password=PASSWORD)
    person = Volunteer.objects.get(user=user_by_phone(DEMO_VOLUNTEER_PHONE))
    federation = Organisation.objects.get(name=FEDERATION)
    records = list(certifiable_records(person, federation))
    assert len(records) == 3
    assert all(r.service_date < timezone.localdate() for r in records)
    assert person.confirmed_hours == sum((r.hours for r in records), Decimal("0"))
    assert person.confirmed_hours > 0
    assert not Certificate.objects.exists()
    manager = User.objects.get(username=MANAGER)
    certificate = do_issue_certificate(person, organisation=federation, actor=manager)
    assert certificate.hours == person.confirmed_hours


def test_the_demo_has_finished_and_open_activities_and_a_team_demand(jieyang: None) -> None:
    build_volunteers_demo(password=PASSWORD)
    statuses = set(Activity.objects.values_list("status", flat=True))
    assert statuses == {ActivityStatus.FINISHED, ActivityStatus.PUBLISHED}
    assert not ServiceRecord.objects.exclude(status=RecordStatus.CONFIRMED).exists()
    manager = User.objects.get(username=MANAGER)
    demand = EmergencyDemand.objects.get()
    assert list(emergency_board(manager)) == [demand]
    page = client_for(manager).get(f"/volunteers/emergency/{demand.pk}/")
    assert page.status_code == 200
    home = client_for(Volunteer.objects.get(name="陈志愿").user).get("/volunteers/")
    assert "我的证明" in home.content.decode()


def test_running_the_volunteer_demo_twice_adds_nothing(jieyang: None) -> None:
    build_volunteers_demo(password=PASSWORD)
    before = (Volunteer.objects.count(), ServiceRecord.objects.count(), AuditEntry.objects.count())
    build_volunteers_demo(password=PASSWORD)
    after = (Volunteer.objects.count(), ServiceRecord.objects.count(), AuditEntry.objects.count())
    assert after == before
