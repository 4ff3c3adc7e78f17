"""`shegong demo` builds 揭阳市 with a login for every role, and a re-run adds nothing."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command
from django.test import Client

from shegong.accounts.models import OrgUnit, RoleCode, User
from shegong.demo import DEMO_PASSWORD
from shegong.regions.models import Region
from shegong.regions.queries import children_of


@pytest.fixture
def jieyang(db: None) -> None:
    call_command("regions", "load", "--city", "4452", stdout=StringIO(), stderr=StringIO())


def test_the_demo_has_a_login_for_every_role(jieyang: None) -> None:
    out = StringIO()
    call_command("demo", stdout=out)
    roles = {code for user in User.objects.all() for code in user.role_codes()}
    assert roles == {str(code) for code in RoleCode}
    assert "paidan" in out.getvalue()


def test_the_demo_covers_every_county_and_township(jieyang: None) -> None:
    call_command("demo", "--quiet")
    assert OrgUnit.objects.filter(name="揭阳市信访局").exists()
    assert OrgUnit.objects.filter(kind="township").count() == 108  # every township of 揭阳市
    # Two villages per township, or all of them where a township has fewer than two.
    expected = sum(min(2, children_of(t.code).count()) for t in Region.objects.filter(level=4))
    assert OrgUnit.objects.filter(kind="village").count() == expected
    assert OrgUnit.objects.filter(kind="social_work", region_code__endswith="000000").count() == 6


def test_running_the_demo_twice_adds_nothing(jieyang: None) -> None:
    call_command("demo", "--quiet")
    before = (OrgUnit.objects.count(), User.objects.count())
    call_command("demo", "--quiet")
    assert (OrgUnit.objects.count(), User.objects.count()) == before


def test_a_demo_login_works(jieyang: None, client: Client) -> None:
    call_command("demo", "--quiet")
    response = client.post("/login/", {"username": "paidan", "password": DEMO_PASSWORD})
    assert response.status_code == 302
