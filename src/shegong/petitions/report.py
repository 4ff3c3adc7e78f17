"""The annual report of a 信访部门 (R19, 条例 第41条): the year's figures for one region.

What the law asks for, and where each figure comes from:

- counts: the petitions *received* in the year (Asia/Shanghai calendar year) whose region lies in
  the region's subtree, by channel, classification, month and where they stand now;
- domains: the case category (事项分类), "未分类" when none was chosen;
- most-complained units: the ten `respondent_unit`s named most often;
- 转送/交办/督办: the forward, assign and supervise actions *taken* in the year on petitions of
  the region, the petitions supervised at least once, and how the R3 (转送交办, 15 days) and R11
  (办理, 60 days) clocks started in the year ended — met, overdue, or still within their limit;
- 复查/复核 requests and answers taken in the year (R12, R13);
- suggestions (建议意见) and their adoption (采纳/部分采纳/未采纳), and the petitioners'
  ratings (R20).

Every figure is an aggregate in the database: the report costs the same handful of queries
whether the region received ten petitions or a hundred thousand.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from itertools import pairwise
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import Count, F, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from shegong.accounts.models import OrgUnit, RoleCode, UnitKind, User
from shegong.accounts.queries import access_region_code
from shegong.cases.models import Action, Case, Channel, Clock, Rating
from shegong.lib import regioncodes
from shegong.petitions.models import Adoption, Classification, PetitionStatus
from shegong.petitions.procedure import PETITIONS
from shegong.regions.queries import get_region
from shegong.regions.scope import subtree_q

FIRST_YEAR = 2000
TOP_RESPONDENTS = 10
UNCATEGORISED = "未分类"
REPORT_ROLES = (
    RoleCode.PETITION_STAFF,
    RoleCode.LEADER,
    RoleCode.ADMIN,
    RoleCode.SOCIAL_WORK_STAFF,
)
# Where a petition received in the year stands now; every status falls in exactly one bucket.
STANDING = {
    "concluded": ("已办结", Q(status=PetitionStatus.CONCLUDED)),
    "reviewed": ("已复查", Q(status=PetitionStatus.REVIEWED)),
    "re_reviewed": ("已复核终结", Q(status=PetitionStatus.CLOSED)),
    "declined": ("不予受理", Q(status=PetitionStatus.DECLINED)),
}
IN_PROGRESS = "办理中"
RATINGS = Rating.values
ROUTING_VERBS = {
    "forward": "forwarded",
    "assign": "assigned",
    "supervise": "supervisions",
    "request_review": "review_requested",
    "conclude_review": "review_concluded",
    "request_re_review": "re_review_requested",
    "conclude_re_review": "re_review_concluded",
}
CLOCKS = {"route": "转送交办时限（R3，15日）", "handling": "办理时限（R11，60日）"}


@dataclass(frozen=True)
class Figure:
    """One labelled count of a breakdown."""

    label: str
    count: int


@dataclass(frozen=True)
class ClockFigures:
    """How the clocks of one name that started in the year ended (or stand, when still running).

    `met`: stopped by their due time; `overdue`: stopped late, or still running past due;
    `running`: still within the limit. Cancelled clocks (a declined petition) are not counted.
    """

    name: str
    label: str
    met: int
    overdue: int
    running: int

    @property
    def decided(self) -> int:
        return self.met + self.overdue

    @property
    def on_time_rate(self) -> float | None:
        return self.met / self.decided if self.decided else None


@dataclass(frozen=True)
class RoutingFigures:
    """转送/交办/督办 in the year (R3, R6) and the two clocks' on-time rates (R3, R11)."""

    forwarded: int
    assigned: int
    supervisions: int
    supervised_petitions: int
    route: ClockFigures
    handling: ClockFigures


@dataclass(frozen=True)
class ReviewFigures:
    """复查 (R12) and 复核 (R13) requests registered and answers given in the year."""

    review_requested: int
    review_concluded: int
    re_review_requested: int
    re_review_concluded: int


