"""R25: urgency tiers and matter categories are edited in admin and read by every public intake
from a copy each worker process keeps (lib/refcache). An edit saved in this process applies to
the next intake at once; one made by another process (no signal reaches this one) within ten
seconds. Inside a transaction the table itself is read (test_r25_urgency_tiers_are_editable)."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.test import Client

from shegong.appeals.models import UrgencyTier
from shegong.cases.models import Case, Category
from shegong.cases.tests.steps import clock
from shegong.conftest import VILLAGE, Cast

pytestmark = pytest.mark.django_db(transaction=True)  # as in production: no test transaction

SHANGHAI = ZoneInfo("Asia/Shanghai")
FRIDAY = datetime(2026, 3, 6, 10, 0, tzinfo=SHANGHAI)


def submit(**fields: Any) -> Case:
    body = {
        "type": "complaint",
        "title": "小区路灯不亮",
        "content": "进东社区3号楼前的路灯坏了一个月，晚上很黑。",
        "region_code": VILLAGE,
        "category": "urban.roads",
        **fields,
    }
    response = Client().post("/api/v1/appeals", body, content_type="application/json")
    assert response.status_code == 201, response.content
    return Case.objects.get(number=response.json()["number"])


def test_r25_a_tier_saved_in_admin_applies_to_the_next_public_intake_at_once(cast: Cast) -> None:
    with time_machine.travel(FRIDAY, tick=False):
        before = submit()
        tier = UrgencyTier.objects.get(code="normal")
        tier.dispatch_hours = 4
        tier.save()
        after = submit()

    assert clock(before, "dispatch").due_at == FRIDAY + timedelta(hours=24)
    assert clock(after, "dispatch").due_at == FRIDAY + timedelta(hours=4)


def test_r25_a_tier_edited_by_another_process_applies_within_ten_seconds(cast: Cast) -> None:
    with time_machine.travel(FRIDAY, tick=False) as traveller:
        submit()  # this process now holds its copy of the tiers
        # A queryset update sends no signal: to this process it is an edit made elsewhere.
        UrgencyTier.objects.filter(code="normal").update(dispatch_hours=4)
        traveller.shift(timedelta(seconds=10))
        later = submit()

    assert clock(later, "dispatch").due_at == later.received_at + timedelta(hours=4)


def test_a_category_retired_in_admin_is_no_longer_given_to_public_intake(cast: Cast) -> None:
    assert submit().category is not None
    category = Category.objects.get(code="urban.roads")
    category.is_active = False
    category.save()

    assert submit().category is None
