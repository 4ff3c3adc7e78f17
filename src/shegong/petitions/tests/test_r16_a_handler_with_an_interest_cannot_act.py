"""R16: a handler with a direct interest in the matter must not handle it: one recused on the
case, the person an accusation names, and the petitioner themself are refused; a colleague of
the same unit may act instead."""

from __future__ import annotations

from dataclasses import asdict

import pytest
from django.core.exceptions import PermissionDenied

from shegong.conftest import Cast
from shegong.petitions import actions
from shegong.petitions.models import PetitionStatus, Recusal
from shegong.petitions.tests.conftest import Offices
from shegong.petitions.tests.steps import (
    GRIEVANCE,
    accepted,
    accusation,
    act,
    client_for,
    fresh,
    opinion,
    register,
)

INTEREST = "承办人系开发商股东的近亲属"


def test_r16_a_recused_handler_is_refused(cast: Cast, offices: Offices) -> None:
    case = accepted(cast, offices)
    actions.do_recuse(case, actor=offices.dept_colleague, user=cast.handler, reason=INTEREST)
    assert Recusal.objects.get(case=case).user == cast.handler
    with pytest.raises(PermissionDenied, match="回避"):
        actions.do_conclude(case, actor=cast.handler, opinion=opinion())
    response = act(client_for(cast.handler), case.number, "conclude", **asdict(opinion()))
    assert response.status_code == 403
    actions.do_conclude(case, actor=offices.dept_colleague, opinion=opinion())
    assert fresh(case).status == PetitionStatus.CONCLUDED


def test_r16_only_a_colleague_of_the_same_unit_records_a_recusal(
    cast: Cast, offices: Offices
) -> None:
    case = accepted(cast, offices)
    response = act(
        client_for(offices.county_clerk),
        case.number,
        "recuse",
        user=cast.handler.pk,
        reason=INTEREST,
    )
    assert response.status_code == 422
    assert not Recusal.objects.exists()


def test_r16_the_accused_person_cannot_handle_it(cast: Cast, offices: Offices) -> None:
    accused = offices.discipline_handler
    case = accusation(offices.county_clerk, accused_user=accused, accused_name="纪检监察员")
    actions.do_forward(case, actor=offices.county_clerk, unit=offices.discipline)
    with pytest.raises(PermissionDenied, match="利害关系"):
        actions.do_accept(case, actor=accused)
    assert fresh(case).status == PetitionStatus.FORWARDED


def test_r16_a_handler_cannot_handle_their_own_petition(cast: Cast, offices: Offices) -> None:
    cast.handler.phone = GRIEVANCE["phone"]
    cast.handler.save()
    case = register(offices.county_clerk)
    actions.do_forward(case, actor=offices.county_clerk, unit=cast.department)
    with pytest.raises(PermissionDenied, match="本人"):
        actions.do_accept(case, actor=cast.handler)
    actions.do_accept(case, actor=offices.dept_colleague)
    assert fresh(case).status == PetitionStatus.ACCEPTED
