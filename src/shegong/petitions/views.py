"""The 信访 pages: the clerk's inbox, registration and case page (staff), and the petitioner's
tracking page with documents and evaluation (public, by number and tracking code; R20).

Views stay thin: parse the form, look the case up in scope (404 outside it), run one action.
"""

from __future__ import annotations

import uuid
from typing import Any
from urllib.parse import urlencode

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST
from pydantic import ValidationError as PydanticValidationError

from shegong.accounts.models import User
from shegong.cases import present
from shegong.cases.actions import CaseConflictError, may_act
from shegong.cases.handlers import ActionError, error_status, error_text, run_verb
from shegong.cases.models import Case, Rating
from shegong.cases.procedure import get_procedure
from shegong.petitions import actions, sessions
from shegong.petitions.documents import do_read_document, pdf_response
from shegong.petitions.forms import ActionForm, RegisterForm, action_form
from shegong.petitions.procedure import PETITIONS
from shegong.petitions.queries import (
    access_document,
    access_petition,
    documents_of,
    same_matter_candidates,
    track_petition,
)
from shegong.web.decorators import staff_required

LEAD_VERBS = frozenset(PETITIONS.transitions) - {
    "request_review",
    "request_re_review",
    "supervise",
    "report_major",
    "rate",
}


@staff_required
def register_page(request: HttpRequest, user: User) -> HttpResponse:
    """R1: a clerk registers what arrived; the tracking code is shown once, for the receipt."""
    form = RegisterForm(
        request.POST or None, actor=user, initial={"client_token": uuid.uuid4().hex}
    )
    if request.method == "POST" and form.is_valid():
        try:
            result = actions.do_register_petition(
                _petition_data(form), actor=user, client_token=form.cleaned_data["client_token"]
            )
        except ValidationError as exc:
            attach_errors(form, exc)
        else:
            messages.success(
                request,
                f"已登记，编号 {result.case.number}，查询码 {result.code}"
                "（请告知信访人，用于网上查询进度和文书）",
            )
            return redirect("petitions_case", number=result.case.number)
    status = 422 if request.method == "POST" else 200
    return render(request, "petitions/register.html", {"form": form}, status=status)


def _petition_data(form: RegisterForm) -> actions.PetitionData:
    data = dict(form.cleaned_data)
    data.pop("client_token")
    data["representatives"] = [x for x in str(data["representatives"]).splitlines() if x.strip()]
    return actions.PetitionData(**data)


def attach_errors(form: forms.Form, exc: ValidationError) -> None:
    """An action's errors next to the fields they are about (the rest above the form)."""
    for key, errors in exc.message_dict.items():
        for message in errors:
            form.add_error(key if key in form.fields else None, message)


@staff_required
def case_page(request: HttpRequest, user: User, number: str) -> HttpResponse:
    petition = access_petition(user, number)
    return render(request, "petitions/case.html", case_context(petition.case, user))


def case_context(case: Case, user: User, bound: ActionForm | None = None) -> dict[str, Any]:
    petition = case.petition
    procedure = get_procedure(case.procedure)
    return {
        "case": case,
        "petition": petition,
        "status_label": procedure.status_label(case.status),
        "clocks": present.clocks(case),
        "timeline": present.timeline(case),
        "units": present.units(case),
        "documents": documents_of(case),
        "forms": _forms(case, user, bound),
        "same_matter": same_matter_candidates(petition) if case.closed_at is None else [],
    }


def _forms(case: Case, user: User, bound: ActionForm | None) -> list[ActionForm]:
    forms = []
    for verb in allowed_verbs(case, user):
        if bound is not None and bound.verb == verb:
            forms.append(bound)
        else:
            forms.append(action_form(verb, PETITIONS.transitions[verb].label, case, user))
    return forms


def allowed_verbs(case: Case, user: User) -> list[str]:
    """The verbs the state and the roles allow; those of the holding unit only for that unit,
    and the review requests only for the levels above it."""
    verbs = []
    for verb, transition in PETITIONS.transitions.items():
        if verb == "rate" or case.status not in transition.sources:
            continue
        if not may_act(user, case, transition):
            continue
        holds = user.is_superuser or user.unit_id == case.lead_unit_id
        if verb in LEAD_VERBS and not holds:
            continue
        if verb.startswith("request_") and holds:
            continue
        verbs.append(verb)
    return verbs


