"""The three rates of 接诉即办 (R30): 响应率, 解决率, 满意率 and the weighted score.

Pure reads. For a month (Asia/Shanghai) and a group (the lead unit, or a region at a chosen
level), over the appeals **dispatched** in that month (`Case.dispatched_at`; a case sent back by
an upheld objection and dispatched again counts in the month of its last dispatch):

- 响应率 = responded on time / responses due. A case is "due" once the lead unit has accepted it
  (`response_on_time` is set) or once its response clock has run out without acceptance; that
  late case counts as not on time. A case still inside its response window, or one whose clock
  was cancelled before it ran out (merged, objection upheld), is not yet judged and is left out
  of both numerator and denominator, so a month that has just ended is not dragged down by
  orders that may still be accepted in time.
- 解决率 = resolved / rated, 满意率 = (满意 + w × 基本满意) / rated, with `rated` the cases that
  carry a rating (the last rating counts when an unresolved case was reopened and rated again)
  and w = `settings.APPEAL_PARTLY_SATISFIED_WEIGHT` (0.9).
- 综合得分 = w1 × 响应率 + w2 × 解决率 + w3 × 满意率 with `settings.APPEAL_RATE_WEIGHTS`
  (10, 50, 40): 0–100 when the weights sum to 100. A group with no rated case has no score
  (shown as "—" and ranked last) rather than a score built from the response rate alone.

A rate whose denominator is 0 is None. Each call is one aggregate query (plus, for regions, one
lookup of region names); the month is a range on `dispatched_at` (index
`case_rates_month`), the scope a range on `region_code`, and the late clocks are read once
per query (index `clock_rates_late`), never once per case. Both indexes carry every column
the query reads, so neither database visits the table rows.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from datetime import date, datetime
from typing import Any, Literal
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db.models import Count, F, Q, QuerySet
from django.db.models.functions import Substr, TruncMonth
from django.utils import timezone

from shegong.appeals.models import Rating
from shegong.appeals.procedure import APPEALS
from shegong.cases.models import Case, Clock
from shegong.lib import regioncodes
from shegong.regions.models import Region
from shegong.regions.scope import subtree_q

Group = Literal["unit", "region"]
COUNT_FIELDS = (
    "dispatched",
    "response_due",
    "on_time",
    "satisfied",
    "partly",
    "unsatisfied",
    "resolved",
    "overdue",
)


@dataclass(frozen=True)
class RateRow:
    """One group's counts, its three rates (0..1, None without a denominator) and its score."""

    key: str
    name: str
    dispatched: int = 0
    response_due: int = 0
    on_time: int = 0
    satisfied: int = 0
    partly: int = 0
    unsatisfied: int = 0
    resolved: int = 0
    overdue: int = 0
    rank: int | None = None

    @property
    def rated(self) -> int:
        return self.satisfied + self.partly + self.unsatisfied

    @property
    def response_rate(self) -> float | None:
        return _ratio(self.on_time, self.response_due)

    @property
    def resolution_rate(self) -> float | None:
        return _ratio(self.resolved, self.rated)

    @property
    def satisfaction_rate(self) -> float | None:
        weight = float(settings.APPEAL_PARTLY_SATISFIED_WEIGHT)
        return _ratio(self.satisfied + weight * self.partly, self.rated)

    @property
    def score(self) -> float | None:
        """R30: the weighted sum of the three rates; None while any of them is undefined."""
        rates = (self.response_rate, self.resolution_rate, self.satisfaction_rate)
        if any(rate is None for rate in rates):
            return None
        weights = rate_weights()
        return sum(w * (r or 0.0) for w, r in zip(weights, rates, strict=True))


@dataclass(frozen=True)
class MonthRates:
    month: date
    row: RateRow


def _ratio(part: float, whole: int) -> float | None:
    return part / whole if whole else None


def rate_weights() -> tuple[float, float, float]:
    """R30: the configured weights of 响应率, 解决率, 满意率 (default 10/50/40)."""
    w1, w2, w3 = (float(w) for w in settings.APPEAL_RATE_WEIGHTS)
    return w1, w2, w3


# ---------------------------------------------------------------- months in Asia/Shanghai


def local_zone() -> ZoneInfo:
    return ZoneInfo(settings.TIME_ZONE)


def month_start(month: date) -> datetime:
    """The first instant of the month in Asia/Shanghai (an aware datetime)."""
    return datetime(month.year, month.month, 1, tzinfo=local_zone())


