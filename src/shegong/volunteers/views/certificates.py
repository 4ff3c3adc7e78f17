"""志愿服务记录证明 pages (R36, R37): the volunteer's "我的证明" on a phone (ask an organisation,
download), the organiser's list (issue, download, revoke), and the public verification page
that the QR code on the PDF opens.

The verification page needs no login and shows the certificate number, the 志愿者编号, the
name masked, the hours, the organisation, the date and whether it is valid — never an ID
number (R39). Every other lookup answers 404 outside what the actor may see.
"""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from shegong.accounts.models import User
from shegong.lib.pdf import pdf_download
from shegong.volunteers import queries
from shegong.volunteers.actions import (
    do_download_certificate,
    do_issue_certificate,
    do_request_certificate,
    do_revoke_certificate,
)
from shegong.volunteers.models import Organisation
from shegong.volunteers.views.common import (
    Refusal,
    organiser_required,
    refusal_text,
    resident_required,
)

T = "volunteers/"


# ---------------------------------------------------------------- the volunteer


@resident_required
def mine(request: HttpRequest, user: User) -> HttpResponse:
    """我的证明: the organisations that confirmed service of mine, and my certificates."""
    volunteer = queries.volunteer_of(user)
    if volunteer is None:
        raise Http404("您还不是志愿者")
    context = {
        "volunteer": volunteer,
        "certifiable": queries.my_certifiable(volunteer),
        "certificates": list(queries.my_certificates(volunteer)[:100]),
    }
    return render(request, T + "certificates.html", context)


@require_POST
@resident_required
def request_certificate(request: HttpRequest, user: User, pk: int) -> HttpResponse:
    volunteer = queries.volunteer_of(user)
    organisation = Organisation.objects.filter(pk=pk).first()
    if volunteer is None or organisation is None:
        raise Http404("未找到该组织")
    try:
        do_request_certificate(volunteer, organisation, actor=user)
    except Refusal as error:
        messages.error(request, refusal_text(error))
    else:
        messages.success(request, f"已向“{organisation.name}”申请出具证明，出具后将短信通知您")
    return redirect("volunteers_certificates")


@resident_required
def download_own(request: HttpRequest, user: User, pk: int) -> HttpResponse:
    certificate = queries.access_own_certificate(queries.volunteer_of(user), pk)
    content = do_download_certificate(certificate, actor=user)
    return pdf_download(content, f"{certificate.number}.pdf")


def verify(request: HttpRequest, number: str) -> HttpResponse:
    """Public: is this certificate genuine and still valid? (R39: no ID number here.)"""
    certificate = queries.public_certificate(number)
    return render(request, T + "certificate_verify.html", {"certificate": certificate})


# ---------------------------------------------------------------- the organiser


@organiser_required
def organisation_certificates(request: HttpRequest, user: User, pk: int) -> HttpResponse:
    """Volunteers with confirmed service here (open requests first), and what was issued."""
    found = queries.access_organisation(user, pk)
    context = {
        "organisation": found,
        "may_certify": queries.may_certify(user, found),
        "rows": list(queries.certify_rows(found)),
        "certificates": list(queries.organisation_certificates(found)[:200]),
    }
    return render(request, T + "manage/certificates.html", context)


@require_POST
@organiser_required
def issue(request: HttpRequest, user: User, pk: int, volunteer: int) -> HttpResponse:
    found = queries.access_organisation(user, pk)
    person = queries.certifying_volunteer(found, volunteer)
    handler = request.POST.get("handler_name", "")
    try:
        certificate = do_issue_certificate(
            person, organisation=found, actor=user, handler_name=handler
        )
    except Refusal as error:
        messages.error(request, refusal_text(error))
    else:
        messages.success(request, f"已出具证明 {certificate.number}（{certificate.hours} 小时）")
    return redirect("volunteers_manage_certificates", pk=found.pk)


@organiser_required
def download_managed(request: HttpRequest, user: User, pk: int) -> HttpResponse:
    certificate = queries.access_certificate(user, pk)
    content = do_download_certificate(certificate, actor=user)
    return pdf_download(content, f"{certificate.number}.pdf")


@require_POST
@organiser_required
def revoke(request: HttpRequest, user: User, pk: int) -> HttpResponse:
    certificate = queries.access_certificate(user, pk)
    try:
        do_revoke_certificate(certificate, actor=user, reason=request.POST.get("reason", ""))
    except Refusal as error:
        messages.error(request, refusal_text(error))
    else:
        messages.success(request, f"证明 {certificate.number} 已作废")
    return redirect("volunteers_manage_certificates", pk=certificate.organisation_id)
