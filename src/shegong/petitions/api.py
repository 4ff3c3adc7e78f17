"""The 信访 API: staff register petitions (with the date received); petitioners follow theirs.

    POST /api/v1/petitions                       staff: register (R1, R2, R7, R9); 201 + code
    GET  /api/v1/petitions/{number}              staff: the petition's own fields and documents
    GET  /api/v1/petitions/{number}/documents/{doc}.pdf   staff: a document
    GET  /api/v1/petitions/track/{number}/documents?code=   petitioner: documents online (R20)
    POST /api/v1/petitions/track/{number}/evaluate?code=    petitioner: evaluation (R20)

The actions are the engine's `POST /api/v1/cases/{number}/actions/{verb}` (petitions.handlers).
"""

from __future__ import annotations

from datetime import datetime

from django.core.exceptions import ValidationError
from django.http import FileResponse, HttpRequest
from ninja import Router, Schema, Status
from pydantic import Field

from shegong.accounts.models import OrgUnit, User
from shegong.api.auth import AUTH, current_user
from shegong.cases.models import Category
from shegong.lib.crypto import mask_phone
from shegong.petitions import actions
from shegong.petitions.documents import do_read_document, pdf_response
from shegong.petitions.models import Petition, PetitionDocument
from shegong.petitions.queries import (
    access_document,
    access_petition,
    documents_of,
    same_matter_candidates,
    track_petition,
)

router = Router(tags=["信访"])


class PetitionIn(Schema):
    name: str = Field("", max_length=100, description="信访人姓名(名称)")
    address: str = Field("", max_length=200, description="住址")
    phone: str = Field("", max_length=20)
    id_number: str = Field("", max_length=18)
    request: str = Field("", max_length=5000, description="信访请求")
    facts: str = Field("", max_length=10000, description="事实")
    reasons: str = Field("", max_length=10000, description="理由")
    title: str = Field("", max_length=200)
    channel: str = Field(
        description="network 信息网络 / letter 书信 / hotline 电话 / fax 传真 / visit 走访"
    )
    classification: str = Field(
        description="suggestion 建议意见 / accusation 检举控告 / grievance 申诉求决"
    )
    received_at: datetime = Field(description="收到信访事项的时间（来信可早于登记）")
    region_code: str = Field("", max_length=12)
    law_related: bool = False
    oral: bool = False
    oral_record: str = ""
    representatives: list[str] = []
    headcount: int = 1
    respondent_unit: int | None = None
    accused_unit: int | None = None
    accused_name: str = ""
    contact_unclear: bool = False
    major: bool = False
    category: str | None = Field(None, max_length=32, description="事项分类代码（领域）")
    client_token: str | None = Field(None, max_length=64)


class PetitionReceiptOut(Schema):
    number: str
    code: str
    status: str
    created: bool
    same_matter: list[str] = Field(
        description="同一信访人同一事项的在办或已复核终结事项（R8、R14），供确认"
    )


class DocumentOut(Schema):
    number: str
    kind: str
    label: str
    unit: str
    issued_at: datetime
    sha256: str
    first_read_at: datetime | None


class PetitionOut(Schema):
    number: str
    classification: str
    stage: str
    route: str
    law_related: bool
    major: bool
    handling_unit: str | None
    petitioner: str
    phone: str
    documents: list[DocumentOut]


def _unit(unit_id: int | None) -> OrgUnit | None:
    return OrgUnit.objects.filter(pk=unit_id).first() if unit_id else None


def _category(code: str | None) -> Category | None:
    if not code:
        return None
    category = Category.objects.filter(code=code).first()
    if category is None:
        raise ValidationError({"category": f"没有代码为“{code}”的事项分类"})
    return category


def petition_data(body: PetitionIn) -> actions.PetitionData:
    excluded = {"client_token", "respondent_unit", "accused_unit", "phone", "category"}
    return actions.PetitionData(
        **body.dict(exclude=excluded),
        phone=body.phone,
        respondent_unit=_unit(body.respondent_unit),
        accused_unit=_unit(body.accused_unit),
        category=_category(body.category),
    )


@router.post(
    "/petitions",
    response={200: PetitionReceiptOut, 201: PetitionReceiptOut},
    auth=AUTH,
    summary="登记信访事项（工作人员）",
)
def register(request: HttpRequest, body: PetitionIn) -> Status[PetitionReceiptOut]:
    actor = current_user(request)
    result = actions.do_register_petition(
        petition_data(body), actor=actor, client_token=body.client_token
    )
    petition = Petition.objects.get(case=result.case)
    out = PetitionReceiptOut(
        number=result.case.number,
        code=result.code,
        status=result.case.status,
        created=result.created,
        same_matter=[c.number for c in same_matter_candidates(petition)],
    )
    return Status(201 if result.created else 200, out)


def document_out(document: PetitionDocument) -> DocumentOut:
    return DocumentOut(
        number=document.number,
        kind=document.kind,
        label=document.get_kind_display(),
        unit=document.unit.name,
        issued_at=document.issued_at,
        sha256=document.sha256,
        first_read_at=document.first_read_at,
    )


@router.get("/petitions/{number}", response=PetitionOut, auth=AUTH, summary="信访事项（按辖区）")
def get_petition(request: HttpRequest, number: str) -> PetitionOut:
    petition = access_petition(current_user(request), number)
    case = petition.case
    return PetitionOut(
        number=case.number,
        classification=petition.classification,
        stage=petition.stage,
        route=petition.route,
        law_related=petition.law_related,
        major=petition.major,
        handling_unit=petition.handling_unit.name if petition.handling_unit else None,
        petitioner=case.submitter_name,
        phone=mask_phone(case.submitter_phone),
        documents=[document_out(d) for d in documents_of(case)],
    )


@router.get(
    "/petitions/{number}/documents/{doc}.pdf", auth=AUTH, summary="下载信访文书（工作人员）"
)
def staff_document(request: HttpRequest, number: str, doc: str) -> FileResponse:
    actor: User = current_user(request)
    petition = access_petition(actor, number)
    document = access_document(petition.case, doc)
    do_read_document(document, actor=actor)
    return pdf_response(document)


@router.get(
    "/petitions/track/{number}/documents",
    response=list[DocumentOut],
    summary="信访人网上查阅文书（凭查询码）",
)
def track_documents(request: HttpRequest, number: str, code: str) -> list[DocumentOut]:
    case = track_petition(number, code)
    return [document_out(d) for d in documents_of(case)]


@router.get("/petitions/track/{number}/documents/{doc}.pdf", summary="信访人下载文书（凭查询码）")
def track_document(request: HttpRequest, number: str, doc: str, code: str) -> FileResponse:
    document = access_document(track_petition(number, code), doc)
    do_read_document(document, actor=None)
    return pdf_response(document)


class EvaluateIn(Schema):
    rating: str = Field(description="satisfied 满意 / partly 基本满意 / unsatisfied 不满意")
    note: str = ""


@router.post("/petitions/track/{number}/evaluate", summary="信访人评价办理结果（R20）")
def evaluate(request: HttpRequest, number: str, code: str, body: EvaluateIn) -> dict[str, str]:
    case = actions.do_evaluate(track_petition(number, code), rating=body.rating, note=body.note)
    return {"number": case.number, "rating": case.rating}
