"""The organiser's pages: my organisations, members and their approval, activities and shifts,
insurance (R41), sign-ups, confirming hours (R38), no-shows, QR codes, the volunteer record with
training, awards and evaluations (R35), the logged ID reveal (R39) and the xlsx import.

Everything is looked up through `queries.access_*`, which answers 404 outside the organisations
the actor runs (their own, or those in their region scope for staff with an organiser role).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from shegong.accounts.models import User
from shegong.lib.qr import qr_png, qr_svg
from shegong.volunteers import queries
from shegong.volunteers.actions import (
    do_add_shift,
    do_approve_membership,
    do_cancel_activity,
    do_confirm_record,
    do_create_activity,
    do_finish_activity,
    do_import_volunteers,
    do_publish_activity,
    do_record_attendance,
    do_record_award,
    do_record_evaluation,
    do_record_insurance,
    do_record_no_shows,
    do_record_training,
    do_register_volunteer_for,
    do_reject_membership,
    do_reject_record,
    do_renew_checkin_code,
    do_reveal_id_number,
    do_start_activity,
    insurance_problem,
)
from shegong.volunteers.forms import (
    ActivityForm,
    AttendanceForm,
    AwardForm,
    ConfirmForm,
    EvaluationForm,
    ImportForm,
    InsuranceForm,
    OrganisationRegistrationForm,
    ReasonForm,
    ShiftForm,
    TrainingForm,
    add_action_errors,
    local_input,
)
from shegong.volunteers.models import Activity, Organisation, Shift, SignUpStatus, Volunteer
from shegong.volunteers.views.common import (
    Refusal,
    as_validation,
    organiser_required,
    refusal_text,
)

T = "volunteers/manage/"


def _done(request: HttpRequest, text: str, error: Exception | None) -> None:
    if error is None:
        messages.success(request, text)
    else:
        messages.error(request, refusal_text(error))


def _attempt(action: Callable[[], Any]) -> Exception | None:
    """Run one action; a refusal is returned to be shown, anything else propagates."""
    try:
        action()
    except Refusal as error:
        return error
    return None


# ---------------------------------------------------------------- organisations and members


@organiser_required
def home(request: HttpRequest, user: User) -> HttpResponse:
    organisations = list(queries.organisations_for(user).order_by("region_code", "name")[:200])
    if not organisations and not user.is_staff_member:
        raise Http404("页面不存在")
    context = {"organisations": organisations, "dispatches": queries.dispatches(user)}
    return render(request, T + "home.html", context)


@organiser_required
def organisation(request: HttpRequest, user: User, pk: int) -> HttpResponse:
    found = queries.access_organisation(user, pk)
    context = {
        "organisation": found,
        "activities": list(queries.organisation_activities(found)[:50]),
        "pending_members": list(queries.pending_memberships(found)[:100]),
        "pending_records": list(queries.pending_records(found)[:100]),
        "member_count": queries.members(found).count(),
    }
    return render(request, T + "organisation.html", context)


@organiser_required
def members(request: HttpRequest, user: User, pk: int) -> HttpResponse:
    found = queries.access_organisation(user, pk)
    rows = list(queries.members(found)[:500])
    return render(request, T + "members.html", {"organisation": found, "rows": rows})


@require_POST
@organiser_required
def decide_membership(request: HttpRequest, user: User, pk: int, verb: str) -> HttpResponse:
    membership = queries.access_membership(user, pk)
    if verb == "approve":
        error = _attempt(lambda: do_approve_membership(membership, actor=user))
    else:
        note = request.POST.get("note", "")
        error = _attempt(lambda: do_reject_membership(membership, actor=user, note=note))
    _done(request, "已审核", error)
    return redirect("volunteers_manage_org", pk=membership.organisation_id)


@organiser_required
def register_volunteer(request: HttpRequest, user: User, pk: int) -> HttpResponse:
    """Registration by the organisation for someone who signed the consent on paper (R39)."""
    found = queries.access_organisation(user, pk)
    form = OrganisationRegistrationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            volunteer = do_register_volunteer_for(
                found, form.registration(), phone=form.cleaned_data["phone"], actor=user
            )
        except Refusal as error:
            add_action_errors(form, as_validation(error))
        else:
            messages.success(request, f"已登记，志愿者编号 {volunteer.number}")
            return redirect("volunteers_manage_volunteer", pk=volunteer.pk)
    context = {"organisation": found, "form": form}
    return render(request, T + "register.html", context, status=400 if form.errors else 200)


@organiser_required
def import_volunteers(request: HttpRequest, user: User, pk: int) -> HttpResponse:
    found = queries.access_organisation(user, pk)
    form = ImportForm(request.POST or None, request.FILES or None)
    report = None
    if request.method == "POST" and form.is_valid():
        report = do_import_volunteers(form.cleaned_data["file"], organisation=found, actor=user)
    context = {"organisation": found, "form": form, "report": report}
    status = 400 if form.errors or (report and not report.ok) else 200
    return render(request, T + "import.html", context, status=status)


# ---------------------------------------------------------------- activities and shifts


@organiser_required
def new_activity(request: HttpRequest, user: User, pk: int) -> HttpResponse:
    found = queries.access_organisation(user, pk)
    form = ActivityForm(request.POST or None, initial={"region_code": found.region_code})
    if request.method == "POST" and form.is_valid():
        try:
            created = do_create_activity(found, form.activity_data(), actor=user)
        except Refusal as error:
            add_action_errors(form, as_validation(error))
        else:
            messages.success(request, "活动已创建，请添加岗位后发布")
            return redirect("volunteers_manage_activity", pk=created.pk)
    context = {"organisation": found, "form": form}
    return render(request, T + "activity_new.html", context, status=400 if form.errors else 200)


def _activity_context(activity: Activity, **forms: Any) -> dict[str, Any]:
    return {
        "activity": activity,
        "shifts": queries.activity_shifts(activity),
        "policies": queries.activity_policies(activity),
        "insurance_problem": insurance_problem(activity),
        "shift_form": forms.get("shift_form") or ShiftForm(initial=_window(activity)),
        "insurance_form": forms.get("insurance_form") or InsuranceForm(),
    }


def _window(activity: Activity) -> dict[str, str]:
    return {"starts_at": local_input(activity.starts_at), "ends_at": local_input(activity.ends_at)}


@organiser_required
def activity(request: HttpRequest, user: User, pk: int) -> HttpResponse:
    found = queries.access_activity(user, pk)
    return render(request, T + "activity.html", _activity_context(found))


@require_POST
@organiser_required
def add_shift(request: HttpRequest, user: User, pk: int) -> HttpResponse:
    found = queries.access_activity(user, pk)
    form = ShiftForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            do_add_shift(
                found,
                actor=user,
                name=data["name"],
                starts_at=data["starts_at"],
                ends_at=data["ends_at"],
                capacity=data["capacity"],
                skills=list(data["skills"]),
            )
        except Refusal as error:
            add_action_errors(form, as_validation(error))
        else:
            messages.success(request, "岗位已添加")
            return redirect("volunteers_manage_activity", pk=found.pk)
    context = _activity_context(found, shift_form=form)
    return render(request, T + "activity.html", context, status=400)


@require_POST
@organiser_required
def add_insurance(request: HttpRequest, user: User, pk: int) -> HttpResponse:
    """R41: record the policy that lets a risky activity start."""
    found = queries.access_activity(user, pk)
    form = InsuranceForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            do_record_insurance(
                found.organisation,
                actor=user,
                activity=None if data["whole_organisation"] else found,
                insurer=data["insurer"],
                policy_number=data["policy_number"],
                covers_from=data["covers_from"],
                covers_until=data["covers_until"],
                insured_count=data["insured_count"],
            )
        except Refusal as error:
            add_action_errors(form, as_validation(error))
        else:
            messages.success(request, "保险已登记")
            return redirect("volunteers_manage_activity", pk=found.pk)
    context = _activity_context(found, insurance_form=form)
    return render(request, T + "activity.html", context, status=400)


TRANSITIONS: dict[str, tuple[Callable[..., Activity], str]] = {
    "publish": (do_publish_activity, "活动已发布"),
    "start": (do_start_activity, "活动已开始"),
    "finish": (do_finish_activity, "活动已结束"),
    "cancel": (do_cancel_activity, "活动已取消"),
}


@require_POST
@organiser_required
def transition(request: HttpRequest, user: User, pk: int, verb: str) -> HttpResponse:
    """发布 / 开始 (refused by R41 without insurance) / 结束 / 取消."""
    found = queries.access_activity(user, pk)
    if verb not in TRANSITIONS:
        raise Http404("未知操作")
    action, text = TRANSITIONS[verb]
    _done(request, text, _attempt(lambda: action(found, actor=user)))
    return redirect("volunteers_manage_activity", pk=found.pk)


@organiser_required
def shift(request: HttpRequest, user: User, pk: int) -> HttpResponse:
    """The sign-ups of a shift with each one's record: confirm, reject, record, no-shows."""
    found = queries.access_shift(user, pk)
    records = queries.shift_records(found)
    rows = [(s, records.get(s.volunteer_id)) for s in queries.shift_signups(found)]
    context = {
        "shift": found,
        "activity": found.activity,
        "rows": rows,
        "window": _window_of(found),
        "confirmed": sum(1 for s, _ in rows if s.status == SignUpStatus.CONFIRMED),
    }
    return render(request, T + "shift.html", context)


