"""The volunteer's pages on a phone: register, activities near me, sign up, my sign-ups, check in
by QR code, my hours and star level, join an organisation.

Residents log in by SMS (/login/sms/). Public pages show the volunteer number, never an ID
number (R39). Views stay thin: parse → look up (404 for what is not theirs) → one action → render.
"""

from __future__ import annotations

from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from shegong.accounts.models import User
from shegong.volunteers import queries
from shegong.volunteers.actions import (
    do_apply_membership,
    do_cancel_sign_up,
    do_check_in,
    do_check_out,
    do_register_volunteer,
    do_sign_up,
    do_update_volunteer,
    waitlist_position,
)
from shegong.volunteers.forms import NearForm, ProfileForm, RegistrationForm, add_action_errors
from shegong.volunteers.models import (
    CONSENT_VERSION,
    Organisation,
    SignUpStatus,
    Slot,
    Volunteer,
    slot_labels,
)
from shegong.volunteers.views.common import (
    Refusal,
    as_validation,
    current_user,
    login_redirect,
    refusal_text,
    resident_required,
)

T = "volunteers/"


def _volunteer_or_404(user: User) -> Volunteer:
    volunteer = queries.volunteer_of(user)
    if volunteer is None:
        raise Http404("您还不是志愿者")
    return volunteer


def _register_first(request: HttpRequest, then: str = "") -> HttpResponse:
    """To the registration form, coming back to `then` (this page by default) afterwards."""
    messages.info(request, "请先注册为志愿者")
    query = urlencode({"next": then or request.get_full_path()})
    return redirect(f"{reverse('volunteers_register')}?{query}")


def home(request: HttpRequest) -> HttpResponse:
    user = current_user(request)
    volunteer = queries.volunteer_of(user)
    context = {
        "volunteer": volunteer,
        "summary": (
            queries.hours_summary(volunteer, settings.VOLUNTEER_STAR_HOURS) if volunteer else None
        ),
        "runs_organisations": user is not None and queries.organisations_for(user).exists(),
    }
    return render(request, T + "home.html", context)


@resident_required
def register(request: HttpRequest, user: User) -> HttpResponse:
    """Self-registration (R39): ID check digit, verified phone, consent with its text version."""
    if queries.volunteer_of(user) is not None:
        return redirect("volunteers_home")
    form = RegistrationForm(request.POST or None, initial={"name": user.name})
    if request.method == "POST" and form.is_valid():
        try:
            volunteer = do_register_volunteer(user, form.registration(), actor=user)
        except Refusal as error:
            add_action_errors(form, as_validation(error))
        else:
            messages.success(request, f"注册成功，您的志愿者编号是 {volunteer.number}")
            return redirect(_next(request) or "volunteers_home")
    context = {"form": form, "consent_version": CONSENT_VERSION, "phone": user.masked_phone}
    return render(request, T + "register.html", context, status=400 if form.errors else 200)


def _next(request: HttpRequest) -> str:
    target = request.GET.get("next", "")
    return target if target.startswith("/volunteers/") else ""


@resident_required
def profile(request: HttpRequest, user: User) -> HttpResponse:
    volunteer = _volunteer_or_404(user)
    initial = {
        "region_code": volunteer.region_code,
        "skills": list(volunteer.skills.all()),
        "availability": [int(slot) for slot in Slot if volunteer.availability & slot],
    }
    form = ProfileForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            do_update_volunteer(
                volunteer,
                actor=user,
                skills=list(data["skills"]),
                availability=sum(data["availability"] or []),
                region_code=data["region_code"],
            )
        except Refusal as error:
            add_action_errors(form, as_validation(error))
        else:
            messages.success(request, "已保存")
            return redirect("volunteers_hours")
    return render(request, T + "profile.html", {"form": form, "volunteer": volunteer})


def activities(request: HttpRequest) -> HttpResponse:
    """Activities near me: by region (the volunteer's county by default) or, when the phone
    gave its location, by distance across region borders."""
    volunteer = queries.volunteer_of(current_user(request))
    form = NearForm(request.GET or None)
    data = form.cleaned_data if form.is_valid() else {}
    near = data.get("lat") is not None and data.get("lng") is not None
    home = volunteer.region_code[:6] if volunteer and not near else ""
    region = data.get("region") or home
    try:
        found = queries.activities_near(
            region_code=region or None,
            lat=data.get("lat"),
            lng=data.get("lng"),
            radius_km=data.get("km") or 20.0,
        )
    except ValueError:  # a malformed region code typed into the address bar
        found = []
    context = {"found": found, "form": form, "region": region, "near": near}
    return render(request, T + "activities.html", context)


