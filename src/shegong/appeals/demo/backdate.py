"""Back-dating of the demo's appeals (demo data only): the real actions run now, then what
each step wrote is moved to its planned time."""

from __future__ import annotations

from bisect import bisect_right
from datetime import date, datetime, time, timedelta
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone

from shegong.appeals import actions
from shegong.appeals import models as appeal_models
from shegong.cases.models import Action, Assignment, Case, Clock, Notice
from shegong.workdays.queries import deadline

CASE_TIMES = (
    "received_at",
    "created_at",
    "updated_at",
    "closed_at",
    "dispatched_at",
    "responded_at",
    "replied_at",
    "rated_at",
)
BATCH = 500


def _demo_timeline() -> QuerySet[Action]:
    """Timelines through a plain QuerySet. `Action.objects` refuses every update, as a timeline
    is append-only; the demo's back-dating of the rows it has just written is the one deliberate
    exception, and it never runs outside `build_appeals_demo`."""
    return QuerySet(model=Action)


class Backdater:
    """Demo data only: moves what each step wrote for a case from real time to its planned time.

    `record` notes, per case, when each step started for real (its mark) and when it was
    planned. Every row a step wrote carries a time at or after its mark and before the case's
    next mark, so `apply` moves each time by the offset of the step that wrote it. A limit
    keeps its length (a due time moves with its start), except a limit counted in days, which is
    counted again from the planned start (R21); 签收 on time is judged again (R30).
    """

    def __init__(self) -> None:
        self.marks: dict[int, list[tuple[datetime, timedelta]]] = {}
        self.tiers = {t.code: t for t in appeal_models.UrgencyTier.objects.all()}
        self.day_limits: dict[tuple[date, int, str], datetime] = {}

    def record(self, case_id: int, mark: datetime, planned: datetime) -> None:
        self.marks.setdefault(case_id, []).append((mark, planned - mark))

    def moved(self, case_id: int, value: datetime | None) -> datetime | None:
        if value is None:
            return None
        marks = self.marks[case_id]
        step = bisect_right(marks, value, key=lambda m: m[0]) - 1
        return value + marks[max(step, 0)][1]

    def apply(self) -> None:
        ids = list(self.marks)
        for start in range(0, len(ids), BATCH):
            self.apply_to(ids[start : start + BATCH])

    def apply_to(self, ids: list[int]) -> None:
        clocks = self.move_clocks(ids)
        self.move(Assignment.objects.filter(case_id__in=ids), "assigned_at", "reported_at")
        self.move(_demo_timeline().filter(case_id__in=ids), "at")
        self.move(appeal_models.Objection.objects.filter(case_id__in=ids), "filed_at", "decided_at")
        self.move(Notice.objects.filter(case_id__in=ids), "created_at")
        cases = list(Case.objects.filter(pk__in=ids).only("urgency", *CASE_TIMES))
        for case in cases:
            for name in CASE_TIMES:
                setattr(case, name, self.moved(case.pk, getattr(case, name)))
            case.response_on_time = _on_time(case, clocks.get(case.pk, []))
        Case.objects.bulk_update(cases, [*CASE_TIMES, "response_on_time"], batch_size=BATCH)
        self.recount_day_limits(cases, clocks)

    def move(self, queryset: Any, *names: str) -> None:
        """Move the times `names` of the rows; a `due_at` moves with the first of them."""
        fields = [*names, "due_at"] if "due_at" in _field_names(queryset.model) else list(names)
        rows = list(queryset.only("case_id", *fields))
        for row in rows:
            first = getattr(row, names[0])
            if "due_at" in fields and row.due_at is not None:
                row.due_at = row.due_at + (self.moved(row.case_id, first) - first)
            for name in names:
                setattr(row, name, self.moved(row.case_id, getattr(row, name)))
        QuerySet(model=queryset.model).bulk_update(rows, fields, batch_size=BATCH)

    def move_clocks(self, ids: list[int]) -> dict[int, list[Clock]]:
        clocks = Clock.objects.filter(case_id__in=ids)
        self.move(clocks, "started_at", "stopped_at")
        by_case: dict[int, list[Clock]] = {}
        for clock in Clock.objects.filter(case_id__in=ids).order_by("started_at", "id"):
            by_case.setdefault(clock.case_id, []).append(clock)
        return by_case

    def recount_day_limits(self, cases: list[Case], clocks: dict[int, list[Clock]]) -> None:
        """A feedback limit in days ends at 24:00 of its last day, counted from the planned
        start's date (R21); co-handlers' report clocks and shares share its due time."""
        changed: list[Clock] = []
        for case in cases:
            tier = self.tiers.get(case.urgency)
            if tier is None or tier.feedback_unit == "hours":
                continue
            for clock in clocks.get(case.pk, []):
                if clock.name != "feedback":
                    continue
                old = clock.due_at - timedelta(seconds=clock.extended_seconds)
                new = self.day_limit(timezone.localdate(clock.started_at), tier)
                clock.due_at += new - old
                changed.append(clock)
                for other in clocks[case.pk]:
                    if other.name == "co_report" and other.due_at == old:
                        other.due_at = new
                        changed.append(other)
                Assignment.objects.filter(case_id=case.pk, due_at=old).update(due_at=new)
        Clock.objects.bulk_update(changed, ["due_at"], batch_size=BATCH)

    def day_limit(self, day: date, tier: appeal_models.UrgencyTier) -> datetime:
        key = (day, tier.feedback_amount, tier.feedback_unit)
        if key not in self.day_limits:
            start = datetime.combine(day, time(12), tzinfo=timezone.get_current_timezone())
            unit = actions.feedback_unit(tier)
            self.day_limits[key] = deadline(start, tier.feedback_amount, unit).due
        return self.day_limits[key]


def _field_names(model: Any) -> set[str]:
    return {f.name for f in model._meta.get_fields()}


def _on_time(case: Case, clocks: list[Clock]) -> bool | None:
    """签收 was on time if before the response limit, as `do_accept` decides (R30)."""
    if case.responded_at is None:
        return None
    stopped = [c for c in clocks if c.name == "response" and c.stopped_at and not c.cancelled]
    if not stopped:
        return None
    last = stopped[-1]
    return last.stopped_at is not None and last.stopped_at <= last.due_at
