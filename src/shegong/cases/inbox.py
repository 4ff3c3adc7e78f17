"""The staff inbox, shared by every procedure: one page per box, each row with the nearest of
its own running clocks (an appeal's response limit, a petition's R3/R4/R5/R11 limits …).

Boxes: `dispatch` (the statuses a procedure queues for the centre — 待派单 and 退单审核中 of
appeals, R24/R27 — in the actor's region), `unit` (cases where the actor's unit holds a live
assignment: lead, co, whistle or copy, R26), `overdue` (open cases in the region with a running
clock past due, R25), `all` (the region). A procedure's hidden rules apply in every box (R15).

Each procedure is read with its own query, which walks that procedure's indexes newest first and
stops after the page (cases.models, Case.Meta); with several procedures the pages are merged.
A page costs, per procedure, one query for the rows (category and lead unit joined) and — only
when there is more than one page — a count capped at `TOTAL_CAP`; plus one for the running
clocks of the rows shown.
"""

from __future__ import annotations

import heapq
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db import connection
from django.db.models import Exists, F, OuterRef, Q, QuerySet, Subquery
from django.urls import reverse
from django.utils import timezone

from shegong.accounts.models import User
from shegong.accounts.queries import has_scope
from shegong.cases.models import Assignment, Case, CaseKind, Category, Clock, ClockState
from shegong.cases.procedure import Procedure, get_procedure, procedures
from shegong.cases.queries import LIVE_ASSIGNMENT, hidden_from
from shegong.lib import regioncodes
from shegong.regions.scope import subtree_q

BOXES = ("dispatch", "unit", "overdue", "all")
TOTAL_CAP = 1000  # beyond this the inbox says "1000+" rather than count a million rows
MAX_PER_PAGE = 200
PER_PAGE = 50
NEWEST_FIRST = ("-received_at", "-pk")
NUMBER = re.compile(r"^[A-Z]{2}\d{14}$")
ROW_FIELDS = (
    "pk",
    "number",
    "procedure",
    "kind",
    "subtype",
    "title",
    "status",
    "urgency",
    "category__name",
    "region_code",
    "received_at",
    "lead_unit__name",
)
RECEIVED = ROW_FIELDS.index("received_at")
CONFIDENTIAL_TITLE = "（检举控告事项，内容请进入查看）"  # R15: reads of the case page are logged
CLOCK_FIELDS = (
    "case_id",
    "label",
    "started_at",
    "due_at",
    "paused_at",
    "stopped_at",
    "cancelled",
)


@dataclass(frozen=True)
class InboxRow:
    """One line of the inbox; `due_at`, `clock_label` and `clock_state` belong to the nearest of
    the case's running clocks, which its own procedure started."""

    number: str
    procedure: str
    kind: str
    title: str
    status: str
    status_label: str
    urgency: str
    category_name: str | None
    region_code: str
    received_at: datetime
    lead_unit_name: str | None
    due_at: datetime | None
    clock_label: str
    clock_state: str  # a ClockState value, or "" when no clock is running

    @property
    def kind_label(self) -> str:
        return str(CaseKind(self.kind).label)

    @property
    def url(self) -> str:
        """The case page of the row's own procedure."""
        return reverse(get_procedure(self.procedure).case_page, args=[self.number])

    @property
    def clock_state_label(self) -> str:
        return str(ClockState(self.clock_state).label) if self.clock_state else ""

    @property
    def is_overdue(self) -> bool:
        return self.clock_state == ClockState.OVERDUE


@dataclass(frozen=True)
class InboxPage:
    """One page; `total` is exact up to TOTAL_CAP and None beyond it ("1000+")."""

    items: list[InboxRow]
    total: int | None
    page: int
    has_next: bool

    @property
    def has_previous(self) -> bool:
        return self.page > 1


def inbox_procedures() -> list[str]:
    """The procedures whose cases the inbox lists: those with a staff case page."""
    return [p.name for p in procedures() if p.case_page]