@dataclass(frozen=True)
class SuggestionFigures:
    """建议意见 received in the year and how they were answered (采纳情况)."""

    total: int
    adopted: int
    partly: int
    not_adopted: int

    @property
    def answered(self) -> int:
        return self.adopted + self.partly + self.not_adopted

    @property
    def pending(self) -> int:
        return self.total - self.answered

    @property
    def adoption_rate(self) -> float | None:
        """Adopted in whole or in part, of the suggestions answered."""
        return (self.adopted + self.partly) / self.answered if self.answered else None


@dataclass(frozen=True)
class Satisfaction:
    """The petitioners' own evaluations (R20) of the petitions received in the year."""

    satisfied: int
    partly: int
    unsatisfied: int

    @property
    def rated(self) -> int:
        return self.satisfied + self.partly + self.unsatisfied

    @property
    def rate(self) -> float | None:
        """满意率: satisfied or partly satisfied, of those who rated."""
        return (self.satisfied + self.partly) / self.rated if self.rated else None


@dataclass(frozen=True)
class AnnualReport:
    """R19: everything 条例 第41条 asks a 信访部门 to report for one year and one region."""

    region_code: str
    region_name: str
    year: int
    office: str
    generated_at: datetime
    total: int
    by_channel: list[Figure]
    by_classification: list[Figure]
    by_standing: list[Figure]
    by_month: list[Figure]
    domains: list[Figure]
    respondents: list[Figure]
    routing: RoutingFigures
    reviews: ReviewFigures
    suggestions: SuggestionFigures
    satisfaction: Satisfaction

    @property
    def title(self) -> str:
        return f"{self.region_name}{self.year}年度信访工作年度报告"


# ---------------------------------------------------------------- access and input


def access_report_region(actor: User, region_code: str) -> str:
    """The normalised region code when the actor may report on it; 404 otherwise (R19).

    Staff of the 信访部门, the social work department, leaders and admins report on their own
    region and anything below it; anyone else, and any region outside the actor's scope, gets
    404 so that nothing is revealed.
    """
    if not (actor.is_superuser or actor.has_role(*REPORT_ROLES)):
        raise Http404("未找到该区划")
    return access_region_code(actor, region_code)


def default_region(actor: User, region_code: str) -> str:
    """The region asked for, else the region of the actor's own unit."""
    if region_code.strip():
        return region_code.strip()
    if actor.unit is not None:
        return actor.unit.region_code
    raise ValidationError({"region": "请指定区划代码"})


def check_year(year: int) -> int:
    """A year the report can cover: from 2000 to the current year."""
    this_year = timezone.localdate().year
    if not FIRST_YEAR <= year <= this_year:
        raise ValidationError({"year": f"年度应在 {FIRST_YEAR} 至 {this_year} 年之间"})
    return year


def year_bounds(year: int) -> tuple[datetime, datetime]:
    """Midnight of 1 January and of the next 1 January in Asia/Shanghai (the rules' dates)."""
    return local_midnight(year, 1), local_midnight(year + 1, 1)


def local_midnight(year: int, month: int) -> datetime:
    return timezone.make_aware(datetime(year, month, 1))


def month_bounds(year: int) -> list[tuple[datetime, datetime]]:
    starts = [local_midnight(year, m) for m in range(1, 13)] + [local_midnight(year + 1, 1)]
    return list(pairwise(starts))


# ---------------------------------------------------------------- the report


