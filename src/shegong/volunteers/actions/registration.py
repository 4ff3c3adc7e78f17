"""Registration of volunteers (R39), organisations, teams and membership."""

from __future__ import annotations

import secrets
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from shegong.accounts.actions import do_create_user, normalize_phone
from shegong.accounts.models import RoleCode, User
from shegong.accounts.queries import user_by_phone
from shegong.audit.actions import record, record_read
from shegong.lib import idcard, regioncodes
from shegong.lib.crypto import lookup_hash, mask_id_number
from shegong.volunteers.actions.common import (
    VolunteerError,
    require_manager,
    require_self,
    valid_region,
)
from shegong.volunteers.models import (
    ALL_SLOTS,
    CONSENT_VERSION,
    GB11643_TYPES,
    Gender,
    IdType,
    Membership,
    MembershipStatus,
    Organisation,
    OrganisationKind,
    ServiceCategory,
    Skill,
    Team,
    Volunteer,
)
from shegong.volunteers.queries import ORGANISER_ROLES, may_reveal_id

NUMBER_TRIES = 8


# ---------------------------------------------------------------- registration (R39)


@dataclass
class Registration:
    """What a volunteer registers with; `consent` must be True (R39)."""

    name: str
    id_number: str
    region_code: str
    consent: bool
    id_type: str = IdType.RESIDENT_ID
    skills: Sequence[Skill] = ()
    availability: int = 0
    latitude: float | None = None
    longitude: float | None = None


@dataclass(frozen=True)
class CheckedId:
    number: str
    birth_date: date | None
    gender: str


def check_id_number(id_type: str, number: str, *, today: date | None = None) -> CheckedId:
    """R39 input check: GB 11643 numbers need a valid birth date and check digit (MOD 11-2)."""
    if id_type not in IdType.values:
        raise ValidationError({"id_type": "请选择证件类型"})
    if id_type in GB11643_TYPES:
        try:
            parsed = idcard.parse(number, today=today)
        except idcard.InvalidIdNumberError as exc:
            raise ValidationError({"id_number": exc.message}) from exc
        gender = Gender.MALE if parsed.is_male else Gender.FEMALE
        return CheckedId(parsed.number, parsed.birth_date, gender)
    text = idcard.normalize(number)
    if not 5 <= len(text) <= 30 or not text.isalnum():
        raise ValidationError({"id_number": "证件号码格式不正确"})
    return CheckedId(text, None, "")


def _check_registration(data: Registration) -> CheckedId:
    errors: dict[str, str] = {}
    if not data.name.strip() or len(data.name.strip()) > 50:
        errors["name"] = "请填写姓名（不超过50字）"
    if not data.consent:
        errors["consent"] = "请阅读并同意《志愿者个人信息使用告知书》"
    if not 0 <= data.availability <= ALL_SLOTS:
        errors["availability"] = "可服务时段无效"
    valid_region(data.region_code)
    if errors:
        raise ValidationError(errors)
    checked = check_id_number(data.id_type, data.id_number)
    if Volunteer.objects.filter(id_hash=lookup_hash(checked.number)).exists():
        raise ValidationError({"id_number": "该证件号码已注册为志愿者，每人只能注册一次"})
    return checked


def new_volunteer_number(region_code: str) -> str:
    """R39: "V" + the 6-digit county prefix of the region + 8 random digits."""
    return f"V{region_code[:6]}{secrets.randbelow(10**8):08d}"


@dataclass(frozen=True)
class Provenance:
    """Who registered a volunteer, and whether the phone was verified by an SMS login."""

    registered_by: User | None
    organisation: Organisation | None = None
    phone_verified_at: datetime | None = None


def create_volunteer(
    user: User, data: Registration, checked: CheckedId, source: Provenance
) -> Volunteer:
    region_code = valid_region(data.region_code)
    for _ in range(NUMBER_TRIES):
        try:
            with transaction.atomic():
                volunteer = Volunteer.objects.create(
                    user=user,
                    number=new_volunteer_number(region_code),
                    name=data.name.strip(),
                    id_type=data.id_type,
                    id_number=checked.number,
                    id_hash=lookup_hash(checked.number),
                    birth_date=checked.birth_date,
                    gender=checked.gender,
                    region_code=region_code,
                    latitude=data.latitude,
                    longitude=data.longitude,
                    availability=data.availability,
                    consent_at=timezone.now(),
                    consent_version=CONSENT_VERSION,
                    phone_verified_at=source.phone_verified_at,
                    registered_by=source.registered_by,
                    registered_by_organisation=source.organisation,
                )
        except IntegrityError as exc:
            if Volunteer.objects.filter(Q(id_hash=lookup_hash(checked.number)) | Q(user=user)):
                raise ValidationError({"id_number": "该证件号码已注册为志愿者"}) from exc
            continue  # the random number was taken: draw another
        volunteer.skills.set(data.skills)
        return volunteer
    raise RuntimeError("could not draw a free volunteer number")


