"""The bodies Open311 GeoReport v2 answers with, in JSON and in XML, errors included.

JSON follows the spec's Spark convention: an XML list element (`<services>`) becomes a JSON array
of its items (`<service>`). XML is built with xml.etree, so text is escaped by the library; the
declaration carries encoding="UTF-8" as the spec asks. Published requests carry no personal data.
"""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from datetime import datetime
from typing import Any, Literal, TypedDict

from django.http import HttpResponse
from django.utils import timezone

from shegong.appeals.models import AppealType, UrgencyTier
from shegong.cases.models import Case, Category
from shegong.cases.procedure import get_procedure
from shegong.lib.crypto import mask_id_number, mask_phone

Format = Literal["json", "xml"]
CONTENT_TYPES: dict[Format, str] = {
    "json": "application/json; charset=utf-8",
    "xml": "text/xml; charset=utf-8",
}
XML_DECLARATION = b'<?xml version="1.0" encoding="UTF-8"?>\n'
# The item element of each list element (Spark convention).
LIST_ITEMS = {
    "services": "service",
    "attributes": "attribute",
    "values": "value",
    "service_requests": "request",
    "errors": "error",
    "endpoints": "endpoint",
    "formats": "format",
}
# Characters XML 1.0 cannot carry at all, even escaped.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_PHONE = re.compile(r"(?<!\d)1[3-9]\d{9}(?!\d)")
_ID_NUMBER = re.compile(r"(?<!\d)\d{17}[\dXx](?!\d)")
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(\.[\w-]+)+")
DEFAULT_TYPE = AppealType.COMPLAINT


class ErrorOut(TypedDict):
    code: int
    description: str


# ---------------------------------------------------------------- encoding


def element(tag: str, value: Any) -> ET.Element:
    """One XML element for a value: lists by LIST_ITEMS, dicts by key, None as empty."""
    node = ET.Element(tag)
    if isinstance(value, list):
        node.extend(element(LIST_ITEMS[tag], item) for item in value)
    elif isinstance(value, dict):
        node.extend(element(key, item) for key, item in value.items())
    elif isinstance(value, bool):
        node.text = "true" if value else "false"
    elif value is not None:
        node.text = _NOT_XML.sub("", str(value))
    return node


def xml_bytes(root: str, data: Any) -> bytes:
    return XML_DECLARATION + ET.tostring(element(root, data), encoding="unicode").encode()


def json_bytes(data: Any) -> bytes:
    return json.dumps(data, ensure_ascii=False).encode()


def respond(fmt: Format, root: str, data: Any, status: int = 200) -> HttpResponse:
    """`root` names the XML document element; JSON shows `data` as it is."""
    body = xml_bytes(root, data) if fmt == "xml" else json_bytes(data)
    return HttpResponse(body, status=status, content_type=CONTENT_TYPES[fmt])


def error_response(fmt: Format, status: int, descriptions: list[str]) -> HttpResponse:
    """The spec's error body: one {code, description} per problem, code = HTTP status."""
    errors = [ErrorOut(code=status, description=d) for d in descriptions]
    return respond(fmt, "errors", errors, status=status)


def w3c(moment: datetime | None) -> str | None:
    """W3C date-time with the Asia/Shanghai offset, e.g. 2026-01-05T09:30:00+08:00."""
    if moment is None:
        return None
    return timezone.localtime(moment).isoformat(timespec="seconds")


# ---------------------------------------------------------------- services


def service_out(category: Category) -> dict[str, Any]:
    keywords = ", ".join(category.keywords.split())
    return {
        "service_code": category.code,
        "service_name": category.name,
        "description": category.description or category.name,
        "metadata": True,  # the definition offers the optional attributes below
        "type": "realtime",
        "keywords": keywords,
        "group": category.parent.name if category.parent else "",
    }


def _choice(key: str, name: str) -> dict[str, str]:
    return {"key": key, "name": name}


def attributes() -> list[dict[str, Any]]:
    """The optional attributes every service takes: the appeal type (R22) and anonymity."""
    return [
        {
            "variable": True,
            "code": "type",
            "datatype": "singlevaluelist",
            "required": False,
            "datatype_description": "不填时按投诉处理",
            "order": 1,
            "description": "诉求类型",
            "values": [_choice(str(v), str(label)) for v, label in AppealType.choices],
        },
        {
            "variable": True,
            "code": "hide_identity",
            "datatype": "singlevaluelist",
            "required": False,
            "datatype_description": "不填时不隐藏",
            "order": 2,
            "description": "是否要求对承办单位隐藏诉求人姓名和电话",
            "values": [_choice("false", "不隐藏"), _choice("true", "隐藏")],
        },
    ]


def definition_out(category: Category) -> dict[str, Any]:
    return {"service_code": category.code, "attributes": attributes()}


# ---------------------------------------------------------------- requests


def scrub(text: str) -> str:
    """Mask phone numbers, ID-card numbers and e-mail addresses a resident typed in."""
    text = _PHONE.sub(lambda m: mask_phone(m.group()), text)
    text = _ID_NUMBER.sub(lambda m: mask_id_number(m.group()), text)
    return _EMAIL.sub("***@***", text)


def time_limit_notice(case: Case, tiers: dict[str, UrgencyTier]) -> str | None:
    tier = tiers.get(case.urgency)
    if tier is None:
        return None
    return f"{tier.name}诉求：派单后 {tier.feedback_label}内办理反馈"


def request_out(case: Case, tiers: dict[str, UrgencyTier]) -> dict[str, Any]:
    """The public view of one appeal: no name, phone, e-mail, device or account; text scrubbed."""
    extra = getattr(case, "open311", None)
    category = case.category
    return {
        "service_request_id": case.number,
        "status": "open" if case.closed_at is None else "closed",
        "status_notes": get_procedure(case.procedure).status_label(case.status),
        "service_name": category.name if category else None,
        "service_code": category.code if category else None,
        "description": scrub(case.content),
        "agency_responsible": case.lead_unit.name if case.lead_unit else None,
        "service_notice": time_limit_notice(case, tiers),
        "requested_datetime": w3c(case.received_at),
        "updated_datetime": w3c(case.closed_at or case.updated_at),
        "expected_datetime": w3c(getattr(case, "expected_at", None)),
        "address": scrub(case.address) or None,
        "address_id": (extra.address_id or None) if extra else None,
        "zipcode": None,
        "lat": case.latitude,
        "long": case.longitude,
        "media_url": (extra.media_url or None) if extra else None,
    }


def receipt_notice(number: str, code: str) -> str:
    return (
        f"诉求已登记，编号 {number}，查询码 {code}。"
        "请告知诉求人妥善保管，凭编号和查询码可查询办理进度、评价办理结果。"
    )


def receipt_out(number: str, token: str, code: str) -> dict[str, Any]:
    return {
        "service_request_id": number,
        "token": token,
        "service_notice": receipt_notice(number, code),
        "account_id": None,
    }
