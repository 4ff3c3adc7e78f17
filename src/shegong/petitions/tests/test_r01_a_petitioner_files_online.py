"""R1 信息网络: a petitioner files a petition online from a phone, without logging in. The
信访部门 of the place receives it at once, with its 15-day R3 clock (R21: counted from the day
after), and its staff are told; the receipt shows the number and the tracking code once (R20).
R2's content is required, a double tap makes one petition, and what only staff may set is not
taken from the form."""

from __future__ import annotations

import uuid
from datetime import timedelta
from typing import Any

from django.test import Client
from django.utils import timezone

from shegong.cases.inbox import inbox_for
from shegong.cases.models import Case, Channel, Notice
from shegong.cases.queries import track_case
from shegong.conftest import VILLAGE, Cast
from shegong.petitions.models import Classification, Petition, PetitionStatus
from shegong.petitions.tests.conftest import Offices
from shegong.petitions.tests.steps import clock

ONLINE = "/petitions/online/"


def online_form(**overrides: str) -> dict[str, str]:
    fields = {
        "classification": "grievance",
        "request": "请求督促开发商修复小区地下车库渗漏",
        "facts": "榕华花园地下车库每逢下雨即大面积渗水，多次向物业反映无果",
        "reasons": "车库渗漏危及车辆和人身安全",
        "region_code": VILLAGE,
        "name": "陈信访",
        "address": "揭阳市榕城区榕华街道进东社区 8 号",
        "phone": "13800138000",
        "client_token": str(uuid.uuid4()),
    }
    fields.update(overrides)
    return fields


def submit(client: Client, **overrides: Any) -> Any:
    return client.post(ONLINE, online_form(**overrides))


def test_r01_a_petition_filed_online_is_held_by_the_county_office_with_its_r3_clock(
    cast: Cast, offices: Offices
) -> None:
    client = Client()
    assert client.get(ONLINE).status_code == 200

    response = submit(client)

    assert response.status_code == 302
    case = Case.objects.get(procedure="petitions")
    assert response["Location"] == f"/petitions/online/{case.number}/receipt/"
    assert case.channel == Channel.NETWORK
    assert case.lead_unit == offices.county_office
    assert case.status == PetitionStatus.REGISTERED
    assert case.region_code == VILLAGE
    route = clock(case, "route")
    assert route.due_at - route.started_at >= timedelta(days=15)  # R3, R21
    assert Notice.objects.filter(user=offices.county_clerk, case=case).exists()
    assert [row.number for row in inbox_for(offices.county_clerk, box="unit").items] == [
        case.number
    ]


def test_r20_the_receipt_shows_the_tracking_code_once_and_it_opens_the_case(
    cast: Cast, offices: Offices
) -> None:
    client = Client()
    receipt = client.get(submit(client)["Location"]).content.decode()
    case = Case.objects.get(procedure="petitions")

    assert case.number in receipt
    assert offices.county_office.name in receipt
    code = receipt.split('data-testid="receipt-code">')[1].split("<")[0]
    assert track_case(case.number, code) == case
    # The receipt's button opens the case in this browser without typing the code again.
    assert client.get(f"/petitions/track/{case.number}/").status_code == 200
    assert Client().get(f"/petitions/track/{case.number}/").status_code == 302
    again = client.get(f"/petitions/online/{case.number}/receipt/").content.decode()
    assert code not in again
    assert "查询码只在提交后显示一次" in again
    # Another browser learns nothing from the receipt's address, not even that it exists.
    assert Client().get(f"/petitions/online/{case.number}/receipt/").status_code == 404


def test_r02_missing_content_is_refused_in_chinese_and_nothing_is_registered(
    cast: Cast, offices: Offices
) -> None:
    response = submit(Client(), name="", address="", facts="", reasons="")

    assert response.status_code == 400
    page = response.content.decode()
    for message in ("请填写姓名(名称)", "请填写住址", "请填写事实", "请填写理由"):
        assert message in page
    assert not Case.objects.exists()


def test_a_double_tap_registers_one_petition(cast: Cast, offices: Offices) -> None:
    client, token = Client(), str(uuid.uuid4())
    first = submit(client, client_token=token)
    second = submit(client, client_token=token)

    assert first["Location"] == second["Location"]
    assert Petition.objects.count() == 1


def test_what_only_staff_may_set_is_not_taken_from_the_form(cast: Cast, offices: Offices) -> None:
    """The channel, the time of receipt and 重大紧急 are the office's to record (R1, R17)."""
    long_ago = (timezone.now() - timedelta(days=40)).strftime("%Y-%m-%dT%H:%M")
    submit(Client(), channel="visit", received_at=long_ago, major="on", contact_unclear="on")

    case = Case.objects.get(procedure="petitions")
    assert case.channel == Channel.NETWORK
    assert timezone.now() - case.received_at < timedelta(minutes=1)
    assert case.petition.major is False
    assert case.petition.contact_unclear is False


def test_an_accusation_online_keeps_the_name_it_accuses(cast: Cast, offices: Offices) -> None:
    submit(Client(), classification="accusation", accused_name="某执法队员")

    petition = Petition.objects.get()
    assert petition.classification == Classification.ACCUSATION
    assert petition.accused_name == "某执法队员"


def test_a_place_without_a_petition_office_is_told_where_to_turn(
    cast: Cast, offices: Offices
) -> None:
    response = submit(Client(), region_code="110101001001")  # 北京市东城区: no office here

    assert response.status_code == 400
    assert "该地区尚未开通网上信访" in response.content.decode()
    assert not Case.objects.exists()
