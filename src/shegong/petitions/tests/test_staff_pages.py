"""The clerk's pages: the inbox lists what the unit holds, registration shows the tracking code
once, the case page offers only the actions this unit may take, and outsiders get 404."""

from __future__ import annotations

from django.test import Client

from shegong.conftest import Cast, login
from shegong.petitions.tests.conftest import Offices
from shegong.petitions.tests.steps import register, register_form


def test_a_clerk_registers_a_letter_and_sees_its_tracking_code(
    client: Client, cast: Cast, offices: Offices
) -> None:
    """R1: the letter is registered on receipt; R20: the petitioner gets the code to follow it."""
    login(client, offices.county_clerk)
    assert client.get("/petitions/new/").status_code == 200
    response = client.post("/petitions/new/", register_form(), follow=True)
    page = response.content.decode()
    assert "已登记，编号 XF" in page
    assert "查询码" in page
    assert "转送" in page  # the county office may now forward it


def test_missing_content_is_refused_in_chinese_and_nothing_is_registered(
    client: Client, cast: Cast, offices: Offices
) -> None:
    """R2: a record without its content is refused, the missing 信访请求 named in Chinese."""
    login(client, offices.county_clerk)
    response = client.post(
        "/petitions/new/",
        {
            "channel": "letter",
            "received_at": "2026-11-20T09:00",
            "classification": "grievance",
            "headcount": "1",
        },
    )
    assert response.status_code == 422
    assert "请填写信访请求" in response.content.decode()


def test_the_inbox_lists_the_units_petitions_and_an_outsider_gets_404(
    client: Client, cast: Cast, offices: Offices
) -> None:
    case = register(offices.county_clerk)
    login(client, offices.county_clerk)
    assert case.number in client.get("/petitions/").content.decode()
    assert client.get(f"/petitions/{case.number}/").status_code == 200
    login(client, cast.outsider)
    assert client.get(f"/petitions/{case.number}/").status_code == 404


def test_an_accusation_is_offered_only_discipline_organs_to_forward_to(
    client: Client, cast: Cast, offices: Offices
) -> None:
    """R9: the clerk's choice is narrowed to 纪检监察 for a 检举控告."""
    case = register(offices.county_clerk, classification="accusation")
    login(client, offices.county_clerk)
    page = client.get(f"/petitions/{case.number}/").content.decode()
    forward = page.split('name="forward-unit"')[1].split("</select>")[0]
    assert offices.discipline.name in forward
    assert f">{cast.department.name}（" not in forward
