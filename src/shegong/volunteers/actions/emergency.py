"""Emergency matching: post a demand, match volunteers to it, and their confirm or decline.

Staff with an organiser role post demands in their region scope, and the managers of an
emergency team (应急志愿服务队) post them for their team; either runs the matcher
(`shegong.volunteers.matching`) over the open places of the demands they choose. Candidates are
the active volunteers registered in the demand's county, or, for a "teams only" demand, the
approved members of its county's emergency organisations, or, for a team's own demand, the
approved members of that team. Each matched volunteer gets a text message on commit; a decline
frees the place for the next match.

Two matches running at once never offer one volunteer two overlapping tasks: each locks the
volunteers it chose (in id order) and reads their tasks again under the lock; whoever was taken
meanwhile is marked busy and the demands are matched again (`_lock_choices`).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, transaction
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
    Organisation,
    SignUp,
    SignUpStatus,
    Skill,
    Volunteer,
    slot_of,
)
from shegong.volunteers.queries import ORGANISER_ROLES, manages, organisations_for

COUNTY_DIGITS = 6
# Rounds of "match, lock the chosen, re-check" before the volunteers still clashing are dropped.
LOCK_ROUNDS = 4
# The PostgreSQL advisory lock that lets one match run at a time: b"shegmtch" as a bigint, a key
# no other part of shegong uses. Without it two matchers could lock volunteers in crossing order
# on their retry rounds (A holds 5 and wants 3, B holds 3 and wants 5) and deadlock.
MATCH_LOCK_KEY = 0x736865676D746368


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
    organisation: Organisation | None = None


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


def _county(region_code: str) -> str:
    return regioncodes.normalize(region_code[:COUNTY_DIGITS])


def _require_team(actor: User, team: Organisation, region_code: str) -> None:
    """A team's own demand: an active emergency team the actor runs, a place in its county."""
    if not (team.is_emergency and team.is_active):
        raise ValidationError({"organisation": "只有启用中的应急志愿服务队可以发布应急需求"})
    if not manages(actor, team):
        raise PermissionDenied("您不是该应急队伍的管理人员")
    if not regioncodes.contains(_county(team.region_code), region_code):
        raise ValidationError({"region_code": "需求地点应在本队所在区县内"})


def _require_may_match(actor: User, demand_ids: Sequence[int]) -> None:
    """Each demand is one of a team the actor runs, or lies in the actor's dispatch scope (one
    read of the demands, one of the teams among them that the actor runs)."""
    demands = list(
        EmergencyDemand.objects.filter(pk__in=demand_ids).values_list(
            "organisation_id", "region_code"
        )
    )
    team_ids = {team for team, _ in demands if team is not None}
    run = set(organisations_for(actor).filter(pk__in=team_ids).values_list("pk", flat=True))
    for team, region_code in demands:
        if team not in run:
            _require_dispatcher(actor, region_code)


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
    """Post an emergency demand (R39: it names no volunteer): staff in their region scope, or a
    manager of an emergency team for that team (then only its members are matched)."""
    region_code = valid_region(data.region_code)
    if data.organisation is not None:
        _require_team(actor, data.organisation, region_code)
    else:
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
        teams_only=data.teams_only or data.organisation is not None,
        organisation=data.organisation,
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
    """Active volunteers of the demands' counties; members of emergency teams for teams-only;
    members of the team for a team's own demand."""
    query = Q()
    for demand in demands:
        county = _county(demand.region_code)
        if demand.organisation_id is not None:
            query |= Q(
                memberships__status=MembershipStatus.APPROVED,
                memberships__organisation_id=demand.organisation_id,
            )
        elif demand.teams_only:
            query |= Q(
                memberships__status=MembershipStatus.APPROVED,
                memberships__organisation__is_emergency=True,
                memberships__organisation__is_active=True,
            ) & subtree_q(county, "memberships__organisation__region_code")
        else:
            query |= subtree_q(county)
    return Volunteer.objects.filter(query, is_active=True).distinct()