def annual_report(region_code: str, year: int) -> AnnualReport:
    """R19: the annual report of `region_code` (any level; its whole subtree) for `year`.

    The caller has checked the region (`access_report_region`). Eight queries in all.
    """
    code = regioncodes.normalize(region_code)
    cohort = received_in(code, year)
    figures = cohort_figures(cohort, year)
    actions = action_figures(code, year)
    region = get_region(code)
    region_name = region.name if region else code
    return AnnualReport(
        region_code=code,
        region_name=region_name,
        year=year,
        office=office_name(code, region_name),
        generated_at=timezone.now(),
        total=figures["total"],
        by_channel=channel_figures(cohort),
        by_classification=labelled(figures, "class_", Classification.choices),
        by_standing=standing_figures(figures),
        by_month=[Figure(f"{m}月", figures[f"month_{m}"]) for m in range(1, 13)],
        domains=domain_figures(cohort),
        respondents=respondent_figures(cohort),
        routing=routing_figures(actions, clock_figures(code, year), figures),
        reviews=review_figures(actions),
        suggestions=SuggestionFigures(
            total=figures["suggestions"],
            adopted=figures[f"adoption_{Adoption.ADOPTED}"],
            partly=figures[f"adoption_{Adoption.PARTLY}"],
            not_adopted=figures[f"adoption_{Adoption.NOT_ADOPTED}"],
        ),
        satisfaction=Satisfaction(**{r: figures[f"rating_{r}"] for r in RATINGS}),
    )


def received_in(region_code: str, year: int) -> QuerySet[Case]:
    """The petitions received in the year in the region's subtree (index case_region_received)."""
    start, end = year_bounds(year)
    return Case.objects.filter(
        subtree_q(region_code),
        procedure=PETITIONS.name,
        received_at__gte=start,
        received_at__lt=end,
    )


def cohort_figures(cohort: QuerySet[Case], year: int) -> dict[str, int]:
    """Every count of the year's petitions that is a fixed set of columns, in one query."""
    counts: dict[str, Any] = {"total": Count("pk")}
    for month, (start, end) in enumerate(month_bounds(year), start=1):
        counts[f"month_{month}"] = Count(
            "pk", filter=Q(received_at__gte=start, received_at__lt=end)
        )
    for key, (_label, condition) in STANDING.items():
        counts[f"standing_{key}"] = Count("pk", filter=condition)
    for value in Classification.values:
        counts[f"class_{value}"] = Count("pk", filter=Q(petition__classification=value))
    suggestion = Q(petition__classification=Classification.SUGGESTION)
    counts["suggestions"] = Count("pk", filter=suggestion)
    for value in Adoption.values:
        counts[f"adoption_{value}"] = Count("pk", filter=suggestion & Q(petition__adoption=value))
    for rating in RATINGS:
        counts[f"rating_{rating}"] = Count("pk", filter=Q(rating=rating))
    counts["supervised"] = Count("pk", filter=Q(petition__supervised__gt=0))
    return cohort.aggregate(**counts)


def labelled(
    figures: Mapping[str, int], prefix: str, choices: Iterable[tuple[str, Any]]
) -> list[Figure]:
    return [Figure(str(label), figures[f"{prefix}{value}"]) for value, label in choices]


def standing_figures(figures: Mapping[str, int]) -> list[Figure]:
    """Where the year's petitions stand now; 办理中 is every petition not yet at an end."""
    ended = [Figure(label, figures[f"standing_{key}"]) for key, (label, _q) in STANDING.items()]
    in_progress = figures["total"] - sum(f.count for f in ended)
    return [*ended, Figure(IN_PROGRESS, in_progress)]


def channel_figures(cohort: QuerySet[Case]) -> list[Figure]:
    """By intake channel (R1), the most used first."""
    rows = cohort.values("channel").annotate(n=Count("pk")).order_by("-n", "channel")
    return [Figure(channel_label(row["channel"]), row["n"]) for row in rows]


def channel_label(value: str) -> str:
    return str(Channel(value).label) if value in Channel.values else value


def domain_figures(cohort: QuerySet[Case]) -> list[Figure]:
    """信访事项涉及领域: by case category, the largest first; no category is 未分类."""
    rows = (
        cohort.values("category_id", "category__name")
        .annotate(n=Count("pk"))
        .order_by("-n", "category__name")
    )
    return [Figure(row["category__name"] or UNCATEGORISED, row["n"]) for row in rows]


