"""信访 demo for 揭阳市: the three levels' offices and organs, their staff, and a few petitions in
different states (waiting to be forwarded, in handling, answered and open to 复查, and an
accusation at the 纪委监委). Idempotent: petitions are created once, users and units as needed.
"""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from shegong.accounts.models import OrgUnit, RoleCode, UnitKind, User
from shegong.cases.models import Case, Category
from shegong.petitions import actions
from shegong.petitions.models import Classification, Petition

PROVINCE_CODE = "440000000000"
RONGCHENG = "445202000000"

LETTER_CATEGORIES = ["urban.housing", "urban.housing", "labour.wages"]
LETTERS = [
    (
        "请求修复小区地下车库渗漏",
        "榕华花园地下车库每逢下雨即大面积渗水，多次向物业反映无果",
        "车库渗漏危及车辆和人身安全，开发商应承担保修责任",
    ),
    (
        "请求解决回迁房不动产证迟迟未办问题",
        "东湖片区回迁安置已满三年，至今未办理不动产权证",
        "影响子女入学和房屋正常使用",
    ),
    (
        "请求督促拖欠工资的施工单位支付工资",
        "本人在某工地务工八个月，施工单位拖欠工资 3.2 万元",
        "劳动报酬应当按时足额支付",
    ),
]


def build_petitions_demo(
    counties: dict[str, dict[str, OrgUnit]], departments: dict[str, OrgUnit], city_office: OrgUnit
) -> list[tuple[str, str, str]]:
    """Units and staff for the three levels; petitions once. Returns (role, username, unit)."""
    from shegong.demo import ensure_unit, ensure_user  # the demo city's helpers (no cycle)

    county_office = counties[RONGCHENG]["petition"]
    county_organ = ensure_unit("榕城区住房和城乡建设局", UnitKind.GOVERNMENT, RONGCHENG, None)
    province_office = ensure_unit("广东省信访局", UnitKind.PETITION, PROVINCE_CODE, None)
    province_organ = ensure_unit("广东省住房和城乡建设厅", UnitKind.GOVERNMENT, PROVINCE_CODE, None)
    staff = [
        ("xf_rongcheng", "刘信访", county_office, RoleCode.PETITION_STAFF),
        ("qu_zhujian", "谢承办", county_organ, RoleCode.HANDLER),
        ("qu_juzhang", "钟局长", county_organ, RoleCode.LEADER),
        ("xf_sheng", "梁省信访", province_office, RoleCode.PETITION_STAFF),
        ("sheng_zhujian", "罗省住建", province_organ, RoleCode.HANDLER),
        ("shi_jiwei", "纪检监察员", departments["揭阳市纪委监委"], RoleCode.HANDLER),
    ]
    users = {name: ensure_user(name, label, u, role) for name, label, u, role in staff}
    if not Petition.objects.exists():
        _petitions(users, county_organ, departments, city_office)
    return [(str(role.label), name, u.name) for name, _label, u, role in staff]


def _petitions(
    users: dict[str, User], organ: OrgUnit, departments: dict[str, OrgUnit], city_office: OrgUnit
) -> None:
    clerk, handler = users["xf_rongcheng"], users["qu_zhujian"]
    cases = [
        _letter(clerk, i, request, facts, reasons)
        for i, (request, facts, reasons) in enumerate(LETTERS)
    ]
    for case in cases[1:]:
        actions.do_forward(case, actor=clerk, unit=organ)
        actions.do_accept(case, actor=handler)
    actions.do_conclude(
        case=cases[2],
        actor=handler,
        opinion=actions.Opinion(
            request="支付拖欠工资",
            facts_and_reasons="经核查，施工单位确欠工资 3.2 万元",
            opinion="责令施工单位 10 日内足额支付",
            legal_basis="《保障农民工工资支付条例》第十一条",
            outcome="support",
        ),
    )
    _accusation(users, departments, city_office)


def _letter(clerk: User, index: int, request: str, facts: str, reasons: str) -> Case:
    data = actions.PetitionData(
        name=["陈信访", "黄回迁", "吴务工"][index],
        address="揭阳市榕城区榕华街道进东社区",
        phone=f"1390000{index:04d}",
        request=request,
        facts=facts,
        reasons=reasons,
        channel="letter",
        classification=Classification.GRIEVANCE,
        received_at=timezone.now() - timedelta(days=3 + index),
        category=Category.objects.filter(code=LETTER_CATEGORIES[index]).first(),
    )
    return actions.do_register_petition(data, actor=clerk).case


def _accusation(users: dict[str, User], departments: dict[str, OrgUnit], office: OrgUnit) -> None:
    clerk = User.objects.filter(unit=office, roles__code=RoleCode.PETITION_STAFF).first()
    if clerk is None:
        return
    data = actions.PetitionData(
        name="匿名群众",
        address="揭阳市榕城区",
        request="检举某执法人员收受好处",
        facts="某执法队员多次收受商户财物后不予处罚",
        reasons="违反廉洁纪律",
        channel="network",
        classification=Classification.ACCUSATION,
        received_at=timezone.now() - timedelta(days=1),
        accused_unit=departments["揭阳市城市管理和综合执法局"],
    )
    case = actions.do_register_petition(data, actor=clerk).case
    actions.do_forward(case, actor=clerk, unit=departments["揭阳市纪委监委"])
