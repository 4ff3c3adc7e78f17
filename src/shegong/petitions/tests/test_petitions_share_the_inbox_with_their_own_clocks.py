"""Petitions share the staff inbox with appeals: a unit sees everything it holds in one list,
each row with the nearest of its own procedure's clocks (a petition's R3/R5/R11 limits, an
appeal's response limit), linked to its own case page. R15 holds in the shared inbox too."""

from __future__ import annotations

from datetime import timedelta
from html.parser import HTMLParser

import time_machine
from django.test import Client
from django.utils import timezone

from shegong.cases.inbox import inbox_for
from shegong.cases.models import Case
from shegong.cases.tests.steps import dispatched
from shegong.conftest import Cast
from shegong.petitions import actions
from shegong.petitions.tests.conftest import Offices
from shegong.petitions.tests.steps import accusation, client_for, register


class Rows(HTMLParser):
    """The inbox rows by case number: kind, the case link and the text of each cell."""

    def __init__(self) -> None:
        super().__init__()
        self.rows: dict[str, dict[str, str]] = {}
        self._row: dict[str, str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag == "tr" and a.get("data-testid") == "inbox-row":
            self._row = {"kind": a["data-kind"] or "", "text": ""}
            self.rows[a["data-number"] or ""] = self._row
        elif tag == "a" and self._row is not None and "href" not in self._row:
            self._row["href"] = a["href"] or ""
        elif tag == "input" and self._row is not None:
            self._row["tick"] = "yes"

    def handle_endtag(self, tag: str) -> None:
        if tag == "tr":
            self._row = None

    def handle_data(self, data: str) -> None:
        if self._row is not None:
            self._row["text"] += data.strip() + " "


def rows(client: Client, path: str, **params: str) -> dict[str, dict[str, str]]:
    response = client.get(path, params)
    assert response.status_code == 200
    parser = Rows()
    parser.feed(response.content.decode())
    return parser.rows


def forwarded_petition(cast: Cast, offices: Offices) -> Case:
    case = register(offices.county_clerk)
    return actions.do_forward(case, actor=offices.county_clerk, unit=cast.department)


def test_a_unit_sees_its_appeals_and_petitions_in_one_box_each_with_its_own_clock(
    cast: Cast, offices: Offices
) -> None:
    appeal, petition = dispatched(cast), forwarded_petition(cast, offices)

    box = rows(client_for(cast.handler), "/inbox/", tab="unit")

    assert set(box) == {appeal.number, petition.number}
    assert box[petition.number]["kind"] == "petition"
    assert box[petition.number]["href"] == f"/petitions/{petition.number}/"
    assert "信访" in box[petition.number]["text"]
    assert "已转送" in box[petition.number]["text"]
    # R5: five working days to object come due before the 15 days for the written notice.
    assert "异议时限" in box[petition.number]["text"]
    assert box[appeal.number]["href"] == f"/appeals/{appeal.number}/"
    assert "签收响应时限" in box[appeal.number]["text"]
    # The bulk 签收 is the appeals' own: a petition is accepted with its notice (R4, R5).
    assert box[appeal.number].get("tick") == "yes"
    assert "tick" not in box[petition.number]


def test_the_kind_tabs_and_the_two_entry_pages_narrow_the_list(
    cast: Cast, offices: Offices
) -> None:
    appeal, petition = dispatched(cast), forwarded_petition(cast, offices)
    client = client_for(cast.handler)

    assert set(rows(client, "/inbox/", tab="unit", kind="petitions")) == {petition.number}
    assert set(rows(client, "/inbox/", tab="unit", kind="appeals")) == {appeal.number}
    assert set(rows(client, "/petitions/", tab="unit")) == {petition.number}
    assert set(rows(client, "/appeals/", tab="unit")) == {appeal.number}
    # Choosing every kind from either entry page lists both.
    assert set(rows(client, "/petitions/", tab="unit", kind="")) == {
        appeal.number,
        petition.number,
    }


def test_a_petitions_status_filter_uses_the_petition_states(cast: Cast, offices: Offices) -> None:
    forwarded = forwarded_petition(cast, offices)
    waiting = register(offices.county_clerk, request="另一件事", facts="另一件事实")
    clerk = client_for(offices.county_clerk)

    listed = rows(clerk, "/petitions/", tab="all", status="registered")

    assert set(listed) == {waiting.number}
    assert forwarded.number in rows(clerk, "/petitions/", tab="all", status="forwarded")


def test_an_overdue_petition_is_marked_in_the_overdue_box(cast: Cast, offices: Offices) -> None:
    """R3: fifteen days to forward or assign; past them the petition is overdue in the inbox."""
    late = register(offices.county_clerk)
    with time_machine.travel(timezone.now() + timedelta(days=17), tick=False):
        box = rows(client_for(offices.county_clerk), "/inbox/", tab="overdue")
        page = inbox_for(offices.county_clerk, box="overdue", kinds=["petitions"])

    assert set(box) == {late.number}
    assert "转送交办时限" in box[late.number]["text"]
    assert "已超期" in box[late.number]["text"]
    assert [row.is_overdue for row in page.items] == [True]


def test_an_accusation_is_not_in_the_accused_units_inbox(cast: Cast, offices: Offices) -> None:
    """R15: the shared inbox applies the petitions' hidden rule in every box."""
    case = accusation(offices.county_clerk, accused_unit=cast.department, accused_name="某科长")
    dispatched(cast)

    for box in ("unit", "overdue", "all"):
        numbers = [row.number for row in inbox_for(offices.dept_leader, box=box).items]
        assert case.number not in numbers, box
    assert case.number not in rows(client_for(offices.dept_leader), "/inbox/", tab="all")
    assert case.number in rows(client_for(offices.county_clerk), "/inbox/", tab="all")


def test_switching_kind_drops_the_filters_the_other_kind_has_not(
    cast: Cast, offices: Offices
) -> None:
    """Statuses differ per procedure and petitions have no urgency: a filter chosen for appeals
    must not silently empty the petitions list."""
    petition = forwarded_petition(cast, offices)
    page = client_for(offices.dept_leader).get(
        "/inbox/", {"tab": "all", "kind": "appeals", "urgency": "urgent", "status": "processing"}
    )
    link = page.content.decode().split('data-testid="kind-petitions"')[0].rsplit('href="', 1)[1]
    link = link.split('"')[0].replace("&amp;", "&")

    assert "urgency" not in link
    assert "status" not in link
    assert petition.number in rows(
        client_for(offices.dept_leader),
        link.split("?")[0],
        **dict(pair.split("=", 1) for pair in link.split("?")[1].split("&")),
    )


def test_an_accusations_content_stays_off_the_list(cast: Cast, offices: Offices) -> None:
    """R15: the inbox is read without a log entry, so an accusation's row shows no content;
    opening it (which is logged) shows the rest."""
    case = accusation(offices.county_clerk, request="检举某科长收受红包")

    row = rows(client_for(offices.county_clerk), "/inbox/", tab="all")[case.number]

    assert "收受红包" not in row["text"]
    assert "检举控告事项" in row["text"]
