"""In Chromium on a phone: a resident scans a station's code, submits with a photo and the
phone's location, keeps the receipt's number and code, and tracks the appeal with them."""

from __future__ import annotations

import re
from typing import Any

import pytest
from playwright.sync_api import FilePayload, Page, expect

from shegong.cases.models import Attachment, Case
from shegong.conftest import VILLAGE, Cast
from shegong.regions.models import Region
from shegong.web.tests import conftest as browser_fixtures

from .citizen_steps import make_point, tiny_png

pytestmark = pytest.mark.browser
# The phone fixtures live in web/tests/conftest.py, which only that folder sees.
browser = browser_fixtures.browser
phone_context = browser_fixtures.phone_context
phone_page = browser_fixtures.phone_page

REGIONS = [
    ("440000000000", "广东省"),
    ("445200000000", "揭阳市"),
    ("445202000000", "榕城区"),
    ("445203000000", "揭东区"),
    ("445202001000", "榕华街道"),
    ("445202002000", "新兴街道"),
    (VILLAGE, "进东社区居委会"),
    ("445202001002", "新华社区居委会"),
]


def load_regions() -> None:
    full = ""
    for code, name in REGIONS:
        region = Region.from_code(code, name)
        region.full_name = f"{full} {name}".strip()
        region.save()


def test_a_resident_scans_submits_and_tracks_on_a_phone(
    transactional_db: None,
    live_server: Any,
    cast: Cast,
    phone_page: Page,
) -> None:
    load_regions()
    point = make_point(cast)
    page = phone_page
    page.context.grant_permissions(["geolocation"], origin=live_server.url)
    page.context.set_geolocation({"latitude": 23.5432, "longitude": 116.3721, "accuracy": 15})

    page.goto(f"{live_server.url}/m/appeals/new?qr={point.slug}")
    expect(page.get_by_test_id("qr-source")).to_have_text("来自：进东社区新就业群体驿站")
    # The region picker opens at the station's village.
    expect(page.get_by_label("社区（村）")).to_have_value(VILLAGE)
    expect(page.get_by_label("区（县）")).to_have_value("445202000000")

    page.get_by_label("求助", exact=True).check()
    page.get_by_label("标题").fill("驿站饮水机坏了")
    page.get_by_label("具体情况").fill("驿站的饮水机坏了三天，骑手们没有热水喝。")
    page.get_by_label("照片（可不传").set_input_files(
        files=[FilePayload(name="饮水机.png", mimeType="image/png", buffer=tiny_png())]
    )
    page.get_by_role("button", name="使用当前位置").click()
    expect(page.get_by_text("已记录您的位置")).to_be_visible()
    page.get_by_label("联系电话").fill("13812345678")
    page.get_by_role("button", name="提交").click()

    page.wait_for_url(re.compile(r"/m/appeals/SQ\d+/receipt$"))
    number = page.get_by_test_id("receipt-number").inner_text()
    code = page.get_by_test_id("receipt-code").inner_text()
    assert re.fullmatch(r"[A-Z2-9]{6}", code)
    expect(page.get_by_text("请保存编号和查询码")).to_be_visible()
    expect(page.get_by_test_id("receipt-qr").locator("svg")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390  # fits the phone

    case = Case.objects.get(number=number)
    assert (case.channel, case.subtype, case.region_code) == ("qr", "help", VILLAGE)
    assert case.category is not None
    assert case.category.code == "labour.new_employment"
    assert (case.latitude, case.longitude) == (23.5432, 116.3721)
    assert Attachment.objects.filter(case=case, content_type="image/png").exists()

    page.goto(f"{live_server.url}/m/appeals/track")
    page.get_by_label("编号").fill(number)
    page.get_by_label("查询码").fill(code.lower())
    page.get_by_role("button", name="查询").click()
    page.wait_for_url(f"{live_server.url}/m/appeals/{number}")
    expect(page.get_by_test_id("case-status")).to_have_text("待派单")
    expect(page.get_by_text("驿站饮水机坏了")).to_be_visible()
