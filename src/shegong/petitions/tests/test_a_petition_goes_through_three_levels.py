"""Registration → 转送 → 受理 → 处理意见书 → 复查 at the city → 复核 at the province (R3–R5,
R10–R14), through the actions, with every document issued and the clocks where the law puts
them."""

from __future__ import annotations

from django.utils import timezone

from shegong.cases.models import Case, Clock
from shegong.conftest import Cast
from shegong.petitions import actions
from shegong.petitions.models import DocumentKind, PetitionDocument, PetitionStatus, Stage
from shegong.petitions.tests.conftest import Offices
from shegong.petitions.tests.steps import opinion, register


def kinds(case: Case) -> list[str]:
    return list(PetitionDocument.objects.filter(case=case).values_list("kind", flat=True))


def test_one_petition_runs_from_county_to_province(cast: Cast, offices: Offices) -> None:
    case = register(offices.county_clerk)
    assert case.status == PetitionStatus.REGISTERED
    assert Clock.objects.filter(case=case, name="route").exists()  # R3

    actions.do_forward(case, actor=offices.county_clerk, unit=cast.department)
    actions.do_accept(case, actor=cast.handler)
    actions.do_conclude(case, actor=cast.handler, opinion=opinion())
    case.refresh_from_db()
    assert case.status == PetitionStatus.CONCLUDED

    today = timezone.localdate()
    actions.do_request_review(
        case, actor=offices.city_clerk, unit=offices.city_organ, received_on=today
    )
    actions.do_conclude_review(case, actor=offices.city_handler, opinion=opinion())
    actions.do_request_re_review(
        case, actor=offices.province_clerk, unit=offices.province_organ, received_on=today
    )
    actions.do_conclude_re_review(case, actor=offices.province_handler, opinion=opinion())

    case.refresh_from_db()
    assert case.status == PetitionStatus.CLOSED
    assert case.petition.stage == Stage.RE_REVIEW
    assert kinds(case) == [
        DocumentKind.FORWARD,
        DocumentKind.ACCEPTANCE,
        DocumentKind.OPINION,
        DocumentKind.REVIEW,
        DocumentKind.RE_REVIEW,
    ]
    names = set(Clock.objects.filter(case=case).values_list("name", flat=True))
    assert {"route", "notice", "objection", "handling", "review", "re_review"} <= names
