"""`shegong demo` builds 揭阳市 with a login for every role and the 接诉即办 demo: appeals of the
last 90 days in every state through the real actions, and a populated ranking; a re-run adds
nothing."""

from __future__ import annotations

from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from shegong.accounts.models import OrgUnit, RoleCode, User
from shegong.appeals import rates
from shegong.appeals.models import DispatchRule, DutyItem, QrPoint
from shegong.cases.models import Action, Case, Clock, ClockState, Notice
from shegong.demo import DEMO_PASSWORD
from shegong.lib import sms
from shegong.regions.models import Region
from shegong.regions.queries import children_of


@pytest.fixture
def jieyang(db: None) -> None:
    call_command("regions", "load", "--city", "4452", stdout=StringIO(), stderr=StringIO())


def demo(*args: str) -> str:
    out = StringIO()
    call_command("demo", *args, stdout=out)
    return out.getvalue()


def test_the_demo_has_a_login_for_every_role(jieyang: None) -> None:
    out = demo("--appeals", "0")
    roles = {code for user in User.objects.all() for code in user.role_codes()}
    assert roles == {str(code) for code in RoleCode}
    assert "paidan" in out
    # The volunteer demo's logins: its organisations' manager and the demo volunteer's phone.
    assert "zhilian" in out
    assert "13800138001" in out


def test_the_demo_covers_every_county_and_township(jieyang: None) -> None:
    demo("--quiet", "--appeals", "0")
    assert OrgUnit.objects.filter(name="揭阳市信访局").exists()
    assert OrgUnit.objects.filter(kind="township").count() == 108  # every township of 揭阳市
    # Two villages per township, or all of them where a township has fewer than two.
    expected = sum(min(2, children_of(t.code).count()) for t in Region.objects.filter(level=4))
    assert OrgUnit.objects.filter(kind="village").count() == expected
    assert OrgUnit.objects.filter(kind="social_work", region_code__endswith="000000").count() == 6


def test_the_demo_has_appeals_in_every_state_and_a_populated_ranking(jieyang: None) -> None:
    assert demo("--quiet", "--appeals", "60") == ""  # prints nothing when asked to be quiet
    appeals = Case.objects.filter(procedure="appeals")
    assert appeals.count() == 60
    states = set(appeals.values_list("status", flat=True))
    assert states == {
        "received",
        "dispatched",
        "objected",
        "processing",
        "replied",
        "closed",
        "diverted",
        "merged",
    }
    closed = appeals.filter(status="closed")
    assert set(closed.values_list("rating", flat=True)) == {"satisfied", "partly", "unsatisfied"}
    now = timezone.now()
    running = Clock.objects.filter(case__status="processing", name="feedback")
    assert any(c.state(now) == ClockState.OVERDUE for c in running)  # 办理中, some overdue
    # The dispatch catalogue, duty lists and QR codes the appeals were dispatched through.
    assert DispatchRule.objects.filter(unit__name="揭阳市城市管理和综合执法局").exists()
    assert DutyItem.objects.filter(region_code="445202001001").exists()
    assert QrPoint.objects.exists()
    # The ranking of the last complete month ranks several units by their three rates.
    month = rates.last_complete_month()
    scored = [r for r in rates.rates_for(month=month, scope_code=None, group="unit") if r.score]
    assert len(scored) >= 3


def test_running_the_demo_twice_adds_nothing_and_texts_nobody(jieyang: None) -> None:
    sms.outbox.clear()
    demo("--quiet", "--appeals", "20")
    assert sms.outbox == []  # the demo's phone numbers are made up
    now = timezone.now()
    appeals = Case.objects.filter(procedure="appeals")
    # Back-dated demo data: everything lies in the last 90 days, nothing in the future, and the
    # public number carries the day the appeal came in.
    assert not appeals.filter(received_at__lt=now - timedelta(days=91)).exists()
    assert not Action.objects.filter(at__gt=now).exists()
    for case in appeals:
        assert case.number[2:10] == timezone.localtime(case.received_at).strftime("%Y%m%d")
    before = (
        OrgUnit.objects.count(),
        User.objects.count(),
        appeals.count(),
        Notice.objects.count(),
    )
    demo("--quiet")
    after = (OrgUnit.objects.count(), User.objects.count(), appeals.count(), Notice.objects.count())
    assert after == before


def test_a_demo_login_works(jieyang: None, client: Client) -> None:
    demo("--quiet", "--appeals", "0")
    response = client.post("/login/", {"username": "paidan", "password": DEMO_PASSWORD})
    assert response.status_code == 302
