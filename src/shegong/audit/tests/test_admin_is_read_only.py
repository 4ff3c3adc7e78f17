from __future__ import annotations

import pytest
from django.contrib.auth.models import Permission
from django.test import Client

from shegong.audit.actions import record
from shegong.audit.models import AuditEntry
from shegong.conftest import Cast, login


@pytest.fixture
def superuser_client(cast: Cast, client: Client) -> Client:
    cast.admin.is_superuser = True
    cast.admin.is_staff = True
    cast.admin.save()
    return login(client, cast.admin)


def test_a_superuser_can_list_search_and_open_entries(cast: Cast, superuser_client: Client) -> None:
    entry = record(
        actor=cast.staff,
        verb="accounts.unit_renamed",
        obj=cast.village_unit,
        payload={"旧名称": "进东居委会"},
    )

    listing = superuser_client.get("/admin/audit/auditentry/", {"q": entry.object_id})
    detail = superuser_client.get(f"/admin/audit/auditentry/{entry.pk}/change/")

    assert listing.status_code == 200
    assert "林社工（staff）" in listing.content.decode()
    assert detail.status_code == 200
    assert "&quot;旧名称&quot;: &quot;进东居委会&quot;" in detail.content.decode()
    assert 'name="_save"' not in detail.content.decode()


def test_nobody_can_add_change_or_delete_through_the_admin(
    cast: Cast, superuser_client: Client
) -> None:
    entry = record(actor=cast.staff, verb="accounts.login")
    change_url = f"/admin/audit/auditentry/{entry.pk}/change/"

    assert superuser_client.get("/admin/audit/auditentry/add/").status_code == 403
    assert superuser_client.post(change_url, {"verb": "x"}).status_code == 403
    assert superuser_client.post(f"/admin/audit/auditentry/{entry.pk}/delete/").status_code == 403
    assert AuditEntry.objects.get(pk=entry.pk).verb == "accounts.login"


def test_staff_in_the_admin_see_only_their_region(cast: Cast, client: Client) -> None:
    ours = record(actor=cast.staff, verb="accounts.unit_renamed", obj=cast.village_unit)
    theirs = record(actor=cast.outsider, verb="accounts.unit_renamed", obj=cast.other_county_unit)
    cast.staff.is_staff = True
    cast.staff.save()
    cast.staff.user_permissions.add(Permission.objects.get(codename="view_auditentry"))
    login(client, cast.staff)

    assert client.get(f"/admin/audit/auditentry/{ours.pk}/change/").status_code == 200
    # Outside the region the admin answers as if the row did not exist.
    response = client.get(f"/admin/audit/auditentry/{theirs.pk}/change/")
    assert response.status_code == 302
    assert AuditEntry.objects.filter(pk=theirs.pk).exists()
