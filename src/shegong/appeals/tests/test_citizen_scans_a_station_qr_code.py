"""A resident scans the "民呼我为" code at a rest station: the form knows where they are."""

from __future__ import annotations

from django.test import Client

from shegong.cases.models import Case
from shegong.conftest import VILLAGE, Cast

from .citizen_steps import NEW, make_point, submit


def test_the_code_prefills_channel_region_and_category(cast: Cast) -> None:
    point = make_point(cast)
    page = Client().get(f"{NEW}?qr={point.slug}").content.decode()
    assert "来自：进东社区新就业群体驿站" in page
    assert f'id="id_region_code" inputmode="numeric" maxlength="12" value="{VILLAGE}"' in page
    assert '<option value="labour.new_employment" selected>新就业群体权益</option>' in page


def test_an_appeal_sent_from_the_code_is_recorded_as_scanned_at_that_place(cast: Cast) -> None:
    point = make_point(cast)
    submit(Client(), url=f"{NEW}?qr={point.slug}", category="labour.new_employment")
    case = Case.objects.get()
    assert case.channel == "qr"
    assert case.region_code == VILLAGE
    assert case.category is not None
    assert case.category.code == "labour.new_employment"


def test_the_point_travels_in_the_form_when_the_address_loses_it(cast: Cast) -> None:
    point = make_point(cast)
    submit(Client(), qr=point.slug)
    assert Case.objects.get().channel == "qr"


def test_a_point_that_was_switched_off_no_longer_prefills(cast: Cast) -> None:
    point = make_point(cast, is_active=False)
    page = Client().get(f"{NEW}?qr={point.slug}").content.decode()
    assert "来自：" not in page
    submit(Client(), url=f"{NEW}?qr={point.slug}")
    assert Case.objects.get().channel == "web"


def test_an_unknown_code_just_opens_the_plain_form(cast: Cast) -> None:
    response = Client().get(f"{NEW}?qr=nosuchpt")
    assert response.status_code == 200
    assert "来自：" not in response.content.decode()
