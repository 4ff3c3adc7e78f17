"""Password login for staff, with lockout after repeated failures."""

from __future__ import annotations

from datetime import timedelta

import time_machine
from django.test import Client, override_settings
from django.utils import timezone

from shegong.audit.models import AuditEntry
from shegong.conftest import PASSWORD, Cast


def post_login(client: Client, username: str, password: str) -> tuple[int, str]:
    response = client.post("/login/", {"username": username, "password": password})
    return response.status_code, response.content.decode()


def test_staff_log_in_and_land_on_the_workbench(client: Client, cast: Cast) -> None:
    response = client.post("/login/", {"username": "staff", "password": PASSWORD}, follow=True)
    assert response.redirect_chain[-1][0] == "/workbench/"
    assert "工作台" in response.content.decode()


def test_a_wrong_password_says_so_in_chinese_and_is_audited(client: Client, cast: Cast) -> None:
    status, body = post_login(client, "staff", "wrong")
    assert status == 400
    assert "用户名或密码错误" in body
    assert AuditEntry.objects.filter(
        verb="accounts.login_failed", object_id=str(cast.staff.pk)
    ).exists()


def test_an_unknown_user_gets_the_same_message_as_a_wrong_password(
    client: Client, cast: Cast
) -> None:
    _, body = post_login(client, "nobody", "wrong")
    assert "用户名或密码错误" in body


@override_settings(LOGIN_MAX_FAILURES=3, LOGIN_LOCK_MINUTES=15)
def test_the_account_locks_after_repeated_failures_even_for_the_right_password(
    client: Client, cast: Cast
) -> None:
    for _ in range(3):
        post_login(client, "staff", "wrong")
    status, body = post_login(client, "staff", PASSWORD)
    assert status == 400
    assert "已锁定" in body
    cast.staff.refresh_from_db()
    assert cast.staff.locked_until is not None


@override_settings(LOGIN_MAX_FAILURES=3, LOGIN_LOCK_MINUTES=15)
def test_the_lock_expires_after_its_minutes(client: Client, cast: Cast) -> None:
    for _ in range(3):
        post_login(client, "staff", "wrong")
    with time_machine.travel(timezone.now() + timedelta(minutes=16)):
        status, _ = post_login(client, "staff", PASSWORD)
    assert status == 302


def test_a_success_resets_the_failure_count(client: Client, cast: Cast) -> None:
    post_login(client, "staff", "wrong")
    post_login(client, "staff", PASSWORD)
    cast.staff.refresh_from_db()
    assert cast.staff.failed_logins == 0


def test_next_is_followed_only_within_the_site(client: Client, cast: Cast) -> None:
    response = client.post(
        "/login/", {"username": "staff", "password": PASSWORD, "next": "https://evil.example/"}
    )
    assert response["Location"] == "/"
