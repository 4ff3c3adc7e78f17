"""R14: after 复核 the matter is closed for good; the same petitioner bringing the same facts and
reasons again is 不再受理, once staff confirm the earlier case it repeats."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from shegong.cases.models import Case
from shegong.conftest import Cast
from shegong.petitions import actions
from shegong.petitions.models import DeclineReason, DocumentKind, PetitionStatus
from shegong.petitions.tests.conftest import Offices
from shegong.petitions.tests.steps import (
    act,
    client_for,
    closed,
    document,
    document_text,
    filed_through_api,
    fresh,
    reviewed,
)


def brought_again(offices: Offices) -> tuple[Case, list[str]]:
    return filed_through_api(offices.province_clerk)


def test_r14_the_closed_matter_is_found_and_declined(cast: Cast, offices: Offices) -> None:
    earlier = closed(cast, offices)
    case, same_matter = brought_again(offices)
    assert same_matter == [earlier.number]
    actions.do_decline(
        case, actor=offices.province_clerk, reason=DeclineReason.AFTER_RE_REVIEW, related=earlier
    )
    case = fresh(case)
    assert case.status == PetitionStatus.DECLINED
    assert case.petition.decline_reason == DeclineReason.AFTER_RE_REVIEW
    text = document_text(document(case, DocumentKind.REFUSAL))
    assert "不再受理" in text
    assert earlier.number in text


def test_r14_it_refuses_while_the_earlier_case_is_not_closed(cast: Cast, offices: Offices) -> None:
    earlier = reviewed(cast, offices)  # 复查 answered, 复核 still possible
    case, _ = brought_again(offices)
    with pytest.raises(ValidationError, match="尚未复核终结"):
        actions.do_decline(
            case,
            actor=offices.province_clerk,
            reason=DeclineReason.AFTER_RE_REVIEW,
            related=earlier,
        )
    assert fresh(case).status == PetitionStatus.REGISTERED


def test_r14_it_needs_the_earlier_case_named(cast: Cast, offices: Offices) -> None:
    closed(cast, offices)
    case, _ = brought_again(offices)
    response = act(
        client_for(offices.province_clerk), case.number, "decline", reason="after_re_review"
    )
    assert response.status_code == 422
    assert "related" in response.json()["fields"]
    assert fresh(case).status == PetitionStatus.REGISTERED
