"""Reads of volunteer service, and the `access_*` lookups that answer 404 outside the actor's reach.

Who runs an organisation: its named `managers` (who may be residents) and, for supervision, staff
with an organiser role (管理员, 社工部工作人员, 村(社区)干部) whose region scope holds the
organisation. Only named managers of an organisation the volunteer belongs to may see a full ID
number (R39, `actions.do_reveal_id_number`).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from django.core import signing
from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet, Sum
from django.http import Http404
from django.utils import timezone

from shegong.accounts.models import RoleCode, User
from shegong.accounts.queries import in_scope, scoped
from shegong.lib import regioncodes
from shegong.regions.scope import subtree_q
from shegong.volunteers.models import (
    HOURS_PLACES,
    LIVE_ASSIGNMENT,
    Activity,
    ActivityStatus,
    AssignmentStatus,
    Certificate,
    CertificateRequest,
    EmergencyAssignment,
    EmergencyDemand,
    Insurance,
    Membership,
    MembershipStatus,
    Organisation,
    RecordStatus,
    ServiceRecord,
    Shift,
    SignUp,
    SignUpStatus,
    Volunteer,
    star_label,
    star_level,
)

ORGANISER_ROLES = (RoleCode.ADMIN, RoleCode.SOCIAL_WORK_STAFF, RoleCode.VILLAGE_CADRE)
PUBLIC_STATUSES = (ActivityStatus.PUBLISHED, ActivityStatus.STARTED, ActivityStatus.FINISHED)
CHECKIN_SALT = "shegong.volunteers.checkin"
EARTH_RADIUS_KM = 6371.0
NEAR_LIMIT = 50


# ---------------------------------------------------------------- who runs what


def volunteer_of(user: User | None) -> Volunteer | None:
    """The volunteer record of a logged-in user, or None."""
    if user is None or not user.is_authenticated:
        return None
    return Volunteer.objects.filter(user=user).first()


def _supervises(actor: User) -> bool:
    return actor.is_staff_member and actor.has_role(*ORGANISER_ROLES)


def organisations_for(actor: User) -> QuerySet[Organisation]:
    """The organisations the actor runs: those naming them a manager, plus, for staff with an
    organiser role, every organisation in their region scope; all of them for a superuser."""
    if not actor.is_authenticated or not actor.is_active:
        return Organisation.objects.none()
    if actor.is_superuser:
        return Organisation.objects.all()
    managed = Organisation.managers.through.objects.filter(user=actor).values("organisation_id")
    query = Q(pk__in=managed)
    if _supervises(actor) and actor.scope_code:
        query |= subtree_q(actor.scope_code)
    return Organisation.objects.filter(query)


def manages(actor: User, organisation: Organisation) -> bool:
    return organisations_for(actor).filter(pk=organisation.pk).exists()


def is_named_manager(actor: User, organisation: Organisation) -> bool:
    return organisation.managers.filter(pk=actor.pk).exists()


def may_reveal_id(actor: User, volunteer: Volunteer) -> bool:
    """R39: a named manager of an organisation the volunteer has joined (approved)."""
    return Membership.objects.filter(
        volunteer=volunteer,
        status=MembershipStatus.APPROVED,
        organisation__managers=actor,
    ).exists()


def _not_found(what: str) -> Http404:
    return Http404(f"未找到该{what}")


def access_organisation(actor: User, organisation_id: int) -> Organisation:
    organisation = organisations_for(actor).filter(pk=organisation_id).first()
    if organisation is None:
        raise _not_found("组织")
    return organisation


def access_activity(actor: User, activity_id: int) -> Activity:
    """An activity of an organisation the actor runs; 404 otherwise."""
    activity = (
        Activity.objects.select_related("organisation", "category")
        .filter(pk=activity_id, organisation__in=organisations_for(actor))
        .first()
    )
    if activity is None:
        raise _not_found("活动")
    return activity


def access_shift(actor: User, shift_id: int) -> Shift:
    shift = (
        Shift.objects.select_related("activity", "activity__organisation")
        .filter(pk=shift_id, activity__organisation__in=organisations_for(actor))
        .first()
    )
    if shift is None:
        raise _not_found("岗位")
    return shift


def access_membership(actor: User, membership_id: int) -> Membership:
    membership = (
        Membership.objects.select_related("volunteer", "organisation")
        .filter(pk=membership_id, organisation__in=organisations_for(actor))
        .first()
    )
    if membership is None:
        raise _not_found("成员申请")
    return membership


def access_managed_signup(actor: User, signup_id: int) -> SignUp:
    signup = (
        SignUp.objects.select_related("shift", "shift__activity", "volunteer")
        .filter(pk=signup_id, shift__activity__organisation__in=organisations_for(actor))
        .first()
    )
    if signup is None:
        raise _not_found("报名")
    return signup


def access_record(actor: User, record_id: int) -> ServiceRecord:
    record = (
        ServiceRecord.objects.select_related("volunteer", "shift", "organisation")
        .filter(pk=record_id, organisation__in=organisations_for(actor))
        .first()
    )
    if record is None:
        raise _not_found("服务记录")
    return record


def volunteers_for(actor: User) -> QuerySet[Volunteer]:
    """Volunteers who applied to an organisation the actor runs, plus, for staff with an
    organiser role, the volunteers registered in their region scope."""
    if not actor.is_authenticated or not actor.is_active:
        return Volunteer.objects.none()
    if actor.is_superuser:
        return Volunteer.objects.all()
    members = Membership.objects.filter(organisation__in=organisations_for(actor))
    query = Q(pk__in=members.values("volunteer_id"))
    if _supervises(actor) and actor.scope_code:
        query |= subtree_q(actor.scope_code)
    return Volunteer.objects.filter(query)


def access_volunteer(actor: User, volunteer_id: int) -> Volunteer:
    volunteer = volunteers_for(actor).select_related("user").filter(pk=volunteer_id).first()
    if volunteer is None:
        raise _not_found("志愿者")
    return volunteer


# ---------------------------------------------------------------- the volunteer's own things


def access_own_signup(volunteer: Volunteer | None, signup_id: int) -> SignUp:
    if volunteer is None:
        raise _not_found("报名")
    signup = (
        SignUp.objects.select_related("shift", "shift__activity")
        .filter(pk=signup_id, volunteer=volunteer)
        .first()
    )
    if signup is None:
        raise _not_found("报名")
    return signup


def my_signups(volunteer: Volunteer) -> QuerySet[SignUp]:
    """The volunteer's sign-ups, the coming ones first."""
    return (
        SignUp.objects.filter(volunteer=volunteer)
        .select_related("shift", "shift__activity", "shift__activity__organisation")
        .order_by("-shift__starts_at", "-id")
    )