def activity(request: HttpRequest, pk: int) -> HttpResponse:
    found = queries.public_activity(pk)
    volunteer = queries.volunteer_of(current_user(request))
    mine = queries.signups_by_shift(volunteer, found)
    shifts = [(shift, mine.get(shift.pk)) for shift in found.shifts.all()]
    context = {"activity": found, "shifts": shifts, "volunteer": volunteer}
    return render(request, T + "activity.html", context)


@require_POST
@resident_required
def sign_up(request: HttpRequest, user: User, pk: int) -> HttpResponse:
    shift = queries.public_shift(pk)
    volunteer = queries.volunteer_of(user)
    if volunteer is None:
        return _register_first(request, reverse("volunteers_activity", args=[shift.activity_id]))
    try:
        signup = do_sign_up(shift, volunteer, actor=user)
    except Refusal as error:
        messages.error(request, refusal_text(error))
    else:
        if signup.status == SignUpStatus.CONFIRMED:
            messages.success(request, f"报名成功：{shift}，已录用")
        else:
            position = waitlist_position(signup)
            messages.success(request, f"名额已满，您已进入候补第 {position} 位，有人取消时自动递补")
    return redirect("volunteers_activity", pk=shift.activity_id)


@resident_required
def mine(request: HttpRequest, user: User) -> HttpResponse:
    volunteer = queries.volunteer_of(user)
    if volunteer is None:
        return _register_first(request)
    signups = list(queries.my_signups(volunteer)[:100])
    return render(request, T + "mine.html", {"signups": signups, "volunteer": volunteer})


@require_POST
@resident_required
def cancel(request: HttpRequest, user: User, pk: int) -> HttpResponse:
    signup = queries.access_own_signup(queries.volunteer_of(user), pk)
    try:
        do_cancel_sign_up(signup, actor=user)
    except Refusal as error:
        messages.error(request, refusal_text(error))
    else:
        messages.success(request, "已取消报名")
    return redirect("volunteers_mine")


def checkin(request: HttpRequest, token: str) -> HttpResponse:
    """The page a shift's QR code opens: check in, and later check out, with one button."""
    shift = queries.shift_for_token(token)
    user = current_user(request)
    if user is None:
        return login_redirect(request)
    volunteer = queries.volunteer_of(user)
    if volunteer is None:
        return _register_first(request)
    service = queries.record_for(volunteer, shift)
    if request.method == "POST":
        try:
            if service is not None and service.on_duty:
                service = do_check_out(service, actor=user)
                messages.success(request, f"签退成功，本次服务 {service.hours} 小时，待组织确认")
            else:
                do_check_in(shift, volunteer, actor=user)
                messages.success(request, "签到成功")
        except Refusal as error:
            messages.error(request, refusal_text(error))
        return redirect(request.path)
    context = {
        "shift": shift,
        "activity": shift.activity,
        "service": service,
        "signup": queries.live_signup(volunteer, shift),
    }
    return render(request, T + "checkin.html", context)


@resident_required
def hours(request: HttpRequest, user: User) -> HttpResponse:
    """My hours and star level (R40), and my whole record (R35)."""
    volunteer = queries.volunteer_of(user)
    if volunteer is None:
        return _register_first(request)
    context = {
        "volunteer": queries.volunteer_file(volunteer),
        "summary": queries.hours_summary(volunteer, settings.VOLUNTEER_STAR_HOURS),
        "slots": slot_labels(volunteer.availability),
    }
    return render(request, T + "hours.html", context)


def organisations(request: HttpRequest) -> HttpResponse:
    volunteer = queries.volunteer_of(current_user(request))
    region = request.GET.get("region", "") or (volunteer.region_code[:6] if volunteer else "")
    try:
        found = list(queries.open_organisations(region or None)[:100])
    except ValueError:
        found = []
    memberships = {m.organisation_id: m for m in volunteer.memberships.all()} if volunteer else {}
    rows = [(organisation, memberships.get(organisation.pk)) for organisation in found]
    context = {"rows": rows, "volunteer": volunteer, "region": region}
    return render(request, T + "organisations.html", context)


@require_POST
@resident_required
def join(request: HttpRequest, user: User, pk: int) -> HttpResponse:
    volunteer = queries.volunteer_of(user)
    if volunteer is None:
        return _register_first(request, reverse("volunteers_organisations"))
    organisation = Organisation.objects.filter(pk=pk, is_active=True).first()
    if organisation is None:
        raise Http404("未找到该组织")
    try:
        do_apply_membership(volunteer, organisation, actor=user)
    except Refusal as error:
        messages.error(request, refusal_text(error))
    else:
        messages.success(request, f"已申请加入“{organisation.name}”，请等待审核")
    return redirect("volunteers_organisations")