def _window_of(shift: Shift) -> dict[str, str]:
    return {"in": local_input(shift.starts_at), "out": local_input(shift.ends_at)}


def _checkin_url(request: HttpRequest, shift: Shift) -> str:
    path = reverse("volunteers_checkin", args=[queries.checkin_token(shift)])
    return request.build_absolute_uri(path)


@organiser_required
def shift_qr(request: HttpRequest, user: User, pk: int) -> HttpResponse:
    """The printable card with the shift's check-in QR code, shown at the place."""
    found = queries.access_shift(user, pk)
    url = _checkin_url(request, found)
    context = {"shift": found, "activity": found.activity, "url": url, "svg": qr_svg(url)}
    return render(request, T + "qr.html", context)


@organiser_required
def shift_qr_png(request: HttpRequest, user: User, pk: int) -> HttpResponse:
    found = queries.access_shift(user, pk)
    response = HttpResponse(qr_png(_checkin_url(request, found)), content_type="image/png")
    response["Content-Disposition"] = f'inline; filename="checkin-{found.pk}.png"'
    return response


@require_POST
@organiser_required
def renew_qr(request: HttpRequest, user: User, pk: int) -> HttpResponse:
    found = queries.access_shift(user, pk)
    error = _attempt(lambda: do_renew_checkin_code(found, actor=user))
    _done(request, "已更换签到码，原二维码作废", error)
    return redirect("volunteers_manage_shift_qr", pk=found.pk)


