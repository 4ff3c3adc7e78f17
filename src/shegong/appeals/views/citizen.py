"""The resident's appeal pages on a phone: submit, receipt, track, rate, my appeals, QR codes.

No login is needed to submit or to follow a case: the number and the 6-character tracking code
are the proof. The code never travels in a URL the site builds (it would land in access logs):
after submitting, it waits in the session for the receipt, which shows it once; after the
tracking form, the proof stays in the session for rating. Only the receipt's QR code carries it,
for the resident's own phone to open later.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.contrib.sessions.backends.base import SessionBase
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from shegong.accounts.models import User
from shegong.appeals.actions import do_rate, do_rate_with_code, do_submit_appeal
from shegong.appeals.forms_citizen import AppealForm, RatingForm, initial_for
from shegong.appeals.models import AppealStatus, QrPoint, Rating, UrgencyTier
from shegong.cases import present
from shegong.cases.actions import CaseConflictError
from shegong.cases.models import Case, CaseKind
from shegong.cases.procedure import get_procedure
from shegong.cases.queries import track_case
from shegong.lib.qr import qr_png, qr_svg
from shegong.regions.queries import get_region

RECEIPTS = "appeal_receipts"  # number → code, until the receipt has shown it once
PROOFS = "appeal_proofs"  # number → code, the cases this session has proved it may follow
MAX_PROOFS = 20
TEMPLATES = "appeals/citizen/"


def _user(request: HttpRequest) -> User | None:
    user = request.user
    return user if isinstance(user, User) and user.is_authenticated else None


def _remember(session: SessionBase, key: str, number: str, code: str) -> None:
    entries: dict[str, str] = dict(session.get(key, {}))
    entries.pop(number, None)
    entries[number] = code
    session[key] = dict(list(entries.items())[-MAX_PROOFS:])


def _take(session: SessionBase, key: str, number: str) -> str:
    entries: dict[str, str] = dict(session.get(key, {}))
    code = entries.pop(number, "")
    session[key] = entries
    return code


def _active_point(slug: str) -> QrPoint | None:
    if not slug:
        return None
    return QrPoint.objects.filter(slug=slug, is_active=True).select_related("category").first()


def _point_or_404(slug: str) -> QrPoint:
    return get_object_or_404(QrPoint, slug=slug, is_active=True)


def _absolute(request: HttpRequest, name: str, *args: str, **query: str) -> str:
    url = reverse(name, args=args)
    return request.build_absolute_uri(f"{url}?{urlencode(query)}" if query else url)


# ---------------------------------------------------------------- submit


@never_cache  # "back" after submitting must fetch a fresh client token, not replay the old one
@require_http_methods(["GET", "HEAD", "POST"])
def new_appeal(request: HttpRequest) -> HttpResponse:
    """The appeal form; a POST registers the appeal through `do_submit_appeal` (R22)."""
    user = _user(request)
    point = _active_point(request.GET.get("qr") or request.POST.get("qr", ""))
    if request.method != "POST":
        home = point.region_code if point else settings.APPEAL_HOME_REGION
        return _render_new(request, AppealForm(initial=initial_for(user, point, home)), point)
    form = AppealForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            result = do_submit_appeal(
                form.intake_data(user, point),
                actor=user,
                client_token=form.cleaned_data["client_token"] or None,
                files=form.cleaned_data["photos"],
            )
        except ValidationError as exc:
            form.add_engine_errors(exc)
        else:
            _remember(request.session, RECEIPTS, result.case.number, result.code)
            return redirect("appeals_receipt", number=result.case.number)
    return _render_new(request, form, point, status=400)


def _render_new(
    request: HttpRequest, form: AppealForm, point: QrPoint | None, status: int = 200
) -> HttpResponse:
    region_code = str(form["region_code"].value() or "")
    context = {
        "form": form,
        "point": point,
        "region": get_region(region_code) if region_code else None,
        "picker_root": (region_code or settings.APPEAL_HOME_REGION)[:4].ljust(12, "0"),
        # A browser cannot keep chosen files across a re-rendered form.
        "photos_lost": status != 200 and bool(request.FILES),
    }
    return render(request, f"{TEMPLATES}new.html", context, status=status)


@never_cache
def receipt(request: HttpRequest, number: str) -> HttpResponse:
    """Number, tracking code (shown once), a QR code to the tracking page, the time limits."""
    case = get_object_or_404(Case, number=number, kind=CaseKind.APPEAL)
    code = _take(request.session, RECEIPTS, number)
    context: dict[str, Any] = {"case": case, "code": code, "tier": _tier(case)}
    if code:
        _remember(request.session, PROOFS, number, code)
        track_url = _absolute(request, "appeals_status", number, code=code)
        context["qr"] = qr_svg(track_url, title="扫码查询办理进度")
    context["follow_up_hours"] = settings.APPEAL_FOLLOW_UP_HOURS
    return render(request, f"{TEMPLATES}receipt.html", context)


def _tier(case: Case) -> UrgencyTier | None:
    return UrgencyTier.objects.filter(code=case.urgency).first()


# ---------------------------------------------------------------- track and rate


def track(request: HttpRequest) -> HttpResponse:
    """The tracking form: number and code, posted so the code stays out of URLs and logs."""
    if request.method != "POST":
        return render(request, f"{TEMPLATES}track.html", {"number": request.GET.get("number", "")})
    number = request.POST.get("number", "").strip().upper()
    code = request.POST.get("code", "").strip().upper()
    try:
        case = track_case(number, code)
    except Http404:
        return _not_found(request, number)
    _remember(request.session, PROOFS, case.number, code)
    return redirect("appeals_status", number=case.number)


def _not_found(request: HttpRequest, number: str = "") -> HttpResponse:
    """The same page for an unknown number and a wrong code: no hint which part was wrong."""
    return render(request, f"{TEMPLATES}not_found.html", {"number": number}, status=404)


def _proven(request: HttpRequest, number: str) -> tuple[Case, str] | None:
    """The case and the code proved in this session, or the logged-in submitter's own case."""
    code = dict(request.session.get(PROOFS, {})).get(number, "")
    if code:
        try:
            return track_case(number, code), code
        except Http404:
            _take(request.session, PROOFS, number)
    user = _user(request)
    if user is None:
        return None
    own = Case.objects.filter(number=number, submitter=user, kind=CaseKind.APPEAL).first()
    return (own, "") if own is not None else None


