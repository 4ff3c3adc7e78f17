"""R22: a work order stores 诉求时间, 诉求事项, 联系方式 and its type (咨询/求助/投诉/举报/建议)."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test import Client

from shegong.appeals.actions import do_submit_appeal
from shegong.appeals.models import AppealType
from shegong.cases.models import Action, Case
from shegong.cases.tests.steps import PHONE, client_for, fresh, intake_data, submitted
from shegong.conftest import VILLAGE, Cast

APPEAL = {
    "type": "help",
    "title": "独居老人需要助餐",
    "content": "我父亲八十岁独居，行动不便，想申请社区助餐服务。",
    "region_code": VILLAGE,
    "category": "civil.elderly",
    "name": "张三",
    "phone": PHONE,
}


def test_r22_a_submitted_appeal_keeps_its_time_matter_contact_and_type(cast: Cast) -> None:
    receipt = Client().post("/api/v1/appeals", APPEAL, content_type="application/json")
    assert receipt.status_code == 201, receipt.content
    number = receipt.json()["number"]

    shown = client_for(cast.dispatcher).get(f"/api/v1/cases/{number}").json()
    assert shown["subtype"] == "help"
    assert shown["title"] == "独居老人需要助餐"
    assert shown["content"].startswith("我父亲八十岁独居")
    assert shown["received_at"]  # 诉求时间
    assert shown["submitter"] == {"name": "张三", "phone": "139****5678", "hidden": False}
    assert Case.objects.get(number=number).submitter_phone == PHONE


def test_r22_the_contact_phone_is_not_stored_in_clear(cast: Cast) -> None:
    case = submitted(cast)
    with connection.cursor() as cursor:
        cursor.execute("SELECT submitter_phone FROM cases_case WHERE id = %s", [case.pk])
        (stored,) = cursor.fetchone()
    assert PHONE not in stored


@pytest.mark.parametrize("subtype", AppealType.values)
def test_r22_each_of_the_five_types_is_accepted(cast: Cast, subtype: str) -> None:
    case = submitted(cast, subtype=subtype)
    assert fresh(case).subtype == subtype
    assert fresh(case).status == "received"


def test_r22_the_time_of_a_hotline_call_is_kept_apart_from_its_registration(cast: Cast) -> None:
    called_at = datetime(2026, 3, 2, 1, 0, tzinfo=UTC)  # 09:00 in 揭阳
    case = submitted(cast, channel="hotline", received_at=called_at)
    assert case.received_at == called_at
    assert case.created_at > called_at


def test_r22_an_unknown_type_is_refused_in_chinese_and_nothing_is_created(cast: Cast) -> None:
    response = Client().post(
        "/api/v1/appeals", {**APPEAL, "type": "complain"}, content_type="application/json"
    )
    assert response.status_code == 422
    assert "咨询、求助、投诉、举报或建议" in response.json()["message"]
    assert "type" in response.json()["fields"]
    assert not Case.objects.exists()
    assert not Action.objects.exists()


def test_r22_an_appeal_without_a_type_is_refused(cast: Cast) -> None:
    body = {k: v for k, v in APPEAL.items() if k != "type"}
    response = Client().post("/api/v1/appeals", body, content_type="application/json")
    assert response.status_code == 422
    assert response.json()["fields"]["type"] == ["此项为必填项"]
    assert not Case.objects.exists()


def test_r22_the_action_itself_refuses_an_unknown_type(cast: Cast) -> None:
    with pytest.raises(ValidationError) as refused:
        do_submit_appeal(intake_data(cast, subtype="吐槽"), actor=cast.resident)
    assert "诉求类型" in str(refused.value.message_dict["type"])
    assert not Case.objects.exists()