def my_records(volunteer: Volunteer) -> QuerySet[ServiceRecord]:
    return ServiceRecord.objects.filter(volunteer=volunteer).select_related(
        "organisation", "shift", "shift__activity"
    )


def record_for(volunteer: Volunteer, shift: Shift) -> ServiceRecord | None:
    return ServiceRecord.objects.filter(volunteer=volunteer, shift=shift).first()


def live_signup(volunteer: Volunteer, shift: Shift) -> SignUp | None:
    return SignUp.objects.filter(
        volunteer=volunteer,
        shift=shift,
        status__in=(SignUpStatus.CONFIRMED, SignUpStatus.WAITLISTED, SignUpStatus.ABSENT),
    ).first()


@dataclass(frozen=True)
class HoursSummary:
    """R38/R40: confirmed hours (what counts), hours awaiting confirmation, the star level and
    the hours still needed for the next star."""

    confirmed: Decimal
    pending: Decimal
    level: int
    label: str
    next_at: int | None

    @property
    def to_next(self) -> Decimal | None:
        return None if self.next_at is None else Decimal(self.next_at) - self.confirmed


def hours_summary(volunteer: Volunteer, thresholds: tuple[int, ...]) -> HoursSummary:
    pending = ServiceRecord.objects.filter(
        volunteer=volunteer, status=RecordStatus.PENDING
    ).aggregate(total=Sum("hours"))["total"]
    confirmed = volunteer.confirmed_hours
    level = star_level(confirmed, thresholds)
    return HoursSummary(
        confirmed=confirmed,
        pending=pending or Decimal("0"),
        level=level,
        label=star_label(level),
        next_at=thresholds[level] if level < len(thresholds) else None,
    )


