"""R39: only a named manager of an organisation the volunteer joined may see the full ID number,
and every reveal is in the audit trail; supervisors see it masked, outsiders nothing, and public
pages and the API show the volunteer number, never the ID number."""

from __future__ import annotations

from django.test import Client

from shegong.audit.models import AuditEntry
from shegong.conftest import Cast
from shegong.volunteers.actions import do_apply_membership, do_approve_membership
from shegong.volunteers.models import Volunteer
from shegong.volunteers.tests.steps import (
    client_for,
    id_number,
    manager_user,
    organisation,
    volunteer,
)

MASKED = "445202********"


def member(cast: Cast) -> tuple[Volunteer, Client]:
    manager = manager_user()
    org = organisation(manager)
    person = volunteer(1, name="陈小红")
    membership = do_apply_membership(person, org, actor=person.user)
    do_approve_membership(membership, actor=manager)
    return person, client_for(manager)


def test_r39_the_manager_sees_the_id_masked_until_revealing_it(cast: Cast) -> None:
    person, manager = member(cast)
    page = manager.get(f"/volunteers/manage/volunteer/{person.pk}/").content.decode()
    assert person.masked_id_number in page
    assert person.masked_id_number.startswith(MASKED)
    assert id_number(1) not in page
    assert "查看完整证件号码" in page

    page = manager.post(f"/volunteers/manage/volunteer/{person.pk}/reveal").content.decode()
    assert id_number(1) in page
    assert "本次查看已记入审计日志" in page
    entry = AuditEntry.objects.get(verb="read")
    assert entry.actor is not None
    assert entry.actor.username == "manager"
    assert (entry.object_type, entry.object_id) == ("volunteers.volunteer", str(person.pk))
    assert entry.payload["fields"] == ["id_number"]


def test_r39_a_supervising_cadre_sees_the_record_masked_and_cannot_reveal(cast: Cast) -> None:
    person, _ = member(cast)
    cadre = client_for(cast.village_cadre)
    page = cadre.get(f"/volunteers/manage/volunteer/{person.pk}/").content.decode()
    assert person.masked_id_number in page
    assert "查看完整证件号码" not in page
    assert cadre.post(f"/volunteers/manage/volunteer/{person.pk}/reveal").status_code == 404
    assert not AuditEntry.objects.filter(verb="read").exists()


def test_r39_a_manager_of_an_organisation_the_volunteer_has_not_joined_cannot_reveal(
    cast: Cast,
) -> None:
    person, _ = member(cast)
    other = organisation(cast.township_cadre, name="榕华街道志愿服务队")
    assert other.pk
    response = client_for(cast.township_cadre).post(
        f"/volunteers/manage/volunteer/{person.pk}/reveal"
    )
    assert response.status_code == 404
    assert not AuditEntry.objects.filter(verb="read").exists()


def test_r39_a_pending_applicant_is_not_revealed_either(cast: Cast) -> None:
    manager = manager_user()
    org = organisation(manager)
    person = volunteer(1)
    do_apply_membership(person, org, actor=person.user)
    response = client_for(manager).post(f"/volunteers/manage/volunteer/{person.pk}/reveal")
    assert response.status_code == 404


def test_r39_the_volunteers_own_api_shows_the_number_and_a_masked_id(cast: Cast) -> None:
    person, _ = member(cast)
    body = client_for(person.user).get("/api/v1/volunteers/me").json()
    assert body["number"] == person.number
    assert body["id_number"] == person.masked_id_number
    assert id_number(1) not in str(body)
