"""志愿服务记录证明: the volunteer asks, the organisation that recorded the service issues (R36),
the PDF carries the fields of R37 and a QR code to the public verification page; every issue,
download and revocation is in the audit trail.

The certificate is free: nothing here charges or records a fee. Its PDF is rendered from a
snapshot of the R37 fields taken at issue (`Certificate.snapshot`), so what was certified does
not change when the volunteer or the organisation later do.

The ID number on the PDF is masked (445202********1236), although the PDF goes to the volunteer
themself: a certificate is handed on to schools, employers and committees and its QR page is
public, so a full number printed on it would be disclosed to everyone who later holds the paper
(R39: no disclosure without consent). Name, ID type, the masked number and the 志愿者编号
identify the holder against their ID card; an organisation that must see the full number asks
through the logged reveal of its own volunteer file.
"""

from __future__ import annotations

import secrets
from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from shegong.accounts.models import User
from shegong.audit.actions import record
from shegong.lib.pdf import (
    RenderedPdf,
    chinese_date,
    public_url,
    qr_block,
    render_pdf,
    seal_block,
)
from shegong.volunteers.actions.common import VolunteerError, require_self, text_on_commit
from shegong.volunteers.models import (
    Certificate,
    CertificateRequest,
    Organisation,
    RecordStatus,
    ServiceRecord,
    Volunteer,
)
from shegong.volunteers.queries import certifiable_records, manages, may_certify

TEMPLATE = "volunteers/pdf/certificate.html"
TITLE = "志愿服务记录证明"
SEAL_LABEL = "证明专用章"
NUMBER_TRIES = 5


def new_certificate_number(day: date) -> str:
    """ "ZM" + the issue date + 8 random digits, e.g. ZM2030051104811327."""
    return f"ZM{day:%Y%m%d}{secrets.randbelow(10**8):08d}"


def _free_number(day: date) -> str:
    for _ in range(NUMBER_TRIES):
        number = new_certificate_number(day)
        if not Certificate.objects.filter(number=number).exists():
            return number
    raise RuntimeError("could not draw a free certificate number")


def verify_url(number: str) -> str:
    """The public address of the certificate's verification page (printed under the QR code)."""
    return public_url(reverse("volunteers_certificate_verify", args=[number]))


# ---------------------------------------------------------------- what is certified


@dataclass(frozen=True)
class Certified:
    """The confirmed records a certificate covers and what follows from them."""

    records: list[ServiceRecord]
    hours: Decimal
    content: str
    first_date: date
    last_date: date


def summarise(records: list[ServiceRecord]) -> str:
    """服务内容: each kind of service once, in the order first served, with how often."""
    counts = Counter(r.content for r in records)
    return "；".join(f"{content}（{n}次）" for content, n in counts.items())


def _certified(volunteer: Volunteer, organisation: Organisation) -> Certified:
    """R36: the service this organisation recorded and confirmed; refused when there is none."""
    records = list(certifiable_records(volunteer, organisation))
    if not records:
        pending = ServiceRecord.objects.filter(
            volunteer=volunteer, organisation=organisation, status=RecordStatus.PENDING
        ).exists()
        if pending:
            raise VolunteerError(
                "nothing_to_certify", "该志愿者在本组织的服务时长尚待确认，确认后才能出具证明"
            )
        raise VolunteerError(
            "nothing_to_certify",
            "该志愿者没有由本组织记录并确认的服务，无可证明的内容（谁记录谁证明）",
        )
    return Certified(
        records=records,
        hours=sum((r.hours for r in records), Decimal("0")),
        content=summarise(records),
        first_date=records[0].service_date,
        last_date=records[-1].service_date,
    )


def _require_certifier(actor: User | None, organisation: Organisation) -> None:
    """R36: only a manager of the organisation that recorded the service (or an admin)."""
    if actor is not None and not may_certify(actor, organisation):
        raise PermissionDenied("只有该组织的管理人员可以出具志愿服务记录证明")


