"""The admin, in Chinese: skills, categories and organisations are edited there (audited); the
volunteer records are read-only and never show a full ID number (R39)."""

from __future__ import annotations

import pytest
from django.test import Client

from shegong.audit.models import AuditEntry
from shegong.conftest import Cast, login
from shegong.volunteers.models import Organisation
from shegong.volunteers.tests.steps import id_number, volunteer

PAGES = [
    "skill",
    "servicecategory",
    "organisation",
    "volunteer",
    "activity",
    "signup",
    "servicerecord",
    "membership",
    "insurance",
    "training",
    "award",
    "evaluation",
    "certificate",
    "certificaterequest",
]


@pytest.fixture
def superuser(cast: Cast, client: Client) -> Client:
    cast.admin.is_superuser = True
    cast.admin.is_staff = True
    cast.admin.save()
    return login(client, cast.admin)


def test_every_list_opens_with_its_chinese_title(superuser: Client) -> None:
    index = superuser.get("/admin/").content.decode()
    assert "志愿服务" in index
    for name in PAGES:
        assert superuser.get(f"/admin/volunteers/{name}/").status_code == 200, name
    assert "志愿服务组织" in superuser.get("/admin/volunteers/organisation/").content.decode()


def test_a_volunteer_is_shown_read_only_and_masked(superuser: Client) -> None:
    person = volunteer(1)
    page = superuser.get(f"/admin/volunteers/volunteer/{person.pk}/change/").content.decode()
    assert person.masked_id_number in page
    assert id_number(1) not in page
    assert 'name="_save"' not in page


def test_an_organisation_is_created_in_the_admin_and_audited(superuser: Client) -> None:
    response = superuser.post(
        "/admin/volunteers/organisation/add/",
        {
            "name": "榕城区应急志愿服务队",
            "kind": "emergency_team",
            "region_code": "445202",
            "is_emergency": "on",
            "is_active": "on",
            "teams-TOTAL_FORMS": "0",
            "teams-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 302
    organisation = Organisation.objects.get()
    assert organisation.region_code == "445202000000"
    assert AuditEntry.objects.filter(verb="admin.add", object_id=str(organisation.pk)).exists()
