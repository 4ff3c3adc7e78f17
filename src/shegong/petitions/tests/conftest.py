"""The 信访 offices and organs at three levels, beside the fixed cast (src/shegong/conftest.py).

County 榕城区 → city 揭阳市 → province 广东省: a 信访部门 and a housing organ at each level, the
county's 纪检监察 and 政法 organs, and the housing bureau's 负责人 (who approves extensions).
"""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from shegong.accounts.models import OrgUnit, RoleCode, UnitKind, User
from shegong.conftest import CITY, COUNTY, Cast, make_unit, make_user

PROVINCE = "440000000000"


@dataclass
class Offices:
    county_office: OrgUnit
    city_office: OrgUnit
    province_office: OrgUnit
    city_organ: OrgUnit
    province_organ: OrgUnit
    discipline: OrgUnit
    political_legal: OrgUnit
    county_clerk: User  # 榕城区信访局
    city_clerk: User  # 揭阳市信访局
    province_clerk: User  # 广东省信访局
    city_handler: User
    province_handler: User
    discipline_handler: User
    dept_leader: User  # 负责人 of 榕城区住建局 (cast.department)
    dept_colleague: User


@pytest.fixture
def offices(cast: Cast) -> Offices:
    county_office = make_unit("榕城区信访局", UnitKind.PETITION, COUNTY)
    city_office = make_unit("揭阳市信访局", UnitKind.PETITION, CITY)
    province_office = make_unit("广东省信访局", UnitKind.PETITION, PROVINCE)
    city_organ = make_unit("揭阳市住房和城乡建设局", UnitKind.GOVERNMENT, CITY)
    province_organ = make_unit("广东省住房和城乡建设厅", UnitKind.GOVERNMENT, PROVINCE)
    discipline = make_unit("榕城区纪委监委", UnitKind.DISCIPLINE, COUNTY)
    political_legal = make_unit("榕城区委政法委", UnitKind.POLITICAL_LEGAL, COUNTY)
    return Offices(
        county_office=county_office,
        city_office=city_office,
        province_office=province_office,
        city_organ=city_organ,
        province_organ=province_organ,
        discipline=discipline,
        political_legal=political_legal,
        county_clerk=make_user("xf_county", county_office, RoleCode.PETITION_STAFF, name="刘信访"),
        city_clerk=make_user("xf_city", city_office, RoleCode.PETITION_STAFF, name="周市信访"),
        province_clerk=make_user(
            "xf_province", province_office, RoleCode.PETITION_STAFF, name="梁省信访"
        ),
        city_handler=make_user("city_handler", city_organ, RoleCode.HANDLER, name="何市住建"),
        province_handler=make_user(
            "province_handler", province_organ, RoleCode.HANDLER, name="罗省住建"
        ),
        discipline_handler=make_user("discipline", discipline, RoleCode.HANDLER, name="纪检监察员"),
        dept_leader=make_user("dept_leader", cast.department, RoleCode.LEADER, name="钟局长"),
        dept_colleague=make_user(
            "dept_colleague", cast.department, RoleCode.HANDLER, name="谢承办"
        ),
    )
