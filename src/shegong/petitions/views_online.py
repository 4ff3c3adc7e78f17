"""网上信访: the petitioner files a petition online from a phone (R1 信息网络), and gets the
number and the tracking code once, on the receipt, for following it up (R20).

No login is needed. The code never travels in a URL this page builds: it waits in the session
until the receipt has shown it once.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from shegong.petitions import sessions
from shegong.petitions.actions import do_submit_online_petition
from shegong.petitions.actions.registration import ROUTE_DAYS
from shegong.petitions.forms_online import HINTS, OnlinePetitionForm, fresh_initial
from shegong.petitions.models import Petition
from shegong.petitions.views import attach_errors
from shegong.regions.queries import get_region


@never_cache  # "back" after submitting must fetch a fresh client token, not replay the old one
@require_http_methods(["GET", "HEAD", "POST"])
def online_new(request: HttpRequest) -> HttpResponse:
    if request.method != "POST":
        form = OnlinePetitionForm(initial=fresh_initial(settings.APPEAL_HOME_REGION))
        return _render(request, form)
    form = OnlinePetitionForm(request.POST)
    if form.is_valid():
        try:
            result = do_submit_online_petition(
                form.petition_data(), client_token=form.cleaned_data["client_token"] or None
            )
        except ValidationError as exc:
            attach_errors(form, exc)
        else:
            sessions.keep_receipt(request, result.case.number, result.code)
            return redirect("petitions_online_receipt", number=result.case.number)
    return _render(request, form, status=400)


def _render(request: HttpRequest, form: OnlinePetitionForm, status: int = 200) -> HttpResponse:
    region_code = str(form["region_code"].value() or "")
    context = {
        "form": form,
        "hints": HINTS,
        "region": get_region(region_code) if region_code else None,
        "picker_root": (region_code or settings.APPEAL_HOME_REGION)[:4].ljust(12, "0"),
    }
    return render(request, "petitions/online.html", context, status=status)


@never_cache
def online_receipt(request: HttpRequest, number: str) -> HttpResponse:
    """The number, the tracking code (shown once) and what happens next — only to the browser
    that filed it (or has proved the code since); anyone else learns nothing, not even that the
    number exists."""
    code = sessions.take_receipt(request, number)
    if code:
        sessions.prove(request, number)  # "查询办理进度" opens the case straight away
    case = sessions.proven_petition(request, number)
    petition = Petition.objects.select_related("registered_by_unit").get(case=case)
    context = {
        "case": case,
        "code": code,
        "office": petition.registered_by_unit,
        "route_days": ROUTE_DAYS,
    }
    return render(request, "petitions/online_receipt.html", context)
