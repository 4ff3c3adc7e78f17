"""On a phone, a leader reads the ranking: the charts fit the screen, the wide table scrolls."""

from __future__ import annotations

import os
from typing import Any

import pytest

from shegong.appeals.tests.rates_steps import HOUR, at, handled
from shegong.conftest import PASSWORD, Cast

# The phone fixtures live with the web shell's browser tests; this module borrows them.
from shegong.web.tests.conftest import browser, phone_context, phone_page  # noqa: F401

pytestmark = pytest.mark.browser


def test_a_leader_reads_the_ranking_and_its_charts_on_a_phone(
    transactional_db: None,
    live_server: Any,
    cast: Cast,
    phone_page: Any,  # noqa: F811 - the borrowed fixture
) -> None:
    handled(cast, dispatched=at("2026-10-03 10:00"), rating="satisfied")
    handled(cast, dispatched=at("2026-10-04 10:00"), rating="partly")
    handled(
        cast,
        dispatched=at("2026-10-05 10:00"),
        unit=cast.township_unit,
        accepted_after=3 * HOUR,
        rating="satisfied",
    )
    page = phone_page
    page.goto(f"{live_server.url}/login/?next=/appeals/ranking/%3Fmonth%3D2026-10")
    page.get_by_label("用户名").fill("leader")
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()
    page.wait_for_url("**/appeals/ranking/**")
    rows = page.get_by_test_id("ranking-table").locator("tbody tr")
    assert rows.count() == 2
    assert "榕城区住房和城乡建设局" in rows.first.inner_text()  # 98 points before 90
    # The page itself never scrolls sideways; the table scrolls inside its own box.
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    for chart in page.locator("figure.rate-chart svg").all():
        box = chart.bounding_box()
        assert box is not None
        assert box["x"] >= 0
        assert box["x"] + box["width"] <= 390
    shot = os.environ.get("SHEGONG_RANKING_SCREENSHOT")
    if shot:  # for a human look at the layout: SHEGONG_RANKING_SCREENSHOT=/tmp/x.png
        page.screenshot(path=shot, full_page=True)
    # A tap on a unit opens its six-month trend.
    page.get_by_role("link", name="榕城区住房和城乡建设局").first.click()
    assert "近六个月" in page.get_by_test_id("trend").inner_text()
    if shot:
        page.get_by_test_id("trend").screenshot(path=shot.replace(".png", "-trend.png"))
