"""R36: only the organisation that recorded (and confirmed) a volunteer's service certifies it,
only its managers (or an administrator) issue the certificate, it is free, it follows the records,
and every issue, download and revocation is in the audit trail; outsiders get 404."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied

from shegong.accounts.models import RoleCode, User
from shegong.audit.models import AuditEntry
from shegong.conftest import Cast, make_user
from shegong.lib import sms
from shegong.volunteers.actions import (
    VolunteerError,
    do_download_certificate,
    do_issue_certificate,
    do_publish_activity,
    do_request_certificate,
    do_revoke_certificate,
)
from shegong.volunteers.models import Certificate, CertificateRequest, Organisation, Volunteer
from shegong.volunteers.tests.steps import (
    START,
    Scene,
    activity,
    client_for,
    organisation,
    scene,
    served,
    shift,
    volunteer,
)

pytestmark = pytest.mark.usefixtures("media")


def other_organisation() -> tuple[Organisation, User]:
    manager = make_user("other_manager", None, RoleCode.RESIDENT, name="林站长")
    return organisation(manager, name="榕华街道志愿服务队"), manager


def served_with(
    org: Organisation, by: User, person: Volunteer, minutes: int, *, day: int, confirm: bool = True
) -> None:
    """`person` serves `minutes` at a new activity of `org` `day` days after START, confirmed by
    `by` unless told not to."""
    found = activity(org, by, title=f"{org.name}服务{day}", start=START + timedelta(days=day))
    post = shift(found, by)
    do_publish_activity(found, actor=by)
    post.refresh_from_db()
    served(post, person, by, minutes=minutes, confirm=confirm)


@pytest.fixture
def world(cast: Cast) -> tuple[Scene, Volunteer]:
    s = scene(cast, capacity=5)
    person = volunteer(1, name="陈小红")
    served(s.shift, person, s.manager, minutes=150)
    return s, person


def test_r36_the_recording_organisation_certifies_its_confirmed_service(
    world: tuple[Scene, Volunteer],
) -> None:
    s, person = world
    certificate = do_issue_certificate(person, organisation=s.organisation, actor=s.manager)
    assert certificate.hours == Decimal("2.50")
    assert certificate.organisation == s.organisation
    assert list(certificate.records.all()) == list(person.records.all())
    assert certificate.number.startswith("ZM")
    assert len(certificate.number) == 18  # ZM, the date, 8 random digits
    assert certificate.is_valid


def test_r36_another_organisation_cannot_certify_service_it_did_not_record(
    world: tuple[Scene, Volunteer],
) -> None:
    _, person = world
    other, other_manager = other_organisation()
    with pytest.raises(VolunteerError) as refused:
        do_issue_certificate(person, organisation=other, actor=other_manager)
    assert refused.value.code == "nothing_to_certify"
    assert "谁记录谁证明" in refused.value.message
    assert not Certificate.objects.exists()


def test_r36_a_manager_of_another_organisation_cannot_issue_for_this_one(
    world: tuple[Scene, Volunteer],
) -> None:
    s, person = world
    _, other_manager = other_organisation()
    with pytest.raises(PermissionDenied):
        do_issue_certificate(person, organisation=s.organisation, actor=other_manager)
    assert not Certificate.objects.exists()


def test_r36_supervising_staff_do_not_certify_but_an_administrator_may(
    cast: Cast, world: tuple[Scene, Volunteer]
) -> None:
    s, person = world
    # The village cadre runs the station's pages by region scope, yet it is not their service.
    with pytest.raises(PermissionDenied):
        do_issue_certificate(person, organisation=s.organisation, actor=cast.village_cadre)
    with pytest.raises(PermissionDenied):
        do_issue_certificate(person, organisation=s.organisation, actor=cast.outsider)
    certificate = do_issue_certificate(person, organisation=s.organisation, actor=cast.admin)
    assert certificate.handler_name == "系统管理员"


def test_r36_a_certificate_covers_only_this_organisations_confirmed_records(
    world: tuple[Scene, Volunteer],
) -> None:
    s, person = world
    other, other_manager = other_organisation()
    served_with(other, other_manager, person, minutes=60, day=1)
    served_with(s.organisation, s.manager, person, minutes=30, day=2, confirm=False)

    certificate = do_issue_certificate(person, organisation=s.organisation, actor=s.manager)
    assert certificate.hours == Decimal("2.50")  # not the other 1.00, not the pending 0.50
    assert {r.organisation_id for r in certificate.records.all()} == {s.organisation.pk}
    theirs = do_issue_certificate(person, organisation=other, actor=other_manager)
    assert theirs.hours == Decimal("1.00")


def test_r36_service_still_awaiting_confirmation_cannot_be_certified(cast: Cast) -> None:
    s = scene(cast)
    person = volunteer(1)
    served(s.shift, person, s.manager, confirm=False)
    with pytest.raises(VolunteerError) as refused:
        do_issue_certificate(person, organisation=s.organisation, actor=s.manager)
    assert "尚待确认" in refused.value.message


def test_r37_an_organisation_without_a_leader_or_phone_cannot_issue(
    world: tuple[Scene, Volunteer],
) -> None:
    s, person = world
    Organisation.objects.filter(pk=s.organisation.pk).update(contact_phone="")
    s.organisation.refresh_from_db()
    with pytest.raises(VolunteerError) as refused:
        do_issue_certificate(person, organisation=s.organisation, actor=s.manager)
    assert refused.value.code == "organisation_incomplete"


def test_r36_certificates_are_free_there_is_no_fee_anywhere() -> None:
    names = {f.name for f in Certificate._meta.get_fields()}
    assert not {n for n in names if any(w in n for w in ("fee", "price", "charge", "amount"))}


def test_r36_every_issue_download_and_revocation_is_in_the_audit_trail(
    world: tuple[Scene, Volunteer],
) -> None:
    s, person = world
    first = do_issue_certificate(person, organisation=s.organisation, actor=s.manager)
    second = do_issue_certificate(person, organisation=s.organisation, actor=s.manager)
    do_download_certificate(first, actor=person.user)
    do_download_certificate(first, actor=s.manager)
    do_revoke_certificate(first, actor=s.manager, reason="时长登记有误")

    def trail(verb: str) -> list[tuple[str, int | None]]:
        rows = AuditEntry.objects.filter(verb=verb).order_by("id")
        return [(row.object_id, row.actor_id) for row in rows]

    issued = trail("volunteers.certificate.issue")
    assert issued == [(str(first.pk), s.manager.pk), (str(second.pk), s.manager.pk)]
    entry = AuditEntry.objects.filter(verb="volunteers.certificate.issue").first()
    assert entry is not None
    assert entry.payload["sha256"] == first.sha256
    assert trail("volunteers.certificate.download") == [
        (str(first.pk), person.user.pk),
        (str(first.pk), s.manager.pk),
    ]
    assert trail("volunteers.certificate.revoke") == [(str(first.pk), s.manager.pk)]


def test_r36_a_volunteer_asks_the_organisation_which_issues_and_they_download_it(
    world: tuple[Scene, Volunteer], django_capture_on_commit_callbacks: Any
) -> None:
    s, person = world
    phone = client_for(person.user)
    page = phone.get("/volunteers/certificates").content.decode()
    assert "进东社区志愿服务站" in page
    assert "2.50" in page
    phone.post(f"/volunteers/certificates/request/{s.organisation.pk}")
    assert CertificateRequest.objects.filter(volunteer=person, closed_at=None).count() == 1
    assert "已申请，等待组织出具" in phone.get("/volunteers/certificates").content.decode()

    organiser = client_for(s.manager)
    listing = f"/volunteers/manage/org/{s.organisation.pk}/certificates"
    assert "已申请" in organiser.get(listing).content.decode()
    sms.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        organiser.post(f"{listing}/issue/{person.pk}", {"handler_name": "李经办"})
    certificate = Certificate.objects.get()
    assert certificate.handler_name == "李经办"
    assert CertificateRequest.objects.get().certificate == certificate
    assert sms.outbox[-1][0] == str(person.user.phone)
    assert certificate.number in sms.outbox[-1][1]

    page = phone.get("/volunteers/certificates").content.decode()
    assert certificate.number in page
    response = phone.get(f"/volunteers/certificates/{certificate.pk}/pdf")
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF-")


def test_r36_a_request_needs_confirmed_service_with_that_organisation(
    world: tuple[Scene, Volunteer],
) -> None:
    s, person = world
    other, _ = other_organisation()
    with pytest.raises(VolunteerError):
        do_request_certificate(person, other, actor=person.user)
    do_request_certificate(person, s.organisation, actor=person.user)
    with pytest.raises(VolunteerError) as refused:
        do_request_certificate(person, s.organisation, actor=person.user)
    assert refused.value.code == "already_requested"


def test_r36_outsiders_get_404(cast: Cast, world: tuple[Scene, Volunteer]) -> None:
    s, person = world
    certificate = do_issue_certificate(person, organisation=s.organisation, actor=s.manager)
    org = s.organisation.pk
    organiser_pages = [
        ("get", f"/volunteers/manage/org/{org}/certificates"),
        ("post", f"/volunteers/manage/org/{org}/certificates/issue/{person.pk}"),
        ("get", f"/volunteers/manage/certificate/{certificate.pk}/pdf"),
        ("post", f"/volunteers/manage/certificate/{certificate.pk}/revoke"),
    ]
    _, other_manager = other_organisation()
    for user in (cast.outsider, other_manager, person.user):
        client = client_for(user)
        for method, url in organiser_pages:
            assert getattr(client, method)(url).status_code == 404, (user.username, url)
    # Another volunteer cannot download my certificate.
    stranger = client_for(volunteer(2).user)
    assert stranger.get(f"/volunteers/certificates/{certificate.pk}/pdf").status_code == 404
    assert Certificate.objects.count() == 1
    assert certificate.is_valid
    assert not AuditEntry.objects.filter(verb="volunteers.certificate.download").exists()


def test_r36_the_certificate_lists_cost_the_same_however_long(
    world: tuple[Scene, Volunteer], django_assert_max_num_queries: Any
) -> None:
    s, person = world
    others = [volunteer(n) for n in (2, 3, 4)]
    for other in others:
        served(s.shift, other, s.manager)
    for someone in (person, others[0]):
        do_issue_certificate(someone, organisation=s.organisation, actor=s.manager)
    do_request_certificate(others[1], s.organisation, actor=others[1].user)
    organiser = client_for(s.manager)
    with django_assert_max_num_queries(12):
        page = organiser.get(f"/volunteers/manage/org/{s.organisation.pk}/certificates")
    assert page.content.decode().count("出具证明</button>") == 4
    phone = client_for(person.user)
    with django_assert_max_num_queries(10):
        assert phone.get("/volunteers/certificates").status_code == 200
