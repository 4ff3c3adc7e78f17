"""Demo data for 揭阳市 (4452): the city's units, every county's and township's, two villages per
township, and a demo login for every role. Idempotent: a re-run adds only what is missing.
"""

from __future__ import annotations

from dataclasses import dataclass

from shegong.accounts.actions import do_create_unit, do_create_user
from shegong.accounts.models import OrgUnit, RoleCode, UnitKind, User
from shegong.accounts.queries import user_by_phone
from shegong.appeals.demo import DEFAULT_APPEALS, City, build_appeals_demo
from shegong.lib import regioncodes
from shegong.petitions.demo import build_petitions_demo
from shegong.regions.models import Region
from shegong.regions.queries import children_of
from shegong.volunteers.demo import build_volunteers_demo

CITY_CODE = "445200000000"
DEMO_PASSWORD = "Demo#2026"
DEMO_PHONE = "13800138000"

CITY_DEPARTMENTS: list[tuple[str, UnitKind]] = [
    ("揭阳市住房和城乡建设局", UnitKind.GOVERNMENT),
    ("揭阳市城市管理和综合执法局", UnitKind.GOVERNMENT),
    ("揭阳市生态环境局", UnitKind.GOVERNMENT),
    ("揭阳市交通运输局", UnitKind.GOVERNMENT),
    ("揭阳市教育局", UnitKind.GOVERNMENT),
    ("揭阳市人力资源和社会保障局", UnitKind.GOVERNMENT),
    ("揭阳市卫生健康局", UnitKind.GOVERNMENT),
    ("揭阳市市场监督管理局", UnitKind.GOVERNMENT),
    ("揭阳市公安局", UnitKind.GOVERNMENT),
    ("揭阳市纪委监委", UnitKind.DISCIPLINE),
    ("中共揭阳市委政法委员会", UnitKind.POLITICAL_LEGAL),
]


@dataclass(frozen=True)
class DemoLogin:
    role: str
    username: str
    unit: str
    how: str


class DemoError(Exception):
    """The demo cannot be built (regions of 4452 not loaded)."""


def ensure_unit(name: str, kind: UnitKind, code: str, parent: OrgUnit | None) -> OrgUnit:
    unit = OrgUnit.objects.filter(region_code=code, name=name).first()
    return unit or do_create_unit(actor=None, name=name, kind=kind, region_code=code, parent=parent)


def ensure_user(username: str, name: str, unit: OrgUnit | None, role: RoleCode) -> User:
    user = User.objects.filter(username=username).first()
    if user is None:
        user = do_create_user(
            actor=None,
            username=username,
            name=name,
            unit=unit,
            roles=[role],
            password=DEMO_PASSWORD,
        )
    return user


def _township_unit_name(region: Region) -> str:
    kind = regioncodes.township_kind(region.code)
    return region.name + ("办事处" if kind == "街道" else "人民政府")


def build_county(county: Region, city_swd: OrgUnit) -> dict[str, OrgUnit]:
    swd = ensure_unit(f"中共{county.name}委社会工作部", UnitKind.SOCIAL_WORK, county.code, city_swd)
    units = {
        "swd": swd,
        "petition": ensure_unit(f"{county.name}信访局", UnitKind.PETITION, county.code, None),
        "government": ensure_unit(
            f"{county.name}人民政府", UnitKind.DISTRICT_GOVERNMENT, county.code, None
        ),
    }
    for index, township in enumerate(children_of(county.code)):
        t_unit = ensure_unit(_township_unit_name(township), UnitKind.TOWNSHIP, township.code, swd)
        if index == 0:
            units["township"] = t_unit
        for v_index, village in enumerate(children_of(township.code)[:2]):
            v_unit = ensure_unit(village.name, UnitKind.VILLAGE, village.code, t_unit)
            if index == 0 and v_index == 0:
                units["village"] = v_unit
    return units


def build_demo(*, appeals: int = DEFAULT_APPEALS) -> list[DemoLogin]:
    """Create (or complete) the demo city and return the demo logins; with `appeals` > 0, also
    the 接诉即办 demo (catalogue, duty lists, QR points and that many appeals, once)."""
    city = Region.objects.filter(code=CITY_CODE).first()
    if city is None or not children_of(CITY_CODE).exists():
        raise DemoError("请先导入揭阳市区划：shegong regions load --city 4452")
    city_swd = ensure_unit("中共揭阳市委社会工作部", UnitKind.SOCIAL_WORK, CITY_CODE, None)
    petition = ensure_unit("揭阳市信访局", UnitKind.PETITION, CITY_CODE, None)
    departments = [ensure_unit(n, k, CITY_CODE, None) for n, k in CITY_DEPARTMENTS]
    counties = {c.code: build_county(c, city_swd) for c in children_of(CITY_CODE)}
    rongcheng = counties["445202000000"]
    cast = [
        ("admin", "系统管理员", city_swd, RoleCode.ADMIN),
        ("sgb", "林社工", city_swd, RoleCode.SOCIAL_WORK_STAFF),
        ("xinfang", "陈信访", petition, RoleCode.PETITION_STAFF),
        ("paidan", "黄派单", rongcheng["swd"], RoleCode.DISPATCHER),
        ("chengban", "郑承办", departments[0], RoleCode.HANDLER),
        ("duban", "吴督办", rongcheng["swd"], RoleCode.SUPERVISOR),
        ("lingdao", "蔡领导", city_swd, RoleCode.LEADER),
        ("jiedao", "许街道", rongcheng["township"], RoleCode.SOCIAL_WORK_STAFF),
        ("wangge", "李网格", rongcheng["village"], RoleCode.GRID_WORKER),
        ("cungan", "杨村干", rongcheng["village"], RoleCode.VILLAGE_CADRE),
    ]
    logins, users = [], {}
    for username, name, unit, role in cast:
        users[username] = ensure_user(username, name, unit, role)
        logins.append(DemoLogin(str(role.label), username, unit.name, f"密码 {DEMO_PASSWORD}"))
    logins.append(_ensure_resident())
    users["qunzhong"] = user_by_phone(DEMO_PHONE) or users["admin"]
    by_name = {unit.name: unit for unit in departments}
    build_appeals_demo(City(by_name, counties, users), count=appeals)
    for label, username, unit_name in build_petitions_demo(counties, by_name, petition):
        logins.append(DemoLogin(label, username, unit_name, f"密码 {DEMO_PASSWORD}"))
    for account in build_volunteers_demo(password=DEMO_PASSWORD):
        logins.append(DemoLogin(account.role, account.username, account.unit, account.how))
    return logins


def _ensure_resident() -> DemoLogin:
    if user_by_phone(DEMO_PHONE) is None:
        do_create_user(
            actor=None,
            username="qunzhong",
            name="张群众",
            unit=None,
            roles=[RoleCode.RESIDENT],
            phone=DEMO_PHONE,
        )
    return DemoLogin(
        str(RoleCode.RESIDENT.label), DEMO_PHONE, "—", "手机号登录，验证码打印在服务器控制台"
    )


def format_logins(logins: list[DemoLogin]) -> str:
    lines = ["", "演示账号（工作人员登录 /login/，群众登录 /login/sms/）："]
    for login in logins:
        lines.append(f"  {login.role:<10}\t{login.username:<12}\t{login.how}\t{login.unit}")
    return "\n".join(lines)
