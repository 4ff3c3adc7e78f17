"""The case API shared by every procedure: one case, its actions, public tracking."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from django.http import Http404, HttpRequest
from ninja import Router, Schema
from pydantic import ValidationError as PydanticValidationError

from shegong.api.auth import AUTH, current_user
from shegong.api.errors import ApiError
from shegong.audit.actions import record_read
from shegong.cases import present
from shegong.cases.handlers import handler_for
from shegong.cases.models import Case
from shegong.cases.present import ActionOut, ClockOut, Submitter, UnitOut
from shegong.cases.procedure import get_procedure
from shegong.cases.queries import access_case, track_case

router = Router(tags=["工单"])


class StatusOut(Schema):
    code: str
    label: str


class CaseOut(Schema):
    number: str
    kind: str
    procedure: str
    status: StatusOut
    subtype: str
    urgency: str
    channel: str
    title: str
    content: str
    category: str | None
    region_code: str
    address: str
    received_at: datetime
    closed_at: datetime | None
    submitter: Submitter
    units: list[UnitOut]
    clocks: list[ClockOut]
    timeline: list[ActionOut]
    reply: str
    rating: str
    resolved: bool | None
    merged_into: str | None


class TrackOut(Schema):
    number: str
    status: StatusOut
    title: str
    received_at: datetime
    closed_at: datetime | None
    reply: str
    can_rate: bool
    timeline: list[ActionOut]


class RevealOut(Schema):
    name: str
    phone: str


def status_out(case: Case) -> StatusOut:
    label = get_procedure(case.procedure).status_label(case.status)
    return StatusOut(code=case.status, label=label)


def case_out(case: Case, actor: Any) -> CaseOut:
    return CaseOut(
        number=case.number,
        kind=case.kind,
        procedure=case.procedure,
        status=status_out(case),
        subtype=case.subtype,
        urgency=case.urgency,
        channel=case.channel,
        title=case.title,
        content=case.content,
        category=case.category.name if case.category else None,
        region_code=case.region_code,
        address=case.address,
        received_at=case.received_at,
        closed_at=case.closed_at,
        submitter=present.submitter_for(actor, case),
        units=present.units(case),
        clocks=present.clocks(case),
        timeline=present.timeline(case),
        reply=case.reply,
        rating=case.rating,
        resolved=case.resolved,
        merged_into=case.merged_into.number if case.merged_into else None,
    )


@router.get("/cases/{number}", response=CaseOut, auth=AUTH, summary="工单详情（按辖区）")
def get_case(request: HttpRequest, number: str) -> CaseOut:
    actor = current_user(request)
    return case_out(access_case(actor, number), actor)


def json_body(request: HttpRequest) -> dict[str, Any]:
    try:
        body = json.loads(request.body or b"{}")
    except ValueError as exc:
        raise ApiError(422, "invalid", "请求内容不是有效的 JSON") from exc
    if not isinstance(body, dict):
        raise ApiError(422, "invalid", "请求内容应为 JSON 对象")
    return body


@router.post(
    "/cases/{number}/actions/{verb}",
    response={200: CaseOut},
    auth=AUTH,
    summary="执行工单动作（派单、签收、答复、回访……）",
    openapi_extra={
        "requestBody": {"content": {"application/json": {"schema": {"type": "object"}}}}
    },
)
def run_action(request: HttpRequest, number: str, verb: str) -> CaseOut:
    """The body is the action's fields as a JSON object; each verb documents its own."""
    actor = current_user(request)
    payload = json_body(request)
    case = access_case(actor, number)
    handler = handler_for(case.procedure, verb)
    if handler is None:
        raise ApiError(409, "not_allowed", f"该工单没有这个动作：{verb}")
    try:
        data = handler.schema.model_validate(payload)
    except PydanticValidationError as exc:
        fields = {
            ".".join(str(p) for p in e["loc"]) or "__all__": ["取值无效"] for e in exc.errors()
        }
        raise ApiError(422, "invalid", "提交的内容有误，请检查后重试", fields) from exc
    handler.run(case, actor, data)
    case.refresh_from_db()
    return case_out(case, actor)


@router.post(
    "/cases/{number}/reveal", response=RevealOut, auth=AUTH, summary="查看诉求人完整联系方式"
)
def reveal(request: HttpRequest, number: str) -> RevealOut:
    """Shows the full name and phone to roles that need them; every reveal is logged."""
    actor = current_user(request)
    case = access_case(actor, number)
    if not present.may_see_identity(actor, case):
        raise Http404("未找到该工单")
    record_read(actor=actor, obj=case, fields=["submitter_name", "submitter_phone"])
    return RevealOut(name=case.submitter_name, phone=case.submitter_phone)


@router.get("/track/{number}", response=TrackOut, summary="凭编号和查询码查询进度（公开）")
def track(request: HttpRequest, number: str, code: str) -> TrackOut:
    case = track_case(number, code)
    return TrackOut(
        number=case.number,
        status=status_out(case),
        title=case.title,
        received_at=case.received_at,
        closed_at=case.closed_at,
        reply=case.reply,
        can_rate=case.status == "replied",
        timeline=present.timeline(case, public=True),
    )
