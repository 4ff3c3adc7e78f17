"""/api/v1/volunteers/: the volunteer asks for a certificate (R36), the organiser issues it, the
volunteer lists and downloads it (logged), anyone checks it by number without seeing an ID
number (R39); refusals answer 409, others' certificates 404."""

from __future__ import annotations

import pytest
from django.test import Client

from shegong.accounts.actions import do_create_api_token
from shegong.accounts.models import User
from shegong.audit.models import AuditEntry
from shegong.conftest import Cast
from shegong.volunteers.actions import do_issue_certificate
from shegong.volunteers.tests.steps import Scene, id_number, scene, served, volunteer

BASE = "/api/v1/volunteers"
pytestmark = pytest.mark.usefixtures("media")


def bearer(user: User) -> dict[str, str]:
    _, key = do_create_api_token(user, actor=user, name="手机")
    return {"Authorization": f"Bearer {key}"}


@pytest.fixture
def world(cast: Cast) -> Scene:
    return scene(cast)


def test_request_issue_list_download_and_check_a_certificate(world: Scene) -> None:
    """R36: the recording organisation issues it for the confirmed hours; R39: the public check
    shows the volunteer number and a masked name, never the ID number."""
    s = world
    person = volunteer(1, name="陈小红")
    served(s.shift, person, s.manager, minutes=90)
    client, mine = Client(), bearer(person.user)

    asked = client.post(
        f"{BASE}/me/certificate-requests",
        {"organisation_id": s.organisation.pk},
        content_type="application/json",
        headers=mine,
    )
    assert asked.status_code == 201
    again = client.post(
        f"{BASE}/me/certificate-requests",
        {"organisation_id": s.organisation.pk},
        content_type="application/json",
        headers=mine,
    )
    assert again.status_code == 409
    assert again.json()["code"] == "already_requested"

    issued = client.post(
        f"{BASE}/organisations/{s.organisation.pk}/certificates",
        {"volunteer_number": person.number, "handler_name": "李经办"},
        content_type="application/json",
        headers=bearer(s.manager),
    )
    assert issued.status_code == 201
    body = issued.json()
    assert body["hours"] == 1.5
    assert body["verify_url"].endswith(f"/volunteers/certificates/{body['number']}/verify/")

    listed = client.get(f"{BASE}/me/certificates", headers=mine).json()
    assert [c["number"] for c in listed] == [body["number"]]
    pdf = client.get(listed[0]["pdf_url"], headers=mine)
    assert pdf["Content-Type"] == "application/pdf"
    assert AuditEntry.objects.filter(verb="volunteers.certificate.download").count() == 1

    checked = Client().get(f"{BASE}/certificates/{body['number']}").json()
    assert checked["valid"] is True
    assert checked["name"] == "陈**"
    assert checked["volunteer_number"] == person.number
    assert id_number(1) not in str(checked)


def test_another_volunteer_gets_404_and_nothing_to_certify_is_409(cast: Cast, world: Scene) -> None:
    """R36: service not yet confirmed is not certified; R39: no one else's certificate."""
    s = world
    person, waiting = volunteer(1), volunteer(2)
    served(s.shift, person, s.manager)
    served(s.shift, waiting, s.manager, confirm=False)
    certificate = do_issue_certificate(person, organisation=s.organisation, actor=s.manager)
    issue = f"{BASE}/organisations/{s.organisation.pk}/certificates"
    refused = Client().post(
        issue,
        {"volunteer_number": waiting.number},
        content_type="application/json",
        headers=bearer(s.manager),
    )
    assert refused.status_code == 409
    assert refused.json()["code"] == "nothing_to_certify"
    outside = Client().post(
        issue,
        {"volunteer_number": person.number},
        content_type="application/json",
        headers=bearer(cast.outsider),
    )
    assert outside.status_code == 404
    theirs = f"{BASE}/me/certificates/{certificate.pk}/pdf"
    assert Client().get(theirs, headers=bearer(waiting.user)).status_code == 404
    assert Client().get(theirs, headers=bearer(person.user)).status_code == 200
