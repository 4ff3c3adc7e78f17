"""Emergency matching: post a demand, match volunteers to it, and their confirm or decline.

Staff with an organiser role post demands in their region scope and run the matcher
(`shegong.volunteers.matching`) over the open places of the demands they choose. Candidates are
the active volunteers registered in the demand's county, or, for a "teams only" demand, the
approved members of its county's emergency organisations (应急志愿服务队). Each matched volunteer
gets a text message on commit; a decline frees the place for the next match.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils import timezone

from shegong.accounts.models import User
from shegong.accounts.queries import in_scope
from shegong.audit.actions import record
from shegong.lib import regioncodes
from shegong.regions.scope import subtree_q
from shegong.volunteers import matching
from shegong.volunteers.actions.common import (
    VolunteerError,
    require_self,
    text_on_commit,
    valid_region,
)
from shegong.volunteers.models import (
    LIVE_ASSIGNMENT,
    AssignmentStatus,
    EmergencyAssignment,
    EmergencyDemand,
    MembershipStatus,
    SignUp,
    SignUpStatus,
    Skill,
    Volunteer,
    slot_of,
)
from shegong.volunteers.queries import ORGANISER_ROLES

COUNTY_DIGITS = 6


@dataclass
class DemandData:
    title: str
    region_code: str
    starts_at: datetime
    ends_at: datetime
    head_count: int
    skills: list[Skill] = field(default_factory=list)
    address: str = ""
    latitude: float | None = None
    longitude: float | None = None
    teams_only: bool = False


@dataclass
class MatchReport:
    offered: list[EmergencyAssignment]
    unfilled: dict[int, int]


def may_dispatch(actor: User, region_code: str) -> bool:
    """Staff with an organiser role whose scope holds the region (or a superuser)."""
    if actor.is_superuser and actor.is_active:
        return True
    organiser = actor.is_staff_member and actor.has_role(*ORGANISER_ROLES)
    return organiser and in_scope(actor, region_code)


def _require_dispatcher(actor: User, region_code: str) -> None:
    if not may_dispatch(actor, region_code):
        raise PermissionDenied("您无权在该区域调度应急志愿者")


def _check_demand(data: DemandData) -> None:
    errors: dict[str, str] = {}
    if not data.title.strip():
        errors["title"] = "请填写需求名称"
    if data.head_count < 1:
        errors["head_count"] = "需要人数至少为 1"
    if data.ends_at <= data.starts_at:
        errors["ends_at"] = "结束时间应晚于开始时间"
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def do_create_demand(data: DemandData, *, actor: User) -> EmergencyDemand:
    """Post an emergency demand in the actor's scope (R39: it names no volunteer)."""
    region_code = valid_region(data.region_code)
    _require_dispatcher(actor, region_code)
    _check_demand(data)
    demand = EmergencyDemand.objects.create(
        title=data.title.strip(),
        region_code=region_code,
        address=data.address,
        latitude=data.latitude,
        longitude=data.longitude,
        starts_at=data.starts_at,
        ends_at=data.ends_at,
        head_count=data.head_count,
        teams_only=data.teams_only,
        created_by=actor,
    )
    demand.required_skills.set(data.skills)
    record(actor=actor, verb="volunteers.emergency.create", obj=demand)
    return demand


# ---------------------------------------------------------------- matching


def window_slots(starts_at: datetime, ends_at: datetime) -> int:
    """The availability cells (bit mask of `Slot`) a time window touches, hour by hour."""
    mask, moment = 0, starts_at
    while moment < ends_at:
        mask |= slot_of(moment)
        moment += timedelta(hours=1)
    return mask | slot_of(ends_at - timedelta(seconds=1))


def _live_counts(demands: Sequence[EmergencyDemand]) -> dict[int, int]:
    rows = (
        EmergencyAssignment.objects.filter(demand__in=demands, status__in=LIVE_ASSIGNMENT)
        .values("demand_id")
        .annotate(n=Count("pk"))
    )
    return {row["demand_id"]: row["n"] for row in rows}


def _need(demand: EmergencyDemand, live: int) -> matching.Need:
    return matching.Need(
        id=demand.pk,
        skills=frozenset(s.pk for s in demand.required_skills.all()),
        count=max(demand.head_count - live, 0),
        slots=window_slots(demand.starts_at, demand.ends_at),
        starts_at=demand.starts_at,
        ends_at=demand.ends_at,
        region_code=demand.region_code,
        latitude=demand.latitude,
        longitude=demand.longitude,
    )


def _pool(demands: Sequence[EmergencyDemand]) -> QuerySet[Volunteer]:
    """Active volunteers of the demands' counties; members of emergency teams for teams-only."""
    query = Q()
    for demand in demands:
        county = regioncodes.normalize(demand.region_code[:COUNTY_DIGITS])
        if demand.teams_only:
            query |= Q(
                memberships__status=MembershipStatus.APPROVED,
                memberships__organisation__is_emergency=True,
                memberships__organisation__is_active=True,
            ) & subtree_q(county, "memberships__organisation__region_code")
        else:
            query |= subtree_q(county)
    return Volunteer.objects.filter(query, is_active=True).distinct()


def _busy(
    pool: QuerySet[Volunteer], start: datetime, end: datetime
) -> dict[int, list[tuple[datetime, datetime]]]:
    """Windows in which each volunteer is already taken: live assignments, confirmed shifts."""
    busy: dict[int, list[tuple[datetime, datetime]]] = defaultdict(list)
    ids = pool.values("pk")
    for a in EmergencyAssignment.objects.filter(
        volunteer_id__in=ids,
        status__in=LIVE_ASSIGNMENT,
        demand__starts_at__lt=end,
        demand__ends_at__gt=start,
    ).values_list("volunteer_id", "demand__starts_at", "demand__ends_at"):
        busy[a[0]].append((a[1], a[2]))
    for s in SignUp.objects.filter(
        volunteer_id__in=ids,
        status=SignUpStatus.CONFIRMED,
        shift__starts_at__lt=end,
        shift__ends_at__gt=start,
    ).values_list("volunteer_id", "shift__starts_at", "shift__ends_at"):
        busy[s[0]].append((s[1], s[2]))
    return busy


