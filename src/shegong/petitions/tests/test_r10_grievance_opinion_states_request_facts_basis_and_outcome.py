"""R10: the 信访处理意见书 for a 申诉求决 states the 投诉请求, 事实和理由, 处理意见,
法律法规依据 and an outcome of 支持, 解释说明 or 不予支持; a 建议意见 is answered with its
adoption."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from shegong.conftest import Cast
from shegong.petitions import actions
from shegong.petitions.models import Classification, DocumentKind, PetitionStatus
from shegong.petitions.tests.conftest import Offices
from shegong.petitions.tests.steps import (
    accepted,
    act,
    client_for,
    document,
    document_text,
    fresh,
    opinion,
)

PARTS = {"request", "facts_and_reasons", "legal_basis", "outcome"}


def test_r10_it_refuses_an_opinion_missing_any_part(cast: Cast, offices: Offices) -> None:
    case = accepted(cast, offices)
    response = act(client_for(cast.handler), case.number, "conclude", opinion="已责成整改")
    assert response.status_code == 422
    assert set(response.json()["fields"]) == PARTS
    assert "法律法规依据" in response.json()["fields"]["legal_basis"][0]
    assert fresh(case).status == PetitionStatus.ACCEPTED


@pytest.mark.parametrize("part", sorted(PARTS))
def test_r10_each_part_is_required(cast: Cast, offices: Offices, part: str) -> None:
    case = accepted(cast, offices)
    with pytest.raises(ValidationError) as error:
        actions.do_conclude(case, actor=cast.handler, opinion=opinion(**{part: ""}))
    assert list(error.value.message_dict) == [part]


def test_r10_the_outcome_is_one_of_three(cast: Cast, offices: Offices) -> None:
    case = accepted(cast, offices)
    with pytest.raises(ValidationError, match="支持、解释说明或不予支持"):
        actions.do_conclude(case, actor=cast.handler, opinion=opinion(outcome="partly"))


@pytest.mark.parametrize(
    ("outcome", "label"), [("support", "支持"), ("explain", "解释说明"), ("reject", "不予支持")]
)
def test_r10_the_opinion_states_every_part(
    cast: Cast, offices: Offices, outcome: str, label: str
) -> None:
    case = accepted(cast, offices)
    actions.do_conclude(case, actor=cast.handler, opinion=opinion(outcome=outcome))
    assert fresh(case).petition.outcome == outcome
    text = document_text(document(case, DocumentKind.OPINION))
    for heading in ("投诉请求", "事实和理由", "处理意见", "法律法规依据", f"处理结果：{label}"):
        assert heading in text
    assert "建设工程质量管理条例" in text


def test_r10_a_suggestion_is_answered_with_its_adoption(cast: Cast, offices: Offices) -> None:
    case = accepted(cast, offices, classification=Classification.SUGGESTION)
    with pytest.raises(ValidationError) as error:
        actions.do_conclude(case, actor=cast.handler, opinion=opinion(outcome=""))
    assert list(error.value.message_dict) == ["adoption"]
    actions.do_conclude(case, actor=cast.handler, opinion=opinion(outcome="", adoption="partly"))
    assert fresh(case).petition.adoption == "partly"