@never_cache
def status(request: HttpRequest, number: str) -> HttpResponse:
    """Public progress of one appeal: status, public timeline, reply, and the rating form."""
    code = request.GET.get("code", "").strip().upper()
    if code:  # opened from the receipt's QR code
        try:
            case = track_case(number, code)
        except Http404:
            return _not_found(request, number)
        _remember(request.session, PROOFS, case.number, code)
        return _render_status(request, case, RatingForm())
    proven = _proven(request, number)
    if proven is None:
        return redirect(f"{reverse('appeals_track')}?{urlencode({'number': number})}")
    return _render_status(request, proven[0], RatingForm())


def _render_status(
    request: HttpRequest, case: Case, form: RatingForm, status: int = 200
) -> HttpResponse:
    procedure = get_procedure(case.procedure)
    context = {
        "case": case,
        "status_label": procedure.status_label(case.status),
        "timeline": present.timeline(case, public=True),
        "can_rate": case.status == AppealStatus.REPLIED,
        "rating_form": form,
        "merged_into": case.merged_into.number if case.merged_into_id and case.merged_into else "",
        "rating_label": Rating(case.rating).label if case.rating in Rating.values else "",
    }
    return render(request, f"{TEMPLATES}status.html", context, status=status)


@require_POST
def rate(request: HttpRequest, number: str) -> HttpResponse:
    """R29: the resident's rating, by the logged-in submitter or with the number and code."""
    proven = _proven(request, number)
    if proven is None:
        return _not_found(request, number)
    case, code = proven
    form = RatingForm(request.POST)
    if form.is_valid():
        try:
            _rate(case, _user(request), code, form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
        except CaseConflictError as exc:
            messages.error(request, exc.message)
            return redirect("appeals_status", number=case.number)
        else:
            messages.success(request, "感谢您的评价！")
            return redirect("appeals_status", number=case.number)
    return _render_status(request, case, form, status=400)


def _rate(case: Case, user: User | None, code: str, data: dict[str, Any]) -> Case:
    fields = {"rating": data["rating"], "resolved": data["resolved"], "note": data["note"]}
    if user is not None and case.submitter_id == user.pk:
        return do_rate(case, actor=user, **fields)
    if not code:
        raise PermissionDenied("请先输入编号和查询码")
    return do_rate_with_code(case, code=code, **fields)


# ---------------------------------------------------------------- my appeals


def my_appeals(user: User) -> QuerySet[Case]:
    """The appeals a logged-in resident brought, newest first."""
    return Case.objects.filter(submitter=user, kind=CaseKind.APPEAL).order_by("-received_at")


def mine(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    if user is None:
        return redirect_to_login(request.get_full_path(), reverse("login_sms"))
    procedure = get_procedure("appeals")
    rows = [(case, procedure.status_label(case.status)) for case in my_appeals(user)[:200]]
    return render(request, f"{TEMPLATES}mine.html", {"rows": rows})


# ---------------------------------------------------------------- "民呼我为" QR codes


def _point_url(request: HttpRequest, point: QrPoint) -> str:
    return _absolute(request, "appeals_new", qr=point.slug)


def qr_point_png(request: HttpRequest, slug: str) -> HttpResponse:
    point = _point_or_404(slug)
    response = HttpResponse(qr_png(_point_url(request, point)), content_type="image/png")
    response["Content-Disposition"] = f'inline; filename="qr-{point.slug}.png"'
    return response


def qr_point_svg(request: HttpRequest, slug: str) -> HttpResponse:
    point = _point_or_404(slug)
    svg = qr_svg(_point_url(request, point), title=point.name)
    response = HttpResponse(svg, content_type="image/svg+xml; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="qr-{point.slug}.svg"'
    return response


def qr_point_card(request: HttpRequest, slug: str) -> HttpResponse:
    """A printable A6 card: the code, the point's name, "扫码反映诉求"."""
    point = _point_or_404(slug)
    url = _point_url(request, point)
    context = {"point": point, "qr": qr_svg(url, title=point.name), "url": url}
    return render(request, f"{TEMPLATES}qr_card.html", context)
