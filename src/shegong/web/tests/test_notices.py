"""我的通知: a staff member reads their own in-app notices (deadline reminders, new orders …),
newest first with a link to the case, and marks them read one by one or all at once."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.test import Client
from django.utils import timezone

from shegong.accounts.models import User
from shegong.cases.models import Notice
from shegong.cases.tests.steps import submitted
from shegong.conftest import Cast, login


def notice(user: User, text: str, *, minutes_ago: int = 0, **fields: Any) -> Notice:
    at = timezone.now() - timedelta(minutes=minutes_ago)
    return Notice.objects.create(user=user, text=text, created_at=at, **fields)


def test_a_handler_sees_their_notices_newest_first_with_a_link_to_the_case(
    client: Client, cast: Cast
) -> None:
    case = submitted(cast)
    notice(cast.handler, "签收响应时限即将到期", minutes_ago=30, case=case)
    notice(cast.handler, "办理反馈时限已超期", minutes_ago=5)
    notice(cast.dispatcher, "别人的通知")
    body = login(client, cast.handler).get("/notices/").content.decode()
    assert body.index("办理反馈时限已超期") < body.index("签收响应时限即将到期")
    assert f'href="/appeals/{case.number}/"' in body
    assert "别人的通知" not in body
    assert "未读 2 条" in body


def test_a_notice_is_marked_read_in_place(client: Client, cast: Cast) -> None:
    mine = notice(cast.handler, "新工单")
    response = login(client, cast.handler).post(f"/notices/{mine.pk}/read/", HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert "已读" in response.content.decode()  # the row, redrawn
    assert response["HX-Trigger"] == "notices-read"  # and the unread counts follow
    mine.refresh_from_db()
    assert mine.read_at is not None


def test_someone_elses_notice_is_404(client: Client, cast: Cast) -> None:
    theirs = notice(cast.dispatcher, "派单员的通知")
    assert login(client, cast.handler).post(f"/notices/{theirs.pk}/read/").status_code == 404
    theirs.refresh_from_db()
    assert theirs.read_at is None


def test_all_can_be_marked_read_and_the_unread_filter_then_is_empty(
    client: Client, cast: Cast
) -> None:
    for n in range(3):
        notice(cast.handler, f"通知{n}")
    theirs = notice(cast.dispatcher, "派单员的通知")
    client = login(client, cast.handler)
    assert client.post("/notices/read/")["Location"] == "/notices/"
    assert "没有未读通知" in client.get("/notices/", {"unread": "1"}).content.decode()
    theirs.refresh_from_db()
    assert theirs.read_at is None


def test_the_topbar_shows_the_unread_count(client: Client, cast: Cast) -> None:
    client = login(client, cast.handler)
    assert client.get("/notices/badge/").content.decode() == "通知"
    notice(cast.handler, "新工单")
    notice(cast.handler, "督办")
    assert 'class="notice-count">2<' in client.get("/notices/badge/").content.decode()
    assert client.get("/notices/badge/", {"page": "1"}).content.decode() == "未读 2 条"
    body = client.get("/workbench/").content.decode()
    assert 'hx-get="/notices/badge/"' in body
    assert "我的通知" in body  # the navigation entry


def test_residents_get_404_and_visitors_the_login_page(client: Client, cast: Cast) -> None:
    assert Client().get("/notices/")["Location"].startswith("/login/")
    assert login(client, cast.resident).get("/notices/").status_code == 404


def test_a_long_list_is_paged_in_a_fixed_number_of_queries(
    client: Client, cast: Cast, django_assert_max_num_queries: Any
) -> None:
    case = submitted(cast)
    for n in range(60):
        notice(cast.handler, f"通知{n}", minutes_ago=n, case=case)
    client = login(client, cast.handler)
    with django_assert_max_num_queries(7):
        body = client.get("/notices/").content.decode()
    assert body.count('data-testid="notice"') == 50
    assert "第 1 / 2 页" in body
