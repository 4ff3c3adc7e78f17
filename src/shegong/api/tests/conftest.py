"""Open311 test helpers: an api_key, appeals in known states, the spec's error body."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from shegong.api.actions import do_create_open311_key
from shegong.appeals.actions import do_dispatch, do_submit_appeal, do_triage
from shegong.cases.actions import IntakeData
from shegong.cases.models import Case, Category
from shegong.conftest import VILLAGE, Cast

MakeAppeal = Callable[..., Case]


@pytest.fixture
def api_key(db: None) -> str:
    _, value = do_create_open311_key(actor=None, name="测试客户端")
    return value


@pytest.fixture
def make_appeal(cast: Cast) -> MakeAppeal:
    """An appeal from a resident; `state` is received, dispatched, diverted or confidential."""

    def make(
        content: str = "进东社区3号楼前的路灯坏了一个月，晚上很黑。",
        *,
        category: str = "urban.roads",
        subtype: str = "complaint",
        region_code: str = VILLAGE,
        state: str = "received",
        **extra: Any,
    ) -> Case:
        data = IntakeData(
            title=content[:30],
            content=content,
            region_code=region_code,
            channel="web",
            subtype=subtype,
            category=Category.objects.get(code=category),
            submitter_name="张三",
            submitter_phone="13912345678",
            address="榕城区进东社区3号楼",
            latitude=23.55,
            longitude=116.37,
            **extra,
        )
        case = do_submit_appeal(data, actor=None).case
        return advance(case, state, cast)

    return make


def advance(case: Case, state: str, cast: Cast) -> Case:
    if state == "dispatched":
        return do_dispatch(case, actor=cast.dispatcher, unit=cast.department)
    if state in ("diverted", "confidential"):
        outcome = "market" if state == "diverted" else "confidential"
        return do_triage(case, actor=cast.dispatcher, outcome=outcome)
    return case


def errors_of(response: Any) -> list[dict[str, Any]]:
    """The JSON error body, checked against the spec's shape: code equals the HTTP status.

    Takes a Django test response or a `requests` response alike."""
    body = response.json()
    assert isinstance(body, list)
    assert body
    for error in body:
        assert set(error) == {"code", "description"}
        assert error["code"] == response.status_code
    return body