def confirmed_hours_total(volunteer: Volunteer) -> Decimal:
    """The sum of confirmed records, recomputed (to check `Volunteer.confirmed_hours`)."""
    total = ServiceRecord.objects.filter(
        volunteer=volunteer, status=RecordStatus.CONFIRMED
    ).aggregate(total=Sum("hours"))["total"]
    return total or Decimal("0")


# ---------------------------------------------------------------- public activities


def _with_shifts(activities: QuerySet[Activity]) -> QuerySet[Activity]:
    confirmed = Count("signups", filter=Q(signups__status=SignUpStatus.CONFIRMED))
    shifts = Shift.objects.annotate(confirmed=confirmed).prefetch_related("required_skills")
    return activities.select_related("organisation", "category").prefetch_related(
        Prefetch("shifts", queryset=shifts)
    )


def public_activity(activity_id: int) -> Activity:
    """A published, running or finished activity with its shifts and their confirmed counts."""
    activity = (
        _with_shifts(Activity.objects.filter(status__in=PUBLIC_STATUSES))
        .filter(pk=activity_id)
        .first()
    )
    if activity is None:
        raise _not_found("活动")
    return activity


def public_shift(shift_id: int) -> Shift:
    """A shift of a published or running activity (what a volunteer may sign up for)."""
    shift = (
        Shift.objects.select_related("activity", "activity__organisation")
        .filter(pk=shift_id, activity__status__in=PUBLIC_STATUSES)
        .first()
    )
    if shift is None:
        raise _not_found("岗位")
    return shift


def signups_by_shift(volunteer: Volunteer | None, activity: Activity) -> dict[int, SignUp]:
    """The volunteer's live sign-ups for the activity's shifts, by shift id."""
    if volunteer is None:
        return {}
    live = SignUp.objects.filter(
        volunteer=volunteer,
        shift__activity=activity,
        status__in=(SignUpStatus.CONFIRMED, SignUpStatus.WAITLISTED, SignUpStatus.ABSENT),
    )
    return {s.shift_id: s for s in live}


def distance_km(lat1: float, lng1: float, lat2: float, lng2: float) -> float:
    """Great-circle distance in kilometres (haversine)."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lng2 - lng1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(math.sqrt(min(1.0, a)))


@dataclass(frozen=True)
class Near:
    activity: Activity
    km: float | None


def activities_near(
    *,
    region_code: str | None = None,
    lat: float | None = None,
    lng: float | None = None,
    radius_km: float = 20.0,
    limit: int = NEAR_LIMIT,
    offset: int = 0,
    now: datetime | None = None,
) -> list[Near]:
    """Open activities that have not ended: within a region's subtree, and, given a point,
    within `radius_km` of it, nearest first (a bounding box in SQL, then the exact distance);
    without a point, the soonest first."""
    activities = Activity.objects.filter(
        status__in=(ActivityStatus.PUBLISHED, ActivityStatus.STARTED),
        ends_at__gt=now or timezone.now(),
    )
    if region_code:
        activities = activities.filter(subtree_q(regioncodes.normalize(region_code)))
    if lat is None or lng is None:
        page = _with_shifts(activities.order_by("starts_at", "id"))[offset : offset + limit]
        return [Near(activity, None) for activity in page]
    dlat = radius_km / 111.0
    dlng = dlat / max(math.cos(math.radians(lat)), 0.01)
    boxed = activities.filter(
        latitude__range=(lat - dlat, lat + dlat), longitude__range=(lng - dlng, lng + dlng)
    ).values_list("pk", "latitude", "longitude")
    # Distances from the bare points first, so only the page's activities are loaded in full.
    ranked = _ranked(list(boxed), lat, lng, radius_km)[offset : offset + limit]
    loaded = _with_shifts(Activity.objects.filter(pk__in=[pk for _, pk in ranked])).in_bulk()
    return [Near(loaded[pk], km) for km, pk in ranked]


def _ranked(
    points: list[tuple[int, float | None, float | None]], lat: float, lng: float, radius_km: float
) -> list[tuple[float, int]]:
    """(km, pk) of the points within the radius, nearest first."""
    ranked = []
    for pk, a_lat, a_lng in points:
        if a_lat is None or a_lng is None:
            continue
        km = distance_km(lat, lng, a_lat, a_lng)
        if km <= radius_km:
            ranked.append((km, pk))
    return sorted(ranked)


def open_organisations(region_code: str | None) -> QuerySet[Organisation]:
    organisations = Organisation.objects.filter(is_active=True)
    if region_code:
        organisations = organisations.filter(subtree_q(regioncodes.normalize(region_code)))
    return organisations.order_by("region_code", "name")


# ---------------------------------------------------------------- check-in codes


def checkin_token(shift: Shift) -> str:
    """The signed token of a shift's check-in URL; it changes when `qr_key` does."""
    return signing.Signer(salt=CHECKIN_SALT).sign(f"{shift.pk}.{shift.qr_key}")


