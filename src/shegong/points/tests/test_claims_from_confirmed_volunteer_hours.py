from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from shegong.accounts.models import User
from shegong.conftest import VILLAGE, Cast
from shegong.lib.crypto import lookup_hash
from shegong.lib.idcard import check_char
from shegong.points.actions import (
    PointsError,
    do_claims_from_service,
    do_create_household,
    do_create_rule,
)
from shegong.points.models import ClaimStatus, EarningRule, RuleKind
from shegong.points.queries import balance_of
from shegong.volunteers.models import (
    CONSENT_VERSION,
    Organisation,
    OrganisationKind,
    ServiceRecord,
    Volunteer,
)


def _service(user: User, hours: str, status: str) -> ServiceRecord:
    first17 = "44520219800101123"
    volunteer, _ = Volunteer.objects.get_or_create(
        user=user,
        defaults={
            "number": "V44520200000001",
            "name": user.name,
            "id_number": first17 + check_char(first17),
            "id_hash": lookup_hash(first17 + check_char(first17)),
            "region_code": VILLAGE,
            "consent_at": timezone.now(),
            "consent_version": CONSENT_VERSION,
        },
    )
    organisation, _ = Organisation.objects.get_or_create(
        name="进东社区志愿服务站",
        defaults={"region_code": VILLAGE, "kind": OrganisationKind.COMMUNITY_STATION},
    )
    return ServiceRecord.objects.create(
        volunteer=volunteer,
        organisation=organisation,
        region_code=VILLAGE,
        content="敬老院陪伴",
        service_date=dt.date(2026, 5, 1),
        hours=Decimal(hours),
        status=status,
        source="organiser",
        confirmed_at=timezone.now() if status == "confirmed" else None,
    )


@pytest.fixture
def hour_rule(cast: Cast) -> EarningRule:
    return do_create_rule(
        actor=cast.village_cadre,
        region_code=VILLAGE,
        name="志愿服务每小时",
        kind=RuleKind.PER_HOUR,
        points=5,
    )


def test_confirmed_service_hours_become_claims_for_the_household_once(
    cast: Cast, hour_rule: EarningRule
) -> None:
    household = do_create_household(
        actor=cast.village_cadre,
        region_code=VILLAGE,
        number="007",
        head_name="张群众",
        user=cast.resident,
    )
    _service(cast.resident, "2.50", "confirmed")
    _service(cast.resident, "3.00", "pending")

    claims = do_claims_from_service(hour_rule, actor=cast.village_cadre)

    assert [(c.points, c.status) for c in claims] == [(13, ClaimStatus.SUBMITTED)]
    assert "敬老院陪伴" in claims[0].evidence
    assert balance_of(household) == 0  # R50: still to be reviewed and posted
    assert do_claims_from_service(hour_rule, actor=cast.village_cadre) == []


def test_only_an_hourly_rule_reads_service_hours(cast: Cast, rule: EarningRule) -> None:
    with pytest.raises(PointsError) as refused:
        do_claims_from_service(rule, actor=cast.village_cadre)
    assert refused.value.code == "rule"