@transaction.atomic
def do_register_volunteer(user: User, data: Registration, *, actor: User) -> Volunteer:
    """Self-registration on a phone (R39): the account's phone was verified by the SMS login,
    the ID number passes its check digit, consent is recorded with the text version.

    Side effects: an audit row with the volunteer number and the masked ID number only.
    """
    _require_self_user(actor, user)
    if Volunteer.objects.filter(user=user).exists():
        raise VolunteerError("already_registered", "您已注册为志愿者")
    if not user.phone:
        raise ValidationError({"phone": "请先用手机号验证码登录，验证手机号后再注册"})
    checked = _check_registration(data)
    source = Provenance(registered_by=actor, phone_verified_at=timezone.now())
    volunteer = create_volunteer(user, data, checked, source)
    if not user.name:
        user.name = volunteer.name
        user.save(update_fields=["name"])
    audit_registration(actor, volunteer, None)
    return volunteer


def _require_self_user(actor: User, user: User) -> None:
    if actor.pk != user.pk:
        raise PermissionDenied("只能为本人注册")


def audit_registration(
    actor: User | None, volunteer: Volunteer, organisation: Organisation | None
) -> None:
    payload: dict[str, object] = {
        "number": volunteer.number,
        "id_number": mask_id_number(volunteer.id_number),
        "consent_version": volunteer.consent_version,
    }
    if organisation is not None:
        payload["organisation"] = organisation.pk
    record(actor=actor, verb="volunteers.register", obj=volunteer, payload=payload)


def user_for_phone(phone: str, name: str, actor: User | None) -> User:
    """The account of a phone number, created as a resident's account when there is none, so
    the person can later log in by SMS and find their volunteer record."""
    digits = normalize_phone(phone)
    user = user_by_phone(digits)
    if user is not None:
        return user
    return do_create_user(
        actor=actor,
        username=f"m{lookup_hash(digits)[:12]}",
        name=name.strip(),
        unit=None,
        roles=[RoleCode.RESIDENT],
        phone=digits,
    )


@transaction.atomic
def do_register_volunteer_for(
    organisation: Organisation, data: Registration, *, phone: str, actor: User | None
) -> Volunteer:
    """Registration by an organisation's manager (e.g. for someone without a smartphone).

    The consent is the one the person signed on paper, recorded with today's time and the text
    version (R39). The person becomes an approved member of the organisation at once. The phone
    is not verified until they log in with it themselves.
    """
    require_manager(actor, organisation)
    checked = _check_registration(data)
    try:
        user = user_for_phone(phone, data.name, actor)
    except ValidationError as exc:
        raise ValidationError({"phone": exc.messages}) from exc
    if Volunteer.objects.filter(user=user).exists():
        raise ValidationError({"phone": "该手机号已绑定其他志愿者"})
    volunteer = create_volunteer(user, data, checked, Provenance(actor, organisation))
    join_approved(volunteer, organisation, actor)
    audit_registration(actor, volunteer, organisation)
    return volunteer


def join_approved(volunteer: Volunteer, organisation: Organisation, actor: User | None) -> None:
    Membership.objects.update_or_create(
        volunteer=volunteer,
        organisation=organisation,
        defaults={
            "status": MembershipStatus.APPROVED,
            "region_code": organisation.region_code,
            "decided_by": actor,
            "decided_at": timezone.now(),
            "left_at": None,
        },
    )


@transaction.atomic
def do_update_volunteer(
    volunteer: Volunteer,
    *,
    actor: User,
    skills: Sequence[Skill],
    availability: int,
    region_code: str,
) -> Volunteer:
    """The volunteer changes their own skills, availability and region."""
    require_self(actor, volunteer)
    if not 0 <= availability <= ALL_SLOTS:
        raise ValidationError({"availability": "可服务时段无效"})
    volunteer.region_code = valid_region(region_code)
    volunteer.availability = availability
    volunteer.save(update_fields=["region_code", "availability"])
    volunteer.skills.set(skills)
    record(actor=actor, verb="volunteers.update_profile", obj=volunteer)
    return volunteer


def do_reveal_id_number(volunteer: Volunteer, *, actor: User) -> str:
    """R39: the full ID number, only for a named manager of an organisation the volunteer has
    joined; every reveal is written to the audit trail as a read."""
    if not may_reveal_id(actor, volunteer):
        raise PermissionDenied("只有志愿者所在组织的管理人员可以查看完整证件号码")
    with transaction.atomic():
        record_read(actor=actor, obj=volunteer, fields=["id_number"])
    return str(volunteer.id_number)


# ---------------------------------------------------------------- organisations and membership


