"""A resident submits an appeal on the phone form, with a photo, without logging in (R22)."""

from __future__ import annotations

import re

from django.test import Client

from shegong.cases import present
from shegong.cases.models import Attachment, Case
from shegong.conftest import VILLAGE, Cast, login

from .citizen_steps import NEW, photo, submit


def test_the_form_is_made_for_a_phone(cast: Cast) -> None:
    page = Client().get(NEW).content.decode()
    assert '<meta name="viewport" content="width=device-width' in page
    # The camera opens straight from the photo field, several photos at once.
    assert re.search(r'<input type="file" name="photos"[^>]*accept="image/\*"[^>]*capture', page)
    assert "multiple" in page
    for label in ["咨询", "求助", "投诉", "举报", "建议"]:  # R22: the five types as big buttons
        assert f"<span>{label}</span>" in page
    assert "对承办单位隐藏我的姓名和电话" in page
    assert "使用当前位置" in page
    token = re.search(r'name="client_token" value="([0-9a-f-]{36})"', page)
    assert token is not None  # one token per rendered form, so a double tap is one case


def test_categories_are_grouped_under_their_parent(cast: Cast) -> None:
    page = Client().get(NEW).content.decode()
    assert '<optgroup label="城乡建设">' in page
    assert '<option value="urban.roads">市政道路设施</option>' in page


def test_a_resident_submits_with_a_photo_and_lands_on_the_receipt(cast: Cast) -> None:
    response = submit(Client(), photos=[photo()])
    case = Case.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/m/appeals/{case.number}/receipt"
    assert case.channel == "web"
    assert case.subtype == "complaint"
    assert case.category is not None
    assert case.category.code == "urban.roads"
    assert case.region_code == VILLAGE
    assert case.submitter is None  # nobody logged in
    attachment = Attachment.objects.get(case=case)
    assert attachment.content_type == "image/png"
    assert attachment.name == "路灯.png"


def test_a_renamed_exe_is_refused_in_chinese_and_nothing_is_created(cast: Cast) -> None:
    program = photo("照片.jpg", b"MZ\x90\x00\x03\x00\x00\x00" + b"\x00" * 200)
    response = submit(Client(), photos=[program])
    page = response.content.decode()
    assert response.status_code == 400
    assert "「照片.jpg」不是照片或 PDF 文件" in page
    assert not Case.objects.exists()
    # What was typed is still there, so the resident only swaps the photo.
    assert "进东社区3号楼前的路灯坏了一个月" in page
    assert 'value="小区路灯不亮"' in page


def test_missing_answers_are_shown_next_to_their_fields_in_chinese(cast: Cast) -> None:
    """R22: the type and the matter are required."""
    response = submit(Client(), type=None, title="", content="灯坏")
    page = response.content.decode()
    assert response.status_code == 400
    assert "请选择诉求类型" in page
    assert "请填写标题" in page
    assert not Case.objects.exists()


def test_the_engine_checks_are_shown_too(cast: Cast) -> None:
    response = submit(Client(), content="灯坏了", region_code="12345")
    page = response.content.decode()
    assert "请把情况说清楚（至少 5 个字）" in page
    assert "请选择所在区域" in page
    assert not Case.objects.exists()


def test_a_double_submit_with_the_same_client_token_makes_one_case(cast: Cast) -> None:
    client = Client()
    first = submit(client, client_token="5f0c6a36-3b5a-4d35-9a51-2f8f0f1b8e11")
    second = submit(client, client_token="5f0c6a36-3b5a-4d35-9a51-2f8f0f1b8e11")
    assert Case.objects.count() == 1
    assert first["Location"] == second["Location"]  # the retry lands on the same receipt


def test_the_hidden_identity_wish_is_kept_and_the_handler_does_not_see_the_name(
    cast: Cast,
) -> None:
    submit(Client(), hide_identity="on")
    case = Case.objects.get()
    assert case.hide_identity is True
    assert case.submitter_name == "张三"  # staff who need it can still reveal it
    assert present.submitter_for(cast.handler, case)["name"] == present.HIDDEN


def test_a_logged_in_resident_is_linked_as_the_submitter(cast: Cast) -> None:
    client = login(Client(), cast.resident)
    assert "张群众" in client.get(NEW).content.decode()  # the form knows who is writing
    submit(client)
    assert Case.objects.get().submitter == cast.resident


def test_the_location_from_the_phone_is_stored(cast: Cast) -> None:
    submit(Client(), latitude="23.543210", longitude="116.372100")
    case = Case.objects.get()
    assert (case.latitude, case.longitude) == (23.54321, 116.3721)


def test_going_back_to_the_form_gives_a_new_token_so_a_second_appeal_is_not_lost(
    cast: Cast,
) -> None:
    client = Client()
    first, second = client.get(NEW), client.get(NEW)
    # Not kept by the browser's back button: a kept page would resend the first token, and the
    # second appeal would silently come back as the first one's receipt.
    assert "no-store" in first["Cache-Control"]
    token = re.compile(r'name="client_token" value="([0-9a-f-]{36})"')
    assert token.findall(first.content.decode()) != token.findall(second.content.decode())
