"""Right after submitting, the resident gets the number and the tracking code, once."""

from __future__ import annotations

import re

from django.test import Client

from shegong.cases.models import Case
from shegong.cases.queries import track_case
from shegong.conftest import Cast
from shegong.lib.qr import qr_svg

from .citizen_steps import submit


def _receipt(client: Client) -> tuple[Case, str]:
    response = submit(client)
    return Case.objects.get(), client.get(response["Location"]).content.decode()


def test_the_receipt_shows_the_number_and_the_code_in_large_type(cast: Cast) -> None:
    case, page = _receipt(Client())
    assert case.number in page
    code = re.search(r'data-testid="receipt-code">([A-Z2-9]{6})<', page)
    assert code is not None
    assert track_case(case.number, code.group(1)) == case  # the code really opens the case
    assert "请保存编号和查询码" in page


def test_the_receipt_has_a_qr_code_to_the_tracking_page(cast: Cast) -> None:
    case, page = _receipt(Client())
    code = re.search(r'data-testid="receipt-code">([A-Z2-9]{6})<', page)
    assert code is not None
    # The same symbol as a code made for the tracking address with the number and the code.
    url = f"http://testserver/m/appeals/{case.number}?code={code.group(1)}"
    assert qr_svg(url, title="扫码查询办理进度") in page
    response = Client().get(url)
    assert response.status_code == 200
    assert "待派单" in response.content.decode()


def test_the_receipt_says_which_time_limits_apply(cast: Cast) -> None:
    """R25: the resident learns the dispatch, response and feedback limits of the tier."""
    _case, page = _receipt(Client())
    assert "收到后 24 小时内派给承办单位" in page
    assert "答复后 48 小时内回访" in page


def test_the_code_is_shown_once_and_never_travels_in_a_url(cast: Cast) -> None:
    client = Client()
    response = submit(client)
    case = Case.objects.get()
    assert response["Location"] == f"/m/appeals/{case.number}/receipt"
    first = client.get(response["Location"])
    assert "no-store" in first["Cache-Control"]  # the back button does not bring it back
    second = client.get(response["Location"]).content.decode()
    assert 'data-testid="receipt-code"' not in second
    assert case.number in second
    assert "查询码只在提交后显示一次" in second


def test_someone_else_opening_the_receipt_address_sees_no_code(cast: Cast) -> None:
    submit(Client())
    case = Case.objects.get()
    page = Client().get(f"/m/appeals/{case.number}/receipt").content.decode()
    assert 'data-testid="receipt-code"' not in page
    assert "小区路灯不亮" not in page  # nothing about the matter either


def test_a_receipt_for_an_unknown_number_is_not_found(cast: Cast) -> None:
    assert Client().get("/m/appeals/SQ20260101000000/receipt").status_code == 404