def _candidates(demands: Sequence[EmergencyDemand]) -> list[matching.Candidate]:
    """The pool with skills, availability, points, busy windows and demands already asked."""
    pool = _pool(demands)
    volunteers = list(pool.prefetch_related(Prefetch("skills", Skill.objects.only("pk"))))
    start = min(d.starts_at for d in demands)
    end = max(d.ends_at for d in demands)
    busy = _busy(pool, start, end)
    asked = _asked(demands)
    return [
        matching.Candidate(
            id=v.pk,
            skills=frozenset(s.pk for s in v.skills.all()),
            availability=v.availability,
            region_code=v.region_code,
            latitude=v.latitude,
            longitude=v.longitude,
            busy=tuple(busy.get(v.pk, ())),
            excluded=frozenset(asked.get(v.pk, ())),
        )
        for v in volunteers
    ]


def _asked(demands: Sequence[EmergencyDemand]) -> dict[int, set[int]]:
    """Per volunteer, the demands they were already asked for (a decline is never asked again)."""
    asked: dict[int, set[int]] = defaultdict(set)
    for demand_id, volunteer_id in EmergencyAssignment.objects.filter(
        demand__in=demands
    ).values_list("demand_id", "volunteer_id"):
        asked[volunteer_id].add(demand_id)
    return asked


def _lock_demands(demand_ids: Sequence[int]) -> list[EmergencyDemand]:
    return list(
        EmergencyDemand.objects.select_for_update(of=("self",))
        .filter(pk__in=demand_ids)
        .prefetch_related("required_skills")
        .order_by("pk")
    )


def _offer(
    result: matching.Result, demands: Sequence[EmergencyDemand]
) -> list[EmergencyAssignment]:
    by_id = {d.pk: d for d in demands}
    return EmergencyAssignment.objects.bulk_create(
        EmergencyAssignment(
            demand=by_id[p.need_id],
            volunteer_id=p.candidate_id,
            km=round(p.km, 2),
            region_code=by_id[p.need_id].region_code,
        )
        for p in result.pairs
    )


def _notify(offered: Sequence[EmergencyAssignment]) -> None:
    users = {
        v.pk: v.user
        for v in Volunteer.objects.filter(pk__in=[a.volunteer_id for a in offered]).select_related(
            "user"
        )
    }
    for a in offered:
        when = timezone.localtime(a.demand.starts_at).strftime("%m月%d日 %H:%M")
        message = f"【应急志愿】您被匹配到“{a.demand.title}”（{when}），请登录平台确认或谢绝。"
        user = users.get(a.volunteer_id)
        if user is not None:
            text_on_commit([user], message)


@transaction.atomic
def do_match_demands(demand_ids: Sequence[int], *, actor: User) -> MatchReport:
    """Fill the open places of the demands: most places first, then the least total distance.

    Every demand must lie in the actor's scope. Each offered volunteer gets a text message on
    commit (R39: the message names only the demand).
    """
    demands = _lock_demands(demand_ids)
    for demand in demands:
        _require_dispatcher(actor, demand.region_code)
    if not demands:
        raise VolunteerError("no_demand", "请选择要匹配的应急需求")
    live = _live_counts(demands)
    needs = [_need(d, live.get(d.pk, 0)) for d in demands]
    result = matching.match(needs, _candidates(demands))
    offered = _offer(result, demands)
    _notify(offered)
    for demand in demands:
        record(
            actor=actor,
            verb="volunteers.emergency.match",
            obj=demand,
            payload={"offered": sum(1 for a in offered if a.demand_id == demand.pk)},
        )
    return MatchReport(offered=offered, unfilled=result.unfilled)


# ---------------------------------------------------------------- the volunteer's answer


def _lock_assignment(assignment_id: int) -> EmergencyAssignment:
    return (
        EmergencyAssignment.objects.select_for_update(of=("self",))
        .select_related("demand", "volunteer")
        .get(pk=assignment_id)
    )


def _answer(
    assignment: EmergencyAssignment, actor: User, status: AssignmentStatus
) -> EmergencyAssignment:
    locked = _lock_assignment(assignment.pk)
    require_self(actor, locked.volunteer)
    if locked.status == AssignmentStatus.DECLINED:
        raise VolunteerError("assignment_declined", "您已谢绝该应急任务")
    if timezone.now() >= locked.demand.ends_at:
        raise VolunteerError("demand_over", "该应急任务已结束")
    locked.status = status
    locked.answered_at = timezone.now()
    locked.save(update_fields=["status", "answered_at"])
    record(actor=actor, verb=f"volunteers.emergency.{status}", obj=locked)
    return locked


@transaction.atomic
def do_confirm_assignment(assignment: EmergencyAssignment, *, actor: User) -> EmergencyAssignment:
    """The volunteer confirms they will come (R39: only they answer for themselves)."""
    return _answer(assignment, actor, AssignmentStatus.CONFIRMED)


@transaction.atomic
def do_decline_assignment(assignment: EmergencyAssignment, *, actor: User) -> EmergencyAssignment:
    """The volunteer declines; the place is free for the next match (R39: only they answer)."""
    return _answer(assignment, actor, AssignmentStatus.DECLINED)