def shift_for_token(token: str) -> Shift:
    """The shift a check-in token names; 404 for a forged or voided token."""
    try:
        value = signing.Signer(salt=CHECKIN_SALT).unsign(token)
    except signing.BadSignature as exc:
        raise _not_found("签到码") from exc
    pk, _, key = value.partition(".")
    shift = (
        Shift.objects.select_related("activity", "activity__organisation")
        .filter(pk=int(pk) if pk.isdigit() else 0, qr_key=key)
        .first()
    )
    if shift is None:
        raise _not_found("签到码")
    return shift


# ---------------------------------------------------------------- organiser lists


def shift_signups(shift: Shift) -> QuerySet[SignUp]:
    return (
        SignUp.objects.filter(shift=shift)
        .exclude(status=SignUpStatus.CANCELLED)
        .select_related("volunteer")
        .order_by("status", "created_at", "id")
    )


def shift_records(shift: Shift) -> dict[int, ServiceRecord]:
    """The shift's service records by volunteer id."""
    return {r.volunteer_id: r for r in ServiceRecord.objects.filter(shift=shift)}


def organisation_activities(organisation: Organisation) -> QuerySet[Activity]:
    return _with_shifts(Activity.objects.filter(organisation=organisation)).order_by("-starts_at")


def activity_shifts(activity: Activity) -> list[Shift]:
    """The activity's shifts with their confirmed and waitlisted counts."""
    return list(
        Shift.objects.filter(activity=activity)
        .annotate(
            confirmed=Count("signups", filter=Q(signups__status=SignUpStatus.CONFIRMED)),
            waitlisted=Count("signups", filter=Q(signups__status=SignUpStatus.WAITLISTED)),
        )
        .prefetch_related("required_skills")
    )


def activity_policies(activity: Activity) -> list[Insurance]:
    """Policies that may cover the activity: its own and the organisation's general ones."""
    return list(
        Insurance.objects.filter(
            Q(activity=activity) | Q(activity__isnull=True),
            organisation_id=activity.organisation_id,
        ).order_by("-covers_from")
    )


def pending_memberships(organisation: Organisation) -> QuerySet[Membership]:
    return (
        Membership.objects.filter(organisation=organisation, status=MembershipStatus.PENDING)
        .select_related("volunteer")
        .order_by("applied_at")
    )


def members(organisation: Organisation) -> QuerySet[Membership]:
    return (
        Membership.objects.filter(organisation=organisation, status=MembershipStatus.APPROVED)
        .select_related("volunteer", "team")
        .order_by("volunteer__name")
    )


def pending_records(organisation: Organisation) -> QuerySet[ServiceRecord]:
    return (
        ServiceRecord.objects.filter(organisation=organisation, status=RecordStatus.PENDING)
        .select_related("volunteer", "shift", "shift__activity")
        .order_by("checked_in_at", "id")
    )


