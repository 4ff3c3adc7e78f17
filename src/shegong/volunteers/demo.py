"""The volunteer-service demo of 揭阳 (demo data only): 揭阳市志愿者联合会 and 榕城区应急志愿服务队
run by one demo login, twelve volunteers of 榕城区 (one of them the demo volunteer login), two
finished activities whose confirmed hours make the demo volunteer's certificate ready to issue,
an activity open for sign-up, and an emergency demand of the team waiting to be matched.

Everything goes through the real actions. A volunteer can only sign up before a shift starts, so
the finished activities are created a few days ahead, signed up for, and then moved back to
their past dates (activity, shifts, sign-ups; demo data only, as the appeals demo does); the
organiser then records and confirms the attendance, so the hours follow R38. The audit trail
keeps the true time the demo was built. Made-up phone numbers are never texted.

Idempotent: once the federation exists nothing is added.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.db import transaction
from django.db.models import F
from django.test.utils import override_settings
from django.utils import timezone

from shegong.accounts.actions import do_create_user
from shegong.accounts.models import RoleCode, User
from shegong.accounts.queries import user_by_phone
from shegong.lib.idcard import check_char
from shegong.lib.sms import DISCARD_BACKEND
from shegong.regions.models import Region
from shegong.volunteers.actions import (
    ActivityData,
    DemandData,
    Registration,
    do_add_shift,
    do_apply_membership,
    do_approve_membership,
    do_create_activity,
    do_create_demand,
    do_create_organisation,
    do_finish_activity,
    do_publish_activity,
    do_record_attendance,
    do_register_volunteer,
    do_register_volunteer_for,
    do_sign_up,
)
from shegong.volunteers.models import (
    ALL_SLOTS,
    Activity,
    Organisation,
    OrganisationKind,
    ServiceCategory,
    Shift,
    SignUp,
    Skill,
    Volunteer,
)

CITY = "445200000000"
COUNTY = "445202000000"  # 榕城区
FEDERATION = "揭阳市志愿者联合会"
TEAM = "榕城区应急志愿服务队"
MANAGER = "zhilian"
DEMO_VOLUNTEER_PHONE = "13800138001"
CENTRE = (23.5438, 116.3729)  # 榕城区 centre; volunteers and places lie around it

# name, skills, in the emergency team
PEOPLE: list[tuple[str, list[str], bool]] = [
    ("陈志愿", ["助老服务", "医疗急救"], True),
    ("林晓燕", ["助老服务", "心理疏导"], False),
    ("黄伟强", ["驾驶", "应急救援"], True),
    ("郑丽娜", ["教育辅导"], False),
    ("吴国栋", ["医疗急救", "应急救援"], True),
    ("蔡佳琪", ["文艺演出", "摄影摄像"], False),
    ("许建华", ["电工维修", "搬运"], True),
    ("杨秀英", ["助老服务", "烹饪"], False),
    ("李志明", ["驾驶", "搬运"], True),
    ("谢晓东", ["环境保护"], False),
    ("刘美玲", ["法律咨询"], False),
    ("方俊杰", ["应急救援", "信息技术"], True),
]


@dataclass(frozen=True)
class DemoAccount:
    """A demo login to print beside the others (see shegong.demo.DemoLogin)."""

    role: str
    username: str
    unit: str
    how: str


def accounts(password: str) -> list[DemoAccount]:
    return [
        DemoAccount("志愿组织管理员", MANAGER, FEDERATION, f"密码 {password}"),
        DemoAccount("志愿者", DEMO_VOLUNTEER_PHONE, "—", "手机号登录，验证码打印在服务器控制台"),
    ]


def build_volunteers_demo(*, password: str) -> list[DemoAccount]:
    """Build the volunteer demo once (one transaction); return its demo logins."""
    if not Organisation.objects.filter(region_code=CITY, name=FEDERATION).exists():
        with override_settings(SMS_BACKEND=DISCARD_BACKEND), transaction.atomic():
            Builder(password).build()
    return accounts(password)


# ---------------------------------------------------------------- the builder


def id_number(n: int) -> str:
    """A valid made-up resident ID number of 榕城区 (check character per GB 11643)."""
    first17 = f"445202{1975 + n * 2}{(n % 12) + 1:02d}{(n % 27) + 1:02d}{600 + n:03d}"
    return first17 + check_char(first17)


def at(day: date, hour: int, minute: int = 0) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour, minute)))


def next_saturday(today: date, weeks: int = 0) -> date:
    return today + timedelta(days=(5 - today.weekday()) % 7 or 7, weeks=weeks)


class Builder:
    def __init__(self, password: str) -> None:
        self.password = password
        self.today = timezone.localdate()
        self.villages = list(
            Region.objects.filter(level=5, code__startswith=COUNTY[:6])
            .order_by("code")
            .values_list("code", flat=True)[:4]
        ) or [COUNTY]

    def build(self) -> None:
        self.manager = self.ensure_manager()
        federation, team = self.organisations()
        people = self.volunteers(federation, team)
        self.finished_activity(
            federation, people, "榕江南河畔环境清洁", "environment", days_ago=9, shifts=2
        )
        self.finished_activity(
            federation, people, "进东社区敬老院陪伴", "elderly_disabled", days_ago=16, shifts=1
        )
        self.open_activity(federation, people)
        self.emergency_demand(team)

    def ensure_manager(self) -> User:
        user = User.objects.filter(username=MANAGER).first()
        return user or do_create_user(
            actor=None,
            username=MANAGER,
            name="许志联",
            unit=None,
            roles=[RoleCode.RESIDENT],
            password=self.password,
        )

    def organisations(self) -> tuple[Organisation, Organisation]:
        categories = list(ServiceCategory.objects.filter(code__in=["community", "environment"]))
        federation = do_create_organisation(
            actor=None,
            name=FEDERATION,
            kind=OrganisationKind.ORGANISATION,
            region_code=CITY,
            managers=[self.manager],
            categories=categories,
            leader_name="黄文华",
            contact_phone="0663-8261234",
        )
        team = do_create_organisation(
            actor=None,
            name=TEAM,
            kind=OrganisationKind.EMERGENCY_TEAM,
            region_code=COUNTY,
            managers=[self.manager],
            categories=list(ServiceCategory.objects.filter(code="emergency")),
            leader_name="吴国栋",
            contact_phone="0663-8669110",
        )
        return federation, team

    def registration(self, n: int, name: str, skills: list[str]) -> Registration:
        lat, lng = CENTRE
        return Registration(
            name=name,
            id_number=id_number(n),
            region_code=self.villages[n % len(self.villages)],
            consent=True,
            skills=list(Skill.objects.filter(name__in=skills)),
            availability=ALL_SLOTS,
            latitude=round(lat + (n % 5 - 2) * 0.008, 6),
            longitude=round(lng + (n % 4 - 1.5) * 0.009, 6),
        )

    def volunteers(self, federation: Organisation, team: Organisation) -> list[Volunteer]:
        people = []
        for n, (name, skills, in_team) in enumerate(PEOPLE):
            data = self.registration(n, name, skills)
            if n == 0:
                person = self.demo_volunteer(data, federation)
            else:
                phone = f"1990663{n:04d}"
                person = do_register_volunteer_for(
                    federation, data, phone=phone, actor=self.manager
                )
            if in_team:
                self.join(person, team)
            people.append(person)
        return people

    def demo_volunteer(self, data: Registration, federation: Organisation) -> Volunteer:
        """The demo volunteer registered on their own phone, then joined the federation."""
        user = user_by_phone(DEMO_VOLUNTEER_PHONE) or do_create_user(
            actor=None,
            username="zhiyuanzhe",
            name=data.name,
            unit=None,
            roles=[RoleCode.RESIDENT],
            phone=DEMO_VOLUNTEER_PHONE,
        )
        person = do_register_volunteer(user, data, actor=user)
        self.join(person, federation)
        return person

    def join(self, person: Volunteer, organisation: Organisation) -> None:
        membership = do_apply_membership(person, organisation, actor=person.user)
        do_approve_membership(membership, actor=self.manager)

    # -- activities

    def activity(
        self, federation: Organisation, title: str, category: str, day: date, shifts: int
    ) -> tuple[Activity, list[Shift]]:
        lat, lng = CENTRE
        data = ActivityData(
            title=title,
            category=ServiceCategory.objects.get(code=category),
            region_code=self.villages[0],
            starts_at=at(day, 8, 30),
            ends_at=at(day, 17, 0),
            description=f"{title}：由{FEDERATION}组织，欢迎就近报名。",
            address="榕城区榕华街道进东社区",
            latitude=lat + 0.004,
            longitude=lng - 0.003,
        )
        found = do_create_activity(federation, data, actor=self.manager)
        windows = [(at(day, 8, 30), at(day, 11, 30)), (at(day, 14, 30), at(day, 17, 0))]
        posts = [
            do_add_shift(
                found,
                actor=self.manager,
                name=("上午岗", "下午岗")[i],
                starts_at=start,
                ends_at=end,
                capacity=6,
            )
            for i, (start, end) in enumerate(windows[:shifts])
        ]
        do_publish_activity(found, actor=self.manager)
        return found, posts

    def finished_activity(
        self,
        federation: Organisation,
        people: list[Volunteer],
        title: str,
        category: str,
        *,
        days_ago: int,
        shifts: int,
    ) -> None:
        """Signed up ahead, moved back `days_ago` days, attended and confirmed, finished."""
        ahead = self.today + timedelta(days=3)
        found, posts = self.activity(federation, title, category, ahead, shifts)
        signups = [
            do_sign_up(post, person, actor=person.user) for post in posts for person in people[:5]
        ]
        self.move_back(found, timedelta(days=days_ago + 3))
        for signup in signups:
            signup.refresh_from_db()
            start, end = signup.shift.starts_at, signup.shift.ends_at
            do_record_attendance(
                signup,
                actor=self.manager,
                checked_in_at=start - timedelta(minutes=10),  # early: not counted (R38)
                checked_out_at=end - timedelta(minutes=15 * (signup.volunteer_id % 3)),
            )
        found.refresh_from_db()
        do_finish_activity(found, actor=self.manager)

    def move_back(self, found: Activity, by: timedelta) -> None:
        Activity.objects.filter(pk=found.pk).update(
            starts_at=F("starts_at") - by,
            ends_at=F("ends_at") - by,
            published_at=F("published_at") - by,
            created_at=F("created_at") - by,
        )
        Shift.objects.filter(activity=found).update(
            starts_at=F("starts_at") - by, ends_at=F("ends_at") - by
        )
        SignUp.objects.filter(shift__activity=found).update(
            created_at=F("created_at") - by, confirmed_at=F("confirmed_at") - by
        )

    def open_activity(self, federation: Organisation, people: list[Volunteer]) -> None:
        day = next_saturday(self.today)
        _, posts = self.activity(federation, "文明交通劝导", "civilisation", day, 2)
        for person in people[:3]:
            do_sign_up(posts[0], person, actor=person.user)

    def emergency_demand(self, team: Organisation) -> None:
        day = self.today + timedelta(days=1)
        data = DemandData(
            title="榕江北堤防汛巡查",
            region_code=self.villages[0],
            starts_at=at(day, 19),
            ends_at=at(day, 22),
            head_count=3,
            skills=list(Skill.objects.filter(name="应急救援")),
            address="榕城区榕江北堤 2 号闸",
            latitude=CENTRE[0] + 0.006,
            longitude=CENTRE[1] + 0.004,
            organisation=team,
        )
        do_create_demand(data, actor=self.manager)