def _require_contacts(organisation: Organisation) -> None:
    """R37: the certificate names the organisation's 负责人 and 联系方式."""
    if not organisation.leader_name.strip() or not organisation.contact_phone.strip():
        raise VolunteerError(
            "organisation_incomplete",
            "请先在组织信息中填写负责人和联系电话（志愿服务记录证明须载明）",
        )


# ---------------------------------------------------------------- the document (R37)


def snapshot(
    volunteer: Volunteer,
    organisation: Organisation,
    certified: Certified,
    *,
    number: str,
    handler_name: str,
    issued_on: date,
) -> dict[str, Any]:
    """The R37 fields exactly as printed (JSON), the ID number masked (see the module note)."""
    return {
        "number": number,
        "name": volunteer.name,
        "id_type": volunteer.get_id_type_display(),
        "id_number": volunteer.masked_id_number,
        "volunteer_number": volunteer.number,
        "hours": str(certified.hours),
        "content": certified.content,
        "first_date": chinese_date(certified.first_date),
        "last_date": chinese_date(certified.last_date),
        "organisation": organisation.name,
        "leader_name": organisation.leader_name,
        "handler_name": handler_name,
        "contact_phone": organisation.contact_phone,
        "issued_on": chinese_date(issued_on),
        "records": [
            {"date": f"{r.service_date:%Y-%m-%d}", "content": r.content, "hours": str(r.hours)}
            for r in certified.records
        ],
    }


def render_certificate(fields: dict[str, Any]) -> RenderedPdf:
    """The PDF of a certificate from its snapshot: R37 fields, the seal, the verify QR code."""
    url = verify_url(fields["number"])
    return render_pdf(
        TEMPLATE,
        {
            "title": TITLE,
            "issuer": fields["organisation"],
            "docno": fields["number"],
            "seal": seal_block(fields["organisation"], SEAL_LABEL),
            "issued_on": fields["issued_on"],
            "qr": qr_block(url, "扫码核验志愿服务记录证明"),
            "verify_url": url,
            "verify_hint": "扫描二维码或访问下列地址，在线核验本证明是否真实有效",
            "c": fields,
        },
    )


# ---------------------------------------------------------------- issue, download, revoke


def do_issue_certificate(
    volunteer: Volunteer,
    *,
    organisation: Organisation,
    actor: User | None,
    handler_name: str = "",
) -> Certificate:
    """Issue a 志愿服务记录证明 of all the service `organisation` recorded and confirmed for the
    volunteer (R36), free of charge, with the fields of R37.

    Refused: to anyone but a manager of the organisation or an administrator (R36); when the
    organisation lacks a 负责人 or 联系电话 (R37); when it recorded no confirmed service of the
    volunteer. Side effects: the PDF is stored with its SHA-256, the volunteer's open request to
    this organisation is closed, an audit row is written and the volunteer is texted on commit.

    The PDF is rendered before the transaction opens: it takes the better part of a second, and
    a SQLite write transaction holds the database's write lock from its first statement.
    Confirmed records are final, so nothing it reads can change meanwhile.
    """
    _require_certifier(actor, organisation)
    _require_contacts(organisation)
    certified = _certified(volunteer, organisation)
    handler = (handler_name or (actor.name if actor else "")).strip()[:50]
    if not handler:
        raise ValidationError({"handler_name": "请填写经办人"})
    issued_at = timezone.now()
    number = _free_number(timezone.localdate(issued_at))
    fields = snapshot(
        volunteer,
        organisation,
        certified,
        number=number,
        handler_name=handler,
        issued_on=timezone.localdate(issued_at),
    )
    rendered = render_certificate(fields)
    return _save_certificate(volunteer, organisation, certified, fields, rendered, actor, issued_at)


