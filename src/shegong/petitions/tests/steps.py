"""Steps the petition tests share: register a petition and walk it forward."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from django.utils import timezone

from shegong.accounts.models import OrgUnit, User
from shegong.cases.models import Case
from shegong.petitions import actions
from shegong.petitions.models import Classification

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


def petition_data(**overrides: Any) -> actions.PetitionData:
    fields: dict[str, Any] = {**GRIEVANCE, "received_at": timezone.now() - timedelta(hours=1)}
    fields.update(overrides)
    return actions.PetitionData(**fields)


def register(actor: User, *, received_at: datetime | None = None, **overrides: Any) -> Case:
    data = petition_data(**overrides)
    if received_at is not None:
        data.received_at = received_at
    return actions.do_register_petition(data, actor=actor).case


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


def forwarded_and_accepted(clerk: User, handler: User, unit: OrgUnit, **overrides: Any) -> Case:
    case = register(clerk, **overrides)
    actions.do_forward(case, actor=clerk, unit=unit)
    return actions.do_accept(case, actor=handler)
