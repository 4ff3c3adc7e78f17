"""An organisation's manager registers someone without a smartphone (R39: the consent signed on
paper is recorded); the person can later log in by SMS with that phone and finds their record."""

from __future__ import annotations

from typing import Any

from django.test import Client

from shegong.accounts.actions import do_send_sms_code
from shegong.conftest import VILLAGE, Cast
from shegong.lib import sms
from shegong.volunteers.models import CONSENT_VERSION, Membership, MembershipStatus, Volunteer
from shegong.volunteers.tests.steps import VALID_ID_2, client_for, manager_user, organisation

FORM = {
    "name": "林阿婆",
    "id_type": "resident_id",
    "id_number": VALID_ID_2,
    "region_code": VILLAGE,
    "phone": "13800138000",
    "consent": "on",
}


def test_a_manager_registers_a_volunteer_who_joins_the_organisation(cast: Cast) -> None:
    manager = manager_user()
    org = organisation(manager)
    response = client_for(manager).post(f"/volunteers/manage/org/{org.pk}/volunteers/new", FORM)
    volunteer = Volunteer.objects.get()
    assert response.status_code == 302
    assert volunteer.registered_by == manager
    assert volunteer.registered_by_organisation == org
    assert volunteer.phone_verified_at is None  # not verified until they log in themselves
    assert volunteer.consent_version == CONSENT_VERSION
    membership = Membership.objects.get(volunteer=volunteer, organisation=org)
    assert membership.status == MembershipStatus.APPROVED
    assert membership.decided_by == manager


def test_the_person_logs_in_by_sms_later_and_finds_their_record(
    cast: Cast, django_capture_on_commit_callbacks: Any
) -> None:
    manager = manager_user()
    org = organisation(manager)
    client_for(manager).post(f"/volunteers/manage/org/{org.pk}/volunteers/new", FORM)
    sms.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        do_send_sms_code("13800138000")
    code = sms.outbox[-1][1].split("验证码是 ")[1][:6]
    client = Client()
    client.post("/login/sms/", {"phone": "13800138000", "code": code, "step": "verify"})
    page = client.get("/volunteers/").content.decode()
    assert Volunteer.objects.get().number in page


def test_registration_by_the_organisation_needs_the_signed_consent(cast: Cast) -> None:
    manager = manager_user()
    org = organisation(manager)
    form = {key: value for key, value in FORM.items() if key != "consent"}
    response = client_for(manager).post(f"/volunteers/manage/org/{org.pk}/volunteers/new", form)
    assert response.status_code == 400
    assert not Volunteer.objects.exists()


def test_someone_who_does_not_run_the_organisation_gets_404(cast: Cast) -> None:
    org = organisation(manager_user())
    for user in (cast.outsider, cast.resident):
        response = client_for(user).post(f"/volunteers/manage/org/{org.pk}/volunteers/new", FORM)
        assert response.status_code == 404
    assert not Volunteer.objects.exists()