def inbox_for(
    actor: User,
    *,
    box: str,
    kinds: Sequence[str] | None = None,
    status: str | None = None,
    category: str | None = None,
    urgency: str | None = None,
    overdue: bool | None = None,
    q: str | None = None,
    page: int = 1,
    per_page: int = PER_PAGE,
) -> InboxPage:
    """One page of a box for the actor, filtered; nothing at all for actors without a scope.

    `kinds` names the procedures to list (all of them by default); a `status` narrows them to
    the procedures that have that status.
    """
    if box not in BOXES:
        raise ValueError(f"unknown inbox box: {box}")
    page, per_page = max(page, 1), min(max(per_page, 1), MAX_PER_PAGE)
    offset = (page - 1) * per_page
    if offset >= TOTAL_CAP:  # past "1000+": narrow the filters instead of paging on
        return InboxPage([], None, page, False)
    querysets = [
        filtered(
            box_cases(actor, box, p),
            status=status,
            category=category,
            urgency=urgency,
            overdue=overdue,
            q=q,
        ).order_by(*NEWEST_FIRST)
        for p in listed(box, kinds, status)
    ]
    rows = newest(querysets, offset, per_page + 1)
    has_next = len(rows) > per_page
    rows = rows[:per_page]
    clocks, now = nearest_clocks([row[0] for row in rows]), timezone.now()
    items = [inbox_row(row, clocks.get(row[0]), now) for row in rows]
    # With the status fixed, the status index bounds a count whatever its order (see below).
    ordered = not status and box != "dispatch"
    total = capped_total(querysets, offset, len(items), has_next, ordered=ordered)
    return InboxPage(items, total, page, has_next)


def listed(box: str, kinds: Sequence[str] | None, status: str | None) -> list[Procedure]:
    """The procedures a box reads: the chosen ones, with a queue for `dispatch`, with `status`."""
    names = kinds or inbox_procedures()
    unknown = set(names) - set(inbox_procedures())
    if unknown:
        raise ValueError(f"unknown inbox kinds: {sorted(unknown)}")
    chosen = [get_procedure(name) for name in names]
    if box == "dispatch":
        chosen = [p for p in chosen if p.queue]
    if status:
        chosen = [p for p in chosen if status in p.states.values]
    return chosen


def newest(querysets: Sequence[QuerySet[Case]], offset: int, limit: int) -> list[tuple[Any, ...]]:
    """`limit` rows from `offset` on, newest first: one procedure pages in SQL; several are
    each read up to offset + limit (at most TOTAL_CAP + a page) and merged."""
    if len(querysets) == 1:
        return list(querysets[0].values_list(*ROW_FIELDS)[offset : offset + limit])
    pages = [list(qs.values_list(*ROW_FIELDS)[: offset + limit]) for qs in querysets]
    merged = heapq.merge(*pages, key=lambda row: (row[RECEIVED], row[0]), reverse=True)
    return list(merged)[offset : offset + limit]


def box_cases(actor: User, box: str, procedure: Procedure) -> QuerySet[Case]:
    """The cases of one procedure in one box, before filters.

    Every box but `all` holds open cases only, which bounds the rows a query may have to walk
    to the open ones (index case_open_received), whatever the size of the archive.
    """
    cases = Case.objects.filter(procedure=procedure.name)
    if not has_scope(actor):
        return cases.none()
    hidden = hidden_from(actor, procedure.name)
    if hidden is not None:
        cases = cases.exclude(hidden)  # R15
    if box == "unit":
        return cases.filter(closed_at__isnull=True, pk__in=live_case_ids(actor))
    cases = in_region(cases, actor)
    if box == "dispatch":
        return cases.filter(closed_at__isnull=True, status__in=procedure.queue)
    if box == "overdue":
        return cases.filter(Exists(overdue_clocks()), closed_at__isnull=True)
    return cases


def in_region(cases: QuerySet[Case], actor: User) -> QuerySet[Case]:
    """The actor's region scope, written so that the planner reads each page cheaply.

    A village is a single code: the indexed range (case_region_received) finds its cases in
    order. A township or anything wider holds a large share of the cases, and there the range
    would only tempt the planner into sorting the whole subtree (SQLite has no statistics to
    know better); written as a prefix match, which no index serves, the filter is checked on
    the newest cases while an index that also orders them (case_proc_received …) is walked.
    """
    code = actor.scope_code
    if code is None:
        return cases
    if regioncodes.level_of(code) == regioncodes.Level.VILLAGE:
        return cases.filter(subtree_q(code))
    return cases.filter(region_code__startswith=regioncodes.prefix(code))


def live_case_ids(actor: User) -> QuerySet[Assignment, int]:
    """Cases the actor's unit holds: lead, co-handler, whistle or copy, still live (R26)."""
    return Assignment.objects.filter(unit_id=actor.unit_id, state__in=LIVE_ASSIGNMENT).values_list(
        "case_id", flat=True
    )


