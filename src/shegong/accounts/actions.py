"""Every state change of units, users, logins and API tokens.

Each `do_*` owns its transaction and writes an audit row; messages shown to people are Chinese.
"""

from __future__ import annotations

import re
import secrets
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from shegong.accounts.models import (
    ApiToken,
    OrgUnit,
    Role,
    RoleCode,
    SmsCode,
    UnitKind,
    User,
)
from shegong.audit.actions import record
from shegong.lib import regioncodes
from shegong.lib.crypto import lookup_hash, mask_phone, secret_hash
from shegong.lib.sms import send_sms

PHONE = re.compile(r"^1[3-9]\d{9}$")
SMS_RESEND_SECONDS = 60
SMS_MAX_ATTEMPTS = 5


class LoginError(Exception):
    """A refused login; `message` is shown to the person as it is."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def normalize_phone(phone: str) -> str:
    """Digits only, without a +86 prefix; ValidationError when it is not a mainland mobile."""
    digits = re.sub(r"\D", "", phone)
    if digits.startswith("86") and len(digits) == 13:
        digits = digits[2:]
    if not PHONE.match(digits):
        raise ValidationError("请输入11位手机号码", code="invalid_phone")
    return digits


@transaction.atomic
def do_create_unit(
    *,
    actor: User | None,
    name: str,
    kind: UnitKind,
    region_code: str,
    parent: OrgUnit | None = None,
) -> OrgUnit:
    """Create an org unit; the code must be a valid 12-digit region code (R51)."""
    try:
        code = regioncodes.normalize(region_code)
    except regioncodes.InvalidRegionCodeError as exc:
        raise ValidationError({"region_code": "区划代码无效"}) from exc
    unit = OrgUnit.objects.create(name=name, kind=kind, region_code=code, parent=parent)
    record(actor=actor, verb="accounts.create_unit", obj=unit, payload={"name": name, "kind": kind})
    return unit


@transaction.atomic
def do_create_user(
    *,
    actor: User | None,
    username: str,
    name: str,
    unit: OrgUnit | None,
    roles: list[RoleCode],
    password: str | None = None,
    phone: str = "",
) -> User:
    """Create a user with roles; a phone is stored encrypted with its lookup hash."""
    if User.objects.filter(username=username).exists():
        raise ValidationError({"username": "该用户名已被使用"})
    user = User(username=username, name=name, unit=unit)
    if password:
        user.set_password(password)
    else:
        user.set_unusable_password()
    if phone:
        _set_phone(user, phone)
    user.save()
    user.roles.set(Role.objects.filter(code__in=[str(r) for r in roles]))
    record(
        actor=actor,
        verb="accounts.create_user",
        obj=user,
        region_code=unit.region_code if unit else "",
        payload={"username": username, "roles": sorted(str(r) for r in roles)},
    )
    return user


def _set_phone(user: User, phone: str) -> None:
    digits = normalize_phone(phone)
    taken = User.objects.filter(phone_hash=lookup_hash(digits)).exclude(pk=user.pk)
    if taken.exists():
        raise ValidationError({"phone": "该手机号已绑定其他账号"})
    user.phone = digits
    user.phone_hash = lookup_hash(digits)


@transaction.atomic
def do_set_phone(user: User, phone: str, *, actor: User) -> User:
    _set_phone(user, phone)
    user.save(update_fields=["phone", "phone_hash"])
    record(
        actor=actor, verb="accounts.set_phone", obj=user, payload={"phone": mask_phone(user.phone)}
    )
    return user


def authenticate_password(username: str, password: str) -> User:
    """Check a staff password with lockout: LOGIN_MAX_FAILURES misses lock the account.

    A locked account stays locked for LOGIN_LOCK_MINUTES even when the right password is given.
    The failure counter is kept in its own committed transaction so a refused login still counts.
    """
    user = User.objects.select_related("unit").filter(username=username).first()
    if user is None or not user.is_active:
        # Hash anyway so that a missing user costs the same time as a wrong password.
        User().set_password(password)
        raise LoginError("用户名或密码错误")
    if user.is_locked():
        raise LoginError(_locked_message(user))
    if not user.check_password(password):
        _note_failure(user)
        raise LoginError(_locked_message(user) if user.is_locked() else "用户名或密码错误")
    _note_success(user)
    return user


def _locked_message(user: User) -> str:
    until = timezone.localtime(user.locked_until).strftime("%H:%M") if user.locked_until else ""
    return f"密码错误次数过多，账号已锁定，请于 {until} 后再试"


@transaction.atomic
def _note_failure(user: User) -> None:
    User.objects.filter(pk=user.pk).update(failed_logins=F("failed_logins") + 1)
    user.refresh_from_db(fields=["failed_logins"])
    payload: dict[str, object] = {"failed_logins": user.failed_logins}
    if user.failed_logins >= settings.LOGIN_MAX_FAILURES:
        user.locked_until = timezone.now() + timedelta(minutes=settings.LOGIN_LOCK_MINUTES)
        user.failed_logins = 0
        user.save(update_fields=["locked_until", "failed_logins"])
        payload["locked_until"] = user.locked_until.isoformat()
    record(actor=None, verb="accounts.login_failed", obj=user, payload=payload)


@transaction.atomic
def _note_success(user: User) -> None:
    user.failed_logins = 0
    user.locked_until = None
    user.last_login = timezone.now()
    user.save(update_fields=["failed_logins", "locked_until", "last_login"])
    record(actor=user, verb="accounts.login", obj=user)


@transaction.atomic
def do_unlock_user(user: User, *, actor: User) -> User:
    user.failed_logins = 0
    user.locked_until = None
    user.save(update_fields=["failed_logins", "locked_until"])
    record(actor=actor, verb="accounts.unlock", obj=user)
    return user


@transaction.atomic
def do_send_sms_code(phone: str) -> None:
    """Send a 6-digit login code, at most one a minute per number; only its hash is stored."""
    digits = normalize_phone(phone)
    key = lookup_hash(digits)
    now = timezone.now()
    recent = SmsCode.objects.filter(
        phone_hash=key, created_at__gt=now - timedelta(seconds=SMS_RESEND_SECONDS)
    )
    if recent.exists():
        raise ValidationError("验证码已发送，请稍后再试", code="sms_too_soon")
    code = f"{secrets.randbelow(1_000_000):06d}"
    expires = now + timedelta(minutes=settings.SMS_CODE_MINUTES)
    SmsCode.objects.create(phone_hash=key, code_hash=secret_hash(code), expires_at=expires)
    record(actor=None, verb="accounts.sms_code_sent", payload={"phone": mask_phone(digits)})
    message = f"【社工】您的登录验证码是 {code}，{settings.SMS_CODE_MINUTES} 分钟内有效。"
    transaction.on_commit(lambda: send_sms(digits, message))


def do_login_by_sms(phone: str, code: str) -> User:
    """Verify an SMS code and return the resident, creating the account on first login."""
    digits = normalize_phone(phone)
    _consume_sms_code(digits, code.strip())
    with transaction.atomic():
        user = User.objects.filter(phone_hash=lookup_hash(digits)).first()
        if user is None:
            user = do_create_user(
                actor=None,
                username=f"m{lookup_hash(digits)[:12]}",
                name="",
                unit=None,
                roles=[RoleCode.RESIDENT],
                phone=digits,
            )
        if not user.is_active:
            raise LoginError("该账号已停用")
        user.last_login = timezone.now()
        user.save(update_fields=["last_login"])
        record(actor=user, verb="accounts.login_sms", obj=user)
    return user


def _consume_sms_code(phone: str, code: str) -> None:
    # Attempts are committed even when the code is wrong, so guessing is bounded.
    with transaction.atomic():
        sms = (
            SmsCode.objects.select_for_update()
            .filter(phone_hash=lookup_hash(phone), used_at__isnull=True)
            .order_by("-created_at")
            .first()
        )
        if sms is None or sms.expires_at <= timezone.now() or sms.attempts >= SMS_MAX_ATTEMPTS:
            raise LoginError("验证码已失效，请重新获取")
        sms.attempts += 1
        ok = secrets.compare_digest(sms.code_hash, secret_hash(code))
        if ok:
            sms.used_at = timezone.now()
        sms.save(update_fields=["attempts", "used_at"])
    if not ok:
        raise LoginError("验证码错误")


@transaction.atomic
def do_create_api_token(user: User, *, actor: User | None, name: str) -> tuple[ApiToken, str]:
    """Create a personal API token; the key is returned once and only its hash is kept."""
    key = "sg_" + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        user=user, name=name or "API", prefix=key[:10], key_hash=secret_hash(key)
    )
    record(actor=actor, verb="accounts.create_api_token", obj=token, payload={"name": token.name})
    return token, key


@transaction.atomic
def do_revoke_api_token(token: ApiToken, *, actor: User | None) -> ApiToken:
    token.revoked_at = timezone.now()
    token.save(update_fields=["revoked_at"])
    record(actor=actor, verb="accounts.revoke_api_token", obj=token)
    return token
