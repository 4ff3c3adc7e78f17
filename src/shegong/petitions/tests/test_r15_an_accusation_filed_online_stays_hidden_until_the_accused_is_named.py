"""R15 for accusations filed online: the petitioner can only type whom they accuse, so until
the office records the accused unit or person (核定类别, R9), the accusation is seen only by the
units that have held it. Once named, the accused unit never sees it and it is never sent there.
The office also settles what the petitioner ticked: a mislabelled accusation goes to 纪检监察.
"""

from __future__ import annotations

import uuid

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.test import Client

from shegong.accounts.models import User
from shegong.cases.inbox import inbox_for
from shegong.cases.models import Case, Notice
from shegong.cases.queries import access_case
from shegong.conftest import VILLAGE, Cast
from shegong.petitions import actions
from shegong.petitions.models import Classification, PetitionStatus
from shegong.petitions.tests.conftest import Offices
from shegong.petitions.tests.steps import act, client_for, fresh

SECRET = "某执法队员多次收受商户财物后不予处罚"


def filed_online(classification: str = "accusation") -> Case:
    response = Client().post(
        "/petitions/online/",
        {
            "classification": classification,
            "request": "检举某执法人员收受好处",
            "facts": SECRET,
            "reasons": "违反廉洁纪律",
            "accused_name": "住建局某科长",
            "region_code": VILLAGE,
            "name": "匿名群众乙",
            "address": "进东社区",
            "client_token": str(uuid.uuid4()),
        },
    )
    assert response.status_code == 302, response.content.decode()
    return Case.objects.get(procedure="petitions")


def visible_to(user: User, case: Case) -> bool:
    try:
        access_case(user, case.number)
    except Http404:
        return False
    return True


def test_r15_until_the_accused_is_named_only_the_holding_office_sees_it(
    cast: Cast, offices: Offices
) -> None:
    case = filed_online()

    assert visible_to(offices.county_clerk, case)
    for user in (offices.dept_leader, cast.leader, cast.handler):
        assert not visible_to(user, case), user
        assert case.number not in [r.number for r in inbox_for(user, box="all").items]
    # The office is told that something arrived, not what it says.
    notice = Notice.objects.get(user=offices.county_clerk, case=case)
    assert SECRET not in notice.text
    assert "检举控告" in notice.text


def test_r15_once_named_the_accused_unit_never_sees_it_nor_receives_it(
    cast: Cast, offices: Offices
) -> None:
    case = filed_online()
    clerk = client_for(offices.county_clerk)

    response = act(
        clerk,
        case.number,
        "classify",
        classification="accusation",
        accused_unit=cast.department.pk,
        accused_name="住建局某科长",
    )

    assert response.status_code == 200, response.content
    petition = fresh(case).petition
    assert petition.accused_unit == cast.department
    assert not visible_to(offices.dept_leader, case)
    with pytest.raises(ValidationError, match="被检举控告的单位"):
        actions.do_forward(case, actor=offices.county_clerk, unit=cast.department)
    actions.do_forward(case, actor=offices.county_clerk, unit=offices.discipline)
    assert visible_to(offices.discipline_handler, case)


def test_r09_a_mislabelled_accusation_is_reclassified_and_goes_to_discipline(
    cast: Cast, offices: Offices
) -> None:
    case = filed_online(classification="grievance")  # ticked 申诉求决 by the petitioner

    actions.do_classify(
        case,
        actor=offices.county_clerk,
        classification=Classification.ACCUSATION,
        accused_unit=cast.department,
    )

    case = fresh(case)
    assert case.subtype == Classification.ACCUSATION
    with pytest.raises(ValidationError, match="R9"):
        actions.do_forward(case, actor=offices.county_clerk, unit=offices.city_organ)
    assert case.status == PetitionStatus.REGISTERED


def test_r09_a_grievance_keeps_no_accused(cast: Cast, offices: Offices) -> None:
    case = filed_online()

    actions.do_classify(
        case,
        actor=offices.county_clerk,
        classification=Classification.GRIEVANCE,
        law_related=True,
        accused_unit=cast.department,
        accused_name="某人",
    )

    petition = fresh(case).petition
    assert petition.classification == Classification.GRIEVANCE
    assert petition.law_related is True
    assert petition.accused_unit is None
    assert petition.accused_name == ""


def test_only_the_office_holding_it_classifies(cast: Cast, offices: Offices) -> None:
    """R9: the classification is settled by the 信访部门 that holds the petition."""
    case = filed_online()

    with pytest.raises((PermissionDenied, Http404)):
        actions.do_classify(case, actor=offices.city_clerk, classification="grievance")
    assert fresh(case).petition.classification == Classification.ACCUSATION


def test_the_case_page_offers_classification_with_the_current_values(
    cast: Cast, offices: Offices
) -> None:
    """R9: the office settles the classification (核定类别) on the case page."""
    case = filed_online()

    page = client_for(offices.county_clerk).get(f"/petitions/{case.number}/").content.decode()

    assert "核定类别" in page
    assert 'value="accusation" selected' in page
    assert 'value="住建局某科长"' in page
