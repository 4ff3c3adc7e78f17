"""Written notices and opinions as PDF (item 6): rendered once, stored, delivered online, logged.

Each document is a template under petitions/pdf/ extending pdf/base.html. Its number is the
case number with the kind's code and a running count, so it is unique without a global counter.
The QR code leads to the public tracking page, where the petitioner (with the tracking code)
finds the document again.
"""

from __future__ import annotations

from typing import Any

from django.core.files.base import ContentFile
from django.http import FileResponse
from django.utils import timezone

from shegong.accounts.models import OrgUnit, User
from shegong.audit.actions import record
from shegong.cases.models import Case
from shegong.lib.pdf import chinese_date, public_url, qr_block, render_pdf, seal_block
from shegong.petitions.models import DocumentKind, Petition, PetitionDocument

KIND_CODES = {
    DocumentKind.ACCEPTANCE: "SL",
    DocumentKind.REFUSAL: "BSL",
    DocumentKind.FORWARD: "ZS",
    DocumentKind.ASSIGN: "JB",
    DocumentKind.OPINION: "CL",
    DocumentKind.EXTENSION: "YQ",
    DocumentKind.REVIEW: "FC",
    DocumentKind.RE_REVIEW: "FH",
    DocumentKind.AGREEMENT: "XY",
}


def document_number(case: Case, kind: DocumentKind) -> str:
    """Unique per case and kind; the caller holds the case lock, so the count cannot race."""
    count = PetitionDocument.objects.filter(case=case, kind=kind).count()
    return f"{case.number}-{KIND_CODES[kind]}{count + 1}"


def tracking_url(case: Case) -> str:
    return public_url(f"/petitions/track/?number={case.number}")


def issue_document(
    case: Case,
    kind: DocumentKind,
    *,
    actor: User | None,
    unit: OrgUnit,
    context: dict[str, Any],
) -> PetitionDocument:
    """Render, store and deliver one document; the audit row names it and its digest."""
    number = document_number(case, kind)
    pdf = render_pdf(f"petitions/pdf/{kind}.html", _context(case, kind, unit, number, context))
    now = timezone.now()
    document = PetitionDocument(
        case=case,
        kind=kind,
        number=number,
        unit=unit,
        sha256=pdf.sha256,
        size=pdf.size,
        issued_at=now,
        issued_by=actor,
        delivered_at=now,
    )
    document.file.save(f"{number}.pdf", ContentFile(pdf.content), save=False)
    document.save()
    record(
        actor=actor,
        verb="petitions.document",
        obj=case,
        payload={"kind": str(kind), "number": number, "sha256": pdf.sha256},
    )
    return document


def _context(
    case: Case, kind: DocumentKind, unit: OrgUnit, number: str, extra: dict[str, Any]
) -> dict[str, Any]:
    petition: Petition = case.petition
    url = tracking_url(case)
    today = timezone.localdate()
    return {
        "title": str(kind.label),
        "issuer": unit.name,
        "docno": number,
        "seal": seal_block(unit.name, "信访业务专用章"),
        "issued_on": chinese_date(today),
        "qr": qr_block(url, "扫码查询信访事项办理进度"),
        "verify_url": url,
        "verify_hint": "扫描二维码，凭信访事项编号和查询码在线查询办理进度、查阅本文书",
        "case": case,
        "petition": petition,
        "petitioner": case.submitter_name or "信访人",
        "received_on": chinese_date(timezone.localtime(case.received_at).date()),
        **extra,
    }


def do_read_document(document: PetitionDocument, *, actor: User | None) -> PetitionDocument:
    """The petitioner (or staff) opened a document: the first reading is kept, each is logged."""
    if actor is None and document.first_read_at is None:
        document.first_read_at = timezone.now()
        document.save(update_fields=["first_read_at"])
    record(
        actor=actor,
        verb="petitions.document_read",
        obj=document.case,
        payload={"number": document.number, "by": "petitioner" if actor is None else "staff"},
    )
    return document


def pdf_response(document: PetitionDocument) -> FileResponse:
    """The stored PDF as a download named after its number (staff and petitioner alike)."""
    return FileResponse(
        document.file.open("rb"), content_type="application/pdf", filename=f"{document.number}.pdf"
    )
