"""Steps the resident-page tests share: fill the phone form, make tiny real files, get a case
that waits for the resident's rating together with its tracking code."""

from __future__ import annotations

import struct
import uuid
import zlib
from typing import TYPE_CHECKING, Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from shegong.appeals import actions
from shegong.appeals.models import QrPoint
from shegong.cases.actions import IntakeData
from shegong.cases.models import Case, Category
from shegong.conftest import VILLAGE, Cast

if TYPE_CHECKING:
    from django.test.client import _MonkeyPatchedWSGIResponse as Response

NEW = "/m/appeals/new"


def png_chunk(kind: bytes, data: bytes) -> bytes:
    crc = zlib.crc32(kind + data)
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", crc)


def tiny_png() -> bytes:
    """A valid 1×1 red PNG, built by hand (no imaging library needed)."""
    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    pixels = zlib.compress(b"\x00\xff\x00\x00")
    return (
        b"\x89PNG\r\n\x1a\n"
        + png_chunk(b"IHDR", header)
        + png_chunk(b"IDAT", pixels)
        + png_chunk(b"IEND", b"")
    )


def photo(name: str = "路灯.png", content: bytes | None = None) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, tiny_png() if content is None else content, "image/png")


def form_fields(**overrides: Any) -> dict[str, Any]:
    """What a resident types: a complaint about a street lamp in 进东社区."""
    fields: dict[str, Any] = {
        "type": "complaint",
        "category": "urban.roads",
        "title": "小区路灯不亮",
        "content": "进东社区3号楼前的路灯坏了一个月，晚上很黑。",
        "region_code": VILLAGE,
        "address": "进东路 3 号楼前",
        "name": "张三",
        "phone": "13912345678",
        "client_token": str(uuid.uuid4()),
    }
    fields.update(overrides)
    return {k: v for k, v in fields.items() if v is not None}


def submit(client: Client, url: str = NEW, **overrides: Any) -> Response:
    return client.post(url, form_fields(**overrides))


def make_point(cast: Cast, **overrides: Any) -> QrPoint:
    fields: dict[str, Any] = {
        "name": "进东社区新就业群体驿站",
        "kind": "station",
        "region_code": VILLAGE,
        "unit": cast.village_unit,
        "category": Category.objects.get(code="labour.new_employment"),
    }
    fields.update(overrides)
    return QrPoint.objects.create(**fields)


def replied_with_code(cast: Cast, *, submitter: Any = None) -> tuple[Case, str]:
    """An appeal the department has answered, waiting for the rating, and its tracking code."""
    data = IntakeData(
        title="小区路灯不亮",
        content="进东社区3号楼前的路灯坏了一个月，晚上很黑。",
        region_code=VILLAGE,
        channel="web",
        subtype="complaint",
        submitter=submitter,
        submitter_phone="13912345678",
    )
    result = actions.do_submit_appeal(data, actor=submitter, client_token=str(uuid.uuid4()))
    case = actions.do_dispatch(result.case, actor=cast.dispatcher, unit=cast.department)
    case = actions.do_accept(case, actor=cast.handler)
    case = actions.do_reply(case, actor=cast.handler, reply="已更换灯泡，路灯恢复照明。")
    return case, result.code