@transaction.atomic
def _save_certificate(
    volunteer: Volunteer,
    organisation: Organisation,
    certified: Certified,
    fields: dict[str, Any],
    rendered: RenderedPdf,
    actor: User | None,
    issued_at: datetime,
) -> Certificate:
    certificate = Certificate(
        number=fields["number"],
        volunteer=volunteer,
        organisation=organisation,
        region_code=organisation.region_code,
        hours=certified.hours,
        content=certified.content,
        first_date=certified.first_date,
        last_date=certified.last_date,
        leader_name=organisation.leader_name,
        handler_name=fields["handler_name"],
        contact_phone=organisation.contact_phone,
        snapshot=fields,
        sha256=rendered.sha256,
        issued_by=actor,
        issued_at=issued_at,
    )
    certificate.pdf.save(f"{certificate.number}.pdf", ContentFile(rendered.content), save=False)
    certificate.save()
    certificate.records.set(certified.records)
    CertificateRequest.objects.filter(
        volunteer=volunteer, organisation=organisation, closed_at__isnull=True
    ).update(closed_at=issued_at, certificate=certificate)
    text_on_commit(
        [volunteer.user],
        f"【志愿服务】{organisation.name}已为您出具志愿服务记录证明（{certificate.number}），"
        "可在“我的证明”中下载。",
    )
    record(
        actor=actor,
        verb="volunteers.certificate.issue",
        obj=certificate,
        payload={
            "number": certificate.number,
            "volunteer": volunteer.number,
            "hours": certificate.hours,
            "records": [r.pk for r in certified.records],
            "sha256": certificate.sha256,
        },
    )
    return certificate


def _may_download(actor: User, certificate: Certificate) -> bool:
    return actor.pk == certificate.volunteer.user_id or manages(actor, certificate.organisation)


def do_download_certificate(certificate: Certificate, *, actor: User) -> bytes:
    """The stored PDF, for the volunteer themself or whoever runs the organisation, never anyone
    else (R39); every download is in the audit trail."""
    if not _may_download(actor, certificate):
        raise PermissionDenied("只能下载本人的证明或本组织出具的证明")
    with certificate.pdf.open("rb") as stored:
        content: bytes = stored.read()
    record(
        actor=actor,
        verb="volunteers.certificate.download",
        obj=certificate,
        payload={"number": certificate.number},
    )
    return content


@transaction.atomic
def do_revoke_certificate(certificate: Certificate, *, actor: User, reason: str) -> Certificate:
    """Void a certificate issued in error (the verification page then says 已作废); the
    organisation may issue a new one. Same permission as issuing (R36)."""
    _require_certifier(actor, certificate.organisation)
    if not reason.strip():
        raise ValidationError({"reason": "请填写作废理由"})
    locked = Certificate.objects.select_for_update().get(pk=certificate.pk)
    if locked.revoked_at is not None:
        raise VolunteerError("already_revoked", "该证明已作废")
    locked.revoked_at, locked.revoked_by = timezone.now(), actor
    locked.revoke_reason = reason.strip()[:200]
    locked.save(update_fields=["revoked_at", "revoked_by", "revoke_reason"])
    record(actor=actor, verb="volunteers.certificate.revoke", obj=locked)
    return locked


# ---------------------------------------------------------------- the volunteer's request


@transaction.atomic
def do_request_certificate(
    volunteer: Volunteer, organisation: Organisation, *, actor: User
) -> CertificateRequest:
    """The volunteer asks the organisation that recorded their service for a certificate (R36).

    Refused when the organisation recorded no confirmed service of theirs, or a request is
    already open. The organisation's managers are texted on commit (the volunteer number only,
    R39).
    """
    require_self(actor, volunteer)
    _certified(volunteer, organisation)
    if CertificateRequest.objects.filter(
        volunteer=volunteer, organisation=organisation, closed_at__isnull=True
    ).exists():
        raise VolunteerError("already_requested", "您已申请，请等待组织出具")
    request = CertificateRequest.objects.create(
        volunteer=volunteer, organisation=organisation, region_code=organisation.region_code
    )
    text_on_commit(
        list(organisation.managers.all()),
        f"【志愿服务】志愿者 {volunteer.number} 申请出具志愿服务记录证明，请登录平台办理。",
    )
    record(actor=actor, verb="volunteers.certificate.request", obj=request)
    return request
