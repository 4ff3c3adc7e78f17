"""The staff workbench: staff only, navigation by role, figures from the actor's scope."""

from __future__ import annotations

from django.test import Client

from shegong.conftest import Cast, login


def test_anonymous_visitors_are_sent_to_the_login_page(client: Client, db: None) -> None:
    response = client.get("/workbench/")
    assert response.status_code == 302
    assert response["Location"].startswith("/login/")


def test_residents_get_404_for_the_workbench(client: Client, cast: Cast) -> None:
    assert login(client, cast.resident).get("/workbench/").status_code == 404


def test_staff_see_their_scope_and_roles(client: Client, cast: Cast) -> None:
    body = login(client, cast.dispatcher).get("/workbench/").content.decode()
    assert "派单员" in body
    assert "445202000000" in body or "榕城区" in body


def test_the_admin_link_is_shown_to_system_administrators_only(client: Client, cast: Cast) -> None:
    assert "/admin/" in login(client, cast.admin).get("/workbench/").content.decode()
    assert "/admin/" not in login(Client(), cast.handler).get("/workbench/").content.decode()


def test_home_sends_staff_to_the_workbench_and_others_to_the_citizen_page(
    client: Client, cast: Cast
) -> None:
    assert client.get("/")["Location"] == "/m/"
    assert login(client, cast.staff).get("/")["Location"] == "/workbench/"


def test_the_units_page_lists_only_units_in_scope(client: Client, cast: Cast) -> None:
    body = login(client, cast.outsider).get("/units/").content.decode()
    assert "揭东区委社会工作部" in body
    assert "榕华街道办事处" not in body


def test_the_citizen_home_works_on_a_phone_without_login(client: Client, db: None) -> None:
    body = client.get("/m/").content.decode()
    assert 'name="viewport"' in body
    assert "我要反映" in body
