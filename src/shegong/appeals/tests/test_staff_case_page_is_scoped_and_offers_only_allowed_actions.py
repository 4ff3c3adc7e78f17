"""The staff case page: 404 outside the actor's scope, and only the actions the actor may take
now (from the procedure's declaration, the status, the roles and the unit's assignment)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client, override_settings

from shegong.appeals.actions import do_submit_appeal
from shegong.appeals.models import DispatchRule
from shegong.cases.models import Case, Category
from shegong.cases.tests.steps import client_for, dispatched, intake_data, submitted
from shegong.conftest import COUNTY, Cast, login

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def page(user_client: Client, case: Case) -> str:
    response = user_client.get(f"/appeals/{case.number}/")
    assert response.status_code == 200
    return response.content.decode()


def offered(body: str) -> set[str]:
    """The verbs whose action form the page shows."""
    verbs = {"triage", "answer", "dispatch", "accept", "object", "review_objection", "extend"}
    verbs |= {"whistle", "report_in", "reply", "follow_up", "merge", "supervise"}
    return {verb for verb in verbs if f'data-testid="action-{verb}"' in body}


def test_anonymous_visitors_are_sent_to_the_login_page(client: Client, cast: Cast) -> None:
    case = submitted(cast)
    response = client.get(f"/appeals/{case.number}/")
    assert response.status_code == 302
    assert response["Location"].startswith("/login/")


def test_staff_of_another_county_get_404(cast: Cast) -> None:
    case = submitted(cast)
    assert client_for(cast.outsider).get(f"/appeals/{case.number}/").status_code == 404


def test_a_resident_gets_404_on_the_staff_page_even_for_their_own_appeal(cast: Cast) -> None:
    case = submitted(cast)
    assert client_for(cast.resident).get(f"/appeals/{case.number}/").status_code == 404


def test_an_unknown_number_gets_404(client: Client, cast: Cast) -> None:
    assert login(client, cast.dispatcher).get("/appeals/SQ20260101000000/").status_code == 404


def test_the_leader_reads_the_case_but_is_offered_no_action(cast: Cast) -> None:
    body = page(client_for(cast.leader), submitted(cast))
    assert "小区路灯不亮" in body
    assert offered(body) == set()
    assert "没有可执行的操作" in body


def test_the_dispatcher_may_triage_answer_dispatch_or_merge_a_new_appeal(cast: Cast) -> None:
    body = page(client_for(cast.dispatcher), submitted(cast))
    assert offered(body) == {"triage", "answer", "dispatch", "merge"}


def test_r24_the_dispatch_form_preselects_the_catalogue_unit(cast: Cast) -> None:
    category = Category.objects.get(code="urban.roads")
    DispatchRule.objects.create(category=category, region_code=COUNTY, unit=cast.department)
    body = page(client_for(cast.dispatcher), submitted(cast))
    assert f'<option value="{cast.department.pk}" selected>' in body
    # A unit of another county may not handle the case, so it is not offered at all.
    assert cast.other_county_unit.name not in body


def test_only_the_lead_unit_may_accept_or_object(cast: Cast) -> None:
    case = dispatched(cast)
    assert offered(page(client_for(cast.handler), case)) == {"accept", "object"}
    # County staff see the case in their region but do not hold it.
    assert offered(page(client_for(cast.staff), case)) == set()


def test_the_supervisor_may_supervise_an_open_case(cast: Cast) -> None:
    assert offered(page(client_for(cast.supervisor), dispatched(cast))) == {"supervise"}


def test_clocks_and_units_are_shown_with_their_state(cast: Cast) -> None:
    body = page(client_for(cast.handler), dispatched(cast))
    assert "签收响应时限" in body
    assert "sg-state-running" in body
    assert "榕城区住房和城乡建设局" in body
    assert "主办" in body


@pytest.fixture
def media(tmp_path: Path) -> Iterator[Path]:
    with override_settings(MEDIA_ROOT=tmp_path):
        yield tmp_path


def test_a_photo_is_shown_to_staff_who_may_open_the_case_and_to_nobody_else(
    cast: Cast, media: Path
) -> None:
    photo = SimpleUploadedFile("lamp.png", PNG, content_type="image/png")
    case = do_submit_appeal(intake_data(cast), actor=cast.resident, files=[photo]).case
    attachment = case.attachments.get()
    url = f"/appeals/{case.number}/attachments/{attachment.pk}/"
    assert f'<img src="{url}"' in page(client_for(cast.dispatcher), case)
    response = client_for(cast.dispatcher).get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert b"".join(response.streaming_content) == PNG  # type: ignore[attr-defined]
    assert client_for(cast.outsider).get(url).status_code == 404
    assert client_for(cast.resident).get(url).status_code == 404
    other = submitted(cast)
    # An attachment id under another case's number is not found either.
    assert (
        client_for(cast.dispatcher)
        .get(f"/appeals/{other.number}/attachments/{attachment.pk}/")
        .status_code
        == 404
    )


def test_the_case_page_reads_a_bounded_number_of_rows(
    cast: Cast, django_assert_max_num_queries: Any
) -> None:
    case = dispatched(cast, co_units=(cast.district,))
    handler = client_for(cast.handler)
    handler.get(f"/appeals/{case.number}/")
    with django_assert_max_num_queries(25):
        page(handler, case)
