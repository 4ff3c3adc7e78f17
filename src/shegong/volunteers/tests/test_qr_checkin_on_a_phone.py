"""Check-in and check-out by scanning the QR code shown at the place: a signed per-shift URL that
the volunteer opens on their phone while logged in; a renewed code voids the printed one."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import time_machine
from django.test import Client

from shegong.conftest import Cast
from shegong.volunteers.actions import do_renew_checkin_code, do_sign_up
from shegong.volunteers.models import RecordSource, ServiceRecord
from shegong.volunteers.queries import checkin_token
from shegong.volunteers.tests.steps import START, client_for, scene, volunteer


def test_the_organiser_prints_a_card_whose_code_opens_the_check_in_page(cast: Cast) -> None:
    s = scene(cast)
    client = client_for(s.manager)
    page = client.get(f"/volunteers/manage/shift/{s.shift.pk}/qr").content.decode()
    url = f"http://testserver/volunteers/checkin/{checkin_token(s.shift)}"
    assert url in page
    assert "<svg" in page
    png = client.get(f"/volunteers/manage/shift/{s.shift.pk}/qr.png")
    assert png["Content-Type"] == "image/png"
    assert png.content.startswith(b"\x89PNG")


def test_a_volunteer_scans_checks_in_and_later_checks_out(cast: Cast) -> None:
    s = scene(cast)
    person = volunteer(1)
    do_sign_up(s.shift, person, actor=person.user)
    url = f"/volunteers/checkin/{checkin_token(s.shift)}"
    # Logged in at the scene: a session made today would have expired by 2030.
    with time_machine.travel(START - timedelta(minutes=10), tick=False):
        phone = client_for(person.user)
        assert "签到" in phone.get(url).content.decode()
        page = phone.post(url, follow=True).content.decode()
    assert "签到成功" in page
    with time_machine.travel(START + timedelta(hours=2), tick=False):
        page = client_for(person.user).post(url, follow=True).content.decode()
    assert "签退成功，本次服务 2.00 小时，待组织确认" in page
    service = ServiceRecord.objects.get()
    assert service.source == RecordSource.QR
    assert service.hours == Decimal("2.00")


def test_scanning_when_logged_out_asks_for_the_sms_login_and_comes_back(cast: Cast) -> None:
    s = scene(cast)
    url = f"/volunteers/checkin/{checkin_token(s.shift)}"
    response = Client().get(url)
    assert response.status_code == 302
    assert response["Location"].startswith("/login/sms/?next=%2Fvolunteers%2Fcheckin%2F")


def test_a_forged_or_voided_code_is_not_found(cast: Cast) -> None:
    s = scene(cast)
    person = volunteer(1)
    phone = client_for(person.user)
    assert phone.get(f"/volunteers/checkin/{s.shift.pk}.abc:forged").status_code == 404
    old = checkin_token(s.shift)
    do_renew_checkin_code(s.shift, actor=s.manager)
    assert phone.get(f"/volunteers/checkin/{old}").status_code == 404
    assert phone.get(f"/volunteers/checkin/{checkin_token(s.shift)}").status_code == 200


def test_only_confirmed_volunteers_can_check_in(cast: Cast) -> None:
    s = scene(cast, capacity=1)
    first, waiting = volunteer(1), volunteer(2)
    do_sign_up(s.shift, first, actor=first.user)
    do_sign_up(s.shift, waiting, actor=waiting.user)
    url = f"/volunteers/checkin/{checkin_token(s.shift)}"
    with time_machine.travel(START, tick=False):
        page = client_for(waiting.user).post(url, follow=True).content.decode()
    assert "您没有该岗位的录用报名，不能签到" in page
    assert not ServiceRecord.objects.exists()


def test_check_in_is_refused_too_early_and_after_the_shift(cast: Cast) -> None:
    s = scene(cast)
    person = volunteer(1)
    do_sign_up(s.shift, person, actor=person.user)
    url = f"/volunteers/checkin/{checkin_token(s.shift)}"
    with time_machine.travel(START - timedelta(hours=2), tick=False):
        page = client_for(person.user).post(url, follow=True).content.decode()
        assert "还未到签到时间" in page
    with time_machine.travel(s.shift.ends_at, tick=False):
        page = client_for(person.user).post(url, follow=True).content.decode()
        assert "岗位已结束" in page
    assert not ServiceRecord.objects.exists()