@require_POST
@organiser_required
def no_shows(request: HttpRequest, user: User, pk: int) -> HttpResponse:
    found = queries.access_shift(user, pk)
    try:
        count = do_record_no_shows(found, actor=user)
    except Refusal as error:
        messages.error(request, refusal_text(error))
    else:
        messages.success(request, f"已登记未到岗 {count} 人")
    return redirect("volunteers_manage_shift", pk=found.pk)


@require_POST
@organiser_required
def attend(request: HttpRequest, user: User, pk: int) -> HttpResponse:
    """The organiser records and confirms a volunteer's service without a QR scan (R38)."""
    signup = queries.access_managed_signup(user, pk)
    form = AttendanceForm(request.POST)
    if not form.is_valid():
        messages.error(request, "请填写到岗和离开时间")
        return redirect("volunteers_manage_shift", pk=signup.shift_id)
    data = form.cleaned_data
    error = _attempt(
        lambda: do_record_attendance(
            signup,
            actor=user,
            checked_in_at=data["checked_in_at"],
            checked_out_at=data["checked_out_at"],
        )
    )
    _done(request, "已登记并确认服务时长", error)
    return redirect("volunteers_manage_shift", pk=signup.shift_id)


@require_POST
@organiser_required
def confirm_record(request: HttpRequest, user: User, pk: int) -> HttpResponse:
    """R38: the organisation confirms the hours; only then do they count."""
    service = queries.access_record(user, pk)
    form = ConfirmForm(request.POST)
    out = form.cleaned_data.get("checked_out_at") if form.is_valid() else None
    error = _attempt(lambda: do_confirm_record(service, actor=user, checked_out_at=out))
    _done(request, "服务时长已确认", error)
    return redirect(_back(request, service.shift_id, service.organisation_id))


