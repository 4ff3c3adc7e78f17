"""Service records: QR check-in and check-out, hours (R38), confirmation by the organisation,
no-shows, and the training, awards and evaluations of a volunteer's record (R35)."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from shegong.accounts.models import User
from shegong.audit.actions import record
from shegong.volunteers.actions.activities import require_insurance
from shegong.volunteers.actions.common import (
    VolunteerError,
    local_date,
    require_manager,
    require_self,
)
from shegong.volunteers.models import (
    Award,
    AwardLevel,
    Evaluation,
    Membership,
    MembershipStatus,
    Organisation,
    Rating,
    RecordSource,
    RecordStatus,
    ServiceRecord,
    Shift,
    SignUp,
    SignUpStatus,
    Training,
    Volunteer,
    service_hours,
)

CHECKIN_EARLY = timedelta(minutes=60)


# ---------------------------------------------------------------- check-in, hours (R38)


def _confirmed_signup(shift: Shift, volunteer: Volunteer) -> SignUp:
    signup = SignUp.objects.filter(
        shift=shift, volunteer=volunteer, status=SignUpStatus.CONFIRMED
    ).first()
    if signup is None:
        raise VolunteerError("not_confirmed", "您没有该岗位的录用报名，不能签到")
    return signup


@transaction.atomic
def do_check_in(
    shift: Shift, volunteer: Volunteer, *, actor: User, at: datetime | None = None
) -> ServiceRecord:
    """Check in by scanning the shift's QR code at the place.

    Refused without a confirmed sign-up, outside the window (from 60 minutes before the shift
    until it ends), on a closed activity, and — R41 — on a risky activity without insurance.
    The record stays pending until the organisation confirms it (R38).
    """
    require_self(actor, volunteer)
    at = at or timezone.now()
    _confirmed_signup(shift, volunteer)
    if not shift.activity.is_open:
        raise VolunteerError("activity_closed", "活动未在进行中，不能签到")
    require_insurance(shift.activity)
    if at < shift.starts_at - CHECKIN_EARLY:
        raise VolunteerError("too_early", "还未到签到时间（岗位开始前 60 分钟内可签到）")
    if at >= shift.ends_at:
        raise VolunteerError("shift_over", "岗位已结束，请联系组织者登记服务时长")
    if ServiceRecord.objects.filter(volunteer=volunteer, shift=shift).exists():
        raise VolunteerError("already_checked_in", "您已签到")
    service = ServiceRecord.objects.create(
        volunteer=volunteer,
        organisation=shift.activity.organisation,
        shift=shift,
        region_code=shift.region_code,
        content=shift.activity.title,
        service_date=local_date(shift.starts_at),
        checked_in_at=at,
        source=RecordSource.QR,
        recorded_by=actor,
    )
    record(actor=actor, verb="volunteers.check_in", obj=service)
    return service


@transaction.atomic
def do_check_out(
    service: ServiceRecord, *, actor: User, at: datetime | None = None
) -> ServiceRecord:
    """Check out by scanning the same code again; R38: hours are the time within the shift."""
    require_self(actor, service.volunteer)
    at = at or timezone.now()
    shift = service.shift
    if shift is None or service.checked_in_at is None or not service.on_duty:
        raise VolunteerError("not_on_duty", "您未签到或已签退")
    if at < service.checked_in_at:
        raise VolunteerError("bad_time", "签退时间不能早于签到时间")
    service.checked_out_at = at
    service.hours = service_hours(service.checked_in_at, at, shift.starts_at, shift.ends_at)
    service.save(update_fields=["checked_out_at", "hours"])
    record(actor=actor, verb="volunteers.check_out", obj=service, payload={"hours": service.hours})
    return service


def _add_hours(volunteer_id: int, hours: Decimal) -> None:
    Volunteer.objects.filter(pk=volunteer_id).update(confirmed_hours=F("confirmed_hours") + hours)


@transaction.atomic
def do_confirm_record(
    service: ServiceRecord, *, actor: User | None, checked_out_at: datetime | None = None
) -> ServiceRecord:
    """R38: the organisation confirms a pending record; only then do its hours count.

    A volunteer who forgot to check out needs the organiser to give the time they left.
    """
    require_manager(actor, service.organisation)
    service = (
        ServiceRecord.objects.select_for_update(of=("self",))
        .select_related("shift")
        .get(pk=service.pk)
    )
    if service.status != RecordStatus.PENDING:
        raise VolunteerError("not_pending", "该记录已处理")
    if service.on_duty:
        if checked_out_at is None:
            raise ValidationError({"checked_out_at": "该志愿者未签退，请填写离开时间"})
        _set_times(service, service.checked_in_at, checked_out_at)
    _confirm(service, actor)
    return service


def _set_times(service: ServiceRecord, checked_in_at: datetime | None, out: datetime) -> None:
    shift = service.shift
    if shift is None or checked_in_at is None or out <= checked_in_at:
        raise ValidationError({"checked_out_at": "离开时间应晚于到岗时间"})
    service.checked_in_at, service.checked_out_at = checked_in_at, out
    service.hours = service_hours(checked_in_at, out, shift.starts_at, shift.ends_at)


def _confirm(service: ServiceRecord, actor: User | None) -> None:
    service.status = RecordStatus.CONFIRMED
    service.confirmed_by = actor
    service.confirmed_at = timezone.now()
    service.save()
    _add_hours(service.volunteer_id, service.hours)
    record(
        actor=actor, verb="volunteers.confirm_record", obj=service, payload={"hours": service.hours}
    )


@transaction.atomic
def do_reject_record(service: ServiceRecord, *, actor: User | None, reason: str) -> ServiceRecord:
    """The organisation refuses a pending record (e.g. not actually at the post)."""
    require_manager(actor, service.organisation)
    if not reason.strip():
        raise ValidationError({"reason": "请填写不予确认的理由"})
    service = ServiceRecord.objects.select_for_update().get(pk=service.pk)
    if service.status != RecordStatus.PENDING:
        raise VolunteerError("not_pending", "该记录已处理")
    service.status = RecordStatus.REJECTED
    service.reject_reason = reason.strip()[:200]
    service.confirmed_by, service.confirmed_at = actor, timezone.now()
    service.save(update_fields=["status", "reject_reason", "confirmed_by", "confirmed_at"])
    record(actor=actor, verb="volunteers.reject_record", obj=service)
    return service


@transaction.atomic
def do_record_attendance(
    signup: SignUp, *, actor: User | None, checked_in_at: datetime, checked_out_at: datetime
) -> ServiceRecord:
    """The organiser records and confirms someone's service without a QR scan (R38 hours).

    Works for a confirmed sign-up, or to correct one marked absent; an existing pending record
    gets these times. R41 applies as for a check-in.
    """
    shift = signup.shift
    require_manager(actor, shift.activity.organisation)
    if signup.status not in (SignUpStatus.CONFIRMED, SignUpStatus.ABSENT):
        raise VolunteerError("not_confirmed", "只能为已录用的志愿者登记")
    require_insurance(shift.activity)
    service = ServiceRecord.objects.select_for_update().filter(
        volunteer_id=signup.volunteer_id, shift=shift
    ).first() or _new_organiser_record(signup, actor)
    if service.status != RecordStatus.PENDING:
        raise VolunteerError("not_pending", "该志愿者的服务记录已处理")
    service.source = service.source or RecordSource.ORGANISER
    _set_times(service, checked_in_at, checked_out_at)
    if signup.status == SignUpStatus.ABSENT:
        signup.status = SignUpStatus.CONFIRMED
        signup.save(update_fields=["status"])
    _confirm(service, actor)
    return service


def _new_organiser_record(signup: SignUp, actor: User | None) -> ServiceRecord:
    shift = signup.shift
    return ServiceRecord(
        volunteer_id=signup.volunteer_id,
        organisation=shift.activity.organisation,
        shift=shift,
        region_code=shift.region_code,
        content=shift.activity.title,
        service_date=local_date(shift.starts_at),
        source=RecordSource.ORGANISER,
        recorded_by=actor,
    )


@transaction.atomic
def do_record_no_shows(shift: Shift, *, actor: User | None, now: datetime | None = None) -> int:
    """After a shift ends, mark every confirmed sign-up without a check-in as absent (未到岗).

    Returns how many were marked. Refused before the shift has ended.
    """
    require_manager(actor, shift.activity.organisation)
    if (now or timezone.now()) < shift.ends_at:
        raise VolunteerError("shift_not_over", "岗位结束后才能登记未到岗")
    attended = ServiceRecord.objects.filter(shift=shift).values("volunteer_id")
    absent = SignUp.objects.filter(shift=shift, status=SignUpStatus.CONFIRMED).exclude(
        volunteer_id__in=attended
    )
    ids = list(absent.values_list("id", flat=True))
    SignUp.objects.filter(pk__in=ids).update(status=SignUpStatus.ABSENT)
    record(actor=actor, verb="volunteers.record_no_shows", obj=shift, payload={"signups": ids})
    return len(ids)


# ------------------------------------------------------------ R35: training, awards, evaluations


def _require_related(volunteer: Volunteer, organisation: Organisation) -> None:
    """An organisation writes into the record only of volunteers it has or had with it."""
    joined = Membership.objects.filter(
        volunteer=volunteer,
        organisation=organisation,
        status__in=(MembershipStatus.APPROVED, MembershipStatus.LEFT),
    ).exists()
    served = ServiceRecord.objects.filter(volunteer=volunteer, organisation=organisation).exists()
    if not (joined or served):
        raise VolunteerError("not_related", "该志愿者不是本组织成员，也未在本组织服务过")


def _check_entry(volunteer: Volunteer, organisation: Organisation, actor: User) -> None:
    require_manager(actor, organisation)
    _require_related(volunteer, organisation)


@transaction.atomic
def do_record_training(
    volunteer: Volunteer,
    organisation: Organisation,
    *,
    actor: User,
    title: str,
    held_on: date,
    hours: Decimal | None = None,
) -> Training:
    """R35: a training the volunteer attended, with the organisation and who recorded it."""
    _check_entry(volunteer, organisation, actor)
    if not title.strip():
        raise ValidationError({"title": "请填写培训名称"})
    training = Training.objects.create(
        volunteer=volunteer,
        organisation=organisation,
        region_code=organisation.region_code,
        recorded_by=actor,
        title=title.strip(),
        held_on=held_on,
        hours=hours,
    )
    record(actor=actor, verb="volunteers.record_training", obj=training)
    return training


@transaction.atomic
def do_record_award(
    volunteer: Volunteer,
    organisation: Organisation,
    *,
    actor: User,
    title: str,
    level: str,
    issuer: str,
    awarded_on: date,
) -> Award:
    """R35: an honour or award (表彰奖励) the volunteer received."""
    _check_entry(volunteer, organisation, actor)
    if not title.strip() or not issuer.strip() or level not in AwardLevel.values:
        raise ValidationError({"title": "请填写表彰名称、级别和授予单位"})
    award = Award.objects.create(
        volunteer=volunteer,
        organisation=organisation,
        region_code=organisation.region_code,
        recorded_by=actor,
        title=title.strip(),
        level=level,
        issuer=issuer.strip(),
        awarded_on=awarded_on,
    )
    record(actor=actor, verb="volunteers.record_award", obj=award)
    return award


@transaction.atomic
def do_record_evaluation(
    volunteer: Volunteer,
    organisation: Organisation,
    *,
    actor: User,
    period: str,
    rating: str,
    comment: str = "",
    evaluated_on: date | None = None,
) -> Evaluation:
    """R35: the organisation's evaluation (评价) of the volunteer for a period."""
    _check_entry(volunteer, organisation, actor)
    if not period.strip() or rating not in Rating.values:
        raise ValidationError({"rating": "请填写评价期间并选择评价等次"})
    evaluation = Evaluation.objects.create(
        volunteer=volunteer,
        organisation=organisation,
        region_code=organisation.region_code,
        recorded_by=actor,
        period=period.strip(),
        rating=rating,
        comment=comment.strip()[:500],
        evaluated_on=evaluated_on or timezone.localdate(),
    )
    record(actor=actor, verb="volunteers.record_evaluation", obj=evaluation)
    return evaluation
