"""The 接诉即办 staff workbench: the inbox per role, the case page with the actions the actor may
take now, the hotline operator's form, attachments and the logged reveal of a submitter.

Views stay thin: parse → `access_case` (404 outside the actor's scope) → the verb's registered
handler, which calls one `do_*` action → render. Which forms a case page offers follows from the
procedure's declaration, the case status, the actor's roles and the unit's assignments; the
rules themselves (R22–R31) are enforced in `appeals.actions`, and their errors are shown here.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST
from pydantic import ValidationError as PydanticValidationError

from shegong.accounts.models import RoleCode, UnitKind, User
from shegong.accounts.queries import in_scope
from shegong.appeals.actions import do_submit_appeal
from shegong.appeals.duplicates import Hint, similar_cases
from shegong.appeals.forms import ACTION_FORMS, ActionForm, BulkForm, HotlineForm
from shegong.appeals.models import AppealStatus, AppealType, Rating, UrgencyTier
from shegong.audit.actions import record_read
from shegong.cases import present
from shegong.cases.actions import may_act
from shegong.cases.handlers import ActionError, error_status, error_text, run_verb
from shegong.cases.models import (
    Assignment,
    AssignmentRole,
    AssignmentState,
    Attachment,
    Case,
    Category,
    Clock,
)
from shegong.cases.procedure import get_procedure
from shegong.cases.queries import LIVE_ASSIGNMENT, access_case
from shegong.lib import regioncodes
from shegong.regions.queries import get_region
from shegong.web.decorators import is_htmx, staff_required

HOTLINE_ROLES = frozenset({RoleCode.DISPATCHER, RoleCode.ADMIN})
LEAD_VERBS = frozenset({"accept", "object", "extend", "reply", "whistle"})


def _safe_next(request: HttpRequest, target: str, fallback: str) -> str:
    ok = url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure())
    return target if target and ok else fallback


# ---------------------------------------------------------------- bulk actions from the inbox


@require_POST
@staff_required
def bulk(request: HttpRequest, user: User) -> HttpResponse:
    """Dispatch by the catalogue (R24), or accept, several cases: one transaction each."""
    form = BulkForm(request.POST)
    back = _safe_next(request, request.POST.get("next", ""), reverse("appeals_inbox"))
    numbers = form.numbers()
    if not form.is_valid() or not numbers:
        messages.error(request, "请先勾选工单")
        return redirect(back)
    verb = form.cleaned_data["action"]
    failures = [f"{n}：{reason}" for n in numbers if (reason := _try_verb(user, n, verb))]
    label = "派单" if verb == "dispatch" else "签收"
    if len(failures) < len(numbers):
        messages.success(request, f"已{label} {len(numbers) - len(failures)} 件")
    if failures:
        messages.error(request, f"{len(failures)} 件未能{label}：" + "；".join(failures))
    return redirect(back)


def _try_verb(user: User, number: str, verb: str) -> str:
    """Run one verb with its default fields; the reason it failed, or "" when it worked."""
    try:
        run_verb(access_case(user, number), user, verb, {})
    except ActionError as exc:
        return error_text(exc)
    return ""


# ---------------------------------------------------------------- the case page


@staff_required
def case_page(request: HttpRequest, user: User, number: str) -> HttpResponse:
    case = access_case(user, number)
    return render(request, "appeals/staff/case.html", case_context(case, user))


def case_context(
    case: Case,
    user: User,
    *,
    bound: ActionForm | None = None,
    revealed: present.Submitter | None = None,
) -> dict[str, Any]:
    """Everything the case page shows, and the action forms the actor may submit now."""
    assignments = list(case.assignments.select_related("unit"))
    clocks = list(case.clocks.select_related("unit"))
    verbs = allowed_verbs(case, user, assignments, clocks)
    now = timezone.now()
    return {
        "case": case,
        "labels": case_labels(case),
        "submitter": revealed or present.submitter_for(user, case),
        "revealed": revealed is not None,
        "may_reveal": _may_reveal(user, case),
        "clocks": [present.clock_out(c, now) for c in clocks],
        "units": [present.assignment_out(a) for a in assignments],
        "timeline": present.timeline(case),
        "attachments": list(case.attachments.all()),
        "merged_here": list(case.merged_cases.values_list("number", flat=True)),
        "forms": [_form(verb, case, user, bound) for verb in verbs],
        "hints": case_hints(case, user) if "merge" in verbs else [],
    }


def case_labels(case: Case) -> dict[str, str]:
    region = get_region(case.region_code)
    tier = UrgencyTier.objects.filter(code=case.urgency).first()
    return {
        "status": get_procedure(case.procedure).status_label(case.status),
        "subtype": str(AppealType(case.subtype).label) if case.subtype in AppealType else "",
        "urgency": tier.name if tier else case.urgency,
        "region": region.full_name if region else case.region_code,
        "channel": case.get_channel_display(),
        "rating": str(Rating(case.rating).label) if case.rating in Rating else "",
    }


def _may_reveal(user: User, case: Case) -> bool:
    has_contact = bool(case.submitter_name or case.submitter_phone)
    return has_contact and present.may_see_identity(user, case)


def _form(verb: str, case: Case, user: User, bound: ActionForm | None) -> ActionForm:
    if bound is not None and bound.verb == verb:
        return bound
    return ACTION_FORMS[verb](case=case, actor=user)


def allowed_verbs(
    case: Case, actor: User, assignments: list[Assignment], clocks: list[Clock]
) -> list[str]:
    """The verbs whose form the page offers: declared for this status and these roles, and
    (for the unit's verbs) held by the actor's unit."""
    procedure = get_procedure(case.procedure)
    return [
        verb
        for verb, transition in procedure.transitions.items()
        if verb in ACTION_FORMS
        and case.status in transition.sources
        and may_act(actor, case, transition)
        and _unit_may(verb, case, actor, assignments, clocks)
    ]


def _unit_may(
    verb: str, case: Case, actor: User, assignments: list[Assignment], clocks: list[Clock]
) -> bool:
    if verb in LEAD_VERBS and not _leads(verb, actor, assignments):
        return False
    if verb == "report_in":
        own = _own(assignments, actor, AssignmentRole.CO, AssignmentRole.WHISTLE)
        return own is not None and own.state == AssignmentState.ACTIVE
    if verb == "extend":
        return any(_extendable(c) for c in clocks)
    if verb == "follow_up" and case.status == AppealStatus.PROCESSING:
        # R29: before a reply, only once the feedback limit has run out.
        now = timezone.now()
        return any(c.name == "feedback" and c.is_running and c.due_at < now for c in clocks)
    return True


def _leads(verb: str, actor: User, assignments: list[Assignment]) -> bool:
    """R26: only the lead unit handles; only a township leading the case whistles."""
    lead = _own(assignments, actor, AssignmentRole.LEAD)
    if lead is None:
        return actor.is_superuser
    return verb != "whistle" or lead.unit.kind == UnitKind.TOWNSHIP


def _own(assignments: list[Assignment], actor: User, *roles: str) -> Assignment | None:
    return next(
        (
            a
            for a in assignments
            if a.unit_id == actor.unit_id and a.role in roles and a.state in LIVE_ASSIGNMENT
        ),
        None,
    )


def _extendable(clock: Clock) -> bool:
    limit: int = settings.APPEAL_MAX_EXTENSIONS
    return clock.name == "feedback" and clock.is_running and clock.extensions < limit


def case_hints(case: Case, actor: User) -> list[Hint]:
    """Open cases nearby in the same category or with similar text, among those the actor sees."""
    return similar_cases(
        text=f"{case.title} {case.content}",
        region_code=case.region_code,
        category=case.category,
        latitude=case.latitude,
        longitude=case.longitude,
        exclude=case,
        actor=actor,
    )


@require_POST
@staff_required
def case_action(request: HttpRequest, user: User, number: str, verb: str) -> HttpResponse:
    """One action of the procedure from its form; errors are shown on the case page."""
    case = access_case(user, number)
    form_class = ACTION_FORMS.get(verb)
    if form_class is None:
        raise Http404("没有这个动作")
    form = form_class(request.POST, case=case, actor=user)
    status = 422
    if form.is_valid():
        try:
            run_verb(case, user, verb, form.payload())
        except ActionError as exc:
            status = show_error(request, form, exc)
        else:
            messages.success(request, f"已{get_procedure(case.procedure).transitions[verb].label}")
            return redirect("appeals_case", number=case.number)
    case = access_case(user, number)  # re-read: a failed action leaves the stored state
    return render(
        request, "appeals/staff/case.html", case_context(case, user, bound=form), status=status
    )


def show_error(request: HttpRequest, form: ActionForm, exc: Exception) -> int:
    """Put the error where the person will look for it; the HTTP status of the answer."""
    if isinstance(exc, ValidationError) and hasattr(exc, "error_dict"):
        for key, errors in exc.message_dict.items():
            for message in errors:
                form.attach_error(key, message)
        return 422
    if isinstance(exc, PydanticValidationError):
        for err in exc.errors():
            form.attach_error(str(err["loc"][0]) if err["loc"] else "", "取值无效")
        return 422
    if isinstance(exc, Http404):
        form.attach_error("into", "在您的辖区内未找到该工单")
        return 422
    messages.error(request, error_text(exc))
    return error_status(exc)


@require_POST
@staff_required
def reveal(request: HttpRequest, user: User, number: str) -> HttpResponse:
    """The submitter's full name and phone, for roles that may see them; the read is logged."""
    case = access_case(user, number)
    if not present.may_see_identity(user, case):
        raise Http404("未找到该工单")
    record_read(actor=user, obj=case, fields=["submitter_name", "submitter_phone"])
    revealed = present.Submitter(name=case.submitter_name, phone=case.submitter_phone, hidden=False)
    if is_htmx(request):
        context = {"case": case, "submitter": revealed, "revealed": True, "may_reveal": False}
        return render(request, "appeals/staff/_submitter.html", context)
    return render(request, "appeals/staff/case.html", case_context(case, user, revealed=revealed))


@staff_required
def attachment(request: HttpRequest, user: User, number: str, pk: str) -> FileResponse:
    """A case's file, only for staff who may open the case."""
    case = access_case(user, number)
    item = get_object_or_404(Attachment, case=case, pk=pk)
    inline = item.content_type.startswith("image/") or item.content_type == "application/pdf"
    return FileResponse(
        item.file.open("rb"),
        content_type=item.content_type,
        as_attachment=not inline,
        filename=item.name,
    )


# ---------------------------------------------------------------- the hotline operator's form


def _hotline_operator(user: User) -> None:
    if not (user.is_superuser or user.has_role(*HOTLINE_ROLES)):
        raise Http404("页面不存在")


@staff_required
def hotline(request: HttpRequest, user: User) -> HttpResponse:
    """R22: register a call as an appeal (channel 热线); a double submit registers it once."""
    _hotline_operator(user)
    form = HotlineForm(request.POST or None, actor=user)
    if request.method == "POST" and form.is_valid():
        try:
            result = do_submit_appeal(
                form.intake(), actor=user, client_token=form.cleaned_data["client_token"]
            )
        except ValidationError as exc:
            for key, errors in exc.message_dict.items():
                form.add_error(key if key in form.fields else None, errors)
        else:
            note = "已登记" if result.created else "该来电已登记，未重复登记"
            messages.success(request, f"{note}：{result.case.number}，查询码 {result.code}")
            return redirect("appeals_case", number=result.case.number)
    status = 422 if form.errors else 200
    return render(request, "appeals/staff/hotline.html", {"form": form}, status=status)


def _region_in_scope(user: User, code: str) -> str:
    """The typed region code when it is valid and in scope, else the actor's own region."""
    try:
        code = regioncodes.normalize(code.strip())
    except regioncodes.InvalidRegionCodeError:
        return user.scope_code or ""
    return code if in_scope(user, code) else user.scope_code or ""


@staff_required
def hotline_hints(request: HttpRequest, user: User) -> HttpResponse:
    """The duplicate hints panel of the hotline form (htmx, while the operator types)."""
    _hotline_operator(user)
    params = request.POST if request.method == "POST" else request.GET
    text = f"{params.get('title', '')} {params.get('content', '')}".strip()
    region_code = _region_in_scope(user, params.get("region_code", ""))
    category = Category.objects.filter(code=params.get("category") or "").first()
    hints: list[Hint] = []
    if len(text) >= 4 and region_code:
        hints = similar_cases(
            text=text,
            region_code=region_code,
            category=category,
            latitude=None,
            longitude=None,
            actor=user,
        )
    return render(request, "appeals/staff/_hints.html", {"hints": hints, "merge_from": None})