def volunteer_file(volunteer: Volunteer) -> Volunteer:
    """R35: one volunteer with their service records, training, awards and evaluations loaded."""
    return (
        Volunteer.objects.select_related("user")
        .prefetch_related(
            "skills",
            Prefetch(
                "memberships",
                queryset=Membership.objects.select_related("organisation", "team"),
            ),
            Prefetch("records", queryset=ServiceRecord.objects.select_related("organisation")),
            "trainings__organisation",
            "awards__organisation",
            "evaluations__organisation",
        )
        .get(pk=volunteer.pk)
    )


# ================================================================ emergency matching (item 6)


def emergency_teams_run_by(actor: User) -> QuerySet[Organisation]:
    """The active emergency teams (应急志愿服务队) naming the actor a manager."""
    if not actor.is_authenticated or not actor.is_active:
        return Organisation.objects.none()
    return Organisation.objects.filter(managers=actor, is_emergency=True, is_active=True)


def dispatches_in_region(actor: User) -> bool:
    """Staff with an organiser role (or a superuser): they dispatch anywhere in their scope."""
    return actor.is_active and (actor.is_superuser or _supervises(actor))


def dispatches(actor: User) -> bool:
    """Those who see the emergency board: staff with an organiser role (or a superuser), and
    the managers of an emergency team (for their team's own demands)."""
    return dispatches_in_region(actor) or emergency_teams_run_by(actor).exists()


def _board_demands(actor: User) -> QuerySet[EmergencyDemand]:
    """Staff: the demands in their region scope; team managers: their teams' demands."""
    demands = EmergencyDemand.objects.all()
    if actor.is_superuser:
        return demands
    query = Q(organisation__in=emergency_teams_run_by(actor))
    if _supervises(actor):
        query |= Q(pk__in=scoped(demands, actor).values("pk"))
    return demands.filter(query)


def emergency_board(actor: User) -> QuerySet[EmergencyDemand]:
    """The demands the actor dispatches, with their live and confirmed counts; none for anyone
    who does not dispatch."""
    if not dispatches(actor):
        return EmergencyDemand.objects.none()
    live = Q(assignments__status__in=LIVE_ASSIGNMENT)
    return _board_demands(actor).annotate(
        live_count=Count("assignments", filter=live),
        confirmed_count=Count(
            "assignments", filter=Q(assignments__status=AssignmentStatus.CONFIRMED)
        ),
    )


def access_demand(actor: User, demand_id: int) -> EmergencyDemand:
    demand = emergency_board(actor).filter(pk=demand_id).first()
    if demand is None:
        raise _not_found("应急需求")
    return demand


def demand_assignments(demand: EmergencyDemand) -> QuerySet[EmergencyAssignment]:
    return demand.assignments.select_related("volunteer").order_by("status", "km")


def my_assignments(volunteer: Volunteer) -> QuerySet[EmergencyAssignment]:
    return volunteer.emergency_assignments.select_related("demand").order_by("-demand__starts_at")


def access_own_assignment(volunteer: Volunteer | None, assignment_id: int) -> EmergencyAssignment:
    if volunteer is None:
        raise _not_found("应急任务")
    found = my_assignments(volunteer).filter(pk=assignment_id).first()
    if found is None:
        raise _not_found("应急任务")
    return found


# ================================================================ certificates (R36, R37)


def may_certify(actor: User, organisation: Organisation) -> bool:
    """R36: who may issue (or revoke) the organisation's certificates: its named managers, an
    administrator (管理员) whose scope holds it, or a superuser. Staff who only supervise the
    organisation see its certificates but do not certify for it."""
    if not actor.is_authenticated or not actor.is_active:
        return False
    if actor.is_superuser or is_named_manager(actor, organisation):
        return True
    admin = actor.is_staff_member and actor.has_role(RoleCode.ADMIN)
    return admin and in_scope(actor, organisation.region_code)


