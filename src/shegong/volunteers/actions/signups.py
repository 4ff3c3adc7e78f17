"""Sign-ups with capacity, waitlist and clash detection; cancellation promotes the waitlist.

Sign-ups never overbook: `do_sign_up` counts confirmed places while holding the shift's row lock
(SELECT … FOR UPDATE on PostgreSQL; on SQLite every write transaction begins IMMEDIATE and so runs
alone). Locks are always taken shift first, then volunteer, so two actions never wait on each
other in a circle.
"""

from __future__ import annotations

from datetime import datetime

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from shegong.accounts.models import User
from shegong.audit.actions import record
from shegong.volunteers.actions.common import (
    VolunteerError,
    require_self,
    text_on_commit,
)
from shegong.volunteers.models import (
    LIVE_SIGNUP,
    Shift,
    SignUp,
    SignUpStatus,
    Volunteer,
)
from shegong.volunteers.queries import manages

# ---------------------------------------------------------------- sign-ups


def _lock_shift(shift_id: int) -> Shift:
    # of=("self",): lock the shift row only, not the joined activity, so sign-ups for different
    # shifts of one activity do not queue behind each other on PostgreSQL.
    return (
        Shift.objects.select_for_update(of=("self",))
        .select_related("activity", "activity__organisation")
        .get(pk=shift_id)
    )


def _lock_volunteer(volunteer_id: int) -> Volunteer:
    return (
        Volunteer.objects.select_for_update(of=("self",))
        .select_related("user")
        .get(pk=volunteer_id)
    )


def clashing_signup(volunteer: Volunteer, shift: Shift) -> SignUp | None:
    """A confirmed sign-up of the volunteer whose shift overlaps this one, if any."""
    return (
        SignUp.objects.filter(
            volunteer=volunteer,
            status=SignUpStatus.CONFIRMED,
            shift__starts_at__lt=shift.ends_at,
            shift__ends_at__gt=shift.starts_at,
        )
        .exclude(shift=shift)
        .select_related("shift", "shift__activity")
        .first()
    )


def _check_open(shift: Shift, volunteer: Volunteer, now: datetime) -> None:
    """The activity takes sign-ups and the shift has not started (no query)."""
    if not volunteer.is_active:
        raise VolunteerError("volunteer_inactive", "您的志愿者身份已停用")
    if not shift.activity.is_open:
        raise VolunteerError("activity_closed", "该活动未在报名中")
    if now >= shift.starts_at:
        raise VolunteerError("shift_started", "该岗位已开始，不能再报名")


def _check_skills(shift: Shift, volunteer: Volunteer) -> None:
    """The volunteer has every skill the shift requires; checked before taking the lock, since
    no concurrent sign-up changes it, to keep the locked part short."""
    missing = shift.required_skills.exclude(volunteers=volunteer).values_list("name", flat=True)
    if missing:
        names = "、".join(sorted(missing))
        raise VolunteerError("skills_missing", f"该岗位需要以下技能：{names}")


def _check_free(shift: Shift, volunteer: Volunteer) -> None:
    """What concurrent sign-ups can change: checked while the shift and volunteer are locked."""
    if SignUp.objects.filter(shift=shift, volunteer=volunteer, status__in=LIVE_SIGNUP).exists():
        raise VolunteerError("already_signed_up", "您已报名该岗位")
    clash = clashing_signup(volunteer, shift)
    if clash is not None:
        raise VolunteerError(
            "clash", f"与您已录用的“{clash.shift.activity.title} {clash.shift}”时间冲突"
        )


def do_sign_up(shift: Shift, volunteer: Volunteer, *, actor: User) -> SignUp:
    """Sign up for a shift: confirmed while places last, otherwise waitlisted in order.

    Invariant: confirmed sign-ups never exceed the capacity, even under many concurrent
    sign-ups, because the places are counted while the shift row is locked. A volunteer cannot
    hold two confirmed sign-ups whose shifts overlap (clash detection), nor lack a skill the
    shift requires.
    """
    require_self(actor, volunteer)
    _check_skills(shift, volunteer)
    with transaction.atomic():
        shift = _lock_shift(shift.pk)
        volunteer = _lock_volunteer(volunteer.pk)
        now = timezone.now()
        _check_open(shift, volunteer, now)
        _check_free(shift, volunteer)
        confirmed = SignUp.objects.filter(shift=shift, status=SignUpStatus.CONFIRMED).count()
        full = confirmed >= shift.capacity
        signup = SignUp.objects.create(
            shift=shift,
            volunteer=volunteer,
            status=SignUpStatus.WAITLISTED if full else SignUpStatus.CONFIRMED,
            region_code=shift.region_code,
            created_at=now,
            confirmed_at=None if full else now,
        )
        record(
            actor=actor, verb="volunteers.sign_up", obj=signup, payload={"status": signup.status}
        )
    return signup


def waitlist_position(signup: SignUp) -> int:
    """1 for the first waitlisted sign-up of its shift; 0 when not waitlisted."""
    if signup.status != SignUpStatus.WAITLISTED:
        return 0
    ahead = SignUp.objects.filter(shift_id=signup.shift_id, status=SignUpStatus.WAITLISTED).filter(
        Q(created_at__lt=signup.created_at) | Q(created_at=signup.created_at, id__lt=signup.pk)
    )
    return ahead.count() + 1


def _promote_first(shift: Shift, now: datetime) -> SignUp | None:
    """Confirm the first waitlisted volunteer who has no clash; they are told by SMS."""
    waiting = SignUp.objects.filter(shift=shift, status=SignUpStatus.WAITLISTED).order_by(
        "created_at", "id"
    )
    for candidate in waiting:
        volunteer = _lock_volunteer(candidate.volunteer_id)
        if clashing_signup(volunteer, shift) is not None:
            continue
        candidate.status = SignUpStatus.CONFIRMED
        candidate.confirmed_at = now
        candidate.save(update_fields=["status", "confirmed_at"])
        title = shift.activity.title
        text_on_commit([volunteer.user], f"【志愿服务】您候补的“{title} {shift}”已转为录用。")
        return candidate
    return None


def do_cancel_sign_up(signup: SignUp, *, actor: User) -> SignUp | None:
    """Cancel a sign-up before its shift starts (a manager may cancel any time).

    When a confirmed place frees up, the first waitlisted volunteer without a clash is
    promoted; the promoted sign-up is returned (None when nobody was promoted).
    """
    with transaction.atomic():
        shift = _lock_shift(signup.shift_id)
        signup = SignUp.objects.select_related("volunteer").get(pk=signup.pk)
        is_manager = actor.pk != signup.volunteer.user_id and manages(
            actor, shift.activity.organisation
        )
        if not is_manager:
            require_self(actor, signup.volunteer)
        now = timezone.now()
        if signup.status not in (SignUpStatus.CONFIRMED, SignUpStatus.WAITLISTED):
            raise VolunteerError("not_cancellable", "该报名已取消或已结束")
        if now >= shift.starts_at and not is_manager:
            raise VolunteerError("shift_started", "岗位已开始，不能取消报名，请联系组织者")
        was_confirmed = signup.status == SignUpStatus.CONFIRMED
        signup.status, signup.cancelled_at = SignUpStatus.CANCELLED, now
        signup.save(update_fields=["status", "cancelled_at"])
        promoted = _promote_first(shift, now) if was_confirmed else None
        payload = {"promoted": promoted.pk if promoted else None}
        record(actor=actor, verb="volunteers.cancel_sign_up", obj=signup, payload=payload)
    return promoted
