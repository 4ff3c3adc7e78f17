"""R17: a 重大、紧急 matter is reported to 本级党委和政府, to the 上一级信访部门 and to 国家信访局;
each report is kept, and the staff of each receiving unit are told."""

from __future__ import annotations

import pytest

from shegong.accounts.models import OrgUnit, RoleCode, UnitKind, User
from shegong.cases.models import Case, Notice
from shegong.conftest import Cast, make_unit, make_user
from shegong.petitions import actions
from shegong.petitions.models import MajorReport, Recipient
from shegong.petitions.tests.conftest import Offices
from shegong.petitions.tests.steps import act, client_for, fresh, register

NOTE = "40 余名业主聚集售楼处，情绪激动，存在扩大风险"


@pytest.fixture
def national_clerk(offices: Offices) -> User:
    office = make_unit("国家信访局", UnitKind.PETITION, "110000000000")
    return make_user("xf_national", office, RoleCode.PETITION_STAFF, name="国家局值班")


def reported_to(case: Case) -> dict[str, OrgUnit | None]:
    return {r.recipient: r.unit for r in MajorReport.objects.filter(case=case)}


def test_r17_a_report_goes_to_three_addressees(
    cast: Cast, offices: Offices, national_clerk: User
) -> None:
    case = register(offices.county_clerk, channel="visit", headcount=40)
    actions.do_report_major(case, actor=offices.county_clerk, note=NOTE)
    assert reported_to(case) == {
        Recipient.LOCAL: cast.district,
        Recipient.UPPER: offices.city_office,
        Recipient.NATIONAL: national_clerk.unit,
    }
    assert fresh(case).petition.major is True
    for user in (offices.city_clerk, national_clerk):
        assert NOTE in Notice.objects.get(user=user, case=case).text


def test_r17_a_matter_registered_as_major_is_reported_at_once(
    cast: Cast, offices: Offices, national_clerk: User
) -> None:
    case = register(offices.county_clerk, major=True)
    assert set(reported_to(case)) == set(Recipient)
    assert Notice.objects.filter(user=offices.city_clerk, case=case).exists()


def test_r17_without_a_national_unit_on_the_platform_the_report_is_still_kept(
    offices: Offices,
) -> None:
    case = register(offices.county_clerk)
    response = act(client_for(offices.county_clerk), case.number, "report_major", note=NOTE)
    assert response.status_code == 200, response.content
    assert reported_to(case)[Recipient.NATIONAL] is None  # to be sent through the national system
    assert MajorReport.objects.filter(case=case).count() == 3


def test_r17_a_report_needs_its_content(offices: Offices) -> None:
    case = register(offices.county_clerk)
    response = act(client_for(offices.county_clerk), case.number, "report_major", note="")
    assert response.status_code == 422
    assert not MajorReport.objects.exists()