@transaction.atomic
def do_create_organisation(
    *,
    actor: User | None,
    name: str,
    kind: str,
    region_code: str,
    managers: Sequence[User] = (),
    categories: Sequence[ServiceCategory] = (),
    is_emergency: bool = False,
    leader_name: str = "",
    contact_phone: str = "",
) -> Organisation:
    """Create an organisation; staff may only create one inside their region scope."""
    code = valid_region(region_code)
    if actor is not None and not actor.is_superuser:
        if not (actor.has_role(*ORGANISER_ROLES) and actor.scope_code):
            raise PermissionDenied("无权创建志愿服务组织")
        if not regioncodes.contains(actor.scope_code, code):
            raise PermissionDenied("该区划不在您的辖区内")
    if kind not in OrganisationKind.values:
        raise ValidationError({"kind": "请选择组织类型"})
    if Organisation.objects.filter(region_code=code, name=name.strip()).exists():
        raise ValidationError({"name": "同一区划下已有同名组织"})
    organisation = Organisation.objects.create(
        name=name.strip(),
        kind=kind,
        region_code=code,
        is_emergency=is_emergency or kind == OrganisationKind.EMERGENCY_TEAM,
        leader_name=leader_name,
        contact_phone=contact_phone,
    )
    organisation.managers.set(managers)
    organisation.categories.set(categories)
    record(actor=actor, verb="volunteers.create_organisation", obj=organisation)
    return organisation


@transaction.atomic
def do_create_team(
    organisation: Organisation, *, actor: User | None, name: str, leader: Volunteer | None = None
) -> Team:
    require_manager(actor, organisation)
    if not name.strip():
        raise ValidationError({"name": "请填写队伍名称"})
    if Team.objects.filter(organisation=organisation, name=name.strip()).exists():
        raise ValidationError({"name": "已有同名队伍"})
    team = Team.objects.create(organisation=organisation, name=name.strip(), leader=leader)
    record(
        actor=actor, verb="volunteers.create_team", obj=team, region_code=organisation.region_code
    )
    return team


@transaction.atomic
def do_apply_membership(
    volunteer: Volunteer, organisation: Organisation, *, actor: User
) -> Membership:
    """A volunteer asks to join; a manager approves or rejects. Applying again after leaving or
    a rejection reopens the same row."""
    require_self(actor, volunteer)
    if not organisation.is_active:
        raise VolunteerError("organisation_inactive", "该组织已停用")
    membership = Membership.objects.filter(volunteer=volunteer, organisation=organisation).first()
    if membership is not None and membership.status == MembershipStatus.PENDING:
        raise VolunteerError("already_applied", "您已提交申请，请等待审核")
    if membership is not None and membership.status == MembershipStatus.APPROVED:
        raise VolunteerError("already_member", "您已是该组织成员")
    membership = membership or Membership(volunteer=volunteer, organisation=organisation)
    membership.status = MembershipStatus.PENDING
    membership.region_code = organisation.region_code
    membership.applied_at = timezone.now()
    membership.decided_by, membership.decided_at, membership.left_at = None, None, None
    membership.save()
    record(actor=actor, verb="volunteers.apply_membership", obj=membership)
    return membership


def _decide(membership: Membership, actor: User | None, status: str, note: str) -> Membership:
    require_manager(actor, membership.organisation)
    if membership.status != MembershipStatus.PENDING:
        raise VolunteerError("not_pending", "该申请已处理")
    membership.status = status
    membership.decided_by = actor
    membership.decided_at = timezone.now()
    membership.note = note[:200]
    membership.save(update_fields=["status", "decided_by", "decided_at", "note", "team"])
    record(actor=actor, verb=f"volunteers.membership_{status}", obj=membership)
    return membership


@transaction.atomic
def do_approve_membership(
    membership: Membership, *, actor: User | None, team: Team | None = None
) -> Membership:
    """A manager admits the volunteer (optionally into a team of the organisation)."""
    if team is not None and team.organisation_id != membership.organisation_id:
        raise ValidationError({"team": "队伍不属于该组织"})
    membership.team = team
    return _decide(membership, actor, MembershipStatus.APPROVED, "")


@transaction.atomic
def do_reject_membership(membership: Membership, *, actor: User | None, note: str) -> Membership:
    if not note.strip():
        raise ValidationError({"note": "请填写不通过的理由"})
    return _decide(membership, actor, MembershipStatus.REJECTED, note.strip())


@transaction.atomic
def do_leave_organisation(membership: Membership, *, actor: User) -> Membership:
    require_self(actor, membership.volunteer)
    if membership.status != MembershipStatus.APPROVED:
        raise VolunteerError("not_member", "您不是该组织成员")
    membership.status = MembershipStatus.LEFT
    membership.left_at = timezone.now()
    membership.save(update_fields=["status", "left_at"])
    record(actor=actor, verb="volunteers.leave_organisation", obj=membership)
    return membership
