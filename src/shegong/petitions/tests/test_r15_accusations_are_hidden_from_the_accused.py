"""R15: a 检举控告 and the accuser's identity never reach the unit or person accused: to them it
does not exist (404) on every read and action path, it is never forwarded to the accused unit,
and every staff read of it is in the audit trail."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.http import Http404

from shegong.accounts.models import UnitKind, User
from shegong.audit.models import AuditEntry
from shegong.cases.models import Case
from shegong.cases.queries import access_case, visible_cases
from shegong.conftest import CITY, Cast, make_unit
from shegong.petitions import actions
from shegong.petitions.models import DocumentKind
from shegong.petitions.queries import access_petition
from shegong.petitions.tests.conftest import Offices
from shegong.petitions.tests.steps import (
    accusation,
    act,
    client_for,
    document,
    fresh,
    read_paths,
)


def against_the_department(cast: Cast, offices: Offices) -> Case:
    case = accusation(offices.county_clerk, accused_unit=cast.department, accused_name="某科长")
    return actions.do_forward(case, actor=offices.county_clerk, unit=offices.discipline)


def assert_invisible(user: User, case: Case) -> None:
    with pytest.raises(Http404):
        access_case(user, case.number)
    with pytest.raises(Http404):
        access_petition(user, case.number)
    assert not visible_cases(user).filter(pk=case.pk).exists()
    client = client_for(user)
    doc = document(case, DocumentKind.FORWARD).number
    for path in read_paths(case, doc):
        assert client.get(path).status_code == 404, path
    assert act(client, case.number, "accept").status_code == 404


def test_r15_the_accused_units_staff_get_404(cast: Cast, offices: Offices) -> None:
    case = against_the_department(cast, offices)
    for user in (cast.handler, offices.dept_leader, offices.dept_colleague):
        assert_invisible(user, case)
    assert fresh(case).status == "forwarded"  # the refused action changed nothing


def test_r15_the_accused_person_gets_404(cast: Cast, offices: Offices) -> None:
    case = accusation(offices.county_clerk, accused_user=offices.city_handler)
    actions.do_forward(case, actor=offices.county_clerk, unit=offices.discipline)
    assert_invisible(offices.city_handler, case)
    assert access_case(offices.city_clerk, case.number) == case  # the rest of the city sees it


def test_r15_the_discipline_organ_sees_it(cast: Cast, offices: Offices) -> None:
    case = against_the_department(cast, offices)
    client = client_for(offices.discipline_handler)
    assert client.get(f"/api/v1/cases/{case.number}").status_code == 200
    response = client.get(f"/api/v1/petitions/{case.number}")
    assert response.status_code == 200
    assert response.json()["petitioner"] == "匿名群众甲"
    assert act(client, case.number, "accept").status_code == 200


def test_r15_it_is_never_forwarded_to_the_accused_unit(cast: Cast, offices: Offices) -> None:
    case = accusation(offices.county_clerk, accused_unit=offices.discipline)
    with pytest.raises(ValidationError, match="被检举控告的单位"):
        actions.do_forward(case, actor=offices.county_clerk, unit=offices.discipline)
    city_discipline = make_unit("揭阳市纪委监委", UnitKind.DISCIPLINE, CITY)
    actions.do_forward(case, actor=offices.county_clerk, unit=city_discipline)
    assert fresh(case).lead_unit == city_discipline


def reads(user: User, case: Case) -> list[str]:
    return list(
        AuditEntry.objects.filter(actor=user, object_id=str(case.pk))
        .filter(verb__in=["read", "petitions.document_read"])
        .order_by("id")
        .values_list("verb", flat=True)
    )


def test_r15_every_staff_read_is_in_the_audit_trail(cast: Cast, offices: Offices) -> None:
    case = against_the_department(cast, offices)
    client = client_for(offices.discipline_handler)
    client.get(f"/api/v1/petitions/{case.number}")
    doc = document(case, DocumentKind.FORWARD).number
    client.get(f"/api/v1/petitions/{case.number}/documents/{doc}.pdf")
    assert reads(offices.discipline_handler, case) == ["read", "read", "petitions.document_read"]


def test_r15_a_read_through_the_case_api_is_in_the_audit_trail(
    cast: Cast, offices: Offices
) -> None:
    case = against_the_department(cast, offices)
    client_for(offices.discipline_handler).get(f"/api/v1/cases/{case.number}")
    assert reads(offices.discipline_handler, case) == ["read"]
