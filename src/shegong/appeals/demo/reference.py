"""The demo city's reference data for 接诉即办: 派单目录 (R24), duty lists (R31), QR points,
and the demo staff who act in the stories (demo data only)."""

from __future__ import annotations

from dataclasses import dataclass, field

from shegong.accounts.actions import do_create_user
from shegong.accounts.models import OrgUnit, RoleCode, UnitKind, User
from shegong.appeals import models as appeal_models
from shegong.appeals.demo import texts
from shegong.appeals.models import DispatchRule, DutyItem, DutyKind
from shegong.cases.models import Category

# 派单目录 of the city: category → department (R24). civil.* and other have no rule, so their
# orders go to the district government; village matters go to the township (rules below).
CITY_RULES = {
    "urban.housing": "揭阳市住房和城乡建设局",
    "urban.construction": "揭阳市住房和城乡建设局",
    "urban.roads": "揭阳市城市管理和综合执法局",
    "urban.sanitation": "揭阳市城市管理和综合执法局",
    "urban.illegal_building": "揭阳市城市管理和综合执法局",
    "env.noise": "揭阳市生态环境局",
    "env.air": "揭阳市生态环境局",
    "env.water": "揭阳市生态环境局",
    "transport.bus": "揭阳市交通运输局",
    "transport.taxi": "揭阳市交通运输局",
    "transport.parking": "揭阳市公安局",
    "education.school": "揭阳市教育局",
    "education.training": "揭阳市教育局",
    "labour.wages": "揭阳市人力资源和社会保障局",
    "labour.insurance": "揭阳市人力资源和社会保障局",
    "labour.new_employment": "揭阳市人力资源和社会保障局",
    "health.medical": "揭阳市卫生健康局",
    "health.public": "揭阳市卫生健康局",
    "market.food": "揭阳市市场监督管理局",
    "market.consumer": "揭阳市市场监督管理局",
    "safety.fire": "揭阳市公安局",
    "safety.order": "揭阳市公安局",
}
# The counties of the demo and their share of its appeals.
COUNTY_WEIGHTS = {"445202": 50, "445203": 15, "445281": 15, "445224": 10, "445222": 10}
TOWNSHIP_RULES = ["civil.community", "rural.village_affairs", "rural.land"]
# R31: what every demo village leads (主责) and what it only assists with (协助).
DUTIES = {
    "civil.community": DutyKind.MAIN,
    "rural.village_affairs": DutyKind.MAIN,
    "civil.elderly": DutyKind.ASSIST,
    "urban.sanitation": DutyKind.ASSIST,
    "health.public": DutyKind.ASSIST,
}
# How well each unit works (drives late responses, late replies and ratings); others 0.78.

# ---------------------------------------------------------------- reference data


@dataclass
class City:
    """The demo city's units the appeals demo needs, and its demo staff."""

    departments: dict[str, OrgUnit]
    counties: dict[str, dict[str, OrgUnit]]
    users: dict[str, User]
    townships: dict[str, OrgUnit] = field(default_factory=dict)
    villages: dict[str, list[OrgUnit]] = field(default_factory=dict)
    staff: dict[tuple[int, str], User] = field(default_factory=dict)

    def load_units(self) -> None:
        for unit in OrgUnit.objects.filter(kind__in=[UnitKind.TOWNSHIP, UnitKind.VILLAGE]):
            if not unit.region_code.startswith("4452"):
                continue
            if unit.kind == UnitKind.TOWNSHIP:
                self.townships[unit.region_code] = unit
            elif "虚拟" not in unit.name:  # statistical placeholders, nobody lives there
                self.villages.setdefault(unit.region_code[:9].ljust(12, "0"), []).append(unit)

    def member(self, unit: OrgUnit, role: RoleCode) -> User:
        """A user of the unit with that role; a demo account (no password) when there is none."""
        key = (unit.pk, str(role))
        if key not in self.staff:
            found = User.objects.filter(unit=unit, roles__code=role, is_active=True).first()
            self.staff[key] = found or _demo_staff(unit, role)
        return self.staff[key]

    def handler(self, unit: OrgUnit) -> User:
        roles = {
            UnitKind.VILLAGE: RoleCode.VILLAGE_CADRE,
            UnitKind.TOWNSHIP: RoleCode.SOCIAL_WORK_STAFF,
        }
        return self.member(unit, roles.get(UnitKind(unit.kind), RoleCode.HANDLER))

    def centre(self, county: str, role: RoleCode) -> User:
        return self.member(self.counties[county.ljust(12, "0")]["swd"], role)


