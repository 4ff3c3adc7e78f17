"""Steps the petition tests share: register a petition, walk it forward, read what it left.

Each step goes through the real `do_*` action or the real HTTP endpoint, so a test built on a step
takes the path a user takes.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

from django.test import Client
from django.utils import timezone

from shegong.accounts.models import User
from shegong.cases.actions import IntakeResult
from shegong.cases.models import Case, Clock
from shegong.cases.tests.steps import act as act
from shegong.cases.tests.steps import client_for as client_for
from shegong.conftest import Cast
from shegong.petitions import actions
from shegong.petitions.models import Classification, DocumentKind, PetitionDocument
from shegong.web.testing import pdf_text

if TYPE_CHECKING:
    from django.test.client import _MonkeyPatchedWSGIResponse as Response

    from shegong.petitions.tests.conftest import Offices

SHANGHAI = ZoneInfo("Asia/Shanghai")

GRIEVANCE = {
    "name": "陈信访",
    "address": "揭阳市榕城区榕华街道进东社区 8 号",
    "phone": "13800138000",
    "request": "请求督促开发商修复小区地下车库渗漏",
    "facts": "2026 年 6 月起，榕华花园地下车库每逢下雨即大面积渗水，多次向物业反映无果",
    "reasons": "车库渗漏危及车辆和人身安全，开发商应承担保修责任",
    "channel": "letter",
    "classification": Classification.GRIEVANCE,
}

ACCUSATION = {
    **GRIEVANCE,
    "name": "匿名群众甲",
    "phone": "13700137000",
    "request": "请求查处住建局工作人员在车库验收中收受开发商好处",
    "facts": "住建局有工作人员在榕华花园车库竣工验收前收受开发商购物卡",
    "reasons": "国家工作人员收受财物、违规验收，应当依纪依法查处",
    "classification": Classification.ACCUSATION,
}


def at(day: date, hour: int = 10, minute: int = 0) -> datetime:
    """A moment of a Shanghai day, for time_machine and for `received_at`."""
    return datetime.combine(day, time(hour, minute), tzinfo=SHANGHAI)


def petition_data(**overrides: Any) -> actions.PetitionData:
    fields: dict[str, Any] = {**GRIEVANCE, "received_at": timezone.now() - timedelta(hours=1)}
    fields.update(overrides)
    return actions.PetitionData(**fields)


def registered(actor: User, **overrides: Any) -> IntakeResult:
    """The intake result: the case and the petitioner's tracking code."""
    return actions.do_register_petition(petition_data(**overrides), actor=actor)


def register(actor: User, *, received_at: datetime | None = None, **overrides: Any) -> Case:
    if received_at is not None:
        overrides["received_at"] = received_at
    return registered(actor, **overrides).case


def accusation(actor: User, **overrides: Any) -> Case:
    return register(actor, **{**ACCUSATION, **overrides})


def opinion(**overrides: Any) -> actions.Opinion:
    fields = {
        "request": "修复车库渗漏",
        "facts_and_reasons": "经现场核查，车库顶板防水层破损，属保修范围",
        "opinion": "责成开发商于 30 日内完成防水修复，住建局跟踪验收",
        "legal_basis": "《建设工程质量管理条例》第四十条",
        "outcome": "support",
    }
    fields.update(overrides)
    return actions.Opinion(**fields)


def accepted_with_code(cast: Cast, offices: Offices, **overrides: Any) -> tuple[Case, str]:
    """Registered at the county 信访局, forwarded to 榕城区住建局 and accepted there; with the
    petitioner's tracking code (R20)."""
    result = registered(offices.county_clerk, **overrides)
    actions.do_forward(result.case, actor=offices.county_clerk, unit=cast.department)
    return actions.do_accept(result.case, actor=cast.handler), result.code


def accepted(cast: Cast, offices: Offices, **overrides: Any) -> Case:
    """Registered at the county 信访局, forwarded to 榕城区住建局 and accepted there."""
    return accepted_with_code(cast, offices, **overrides)[0]


