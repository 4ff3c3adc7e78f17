"""The calendar is read from the database once and then served from memory."""

from __future__ import annotations

from datetime import datetime

import pytest
from pytest_django import DjangoAssertNumQueries

from shegong.lib.workdays import SHANGHAI
from shegong.workdays.queries import calendar, deadline

pytestmark = pytest.mark.django_db


def test_a_second_deadline_costs_one_query_for_the_revisions_only(
    django_assert_num_queries: DjangoAssertNumQueries,
) -> None:
    start = datetime(2026, 8, 3, 10, tzinfo=SHANGHAI)
    deadline(start, 60, "days")
    with django_assert_num_queries(1):
        deadline(start, 10, "workdays")


def test_an_unchanged_table_gives_back_the_same_calendar() -> None:
    assert calendar() is calendar()


def test_an_hour_deadline_needs_no_calendar_at_all(
    django_assert_num_queries: DjangoAssertNumQueries,
) -> None:
    with django_assert_num_queries(0):
        deadline(datetime(2026, 10, 1, 21, 30, tzinfo=SHANGHAI), 24, "hours")