def add_months(month: date, n: int) -> date:
    index = month.year * 12 + month.month - 1 + n
    return date(index // 12, index % 12 + 1, 1)


def month_bounds(month: date) -> tuple[datetime, datetime]:
    """[start, end) of a calendar month in Asia/Shanghai."""
    return month_start(month), month_start(add_months(month, 1))


def last_complete_month(now: datetime | None = None) -> date:
    today = timezone.localtime(now or timezone.now(), local_zone()).date()
    return add_months(today.replace(day=1), -1)


# ---------------------------------------------------------------- the query


def _late_clocks(
    name: str, *, since: datetime, scope_code: str | None, now: datetime, running: bool
) -> QuerySet[Any, Any]:
    """Ids of cases with a clock of that name, started since `since`, that ran out (as
    `Clock.state`): still running past due, or, unless `running`, stopped after it.

    Uncorrelated on purpose: the database reads the month's clocks once through the index
    `clock_rates_late` and probes the result per case, instead of one lookup per case. Every
    clock of a case dispatched in the month starts at or after the dispatch, hence `since`.
    """
    late = Q(stopped_at__isnull=True) & (
        Q(paused_at__isnull=True, due_at__lt=now) | Q(paused_at__gt=F("due_at"))
    )
    if not running:
        late |= Q(stopped_at__gt=F("due_at"))
    clocks = Clock.objects.filter(late, name=name, cancelled=False, started_at__gte=since)
    if scope_code:
        clocks = clocks.filter(subtree_q(scope_code))
    return clocks.values("case_id")


def _aggregates(since: datetime, scope_code: str | None, now: datetime) -> dict[str, Count]:
    """The counts of one group. A running response clock is always the current dispatch's
    (dispatch starts one only after the previous ones were stopped or cancelled)."""
    unanswered = _late_clocks("response", since=since, scope_code=scope_code, now=now, running=True)
    late_feedback = _late_clocks(
        "feedback", since=since, scope_code=scope_code, now=now, running=False
    )
    return {
        "dispatched": Count("pk"),
        "response_due": Count(
            "pk", filter=Q(response_on_time__isnull=False) | Q(pk__in=unanswered)
        ),
        "on_time": Count("pk", filter=Q(response_on_time=True)),
        "satisfied": Count("pk", filter=Q(rating=Rating.SATISFIED)),
        "partly": Count("pk", filter=Q(rating=Rating.PARTLY)),
        "unsatisfied": Count("pk", filter=Q(rating=Rating.UNSATISFIED)),
        "resolved": Count("pk", filter=Q(resolved=True, rating__in=Rating.values)),
        "overdue": Count("pk", filter=Q(pk__in=late_feedback)),
    }


def dispatched_appeals(start: datetime, end: datetime, scope_code: str | None) -> QuerySet[Case]:
    """Appeals dispatched in [start, end) inside the scope (all regions when None)."""
    cases = Case.objects.filter(
        procedure=APPEALS.name, dispatched_at__gte=start, dispatched_at__lt=end
    )
    return cases.filter(subtree_q(scope_code)) if scope_code else cases


def group_level(scope_code: str | None, level: int | None) -> int:
    """The region level to group by: one below the scope by default, never above the scope."""
    top = regioncodes.level_of(scope_code) if scope_code else 0
    wanted = level if level is not None else top + 1
    return max(min(wanted, regioncodes.Level.VILLAGE), top, regioncodes.Level.PROVINCE)


def _grouped(cases: QuerySet[Case], group: Group, level: int) -> QuerySet[Any, Any]:
    if group == "unit":
        return cases.filter(lead_unit__isnull=False).values("lead_unit_id", "lead_unit__name")
    length = regioncodes.PREFIX_LENGTH[level]
    return cases.annotate(area=Substr("region_code", 1, length)).values("area")


def rates_for(
    *,
    month: date,
    scope_code: str | None,
    group: Group,
    level: int | None = None,
    now: datetime | None = None,
) -> list[RateRow]:
    """R30: the rates of every unit (or region at `level`) for the appeals dispatched in `month`.

    Rows come ranked: best score first (equal scores share a rank), groups without a score last.
    """
    start, end = month_bounds(month)
    cases = dispatched_appeals(start, end, scope_code)
    found = _grouped(cases, group, group_level(scope_code, level))
    counts = _aggregates(start, scope_code, now or timezone.now())
    values = list(found.annotate(**counts).order_by())
    names = _region_names(v["area"] for v in values) if group == "region" else {}
    return ranked(_row(v, names) for v in values)


def _row(values: Mapping[str, Any], region_names: Mapping[str, str]) -> RateRow:
    counts = {field: int(values[field]) for field in COUNT_FIELDS}
    if "area" in values:
        area = str(values["area"])
        return RateRow(key=area, name=region_names.get(area, area), **counts)
    return RateRow(key=str(values["lead_unit_id"]), name=str(values["lead_unit__name"]), **counts)


def _region_names(prefixes: Iterable[str]) -> dict[str, str]:
    """Names for grouping prefixes. A prefix whose own digits are zero ("445202000" at the
    township level) holds cases recorded at the level above: "榕城区（本级）"."""
    padded = {prefix: prefix.ljust(12, "0") for prefix in prefixes}
    known = dict(Region.objects.filter(code__in=set(padded.values())).values_list("code", "name"))
    names = {}
    for prefix, code in padded.items():
        name = known.get(code, code)
        own_level = regioncodes.PREFIX_LENGTH[regioncodes.level_of(code)]
        names[prefix] = name if own_level == len(prefix) else f"{name}（本级）"
    return names


def sort_key(row: RateRow) -> tuple[bool, float, int, str]:
    return (row.score is None, -(row.score or 0.0), -row.dispatched, row.name)


def ranked(rows: Iterable[RateRow]) -> list[RateRow]:
    """Best score first; equal scores share a rank (1, 1, 3); rows without a score get none."""
    result: list[RateRow] = []
    for position, row in enumerate(sorted(rows, key=sort_key), start=1):
        previous = result[-1] if result else None
        if row.score is None:
            rank = None
        elif previous is not None and previous.score is not None and _same(previous, row):
            rank = previous.rank
        else:
            rank = position
        result.append(replace(row, rank=rank))
    return result


def _same(a: RateRow, b: RateRow) -> bool:
    return abs((a.score or 0.0) - (b.score or 0.0)) < 1e-9


def total_of(rows: Iterable[RateRow], name: str = "合计") -> RateRow:
    """The sum of the rows' counts, with rates recomputed from the sums (not averaged)."""
    rows = list(rows)
    counts = {field: sum(getattr(row, field) for row in rows) for field in COUNT_FIELDS}
    return RateRow(key="", name=name, **counts)


# ---------------------------------------------------------------- a group's recent months


def _group_filter(group: Group, key: str) -> Q:
    """One unit (by id), or one grouping prefix as a raw code range (not a region subtree:
    "445202000" must not take in the townships of 445202)."""
    if group == "unit":
        return Q(lead_unit_id=int(key))
    return Q(region_code__gte=key.ljust(12, "0"), region_code__lte=key.ljust(12, "9"))


def rates_trend(
    *,
    scope_code: str | None,
    months: int,
    group: Group,
    key: str,
    end_month: date,
    now: datetime | None = None,
) -> list[MonthRates]:
    """The rates of one group for the `months` months ending with `end_month`, oldest first,
    in one query (months without dispatches give empty rows). The name comes from the data."""
    first = add_months(end_month, 1 - months)
    start, _ = month_bounds(first)
    _, end = month_bounds(end_month)
    cases = dispatched_appeals(start, end, scope_code).filter(_group_filter(group, key))
    found = cases.annotate(month=TruncMonth("dispatched_at", tzinfo=local_zone()))
    fields = ["month", "lead_unit__name"] if group == "unit" else ["month"]
    counts = _aggregates(start, scope_code, now or timezone.now())
    values = found.values(*fields).annotate(**counts).order_by()
    by_month: dict[date, dict[str, Any]] = {}
    for v in values:
        by_month[_as_month(v["month"])] = v
    name = _trend_name(group, key, by_month.values())
    return [
        MonthRates(
            month=m,
            row=_row_or_empty(by_month.get(m), key, name),
        )
        for m in (add_months(first, i) for i in range(months))
    ]


def _as_month(value: datetime | date) -> date:
    if isinstance(value, datetime):
        value = timezone.localtime(value, local_zone()) if timezone.is_aware(value) else value
        return value.date().replace(day=1)
    return value.replace(day=1)


def _trend_name(group: Group, key: str, values: Iterable[Mapping[str, Any]]) -> str:
    """The group's name, or "" when it has no dispatches in the period (nothing to show)."""
    found = list(values)
    if not found:
        return ""
    if group == "region":
        return _region_names([key])[key]
    return str(found[0]["lead_unit__name"])


def _row_or_empty(values: Mapping[str, Any] | None, key: str, name: str) -> RateRow:
    if values is None:
        return RateRow(key=key, name=name)
    counts = {field: int(values[field]) for field in COUNT_FIELDS}
    return RateRow(key=key, name=name, **counts)
