"""Reads behind Open311 GeoReport v2: keys, services, and the public view of appeals.

Only appeals are published, and never a 举报 (report: a whistle-blower's matter) nor one the centre
diverted as confidential (R23); what is published carries no personal data (see open311.py).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from django.db.models import OuterRef, Q, QuerySet, Subquery
from django.http import Http404

from shegong.api.models import Open311Key, Open311Request
from shegong.appeals.models import AppealType, TriageOutcome
from shegong.cases.models import Case, Category, Clock
from shegong.lib import regioncodes
from shegong.lib.crypto import secret_hash
from shegong.regions.models import Region
from shegong.regions.scope import subtree_q

MAX_REQUESTS = 1000


def live_key(value: str) -> Open311Key | None:
    """The live key whose hash matches, or None (also for an empty value)."""
    if not value:
        return None
    return Open311Key.objects.filter(key_hash=secret_hash(value), revoked_at__isnull=True).first()


def resolve_jurisdiction(value: str) -> str:
    """The 12-digit region code of a jurisdiction_id; 404 when it names no region.

    Any well-formed 2/4/6/9/12-digit code is accepted, as intake does; once the national tree
    is loaded, the region must also exist in it.
    """
    try:
        code = regioncodes.normalize(value)
    except regioncodes.InvalidRegionCodeError as exc:
        raise Http404("jurisdiction_id 不是有效的区划代码") from exc
    if Region.objects.exists() and not Region.objects.filter(code=code).exists():
        raise Http404("没有找到该 jurisdiction_id 对应的行政区划")
    return code


def services() -> list[Category]:
    """Active categories without active children, with their parent (the spec's group)."""
    categories = list(Category.objects.filter(is_active=True).select_related("parent"))
    parents = {c.parent_id for c in categories if c.parent_id is not None}
    return [c for c in categories if c.pk not in parents]


def access_service(code: str) -> Category:
    category = Category.objects.filter(code=code, is_active=True).first()
    if category is None:
        raise Http404("没有找到该 service_code")
    return category


def public_cases() -> QuerySet[Case]:
    """Appeals that may be shown to anyone, with what the listing needs in one query."""
    feedback_due = Clock.objects.filter(
        case=OuterRef("pk"), name="feedback", stopped_at__isnull=True, cancelled=False
    ).order_by("-started_at")
    return (
        Case.objects.filter(procedure="appeals")
        .exclude(subtype=AppealType.REPORT)
        .exclude(Q(data__has_key="triage") & Q(data__triage=TriageOutcome.CONFIDENTIAL))
        .select_related("category", "lead_unit", "open311")
        .annotate(expected_at=Subquery(feedback_due.values("due_at")[:1]))
        .order_by("-received_at", "-id")
    )


def in_jurisdiction(cases: QuerySet[Case], code: str | None) -> QuerySet[Case]:
    return cases.filter(subtree_q(code)) if code else cases


def requests_by_number(numbers: Sequence[str], jurisdiction: str | None) -> list[Case]:
    """The spec's service_request_id list, which overrides every other filter."""
    wanted = [n.strip().upper() for n in numbers if n.strip()]
    cases = in_jurisdiction(public_cases(), jurisdiction).filter(number__in=wanted)
    return list(cases[:MAX_REQUESTS])


def open_or_closed(statuses: Sequence[str]) -> Q:
    """The spec's status filter: open, closed, or both (no filter)."""
    if set(statuses) == {"open"}:
        return Q(closed_at__isnull=True)
    if set(statuses) == {"closed"}:
        return Q(closed_at__isnull=False)
    return Q()


def search_requests(
    *,
    jurisdiction: str | None,
    service_codes: Sequence[str],
    start: datetime,
    end: datetime,
    statuses: Sequence[str],
) -> list[Case]:
    """Public appeals received in [start, end], newest first, at most 1000 (spec's volume)."""
    cases = in_jurisdiction(public_cases(), jurisdiction).filter(
        received_at__gte=start, received_at__lte=end
    )
    if service_codes:
        cases = cases.filter(category__code__in=service_codes)
    return list(cases.filter(open_or_closed(statuses))[:MAX_REQUESTS])


def access_public_request(number: str, jurisdiction: str | None) -> Case:
    """One public appeal by its number; 404 for unknown and for unpublished ones alike."""
    case = in_jurisdiction(public_cases(), jurisdiction).filter(number=number.upper()).first()
    if case is None:
        raise Http404("没有找到该 service_request_id")
    return case


def access_token(token: str, jurisdiction: str | None) -> Open311Request:
    submissions = Open311Request.objects.select_related("case").filter(token=token)
    if jurisdiction:
        submissions = submissions.filter(subtree_q(jurisdiction))
    found = submissions.first()
    if found is None:
        raise Http404("没有找到该 token")
    return found
