"""Activities, shifts, insurance (R41) and the activity's status."""

from __future__ import annotations

import secrets
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from shegong.accounts.models import User
from shegong.audit.actions import record
from shegong.volunteers.actions.common import (
    VolunteerError,
    local_date,
    require_manager,
    text_on_commit,
    valid_region,
)
from shegong.volunteers.models import (
    Activity,
    ActivityStatus,
    Insurance,
    Organisation,
    ServiceCategory,
    Shift,
    SignUp,
    SignUpStatus,
    Skill,
)

# ---------------------------------------------------------------- activities, shifts, insurance


@dataclass
class ActivityData:
    title: str
    category: ServiceCategory
    region_code: str
    starts_at: datetime
    ends_at: datetime
    description: str = ""
    address: str = ""
    latitude: float | None = None
    longitude: float | None = None
    risky: bool = False


def _check_activity(data: ActivityData) -> None:
    errors: dict[str, str] = {}
    if not data.title.strip():
        errors["title"] = "请填写活动名称"
    if data.ends_at <= data.starts_at:
        errors["ends_at"] = "结束时间应晚于开始时间"
    if (data.latitude is None) != (data.longitude is None):
        errors["latitude"] = "经纬度应同时填写"
    elif data.latitude is not None and not (-90 <= data.latitude <= 90):
        errors["latitude"] = "纬度无效"
    elif data.longitude is not None and not (-180 <= data.longitude <= 180):
        errors["longitude"] = "经度无效"
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def do_create_activity(
    organisation: Organisation, data: ActivityData, *, actor: User | None
) -> Activity:
    """A manager drafts an activity; it is published once it has at least one shift."""
    require_manager(actor, organisation)
    _check_activity(data)
    activity = Activity.objects.create(
        organisation=organisation,
        title=data.title.strip(),
        category=data.category,
        description=data.description,
        region_code=valid_region(data.region_code),
        address=data.address,
        latitude=data.latitude,
        longitude=data.longitude,
        starts_at=data.starts_at,
        ends_at=data.ends_at,
        risky=data.risky,
        created_by=actor,
    )
    record(
        actor=actor, verb="volunteers.create_activity", obj=activity, payload={"risky": data.risky}
    )
    return activity


@transaction.atomic
def do_add_shift(
    activity: Activity,
    *,
    actor: User | None,
    name: str,
    starts_at: datetime,
    ends_at: datetime,
    capacity: int,
    skills: Sequence[Skill] = (),
) -> Shift:
    """A shift lies inside its activity's time and has at least one place."""
    require_manager(actor, activity.organisation)
    if activity.status in (ActivityStatus.FINISHED, ActivityStatus.CANCELLED):
        raise VolunteerError("activity_closed", "活动已结束或已取消")
    errors: dict[str, str] = {}
    if not name.strip():
        errors["name"] = "请填写岗位名称"
    if ends_at <= starts_at:
        errors["ends_at"] = "结束时间应晚于开始时间"
    elif starts_at < activity.starts_at or ends_at > activity.ends_at:
        errors["starts_at"] = "岗位时间应在活动时间之内"
    if capacity < 1:
        errors["capacity"] = "招募人数至少为 1"
    if errors:
        raise ValidationError(errors)
    shift = Shift.objects.create(
        activity=activity,
        name=name.strip(),
        starts_at=starts_at,
        ends_at=ends_at,
        capacity=capacity,
        region_code=activity.region_code,
        qr_key=secrets.token_hex(8),
    )
    shift.required_skills.set(skills)
    record(actor=actor, verb="volunteers.add_shift", obj=shift, payload={"capacity": capacity})
    return shift


def _transition(
    activity: Activity, actor: User | None, allowed: Sequence[str], to: str, verb: str
) -> Activity:
    require_manager(actor, activity.organisation)
    activity = Activity.objects.select_for_update().get(pk=activity.pk)
    if activity.status not in allowed:
        label = ActivityStatus(activity.status).label
        raise VolunteerError("not_allowed", f"活动当前为“{label}”，不能执行此操作")
    before = activity.status
    activity.status = to
    stamp = {ActivityStatus.PUBLISHED: "published_at", ActivityStatus.STARTED: "started_at"}
    stamp_field = stamp.get(ActivityStatus(to), "finished_at")
    setattr(activity, stamp_field, timezone.now())
    activity.save(update_fields=["status", stamp_field])
    record(actor=actor, verb=verb, obj=activity, payload={"from": before, "to": to})
    return activity


