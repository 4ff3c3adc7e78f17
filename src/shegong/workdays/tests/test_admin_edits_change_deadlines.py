"""An edit in the admin reaches the very next deadline computed (R21, R52).

Each test computes a deadline first, so the calendar is cached, then edits through the admin and
computes again: the cache must notice the edit.
"""

from __future__ import annotations

from datetime import date, datetime

import pytest
from django.test import Client

from shegong.accounts.models import User
from shegong.audit.models import AuditEntry
from shegong.lib.workdays import SHANGHAI
from shegong.workdays.models import CalendarDay, CalendarYear
from shegong.workdays.queries import deadline

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client: Client) -> Client:
    user = User.objects.create_superuser("root", password="Shegong#2026", name="超级管理员")
    client.force_login(user)
    return client


def sixty_days_from_august_3() -> date:
    return deadline(datetime(2026, 8, 3, 10, tzinfo=SHANGHAI), 60, "days").last_day


def thirty_days_from_february_27() -> date:
    return deadline(datetime(2026, 2, 27, 9, tzinfo=SHANGHAI), 30, "days").last_day


def test_turning_a_holiday_into_a_workday_in_the_admin_moves_the_deadline(
    admin_client: Client,
) -> None:
    # 8/3 + 60 = 10/2, inside 国庆; with 10/7 a working day the period ends on 10/7, not 10/8.
    assert sixty_days_from_august_3() == date(2026, 10, 8)
    day = CalendarDay.objects.get(date=date(2026, 10, 7))
    form = {"date": "2026-10-07", "kind": "workday", "name": "国庆节", "_save": "保存"}
    response = admin_client.post(f"/admin/workdays/calendarday/{day.pk}/change/", form)
    assert response.status_code == 302
    assert sixty_days_from_august_3() == date(2026, 10, 7)
    assert AuditEntry.objects.filter(verb="workdays.save_day", object_id=str(day.pk)).exists()


def test_adding_a_holiday_in_the_admin_moves_the_deadline(admin_client: Client) -> None:
    # 2/27 + 30 = Sun 3/29 → Mon 3/30; a holiday added on 3/30 pushes it to Tue 3/31.
    assert thirty_days_from_february_27() == date(2026, 3, 30)
    form = {"date": "2026-03-30", "kind": "holiday", "name": "临时休假", "_save": "保存"}
    response = admin_client.post("/admin/workdays/calendarday/add/", form)
    assert response.status_code == 302
    assert thirty_days_from_february_27() == date(2026, 3, 31)


def test_deleting_a_holiday_in_the_admin_moves_the_deadline(admin_client: Client) -> None:
    # Without 10/2 as a holiday, 8/3 + 60 ends on Friday 10/2 itself.
    assert sixty_days_from_august_3() == date(2026, 10, 8)
    day = CalendarDay.objects.get(date=date(2026, 10, 2))
    response = admin_client.post(f"/admin/workdays/calendarday/{day.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302
    assert sixty_days_from_august_3() == date(2026, 10, 2)
    assert AuditEntry.objects.filter(verb="workdays.delete_day").exists()


def test_deleting_a_year_in_the_admin_makes_its_deadlines_provisional(
    admin_client: Client,
) -> None:
    # R52: without 2026 in the table, 10/2 counts as an ordinary Friday and the result is
    # only provisional.
    assert sixty_days_from_august_3() == date(2026, 10, 8)
    calendar_year = CalendarYear.objects.get(year=2026)
    url = f"/admin/workdays/calendaryear/{calendar_year.pk}/delete/"
    assert admin_client.post(url, {"post": "yes"}).status_code == 302
    result = deadline(datetime(2026, 8, 3, 10, tzinfo=SHANGHAI), 60, "days")
    assert (result.last_day, result.provisional) == (date(2026, 10, 2), True)


def test_the_admin_lists_days_in_chinese(admin_client: Client) -> None:
    response = admin_client.get("/admin/workdays/calendarday/?kind__exact=workday&date__year=2026")
    text = response.content.decode()
    assert response.status_code == 200
    assert "调休上班日" in text
    assert "2026年10月10日" in text or "2026-10-10" in text