def certifiable_records(
    volunteer: Volunteer, organisation: Organisation
) -> QuerySet[ServiceRecord]:
    """R36: the service a certificate may cover: the volunteer's records that this organisation
    recorded and confirmed, oldest first."""
    return ServiceRecord.objects.filter(
        volunteer=volunteer, organisation=organisation, status=RecordStatus.CONFIRMED
    ).order_by("service_date", "pk")


@dataclass(frozen=True)
class Certifiable:
    """One organisation's confirmed service of a volunteer: what it could certify now."""

    organisation: Organisation
    hours: Decimal
    records: int
    requested: bool


def my_certifiable(volunteer: Volunteer) -> list[Certifiable]:
    """Per organisation that recorded and confirmed service of the volunteer: its hours, and
    whether a request for a certificate is open."""
    rows = (
        ServiceRecord.objects.filter(volunteer=volunteer, status=RecordStatus.CONFIRMED)
        .values("organisation_id")
        .annotate(hours=Sum("hours"), records=Count("pk"))
    )
    totals = {row["organisation_id"]: row for row in rows}
    organisations = Organisation.objects.filter(pk__in=totals).order_by("name")
    open_requests = set(
        CertificateRequest.objects.filter(volunteer=volunteer, closed_at__isnull=True).values_list(
            "organisation_id", flat=True
        )
    )
    return [
        Certifiable(
            o,
            Decimal(totals[o.pk]["hours"]).quantize(HOURS_PLACES),
            totals[o.pk]["records"],
            o.pk in open_requests,
        )
        for o in organisations
    ]


def my_certificates(volunteer: Volunteer) -> QuerySet[Certificate]:
    return Certificate.objects.filter(volunteer=volunteer).select_related("organisation")


def access_own_certificate(volunteer: Volunteer | None, certificate_id: int) -> Certificate:
    found = my_certificates(volunteer).filter(pk=certificate_id).first() if volunteer else None
    if found is None:
        raise _not_found("证明")
    return found


def access_certificate(actor: User, certificate_id: int) -> Certificate:
    """A certificate of an organisation the actor runs (or supervises); 404 otherwise."""
    found = (
        Certificate.objects.select_related("volunteer", "organisation")
        .filter(pk=certificate_id, organisation__in=organisations_for(actor))
        .first()
    )
    if found is None:
        raise _not_found("证明")
    return found


def public_certificate(number: str) -> Certificate:
    """The certificate a verification page shows, by its number; 404 for an unknown number."""
    found = Certificate.objects.select_related("volunteer", "organisation").filter(
        number=number.strip().upper()
    )
    certificate = found.first()
    if certificate is None:
        raise _not_found("证明")
    return certificate


def certifying_volunteer(
    organisation: Organisation, volunteer_id: int | None = None, *, number: str = ""
) -> Volunteer:
    """A volunteer who has served with the organisation (any record), by id or by 志愿者编号;
    404 otherwise."""
    who = Q(pk=volunteer_id) if volunteer_id is not None else Q(number=number.strip())
    found = Volunteer.objects.filter(who, records__organisation=organisation).distinct().first()
    if found is None:
        raise _not_found("志愿者")
    return found


def certify_rows(organisation: Organisation, limit: int = 200) -> QuerySet[Volunteer]:
    """R36: volunteers with confirmed service recorded by the organisation, annotated with those
    `hours` and `record_count` and whether a request is open (`requested`); those who asked
    for a certificate first, then by name."""
    open_request = CertificateRequest.objects.filter(
        volunteer=OuterRef("pk"), organisation=organisation, closed_at__isnull=True
    )
    return (
        Volunteer.objects.filter(
            records__organisation=organisation, records__status=RecordStatus.CONFIRMED
        )
        .annotate(
            hours=Sum("records__hours"),
            record_count=Count("records"),
            requested=Exists(open_request),
        )
        .order_by("-requested", "name", "pk")[:limit]
    )


def organisation_certificates(organisation: Organisation) -> QuerySet[Certificate]:
    return Certificate.objects.filter(organisation=organisation).select_related("volunteer")