@transaction.atomic
def do_publish_activity(activity: Activity, *, actor: User | None) -> Activity:
    if not activity.shifts.exists():
        raise VolunteerError("no_shifts", "请先添加至少一个岗位")
    return _transition(
        activity, actor, [ActivityStatus.DRAFT], ActivityStatus.PUBLISHED, "volunteers.publish"
    )


def insurance_problem(activity: Activity) -> str | None:
    """R41: why a risky activity may not start yet, or None when it may.

    A policy counts when it is the organisation's, names this activity or none, covers the
    activity's first and last day, and insures at least as many people as are confirmed.
    """
    if not activity.risky:
        return None
    first, last = local_date(activity.starts_at), local_date(activity.ends_at)
    policies = Insurance.objects.filter(
        Q(activity=activity) | Q(activity__isnull=True),
        organisation_id=activity.organisation_id,
        covers_from__lte=first,
        covers_until__gte=last,
    )
    insured = max((p.insured_count for p in policies), default=None)
    if insured is None:
        return "该活动有人身风险，须先登记覆盖活动日期的保险，才能开始活动或签到"
    confirmed = SignUp.objects.filter(
        shift__activity=activity, status=SignUpStatus.CONFIRMED
    ).count()
    if insured < confirmed:
        return f"投保人数（{insured}）少于已录用人数（{confirmed}），请补充保险"
    return None


def require_insurance(activity: Activity) -> None:
    """R41: raise VolunteerError("insurance_required") when `insurance_problem` finds one."""
    problem = insurance_problem(activity)
    if problem:
        raise VolunteerError("insurance_required", problem)


@transaction.atomic
def do_start_activity(activity: Activity, *, actor: User | None) -> Activity:
    """开始: R41 refuses a risky activity without insurance that covers it."""
    require_insurance(activity)
    return _transition(
        activity, actor, [ActivityStatus.PUBLISHED], ActivityStatus.STARTED, "volunteers.start"
    )


@transaction.atomic
def do_finish_activity(activity: Activity, *, actor: User | None) -> Activity:
    allowed = [ActivityStatus.PUBLISHED, ActivityStatus.STARTED]
    return _transition(activity, actor, allowed, ActivityStatus.FINISHED, "volunteers.finish")


@transaction.atomic
def do_cancel_activity(activity: Activity, *, actor: User | None) -> Activity:
    """Cancel a draft or published activity; every live sign-up is cancelled and told."""
    allowed = [ActivityStatus.DRAFT, ActivityStatus.PUBLISHED]
    activity = _transition(activity, actor, allowed, ActivityStatus.CANCELLED, "volunteers.cancel")
    live = SignUp.objects.filter(
        shift__activity=activity, status__in=(SignUpStatus.CONFIRMED, SignUpStatus.WAITLISTED)
    ).select_related("volunteer__user")
    people = [s.volunteer.user for s in live]
    live.update(status=SignUpStatus.CANCELLED, cancelled_at=timezone.now())
    text_on_commit(people, f"【志愿服务】您报名的活动“{activity.title}”已取消。")
    return activity


@transaction.atomic
def do_record_insurance(
    organisation: Organisation,
    *,
    actor: User | None,
    insurer: str,
    policy_number: str,
    covers_from: date,
    covers_until: date,
    insured_count: int,
    activity: Activity | None = None,
) -> Insurance:
    """Record a policy (R41) for one activity, or for all of the organisation's activities."""
    require_manager(actor, organisation)
    errors: dict[str, str] = {}
    if not insurer.strip():
        errors["insurer"] = "请填写保险公司"
    if not policy_number.strip():
        errors["policy_number"] = "请填写保单号"
    if covers_until < covers_from:
        errors["covers_until"] = "保障截止日不能早于起始日"
    if insured_count < 1:
        errors["insured_count"] = "投保人数至少为 1"
    if activity is not None and activity.organisation_id != organisation.pk:
        errors["activity"] = "活动不属于该组织"
    if errors:
        raise ValidationError(errors)
    policy = Insurance.objects.create(
        organisation=organisation,
        activity=activity,
        insurer=insurer.strip(),
        policy_number=policy_number.strip(),
        covers_from=covers_from,
        covers_until=covers_until,
        insured_count=insured_count,
        region_code=organisation.region_code,
        recorded_by=actor,
    )
    record(actor=actor, verb="volunteers.record_insurance", obj=policy)
    return policy


@transaction.atomic
def do_renew_checkin_code(shift: Shift, *, actor: User | None) -> Shift:
    """Void the printed check-in QR codes of a shift by drawing a new key."""
    require_manager(actor, shift.activity.organisation)
    shift.qr_key = secrets.token_hex(8)
    shift.save(update_fields=["qr_key"])
    record(actor=actor, verb="volunteers.renew_checkin_code", obj=shift)
    return shift
