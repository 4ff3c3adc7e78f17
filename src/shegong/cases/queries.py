"""Reads of cases: scope, tracking by number and code, timeline and clocks."""

from __future__ import annotations

import secrets
from collections.abc import Callable

from django.core.cache import cache
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import Http404

from shegong.accounts.models import OrgUnit, User
from shegong.accounts.queries import covering, has_scope, staff_with_role
from shegong.cases.models import Assignment, AssignmentState, Case, Clock, Notice
from shegong.lib.crypto import secret_hash
from shegong.regions.scope import subtree_q

LIVE_ASSIGNMENT = [AssignmentState.ACTIVE, AssignmentState.OBJECTED, AssignmentState.REPORTED]


HiddenRule = Callable[[User], Q]
_HIDDEN_RULES: dict[str, list[HiddenRule]] = {}


def register_hidden_rule(procedure: str, rule: HiddenRule) -> None:
    """A procedure hides some of its cases from some staff even inside their scope (R15: an
    accusation from the unit and the person it accuses). `rule(actor)` matches those cases."""
    rules = _HIDDEN_RULES.setdefault(procedure, [])
    if rule not in rules:
        rules.append(rule)


def hidden_from(actor: User, procedure: str | None = None) -> Q | None:
    """The cases of one procedure (or of any) that its rules keep from the actor; None if none."""
    names = [procedure] if procedure else list(_HIDDEN_RULES)
    rules = [rule for name in names for rule in _HIDDEN_RULES.get(name, [])]
    if not rules or actor.is_superuser:
        return None
    hidden = rules[0](actor)
    for rule in rules[1:]:
        hidden |= rule(actor)
    return hidden


def visible_cases(actor: User) -> QuerySet[Case]:
    """Staff: cases in their region, or held by their unit wherever they are. Residents: their own.

    DESIGN: a user never sees a record outside their scope unless it was dispatched to their unit;
    and never one a procedure's hidden rule keeps from them, even then (R15).
    """
    cases = Case.objects.all()
    if actor.is_superuser:
        return cases
    if not has_scope(actor):
        return cases.filter(submitter=actor) if actor.is_authenticated else cases.none()
    held = Assignment.objects.filter(case=OuterRef("pk"), unit_id=actor.unit_id)
    region = subtree_q(actor.scope_code) if actor.scope_code else Q()
    cases = cases.filter(region | Q(Exists(held)))
    hidden = hidden_from(actor)
    return cases if hidden is None else cases.exclude(hidden)


ReadHook = Callable[[User, Case], None]
_READ_HOOKS: list[ReadHook] = []


def register_read_hook(hook: ReadHook) -> None:
    """A procedure logs reads of its sensitive cases (R15: every access to an accusation)."""
    if hook not in _READ_HOOKS:
        _READ_HOOKS.append(hook)


def access_case(actor: User, number: str) -> Case:
    """The case in the actor's scope, or 404; every hook registered for reads sees the access."""
    try:
        case = visible_cases(actor).select_related("category", "lead_unit").get(number=number)
    except Case.DoesNotExist as exc:
        raise Http404("未找到该工单") from exc
    for hook in _READ_HOOKS:
        hook(actor, case)
    return case


TRACK_MAX_FAILURES = 10
TRACK_LOCK_SECONDS = 15 * 60


def track_case(number: str, code: str) -> Case:
    """Public tracking by number and code; 404 for a wrong pair (no hint which part was wrong).

    After TRACK_MAX_FAILURES wrong codes for one number, that number answers nothing for
    TRACK_LOCK_SECONDS, so a 6-character code cannot be guessed by trying.
    """
    number = number.strip().upper()
    if _tracking_locked(number):
        raise Http404("查询码错误次数过多，请 15 分钟后再试")
    case = Case.objects.filter(number=number).first()
    if case is None:
        _note_tracking_failure(number)
    if case is None or not code_matches(case, code):
        raise Http404("编号或查询码不正确")
    return case


def code_matches(case: Case, code: str) -> bool:
    """Whether `code` is the case's tracking code (constant time, case-blind, throttled)."""
    if _tracking_locked(case.number):
        return False
    ok = secrets.compare_digest(case.code_hash, secret_hash(code.strip().upper()))
    if not ok:
        _note_tracking_failure(case.number)
    return ok


def _tracking_locked(number: str) -> bool:
    return int(cache.get(f"track-fail:{number}", 0)) >= TRACK_MAX_FAILURES


def _note_tracking_failure(number: str) -> None:
    key = f"track-fail:{number}"
    if not cache.add(key, 1, TRACK_LOCK_SECONDS):
        try:
            cache.incr(key)
        except ValueError:  # expired between add and incr
            cache.set(key, 1, TRACK_LOCK_SECONDS)


def live_assignment(case: Case, unit: OrgUnit | None, *roles: str) -> Assignment | None:
    if unit is None:
        return None
    return (
        Assignment.objects.filter(case=case, unit=unit, role__in=roles, state__in=LIVE_ASSIGNMENT)
        .order_by("-assigned_at")
        .first()
    )


def lead_assignment(case: Case) -> Assignment | None:
    return (
        Assignment.objects.filter(
            case=case, role="lead", state__in=[AssignmentState.ACTIVE, AssignmentState.OBJECTED]
        )
        .select_related("unit")
        .first()
    )


def case_clocks(case: Case) -> list[Clock]:
    return list(Clock.objects.filter(case=case).select_related("unit"))


def unit_staff(unit: OrgUnit) -> QuerySet[User]:
    return User.objects.filter(unit=unit, is_active=True)


def dispatchers_for(case: Case) -> list[User]:
    """Dispatchers whose region contains the case (the centre that must be told)."""
    return covering(staff_with_role("dispatcher"), case.region_code)


# ---------------------------------------------------------------- in-app notices (我的通知)


def notices_for(user: User, *, unread_only: bool = False) -> QuerySet[Notice]:
    """The user's own notices, newest first, with the case number for the link."""
    notices = Notice.objects.filter(user=user).select_related("case")
    notices = notices.only("text", "created_at", "read_at", "case__number", "case__procedure")
    notices = notices.order_by("-created_at", "-id")
    return notices.filter(read_at__isnull=True) if unread_only else notices


def unread_notice_count(user: User) -> int:
    return Notice.objects.filter(user=user, read_at__isnull=True).count()


def access_notice(actor: User, notice_id: int) -> Notice:
    """One of the actor's own notices; 404 for anyone else's."""
    try:
        return Notice.objects.get(pk=notice_id, user=actor)
    except Notice.DoesNotExist as exc:
        raise Http404("未找到该通知") from exc