def concluded(cast: Cast, offices: Offices, **overrides: Any) -> Case:
    """Accepted and answered by 榕城区住建局 with a 处理意见书 (R10)."""
    return actions.do_conclude(
        accepted(cast, offices, **overrides), actor=cast.handler, opinion=opinion()
    )


def reviewed(cast: Cast, offices: Offices, **overrides: Any) -> Case:
    """复查 asked of and answered by the city organ (R12)."""
    case = concluded(cast, offices, **overrides)
    actions.do_request_review(
        case, actor=offices.city_clerk, unit=offices.city_organ, received_on=timezone.localdate()
    )
    return actions.do_conclude_review(case, actor=offices.city_handler, opinion=opinion())


def closed(cast: Cast, offices: Offices, **overrides: Any) -> Case:
    """复核 asked of and answered by the province organ (R13): the end of the road (R14)."""
    case = reviewed(cast, offices, **overrides)
    actions.do_request_re_review(
        case,
        actor=offices.province_clerk,
        unit=offices.province_organ,
        received_on=timezone.localdate(),
    )
    return actions.do_conclude_re_review(case, actor=offices.province_handler, opinion=opinion())


def fresh(case: Case) -> Case:
    return Case.objects.select_related("petition").get(pk=case.pk)


def clock(case: Case, name: str) -> Clock:
    """The newest clock of that name on the case."""
    found = Clock.objects.filter(case=case, name=name).order_by("-id").first()
    assert found is not None, f"no {name} clock"
    return found


def document(case: Case, kind: DocumentKind) -> PetitionDocument:
    return PetitionDocument.objects.filter(case=case, kind=kind).order_by("-id")[0]


def document_text(doc: PetitionDocument) -> str:
    """The document's extracted text without whitespace: lines wrap anywhere in Chinese."""
    with doc.file.open("rb") as f:
        return "".join(pdf_text(f.read()).split())


# The API, as staff (session login) and the petitioner (number + tracking code) use it;
# `client_for` and `act` are the case engine's (shegong.cases.tests.steps).


def petition_body(**overrides: Any) -> dict[str, Any]:
    """The JSON staff send to `POST /api/v1/petitions`."""
    body: dict[str, Any] = {
        **GRIEVANCE,
        "classification": str(GRIEVANCE["classification"]),
        "received_at": (timezone.now() - timedelta(hours=1)).isoformat(),
    }
    body.update(overrides)
    return body


def post_petition(client: Client, **overrides: Any) -> Response:
    return client.post(
        "/api/v1/petitions", petition_body(**overrides), content_type="application/json"
    )


def filed_through_api(actor: User, **overrides: Any) -> tuple[Case, list[str]]:
    """A petition `actor` registers through the API, and the numbers of the earlier cases that
    registration lists as the same matter (R8, R14)."""
    response = post_petition(client_for(actor), **overrides)
    assert response.status_code == 201, response.content
    return Case.objects.get(number=response.json()["number"]), response.json()["same_matter"]


def read_paths(case: Case, document_number: str) -> tuple[str, ...]:
    """The API paths that read a petition: the case, the petition and one of its documents."""
    return (
        f"/api/v1/cases/{case.number}",
        f"/api/v1/petitions/{case.number}",
        f"/api/v1/petitions/{case.number}/documents/{document_number}.pdf",
    )


def register_form(**overrides: str) -> dict[str, str]:
    """What a clerk posts to the registration page (/petitions/new/) for a letter."""
    fields = {
        "channel": "letter",
        "received_at": "2026-11-20T09:00",
        "classification": "grievance",
        "name": "陈信访",
        "address": "进东社区 8 号",
        "request": "修复车库渗漏",
        "facts": "车库每逢下雨渗水",
        "reasons": "危及安全",
        "headcount": "1",
        "client_token": "t-1",
    }
    fields.update(overrides)
    return fields
