"""Residents log in with a phone number and an SMS code; the phone is stored encrypted."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from datetime import timedelta
from typing import Any

import pytest
import time_machine
from django.db import connection
from django.test import Client
from django.utils import timezone

from shegong.accounts.models import User
from shegong.lib import sms

PHONE = "13912345678"


SendCode = Callable[[Client], str]


@pytest.fixture(autouse=True)
def empty_outbox() -> Iterator[None]:
    sms.outbox.clear()
    yield
    sms.outbox.clear()


@pytest.fixture
def request_code(django_capture_on_commit_callbacks: Any) -> SendCode:
    def send(client: Client) -> str:
        # The code is texted on commit; run those callbacks although the test never commits.
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post("/login/sms/", {"phone": PHONE, "step": "send"})
        assert response.status_code == 200, response.content.decode()
        match = re.search(r"验证码是 (\d{6})", sms.outbox[-1][1])
        assert match
        return match.group(1)

    return send


def verify(client: Client, code: str, phone: str = PHONE) -> int:
    return client.post("/login/sms/", {"phone": phone, "code": code, "step": "verify"}).status_code


def test_a_first_login_creates_a_resident_with_an_encrypted_phone(
    db: None, client: Client, request_code: SendCode
) -> None:
    code = request_code(client)
    assert verify(client, code) == 302
    user = User.objects.get()
    assert user.phone == PHONE
    assert user.masked_phone == "139****5678"
    assert user.role_codes() == {"resident"}
    with connection.cursor() as cursor:
        cursor.execute("SELECT phone FROM accounts_user WHERE id = %s", [user.pk])
        (raw,) = cursor.fetchone()
    assert PHONE not in raw  # encrypted at rest


def test_a_wrong_code_is_refused_in_chinese(
    db: None, client: Client, request_code: SendCode
) -> None:
    request_code(client)
    response = client.post("/login/sms/", {"phone": PHONE, "code": "000000", "step": "verify"})
    assert response.status_code == 400
    assert "验证码错误" in response.content.decode()
    assert not User.objects.exists()


def test_a_code_cannot_be_used_twice(db: None, client: Client, request_code: SendCode) -> None:
    code = request_code(client)
    assert verify(client, code) == 302
    assert verify(Client(), code) == 400


def test_an_expired_code_is_refused(db: None, client: Client, request_code: SendCode) -> None:
    code = request_code(client)
    with time_machine.travel(timezone.now() + timedelta(minutes=6)):
        assert verify(client, code) == 400


def test_guessing_stops_after_five_attempts(
    db: None, client: Client, request_code: SendCode
) -> None:
    code = request_code(client)
    for _ in range(5):
        verify(client, "999999" if code != "999999" else "888888")
    assert verify(client, code) == 400  # even the right code is dead now


def test_a_second_code_within_a_minute_is_refused(
    db: None, client: Client, request_code: SendCode
) -> None:
    request_code(client)
    response = client.post("/login/sms/", {"phone": PHONE, "step": "send"})
    assert "稍后再试" in response.content.decode()
    assert len(sms.outbox) == 1


def test_a_malformed_phone_number_is_explained(
    db: None, client: Client, request_code: SendCode
) -> None:
    response = client.post("/login/sms/", {"phone": "12345", "step": "send"})
    assert response.status_code == 400
    assert "11位手机号码" in response.content.decode()
    assert not sms.outbox


def test_a_returning_resident_logs_into_the_same_account(
    db: None, client: Client, request_code: SendCode
) -> None:
    verify(client, request_code(client))
    with time_machine.travel(timezone.now() + timedelta(minutes=2)):
        verify(Client(), request_code(Client()))
    assert User.objects.count() == 1