def overdue_clocks() -> QuerySet[Clock]:
    """The case's running clocks past due (R25); a clock paused before its due time is not.

    Correlated to the outer case, so that a page walks the newest cases and probes each one's
    few running clocks (index clock_running_case) instead of collecting every late clock.
    """
    now = timezone.now()
    return Clock.objects.filter(
        Q(paused_at__isnull=True) | Q(paused_at__gt=F("due_at")),
        case_id=OuterRef("pk"),
        stopped_at__isnull=True,
        cancelled=False,
        due_at__lt=now,
    )


def filtered(
    cases: QuerySet[Case],
    *,
    status: str | None,
    category: str | None,
    urgency: str | None,
    overdue: bool | None,
    q: str | None,
) -> QuerySet[Case]:
    """The inbox filters; empty values mean "any"."""
    if status:
        cases = cases.filter(status=status)
    if category:
        # A scalar subquery rather than a join: the planner then knows the id before it reads
        # the cases, and walks them newest first (case_proc_category).
        code = Category.objects.filter(code=category).values("pk")[:1]
        cases = cases.filter(category_id=Subquery(code))
    if urgency:
        cases = cases.filter(urgency=urgency)
    if overdue is not None:
        late = Exists(overdue_clocks())
        cases = cases.filter(late if overdue else ~late)
    return searched(cases, (q or "").strip())


def searched(cases: QuerySet[Case], q: str) -> QuerySet[Case]:
    """A full case number finds that case; any other text searches the titles."""
    if not q:
        return cases
    if NUMBER.match(q.upper()):
        return cases.filter(number=q.upper())
    return cases.filter(title__contains=q)


def nearest_clocks(case_ids: Sequence[int]) -> dict[int, Clock]:
    """The running clock due first for each case, in one query."""
    if not case_ids:
        return {}
    running = (
        Clock.objects.filter(case_id__in=case_ids, stopped_at__isnull=True, cancelled=False)
        .only(*CLOCK_FIELDS)
        .order_by()
    )
    return earliest_by_case(running)


def earliest_by_case(clocks: Iterable[Clock]) -> dict[int, Clock]:
    nearest: dict[int, Clock] = {}
    for clock in clocks:
        current = nearest.get(clock.case_id)
        if current is None or clock.due_at < current.due_at:
            nearest[clock.case_id] = clock
    return nearest


def inbox_row(row: tuple[Any, ...], clock: Clock | None, now: datetime) -> InboxRow:
    _pk, number, name, kind, subtype, title, status, urgency, category, region, received, lead = row
    procedure = get_procedure(name)
    return InboxRow(
        number=number,
        procedure=name,
        kind=kind,
        title=CONFIDENTIAL_TITLE if subtype in procedure.confidential else title,
        status=status,
        status_label=procedure.status_label(status),
        urgency=urgency,
        category_name=category,
        region_code=region,
        received_at=received,
        lead_unit_name=lead,
        due_at=clock.due_at if clock else None,
        clock_label=clock.label if clock else "",
        clock_state=clock.state(now).value if clock else "",
    )


def capped_total(
    querysets: Sequence[QuerySet[Case]], offset: int, shown: int, has_next: bool, *, ordered: bool
) -> int | None:
    """Exact on the last page (no query needed) or when at most TOTAL_CAP match; else None."""
    if not has_next and (shown or not offset):
        return offset + shown
    if offset + shown >= TOTAL_CAP:
        return None
    total = 0
    for cases in querysets:
        count = capped_count(cases, ordered=ordered)
        if count is None or total + count > TOTAL_CAP:
            return None
        total += count
    return total


def capped_count(cases: QuerySet[Case], *, ordered: bool) -> int | None:
    """The count of one procedure's query, or None beyond TOTAL_CAP.

    SQLite keeps no statistics, and for a bare count it may walk an index over the whole
    archive; so there the count keeps the page's order (`ordered`) and walks the page's own
    index, stopping after TOTAL_CAP + 1 rows. PostgreSQL plans the bare count well on its own.
    """
    if not (ordered and connection.vendor == "sqlite"):
        cases = cases.order_by()
    count = cases.values("pk")[: TOTAL_CAP + 1].count()
    return count if count <= TOTAL_CAP else None