Windows = dict[int, list[tuple[datetime, datetime]]]


def _busy(pool: QuerySet[Volunteer], start: datetime, end: datetime) -> Windows:
    """Windows in which each volunteer is already taken: live assignments, confirmed shifts."""
    busy: Windows = defaultdict(list)
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


def one_matcher_at_a_time() -> None:
    """Matches queue behind each other until the transaction ends. On SQLite the whole action
    already runs alone (BEGIN IMMEDIATE). Matching is rare and takes seconds at most (bench)."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [MATCH_LOCK_KEY])


def _lock_demands(demand_ids: Sequence[int]) -> list[EmergencyDemand]:
    return list(
        EmergencyDemand.objects.select_for_update(of=("self",))
        .filter(pk__in=demand_ids)
        .prefetch_related("required_skills")
        .order_by("pk")
    )


def _taken_meanwhile(result: matching.Result, needs: Sequence[matching.Need]) -> Windows:
    """Lock the chosen volunteers (id order) and read their tasks again: the busy windows of
    those now taken in the window they were chosen for.

    Matchers run one at a time (`one_matcher_at_a_time`); what can still take a volunteer
    meanwhile is a shift sign-up, which locks the same row. On PostgreSQL the lock waits for such
    a sign-up to commit, and the read after it sees it (READ COMMITTED). On SQLite the whole
    action already runs alone (BEGIN IMMEDIATE), so nothing is ever found here.
    """
    ids = sorted({p.candidate_id for p in result.pairs})
    list(Volunteer.objects.select_for_update(of=("self",)).filter(pk__in=ids).order_by("pk"))
    windows = {n.id: (n.starts_at, n.ends_at) for n in needs}
    start = min(n.starts_at for n in needs)
    end = max(n.ends_at for n in needs)
    fresh = _busy(Volunteer.objects.filter(pk__in=ids), start, end)
    taken: Windows = {}
    for pair in result.pairs:
        begin, finish = windows[pair.need_id]
        clashes = [w for w in fresh.get(pair.candidate_id, ()) if w[0] < finish and begin < w[1]]
        if clashes:
            taken[pair.candidate_id] = fresh[pair.candidate_id]
    return taken


def _lock_choices(
    needs: Sequence[matching.Need], candidates: list[matching.Candidate]
) -> matching.Result:
    """Match, lock the chosen and re-check them; match again while some were taken meanwhile.
    After `LOCK_ROUNDS` the pairs still clashing are left out (their places stay open)."""
    result = matching.match(needs, candidates)
    for _ in range(LOCK_ROUNDS):
        taken = _taken_meanwhile(result, needs)
        if not taken:
            return result
        candidates = [
            replace(c, busy=c.busy + tuple(taken[c.id])) if c.id in taken else c for c in candidates
        ]
        result = matching.match(needs, candidates)
    return _without(result, _taken_meanwhile(result, needs))


def _without(result: matching.Result, taken: Windows) -> matching.Result:
    kept = matching.Result(unfilled=dict(result.unfilled))
    for pair in result.pairs:
        if pair.candidate_id in taken:
            kept.unfilled[pair.need_id] = kept.unfilled.get(pair.need_id, 0) + 1
        else:
            kept.pairs.append(pair)
    return kept


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

    Every demand must lie in the actor's scope (or be a demand of a team the actor runs). The
    chosen volunteers are locked and re-checked, so a concurrent match never offers one of them
    a second overlapping task. Each offered volunteer gets a text message on commit (R39: the
    message names only the demand).
    """
    _require_may_match(actor, demand_ids)  # before queueing: a refused call waits for nobody
    one_matcher_at_a_time()
    demands = _lock_demands(demand_ids)
    if not demands:
        raise VolunteerError("no_demand", "请选择要匹配的应急需求")
    live = _live_counts(demands)
    needs = [_need(d, live.get(d.pk, 0)) for d in demands]
    result = _lock_choices(needs, _candidates(demands))
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
