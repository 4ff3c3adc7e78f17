"""A resident follows an appeal by its number and tracking code, without an account."""

from __future__ import annotations

import re
from typing import Any

from django.test import Client

from shegong.cases.models import Case
from shegong.conftest import Cast, login

from .citizen_steps import replied_with_code

TRACK = "/m/appeals/track"


def _page(content: bytes, number: str) -> str:
    return re.sub(r"[A-Za-z0-9]{64}", "", content.decode().replace(number, ""))


def test_the_right_number_and_code_open_the_progress_page(cast: Cast) -> None:
    case, code = replied_with_code(cast)
    client = Client()
    response = client.post(TRACK, {"number": case.number, "code": code.lower()})
    assert response.status_code == 302
    assert response["Location"] == f"/m/appeals/{case.number}"  # the code stays out of the URL
    page = client.get(response["Location"]).content.decode()
    assert "已答复待回访" in page
    assert "已更换灯泡，路灯恢复照明。" in page  # the reply
    assert "派单" in page  # the public timeline
    assert "签收" in page
    assert "13912345678" not in page  # no personal data


def test_the_timeline_leaves_out_what_is_not_for_the_resident(cast: Cast) -> None:
    from shegong.appeals.actions import do_supervise

    case, code = replied_with_code(cast)
    do_supervise(case, actor=cast.supervisor, note="内部督办意见")
    page = Client().get(f"/m/appeals/{case.number}", {"code": code}).content.decode()
    assert "内部督办意见" not in page


def test_the_qr_code_on_the_receipt_opens_the_page_directly(cast: Cast) -> None:
    case, code = replied_with_code(cast)
    response = Client().get(f"/m/appeals/{case.number}", {"code": code})
    assert response.status_code == 200
    assert case.number in response.content.decode()


def test_a_wrong_code_gives_a_chinese_404_without_saying_which_part_was_wrong(
    cast: Cast,
) -> None:
    case, code = replied_with_code(cast)
    wrong_code = Client().post(TRACK, {"number": case.number, "code": "AAAAAA"})
    wrong_number = Client().post(TRACK, {"number": "SQ20260101000000", "code": code})
    assert wrong_code.status_code == wrong_number.status_code == 404
    assert "编号或查询码不正确" in wrong_code.content.decode()
    # Both mistakes read the same, apart from the number echoed back and the CSRF tokens.
    assert _page(wrong_code.content, case.number) == _page(wrong_number.content, "SQ20260101000000")
    assert Client().get(f"/m/appeals/{case.number}", {"code": "AAAAAA"}).status_code == 404


def test_without_a_code_the_page_asks_for_it(cast: Cast) -> None:
    case, _code = replied_with_code(cast)
    response = Client().get(f"/m/appeals/{case.number}")
    assert response.status_code == 302
    assert response["Location"] == f"{TRACK}?number={case.number}"
    assert case.number in Client().get(response["Location"]).content.decode()


def test_the_logged_in_submitter_needs_no_code(cast: Cast) -> None:
    case, _code = replied_with_code(cast, submitter=cast.resident)
    response = login(Client(), cast.resident).get(f"/m/appeals/{case.number}")
    assert response.status_code == 200
    assert "已答复待回访" in response.content.decode()


def test_another_logged_in_resident_still_needs_the_code(cast: Cast) -> None:
    case, _code = replied_with_code(cast, submitter=cast.resident)
    response = login(Client(), cast.outsider).get(f"/m/appeals/{case.number}")
    assert response.status_code == 302


def test_the_tracking_form_is_on_the_citizen_home_page(cast: Cast) -> None:
    home = Client().get("/m/").content.decode()
    assert 'href="/m/appeals/new"' in home
    assert 'href="/m/appeals/track"' in home
    assert Case.objects.count() == 0


def test_the_progress_page_costs_a_few_queries_however_long_the_timeline(
    cast: Cast, django_assert_max_num_queries: Any
) -> None:
    from shegong.appeals.actions import do_supervise

    case, code = replied_with_code(cast)
    for n in range(5):
        do_supervise(case, actor=cast.supervisor, note=f"督办{n}")
    client = Client()
    client.post(TRACK, {"number": case.number, "code": code})
    with django_assert_max_num_queries(4):
        response = client.get(f"/m/appeals/{case.number}")
    assert response.status_code == 200