def respondent_figures(cohort: QuerySet[Case]) -> list[Figure]:
    """被投诉较多的机关或者单位: the ten units the year's petitions complain about most."""
    rows = (
        cohort.filter(petition__respondent_unit__isnull=False)
        .values("petition__respondent_unit_id", "petition__respondent_unit__name")
        .annotate(n=Count("pk"))
        .order_by("-n", "petition__respondent_unit__name")[:TOP_RESPONDENTS]
    )
    return [Figure(row["petition__respondent_unit__name"], row["n"]) for row in rows]


def action_figures(region_code: str, year: int) -> dict[str, int]:
    """The forward, assign, supervise and review actions taken in the year, in one query."""
    start, end = year_bounds(year)
    actions = Action.objects.filter(
        subtree_q(region_code, "case__region_code"),
        case__procedure=PETITIONS.name,
        at__gte=start,
        at__lt=end,
        verb__in=list(ROUTING_VERBS),
    )
    return actions.aggregate(
        **{key: Count("pk", filter=Q(verb=verb)) for verb, key in ROUTING_VERBS.items()}
    )


def clock_figures(region_code: str, year: int) -> dict[str, ClockFigures]:
    """R3 and R11: how the route and handling clocks started in the year ended, in one query.

    The same rule as `Clock.state`: a stopped clock met its limit when it stopped by its due
    time; a running one is overdue once the time (or the time it was paused) passes it.
    """
    start, end = year_bounds(year)
    now = timezone.now()
    stopped = Q(stopped_at__isnull=False)
    late_running = Q(stopped_at__isnull=True) & (
        Q(paused_at__isnull=True, due_at__lt=now) | Q(paused_at__gt=F("due_at"))
    )
    outcomes = {
        "met": stopped & Q(stopped_at__lte=F("due_at")),
        "overdue": (stopped & Q(stopped_at__gt=F("due_at"))) | late_running,
    }
    outcomes["running"] = Q(stopped_at__isnull=True) & ~late_running
    clocks = Clock.objects.filter(
        subtree_q(region_code),
        case__procedure=PETITIONS.name,
        name__in=list(CLOCKS),
        started_at__gte=start,
        started_at__lt=end,
        cancelled=False,
    )
    counts = clocks.aggregate(
        **{
            f"{name}_{outcome}": Count("pk", filter=Q(name=name) & condition)
            for name in CLOCKS
            for outcome, condition in outcomes.items()
        }
    )
    return {
        name: ClockFigures(
            name=name,
            label=label,
            met=counts[f"{name}_met"],
            overdue=counts[f"{name}_overdue"],
            running=counts[f"{name}_running"],
        )
        for name, label in CLOCKS.items()
    }


def routing_figures(
    actions: Mapping[str, int], clocks: Mapping[str, ClockFigures], figures: Mapping[str, int]
) -> RoutingFigures:
    return RoutingFigures(
        forwarded=actions["forwarded"],
        assigned=actions["assigned"],
        supervisions=actions["supervisions"],
        supervised_petitions=figures["supervised"],
        route=clocks["route"],
        handling=clocks["handling"],
    )


def review_figures(actions: Mapping[str, int]) -> ReviewFigures:
    return ReviewFigures(
        review_requested=actions["review_requested"],
        review_concluded=actions["review_concluded"],
        re_review_requested=actions["re_review_requested"],
        re_review_concluded=actions["re_review_concluded"],
    )


def office_name(region_code: str, region_name: str) -> str:
    """The 信访部门 of the region, which issues the report (its name, or a generic one)."""
    office = (
        OrgUnit.objects.filter(region_code=region_code, kind=UnitKind.PETITION)
        .order_by("pk")
        .values_list("name", flat=True)
        .first()
    )
    return office or f"{region_name}信访部门"
