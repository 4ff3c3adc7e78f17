"""Public intake of appeals: JSON or multipart with photos; `client_token` makes retries safe."""

from __future__ import annotations

from django.http import HttpRequest
from ninja import File, Form, Router, Schema, Status
from ninja.files import UploadedFile
from pydantic import Field

from shegong.accounts.models import User
from shegong.accounts.queries import access_region_code
from shegong.api.auth import AUTH, current_user
from shegong.appeals.actions import do_submit_appeal
from shegong.appeals.duplicates import Hint, similar_cases
from shegong.cases.actions import IntakeData
from shegong.cases.models import Category, Channel
from shegong.cases.procedure import get_procedure
from shegong.cases.queries import access_case
from shegong.lib.refcache import TableCopy

router = Router(tags=["接诉即办"])


class AppealIn(Schema):
    type: str = Field(
        description="诉求类型：consult 咨询/help 求助/complaint 投诉/report 举报/suggest 建议"
    )
    title: str = Field(min_length=1, max_length=200)
    content: str = Field(min_length=1, max_length=5000)
    region_code: str = Field(min_length=2, max_length=12)
    category: str | None = Field(None, description="事项分类代码")
    address: str = Field("", max_length=200)
    latitude: float | None = None
    longitude: float | None = None
    name: str = Field("", max_length=50)
    phone: str = Field("", max_length=20)
    hide_identity: bool = False
    channel: str = Field("web", description="web 网页 / qr 扫码 / hotline 热线 / grid 网格员 …")
    urgency: str | None = None
    client_token: str | None = Field(
        None, max_length=64, description="重试时保持不变，避免重复登记"
    )


class ReceiptOut(Schema):
    number: str
    code: str
    status: str
    created: bool


# Matter categories are edited in admin and read by every public intake (lib/refcache).
CATEGORIES = TableCopy(Category, "code")


def active_category(code: str | None) -> Category | None:
    """The active category of that code; an unknown or retired code leaves the appeal without."""
    if not code:
        return None
    category = CATEGORIES.get(code) or Category.objects.filter(code=code).first()
    return category if category is not None and category.is_active else None


def intake_data(body: AppealIn, user: User | None) -> IntakeData:
    category = active_category(body.category)
    channel = body.channel if body.channel in Channel.values else Channel.WEB
    return IntakeData(
        title=body.title,
        content=body.content,
        region_code=body.region_code,
        channel=channel,
        subtype=body.type,
        urgency=body.urgency or "",
        category=category,
        submitter=user,
        submitter_name=body.name,
        submitter_phone=body.phone,
        hide_identity=body.hide_identity,
        address=body.address,
        latitude=body.latitude,
        longitude=body.longitude,
    )


def _user(request: HttpRequest) -> User | None:
    return request.user if isinstance(request.user, User) else None


def _receipt(request: HttpRequest, body: AppealIn, files: list[UploadedFile]) -> Status[ReceiptOut]:
    user = _user(request)
    result = do_submit_appeal(
        intake_data(body, user), actor=user, client_token=body.client_token, files=files
    )
    out = ReceiptOut(
        number=result.case.number,
        code=result.code,
        status=result.case.status,
        created=result.created,
    )
    return Status(201 if result.created else 200, out)


@router.post("/appeals", response={200: ReceiptOut, 201: ReceiptOut}, summary="提交诉求（JSON）")
def submit(request: HttpRequest, body: AppealIn) -> Status[ReceiptOut]:
    return _receipt(request, body, [])


@router.post(
    "/appeals/upload",
    response={200: ReceiptOut, 201: ReceiptOut},
    summary="提交诉求（表单，可带照片）",
)
def submit_with_files(
    request: HttpRequest,
    body: Form[AppealIn],
    attachments: File[list[UploadedFile]] = None,  # type: ignore[assignment]
) -> Status[ReceiptOut]:
    return _receipt(request, body, attachments or [])


# ---------------------------------------------------------------- duplicate hints (staff forms)


class HintOut(Schema):
    number: str
    title: str
    status: str
    status_label: str
    reason: str = Field(description="附近同类诉求 或 内容相似")
    score: float = Field(description="内容相似度（分词 Jaccard，0–1）")
    distance_m: float | None = Field(description="与所填位置的距离（米），无坐标时为空")


def hint_out(hint: Hint) -> HintOut:
    case = hint["case"]
    return HintOut(
        number=case.number,
        title=case.title,
        status=case.status,
        status_label=get_procedure(case.procedure).status_label(case.status),
        reason=hint["reason"],
        score=hint["score"],
        distance_m=hint["distance_m"],
    )


@router.get(
    "/appeals/similar",
    response=list[HintOut],
    auth=AUTH,
    summary="录入时提示附近同类诉求和内容相似的诉求（按辖区）",
)
def similar(
    request: HttpRequest,
    text: str,
    region_code: str,
    category: str | None = None,
    lat: float | None = None,
    lng: float | None = None,
    exclude: str | None = None,
) -> list[HintOut]:
    """Open appeals of the last 90 days in the county that may be the same matter; only cases
    the caller may see. `exclude` is the number of the case being looked at."""
    actor = current_user(request)
    code = access_region_code(actor, region_code)
    found = Category.objects.filter(code=category).first() if category else None
    hints = similar_cases(
        text=text[:5000],
        region_code=code,
        category=found,
        latitude=lat,
        longitude=lng,
        exclude=access_case(actor, exclude) if exclude else None,
        actor=actor,
    )
    return [hint_out(h) for h in hints]