@require_POST
@staff_required
def case_action(request: HttpRequest, user: User, number: str, verb: str) -> HttpResponse:
    petition = access_petition(user, number)
    case = petition.case
    transition = PETITIONS.transitions.get(verb)
    if transition is None:
        raise Http404("没有这个动作")
    form = action_form(verb, transition.label, case, user, request.POST)
    status = 422
    if form.is_valid():
        try:
            run_verb(case, user, verb, form.payload())
        except ActionError as exc:
            status = _show_error(request, form, exc)
        else:
            messages.success(request, f"已{transition.label}")
            return redirect("petitions_case", number=case.number)
    case = access_petition(user, number).case
    return render(
        request, "petitions/case.html", case_context(case, user, bound=form), status=status
    )


def _show_error(request: HttpRequest, form: ActionForm, exc: Exception) -> int:
    """Field errors on the form; any other error above the page. The answer's HTTP status."""
    if isinstance(exc, ValidationError) and hasattr(exc, "error_dict"):
        attach_errors(form, exc)
        return 422
    if isinstance(exc, PydanticValidationError):
        form.add_error(None, error_text(exc))
        return 422
    messages.error(request, error_text(exc))
    return error_status(exc)


@staff_required
def staff_document(request: HttpRequest, user: User, number: str, doc: str) -> FileResponse:
    document = access_document(access_petition(user, number).case, doc)
    do_read_document(document, actor=user)
    return pdf_response(document)


# ---------------------------------------------------------------- the petitioner (R20)


@require_http_methods(["GET", "HEAD", "POST"])
def track(request: HttpRequest) -> HttpResponse:
    """The tracking form: number and code. The code is posted, so it stays out of URLs and
    access logs; once proved, the session may follow the case for a while (R20). A link that
    still carries `?code=` is proved the same way and answered with a URL without it."""
    source = request.POST if request.method == "POST" else request.GET
    number = source.get("number", "").strip().upper()
    code = source.get("code", "").strip().upper()
    if not (number and code):
        return render(request, "petitions/track.html", {"number": number})
    try:
        case = track_petition(number, code)
    except Http404 as exc:
        context = {"number": number, "error": str(exc)}
        return render(request, "petitions/track.html", context, status=404)
    sessions.prove(request, case.number)
    return redirect("petitions_track_case", number=case.number)


@never_cache
def track_case_page(request: HttpRequest, number: str) -> HttpResponse:
    """Progress, documents and evaluation of a proved case; no personal data (R20)."""
    try:
        case = sessions.proven_petition(request, number)
    except Http404:
        return redirect(f"{reverse('petitions_track')}?{urlencode({'number': number})}")
    return render(request, "petitions/track.html", _track_context(case))


def _track_context(case: Case) -> dict[str, Any]:
    rate = PETITIONS.transitions["rate"]
    return {
        "case": case,
        "number": case.number,
        "status_label": PETITIONS.status_label(case.status),
        "timeline": present.timeline(case, public=True),
        "documents": documents_of(case),
        "can_rate": case.status in rate.sources and not case.rating,
        "rating_label": Rating(case.rating).label if case.rating else "",
    }


def track_document(request: HttpRequest, number: str, doc: str) -> FileResponse:
    document = access_document(sessions.proven_petition(request, number), doc)
    do_read_document(document, actor=None)
    return pdf_response(document)


@require_POST
def evaluate(request: HttpRequest, number: str) -> HttpResponse:
    case = sessions.proven_petition(request, number)
    try:
        actions.do_evaluate(
            case, rating=request.POST.get("rating", ""), note=request.POST.get("note", "")
        )
    except (ValidationError, CaseConflictError) as exc:
        messages.error(request, error_text(exc))
    else:
        messages.success(request, "感谢您的评价")
    return redirect("petitions_track_case", number=case.number)