@require_POST
@organiser_required
def reject_record(request: HttpRequest, user: User, pk: int) -> HttpResponse:
    service = queries.access_record(user, pk)
    form = ReasonForm(request.POST)
    reason = form.cleaned_data["reason"] if form.is_valid() else ""
    error = _attempt(lambda: do_reject_record(service, actor=user, reason=reason))
    _done(request, "已不予确认", error)
    return redirect(_back(request, service.shift_id, service.organisation_id))


def _back(request: HttpRequest, shift_id: int | None, organisation_id: int) -> str:
    if shift_id is not None and request.POST.get("back") == "shift":
        return reverse("volunteers_manage_shift", args=[shift_id])
    return reverse("volunteers_manage_org", args=[organisation_id])


# ---------------------------------------------------------------- the volunteer record (R35)


def _entry_forms(user: User, data: Any = None, which: str = "") -> dict[str, Any]:
    organisations = queries.organisations_for(user).order_by("name")
    forms = {"training": TrainingForm, "award": AwardForm, "evaluation": EvaluationForm}
    return {
        f"{name}_form": form_class(data if name == which else None, organisations=organisations)
        for name, form_class in forms.items()
    }


def _volunteer_context(user: User, volunteer: Volunteer, **extra: Any) -> dict[str, Any]:
    return {
        "volunteer": queries.volunteer_file(volunteer),
        "may_reveal": queries.may_reveal_id(user, volunteer),
        **_entry_forms(user),
        **extra,
    }


@organiser_required
def volunteer(request: HttpRequest, user: User, pk: int) -> HttpResponse:
    """R35: basic information (ID masked), service records, training, awards, evaluations."""
    found = queries.access_volunteer(user, pk)
    return render(request, T + "volunteer.html", _volunteer_context(user, found))


@require_POST
@organiser_required
def reveal(request: HttpRequest, user: User, pk: int) -> HttpResponse:
    """R39: the full ID number for a manager of an organisation the volunteer joined, logged.
    It is rendered into this response only, never into a URL or a redirect."""
    found = queries.access_volunteer(user, pk)
    try:
        number = do_reveal_id_number(found, actor=user)
    except Refusal as error:
        raise Http404(refusal_text(error)) from error
    context = _volunteer_context(user, found, revealed=number)
    return render(request, T + "volunteer.html", context)


ENTRY_ACTIONS: dict[str, Callable[..., Any]] = {
    "training": do_record_training,
    "award": do_record_award,
    "evaluation": do_record_evaluation,
}


@require_POST
@organiser_required
def add_entry(request: HttpRequest, user: User, pk: int, kind: str) -> HttpResponse:
    """R35: add a training, an award or an evaluation to the volunteer's record."""
    found = queries.access_volunteer(user, pk)
    if kind not in ENTRY_ACTIONS:
        raise Http404("未知记录类型")
    forms = _entry_forms(user, request.POST, kind)
    form = forms[f"{kind}_form"]
    if form.is_valid():
        fields = dict(form.cleaned_data)
        organisation: Organisation = fields.pop("organisation")
        try:
            ENTRY_ACTIONS[kind](found, organisation, actor=user, **fields)
        except Refusal as error:
            add_action_errors(form, as_validation(error))
        else:
            messages.success(request, "已记录")
            return redirect("volunteers_manage_volunteer", pk=found.pk)
    context = _volunteer_context(user, found, **forms)
    return render(request, T + "volunteer.html", context, status=400)