# Demo accounts of other units follow the demo logins' pattern (paidan, chengban …); they have
# no password: they only act in the demo's stories.
USERNAMES = {
    RoleCode.DISPATCHER: "paidan",
    RoleCode.SUPERVISOR: "duban",
    RoleCode.HANDLER: "chengban",
    RoleCode.SOCIAL_WORK_STAFF: "jiedao",
    RoleCode.VILLAGE_CADRE: "cungan",
}


def _demo_staff(unit: OrgUnit, role: RoleCode) -> User:
    surname = texts.SURNAMES[unit.pk % len(texts.SURNAMES)]
    given = texts.GIVEN_NAMES[(unit.pk * 7 + 3) % len(texts.GIVEN_NAMES)]
    username = f"{USERNAMES.get(role, 'demo')}{unit.pk}"
    return do_create_user(
        actor=None, username=username, name=surname + given, unit=unit, roles=[role]
    )


def ensure_catalogue(city: City) -> None:
    """R24: the city's 派单目录, plus each township for the matters of its villages."""
    categories = {c.code: c for c in Category.objects.all()}
    rules = [
        DispatchRule(category=categories[code], region_code="445200000000", unit=unit)
        for code, name in CITY_RULES.items()
        if (unit := city.departments.get(name)) is not None
    ]
    rules += [
        DispatchRule(category=categories[code], region_code=code_, unit=unit, note="属地街道(乡镇)")
        for code_, unit in city.townships.items()
        for code in TOWNSHIP_RULES
    ]
    DispatchRule.objects.bulk_create(rules, ignore_conflicts=True)


def ensure_duty_lists(city: City) -> None:
    """R31: the duty list of every demo village."""
    categories = {c.code: c for c in Category.objects.filter(code__in=DUTIES)}
    items = [
        DutyItem(region_code=village.region_code, category=categories[code], kind=kind)
        for villages in city.villages.values()
        for village in villages
        for code, kind in DUTIES.items()
    ]
    DutyItem.objects.bulk_create(items, ignore_conflicts=True)


def ensure_qr_points(city: City) -> None:
    """A "民呼我为" code at the first village of each county's first townships (if QR points
    exist in this version)."""
    model = getattr(appeal_models, "QrPoint", None)
    if model is None:
        return
    categories = {c.code: c for c in Category.objects.all()}
    for county in COUNTY_WEIGHTS:
        for township in sorted(t for t in city.villages if t.startswith(county))[:2]:
            village = city.villages[township][0]
            for suffix, kind, category in texts.QR_POINTS:
                model.objects.get_or_create(
                    name=f"{short_name(village)}{suffix}",
                    region_code=village.region_code,
                    defaults={
                        "kind": kind,
                        "unit": village,
                        "category": categories.get(category) if category else None,
                    },
                )


SHORT_NAMES = [  # (suffix of the registered name, what people call it)
    ("社区居民委员会", "社区"),
    ("居民委员会", "社区"),
    ("村民委员会", "村"),
    ("社区居委", "社区"),
    ("居委会", "社区"),
    ("村委会", "村"),
    ("委员会", ""),
]


def short_name(unit: OrgUnit) -> str:
    """进东社区居民委员会 → 进东社区, 福岗村委会 → 福岗村: the name residents use."""
    for suffix, spoken in SHORT_NAMES:
        if unit.name.endswith(suffix):
            stem = unit.name[: -len(suffix)]
            return stem if stem.endswith(spoken) else stem + spoken
    return unit.name
