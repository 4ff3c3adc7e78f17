"""Benchmark: 接诉即办 intake through HTTP, the staff inbox (shared by appeals and petitions) and
case page with a million cases in one county, and the three rates for a city month — on SQLite
and PostgreSQL.

    .venv/bin/python bench/bench_appeals.py [--cases 1000000] [--requests 2000] [--seconds 20]
                                            [--runs 200] [--clients 4] [--postgres URL]
                                            [--db sqlite,postgres] [--client auto|wrk|python]

Each database is measured in a child process with its own scratch database (a temporary SQLite
file; a `shegong_bench_appeals` PostgreSQL database created and dropped here), because Django
reads its database settings once per process. PostgreSQL is measured when `--postgres` or the
environment variable BENCH_DATABASE_URL gives a server. Figures are printed, never asserted.

What each figure is:
- intake: `gunicorn shegong.wsgi -w 2` (sync workers, as production runs it) against the scratch
  database; `--clients` concurrent connections POST `/api/v1/appeals` (JSON, each with a fresh
  client_token, so none is a retry). Two load generators, one after the other: wrk for
  `--seconds` (Debian's package, which scripts/ensure-wrk.sh installs; without it only the
  second runs), then Python threads with http.client until `--requests` are done or `--seconds`
  have passed. Both share the 2 cores with the server; wrk takes far less of them, so its
  figure is the one set against the raw rate. After each, GET /healthz with the same client:
  the ceiling of HTTP + Django with two trivial queries and no write.
  Beside them, the raw rate of the same database in the same run, measured just before and just
  after the HTTP loads, the faster of the two counting for the goal (`raw_inserts`): single-row
  inserts, each its own committed transaction, from one connection straight through the driver
  (sqlite3 with the project's WAL and synchronous=NORMAL; psycopg in autocommit) into a scratch
  table shaped like a small case (8 columns, a unique number, the region index).
  On PostgreSQL a sampler counts how often a writer waits for the audit chain's advisory lock.
  In-process figures follow: one intake through the action alone and through Django's whole
  request path (no socket), the SQL statements of one request, and its jieba and audit parts.
  Last, the audit chain is verified over every row the run wrote (`shegong audit verify`).
- the million cases are written straight into the tables (executemany on SQLite, COPY on
  PostgreSQL, secondary indexes dropped during the load and rebuilt after it, as a restore
  does) with a realistic spread of states, units, clocks, assignments and timeline rows; no
  audit rows are written for them. One case in twenty (5 %) is a petition (信访, "XF" numbers),
  interleaved in time with the appeals: registered at the county 信访局, routed, accepted,
  answered, a few taken to 复查 and 复核, with its Petition row, its lead unit and one running
  clock while open; about 5 % of them are accusations, some against the bench handler's own
  unit, so that R15 hides them from that handler. PostgreSQL then gets the VACUUM ANALYZE
  autovacuum would run; SQLite gets nothing, as Django never analyzes. Then `inbox_for` is
  called in-process for each box: without `kinds`, as the shared inbox reads both procedures,
  and for comparison with one procedure only (appeals, as before petitions joined; petitions,
  as the 信访 clerk and the leader read them). The case page is requested through Django's test
  Client (in-process: middleware, view, template) for random appeals.
- the three rates: `shegong.appeals.rates.rates_for` for 揭阳市 and last month, by unit and by
  county; the median of three calls.

The machine's load average at the start and the end is printed with the table: other work on
the machine slows every figure.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import platform
import random
import shutil
import socket
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from functools import partial
from pathlib import Path
from typing import Any, NamedTuple, TypedDict

from common import left, on_postgres, on_sqlite, postgres_reachable, right

SCRATCH_DB = "shegong_bench_appeals"
CITY = "445200000000"
COUNTY = "445202000000"  # 榕城区: the million cases
INTAKE_COUNTY = "445203"  # 揭东区: HTTP intake goes here, so 榕城区 keeps exactly --cases
BATCH = 20_000
SPAN_DAYS = 730


class Timing(TypedDict):
    label: str
    p50_ms: float
    p95_ms: float
    detail: str


class Load(TypedDict):
    """One HTTP load run against gunicorn: the intake and, as a ceiling, GET /healthz."""

    client: str  # "wrk" or "python"
    requests: int
    errors: int
    seconds: float
    per_second: float
    healthz_per_second: float
    audit_lock_waits: float | None


class Profile(TypedDict):
    """In-process figures of one intake (`intake_profile`)."""

    in_process_ms: float
    wsgi_ms: float
    statements: int
    jieba_ms: float
    audit_ms: float


class Intake(Profile):
    loads: list[Load]  # the first one is the figure set against the raw rate
    raw_rates: list[float]  # measured just before the HTTP loads and just after them
    raw_per_second: float  # the higher of the two: the goal is not met on a slow moment
    audit_chain: str  # `shegong audit verify` over every row the intakes wrote


class Generated(TypedDict):
    cases: int
    petitions: int  # of the cases
    accusations: int  # of the petitions
    against_handler: int  # accusations against the bench handler's unit, hidden from it (R15)
    clocks: int
    assignments: int
    actions: int
    seconds: float
    analyze_seconds: float


class Rates(TypedDict):
    available: bool
    note: str
    unit_s: float
    region_s: float
    month: str


class Result(TypedDict):
    backend: str
    version: str
    generated: Generated
    intake: Intake
    inbox: list[Timing]
    case_page: list[Timing]
    rates: Rates


def log(message: str) -> None:
    print(f"  [{time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


# -- child: the data ---------------------------------------------------------------------------

# (category code, title, content); the content names a place so that it reads like an appeal.
TEMPLATES = [
    (
        "urban.roads",
        "小区路灯不亮",
        "{place}门口的路灯坏了一个多月，晚上出行很不安全，请尽快维修。",
    ),
    ("urban.roads", "道路井盖破损", "{place}路段有一个井盖破损下沉，电动车经过容易摔倒。"),
    ("urban.roads", "雨后路面积水", "每次下雨{place}附近都严重积水，排水不畅，行人无法通行。"),
    (
        "urban.housing",
        "电梯经常故障",
        "{place}的电梯这个月停了三次，老人上下楼很困难，物业不处理。",
    ),
    ("urban.housing", "楼顶漏水无人管", "{place}顶楼漏水，找物业多次没有解决，希望督促维修。"),
    (
        "urban.construction",
        "工地夜间施工扰民",
        "{place}旁边的工地每天晚上十一点以后还在施工，噪音很大。",
    ),
    ("urban.sanitation", "垃圾清运不及时", "{place}的垃圾桶满了好几天没人清运，气味很大，蚊蝇多。"),
    ("urban.sanitation", "占道经营", "{place}路边有商贩长期占道经营，堵塞交通。"),
    ("urban.illegal_building", "楼顶违章搭建", "{place}有住户在楼顶违章搭建铁皮房，存在安全隐患。"),
    ("env.noise", "广场舞噪音扰民", "{place}广场每天晚上跳广场舞，音响声音太大，影响休息。"),
    ("env.air", "餐馆油烟扰民", "{place}楼下餐馆油烟直排，楼上住户无法开窗。"),
    ("env.water", "河道黑臭", "{place}附近河道发黑发臭，有人往河里排污水。"),
    ("transport.bus", "公交班次太少", "{place}站的公交车要等四十分钟一班，希望增加班次。"),
    ("transport.parking", "小区门口乱停车", "{place}门口经常有车辆乱停，消防通道被堵。"),
    ("education.school", "孩子入学咨询", "我家住在{place}，想咨询孩子上小学需要准备哪些材料。"),
    ("labour.wages", "农民工工资被拖欠", "我在{place}的工地干活，老板拖欠三个月工资不发。"),
    ("labour.insurance", "社保转移咨询", "我从外地来{place}工作，想问社保怎么转移接续。"),
    ("labour.new_employment", "骑手休息点不够", "{place}一带外卖骑手多，没有休息和充电的地方。"),
    ("health.medical", "医院挂号难", "{place}附近的医院挂号排队时间太长，希望增加窗口。"),
    ("market.food", "餐馆卫生差", "{place}的一家小吃店卫生条件很差，吃完后肚子不舒服。"),
    ("market.consumer", "预付卡退费难", "{place}的健身房突然关门，预付卡里的钱退不回来。"),
    ("safety.fire", "楼道电动车充电", "{place}楼道里有人给电动车充电，存在火灾隐患。"),
    ("civil.elderly", "老人助餐点申请", "{place}老人多，希望社区开设长者饭堂。"),
    ("civil.community", "开证明难", "在{place}社区开居住证明要跑好几趟，希望简化。"),
]
PLACES = [
    "进东社区",
    "新兴街",
    "榕华大道",
    "东门市场",
    "北门小区",
    "仙桥路",
    "梅云镇政府旁",
    "渔湖",
]
# Which department leads each category; anything else goes to a township or the district.
DEPARTMENTS = {
    "urban": "榕城区住房和城乡建设局",
    "urban.roads": "榕城区城市管理和综合执法局",
    "urban.sanitation": "榕城区城市管理和综合执法局",
    "urban.illegal_building": "榕城区城市管理和综合执法局",
    "env": "揭阳市生态环境局榕城分局",
    "transport": "榕城区交通运输局",
    "education": "榕城区教育局",
    "labour": "榕城区人力资源和社会保障局",
    "health": "榕城区卫生健康局",
    "market": "榕城区市场监督管理局",
    "safety": "榕城区应急管理局",
    "civil": "榕城区民政局",
}
URGENCY = [
    ("normal", 0.80, 24, 24, 7 * 24),
    ("urgent", 0.12, 2, 2, 24),
    ("complex", 0.06, 24, 24, 15 * 24),
    ("critical", 0.02, 1, 1, 2),
]
SUBTYPES = ["complaint"] * 5 + ["help"] * 2 + ["consult"] * 2 + ["report", "suggest"]
CHANNELS = ["hotline"] * 6 + ["web"] * 2 + ["qr", "grid"]


class Table:
    """Rows of one model, written in batches straight through the driver."""

    def __init__(self, model: Any) -> None:
        from django.db import connection

        fields = list(model._meta.concrete_fields)
        self.name = model._meta.db_table
        self.columns = [f.column for f in fields]
        self.index = {f.attname: i for i, f in enumerate(fields)}
        self.base = [self._default(f, connection) for f in fields]
        self.rows: list[list[Any]] = []
        self.written = 0

    @staticmethod
    def _default(field: Any, connection: Any) -> Any:
        if field.primary_key or field.null:
            return None
        if field.has_default() and not callable(field.default):
            return field.get_db_prep_save(field.get_default(), connection)
        if field.get_internal_type() == "JSONField":
            return field.get_db_prep_save({}, connection)
        return ""

    def add(self, values: dict[str, Any]) -> None:
        row, index = self.base.copy(), self.index
        for key, value in values.items():
            row[index[key]] = value
        self.rows.append(row)
        if len(self.rows) >= BATCH:
            self.flush()

    def flush(self) -> None:
        from django.db import connection

        if not self.rows:
            return
        columns = ", ".join(f'"{c}"' for c in self.columns)
        raw = connection.connection
        if connection.vendor == "sqlite":
            marks = ", ".join("?" for _ in self.columns)
            raw.executemany(f'INSERT INTO "{self.name}" ({columns}) VALUES ({marks})', self.rows)
        else:
            with raw.cursor() as cursor:
                sql = f'COPY "{self.name}" ({columns}) FROM STDIN'
                with cursor.copy(sql) as copy:
                    for row in self.rows:
                        copy.write_row(row)
        self.written += len(self.rows)
        self.rows = []


class World:
    """The units, users and reference rows the generated cases point at."""

    def __init__(self) -> None:
        from shegong.accounts.models import OrgUnit, Role, RoleCode, UnitKind, User
        from shegong.cases.models import Category
        from shegong.regions.models import Region

        def unit(name: str, kind: str, code: str) -> OrgUnit:
            return OrgUnit.objects.create(name=name, kind=kind, region_code=code)

        def user(name: str, org: OrgUnit, role: str) -> User:
            person = User.objects.create_user(username=name, password=uuid.uuid4().hex)
            person.unit, person.name = org, name
            person.save()
            person.roles.set(Role.objects.filter(code=role))
            return person

        self.centre = unit("榕城区委社会工作部", UnitKind.SOCIAL_WORK, COUNTY)
        self.district = unit("榕城区人民政府", UnitKind.DISTRICT_GOVERNMENT, COUNTY)
        names = sorted(set(DEPARTMENTS.values()))
        self.departments = {n: unit(n, UnitKind.GOVERNMENT, COUNTY) for n in names}
        self.department_ids = [d.pk for d in self.departments.values()]
        townships = Region.objects.filter(code__startswith="445202", level=4).order_by("code")
        self.townships = [unit(f"{t.name}办事处", UnitKind.TOWNSHIP, t.code) for t in townships]
        villages = Region.objects.filter(code__startswith="445202", level=5)
        self.villages = list(villages.order_by("code").values_list("code", flat=True))
        self.categories = {c.code: c.pk for c in Category.objects.all()}
        handler_unit = self.departments["榕城区住房和城乡建设局"]
        # 信访: the county office registers and routes, accusations go to the 纪委监委 (R9),
        # 复查 to the district government and 复核 to the city's (one level up, R12, R13).
        self.petition_office = unit("榕城区信访局", UnitKind.PETITION, COUNTY)
        self.discipline = unit("榕城区纪委监委", UnitKind.DISCIPLINE, COUNTY)
        self.city = unit("揭阳市人民政府", UnitKind.GOVERNMENT, CITY)
        self.dispatcher = user("bench_dispatcher", self.centre, RoleCode.DISPATCHER)
        self.handler = user("bench_handler", handler_unit, RoleCode.HANDLER)
        self.supervisor = user("bench_supervisor", self.centre, RoleCode.SUPERVISOR)
        self.leader = user("bench_leader", self.centre, RoleCode.LEADER)
        self.clerk = user("bench_petition_clerk", self.petition_office, RoleCode.PETITION_STAFF)

    def lead_for(self, category: str, village: str, r: float) -> tuple[int, bool]:
        """(unit id, is a township): a township takes a quarter, a department the rest."""
        if r < 0.25:
            prefix = village[:9]
            township = next((t for t in self.townships if t.region_code[:9] == prefix), None)
            if township is not None:
                return township.pk, True
        name = DEPARTMENTS.get(category) or DEPARTMENTS.get(category.split(".")[0])
        return (self.departments[name].pk if name else self.district.pk), False


def status_for(age_days: float, r: float) -> str:
    """A status for a case of this age: recent cases are open, old ones mostly closed."""
    if age_days < 2 / 24:
        return "received" if r < 0.7 else "dispatched"
    if age_days < 1:
        table = [("received", 0.15), ("dispatched", 0.5), ("processing", 0.95), ("objected", 1.0)]
    elif age_days < 7:
        table = [
            ("processing", 0.5),
            ("replied", 0.75),
            ("objected", 0.77),
            ("diverted", 0.8),
            ("closed", 1.0),
        ]
    elif age_days < 30:
        table = [("processing", 0.12), ("replied", 0.22), ("diverted", 0.27), ("closed", 1.0)]
    else:
        table = [
            ("processing", 0.004),
            ("replied", 0.005),
            ("received", 0.0055),
            ("diverted", 0.0555),
            ("merged", 0.0655),
            ("closed", 1.0),
        ]
    return next(status for status, edge in table if r < edge)


class Generator:
    """Writes `n` appeals spread over two years into 榕城区, with clocks, units and timelines."""

    def __init__(self, world: World, n: int) -> None:
        from django.db import connection

        from shegong.cases.models import Action, Assignment, Case, Clock
        from shegong.lib.crypto import lookup_hash, secret_hash
        from shegong.lib.text import tokens_for_search

        # Naive UTC times throughout: SQLite stores them as the text Django writes, PostgreSQL
        # reads them in the connection's time zone, which Django sets to UTC.
        if connection.vendor == "sqlite":
            sqlite3.register_adapter(datetime, str)
            sqlite3.register_adapter(date, str)  # a petition's accepted_on and the like
        self.cases = Table(Case)
        self.clocks = Table(Clock)
        self.assignments = Table(Assignment)
        self.actions = Table(Action)
        self.world, self.n = world, n
        self.random = random.Random(20260101)
        self.now = datetime.now(UTC).replace(tzinfo=None)
        self.start = self.now - timedelta(days=SPAN_DAYS)
        field = Case._meta.get_field("submitter_name")
        self.people = [
            (
                field.get_db_prep_save(f"市民{i}", connection),
                field.get_db_prep_save(f"139{i:08d}", connection),
                lookup_hash(f"139{i:08d}"),
            )
            for i in range(200)
        ]
        self.code_hash = secret_hash("BENCH1")
        self.texts = [
            (cat, title, body, tokens_for_search(f"{title} {body}"))
            for cat, title, content in TEMPLATES
            for body in [content.format(place=place) for place in PLACES[:3]]
        ]
        self.case_id = (Case.objects.order_by("-id").values_list("id", flat=True).first() or 0) + 1
        self.ids = {"clock": 1, "assignment": 1, "action": 1}
        self.per_day: dict[str, int] = {}
        self.pending: list[dict[str, Any]] = []
        self.petitions = PetitionWriter(self)

    def run(self) -> None:
        step = SPAN_DAYS * 86400 / self.n
        for i in range(self.n):
            received = self.start + timedelta(seconds=i * step + self.random.random() * step * 0.9)
            if self.is_petition(self.case_id + i):
                self.petitions.one(self.case_id + i, received)
            else:
                self.one(self.case_id + i, received)
            if i and i % 200_000 == 0:
                log(f"{i:,} 件已生成")
        tables = (self.cases, self.petitions.rows, self.clocks, self.assignments, self.actions)
        for table in tables:
            table.flush()

    def is_petition(self, case_id: int) -> bool:
        return (case_id - self.case_id) % PETITION_EVERY == PETITION_EVERY // 2

    def number(self, at: datetime, prefix: str = "SQ") -> str:
        day = (at + timedelta(hours=8)).strftime("%Y%m%d")
        key = prefix + day
        self.per_day[key] = self.per_day.get(key, 0) + 1
        return f"{key}{self.per_day[key]:06d}"

    def next_id(self, kind: str) -> int:
        self.ids[kind] += 1
        return self.ids[kind] - 1

    def one(self, case_id: int, received: datetime) -> None:
        rnd = self.random.random
        age = (self.now - received).total_seconds() / 86400
        status = status_for(age, rnd())
        category, title, content, tokens = self.texts[int(rnd() * len(self.texts))]
        village = self.world.villages[int(rnd() * len(self.world.villages))]
        urgency, dispatch_h, response_h, feedback_h = self.urgency(rnd())
        name, phone, phone_hash = self.people[int(rnd() * len(self.people))]
        case: dict[str, Any] = {
            "id": case_id,
            "number": self.number(received),
            "code_hash": self.code_hash,
            "kind": "appeal",
            "procedure": "appeals",
            "channel": CHANNELS[int(rnd() * 10)],
            "status": status,
            "subtype": SUBTYPES[int(rnd() * len(SUBTYPES))],
            "urgency": urgency,
            "title": title,
            "content": content,
            "category_id": self.world.categories[category],
            "submitter_name": name,
            "submitter_phone": phone,
            "phone_hash": phone_hash,
            "region_code": village,
            "address": f"榕城区{PLACES[int(rnd() * len(PLACES))]}",
            "received_at": received,
            "created_at": received,
            "updated_at": received,
            "tokens": tokens,
        }
        self.action(case_id, received, "intake", "登记", "", "received")
        dispatch = self.clock(case_id, "dispatch", "派单时限", received, dispatch_h, village)
        if status == "received":
            self.finish(case)
            return
        if status == "diverted":
            at = self.before_now(received + timedelta(hours=rnd() * dispatch_h))
            self.stop(dispatch, at, cancelled=True)
            case.update(closed_at=at, updated_at=at)
            self.action(case_id, at, "triage", "分流告知", "received", "diverted")
            self.finish(case)
            return
        self.handled(case, status, category, village, dispatch, (response_h, feedback_h))

    def urgency(self, r: float) -> tuple[str, int, int, int]:
        edge = 0.0
        for code, share, dispatch_h, response_h, feedback_h in URGENCY:
            edge += share
            if r < edge:
                return code, dispatch_h, response_h, feedback_h
        return URGENCY[0][0], URGENCY[0][2], URGENCY[0][3], URGENCY[0][4]

    def before_now(self, at: datetime) -> datetime:
        return min(at, self.now - timedelta(seconds=1))

    def handled(
        self,
        case: dict[str, Any],
        status: str,
        category: str,
        village: str,
        dispatch: dict[str, Any],
        hours: tuple[int, int],
    ) -> None:
        """Dispatched: lead (and copy or co) units, response and feedback clocks, then on."""
        rnd, case_id = self.random.random, case["id"]
        response_h, feedback_h = hours
        received: datetime = case["received_at"]
        dispatched = self.before_now(received + timedelta(hours=rnd() * 1.1 * dispatch["hours"]))
        self.stop(dispatch, dispatched)
        lead, township = self.world.lead_for(category, village, rnd())
        live = status not in ("closed", "merged")
        self.assign(case_id, lead, "lead", dispatched, village, live, status == "objected")
        if township:
            self.assign(case_id, self.world.district.pk, "copy", dispatched, village, live)
        response = self.clock(
            case_id, "response", "签收响应时限", dispatched, response_h, village, lead
        )
        feedback = self.clock(
            case_id, "feedback", "办理反馈时限", dispatched, feedback_h, village, lead
        )
        if rnd() < 0.08:
            co = self.world.department_ids[int(rnd() * len(self.world.department_ids))]
            if co != lead:
                self.assign(case_id, co, "co", dispatched, village, live)
                report = self.clock(
                    case_id, "co_report", "协办反馈时限", dispatched, feedback_h, village, co
                )
                if status not in ("dispatched", "objected"):
                    self.stop(
                        report, self.before_now(dispatched + timedelta(hours=rnd() * feedback_h))
                    )
        case.update(lead_unit_id=lead, dispatched_at=dispatched, updated_at=dispatched)
        self.action(case_id, dispatched, "dispatch", "派单", "received", "dispatched")
        if status in ("dispatched", "objected"):
            if status == "objected":
                self.action(
                    case_id,
                    self.before_now(dispatched + timedelta(hours=1)),
                    "object",
                    "申请退单",
                    "dispatched",
                    "objected",
                )
            self.finish(case)
            return
        self.accepted(case, status, response, feedback, village)

    def accepted(
        self,
        case: dict[str, Any],
        status: str,
        response: dict[str, Any],
        feedback: dict[str, Any],
        village: str,
    ) -> None:
        rnd, case_id = self.random.random, case["id"]
        responded = self.before_now(
            response["started"] + timedelta(hours=rnd() * 1.08 * response["hours"])
        )
        self.stop(response, responded)
        case.update(responded_at=responded, response_on_time=responded <= response["due"])
        self.action(case_id, responded, "accept", "签收", "dispatched", "processing")
        if status == "processing":
            self.finish(case)
            return
        replied = self.before_now(responded + timedelta(hours=rnd() * 1.1 * feedback["hours"]))
        self.stop(feedback, replied)
        case.update(replied_at=replied, reply="已现场核实并处理，感谢您的监督。")
        self.action(case_id, replied, "reply", "办理答复", "processing", "replied")
        follow_up = self.clock(case_id, "follow_up", "回访时限", replied, 48, village)
        if status == "replied":
            self.finish(case)
            return
        self.concluded(case, status, follow_up)

    def concluded(self, case: dict[str, Any], status: str, follow_up: dict[str, Any]) -> None:
        rnd, case_id = self.random.random, case["id"]
        at = self.before_now(follow_up["started"] + timedelta(hours=rnd() * 40))
        self.stop(follow_up, at)
        r = rnd()
        rating = "satisfied" if r < 0.8 else "partly" if r < 0.92 else "unsatisfied"
        case.update(
            status=status,
            closed_at=at,
            updated_at=at,
            rated_at=at,
            rating=rating,
            resolved=rnd() < 0.9 or rating == "satisfied",
        )
        if status == "merged":
            into = max(case_id - 1 - int(rnd() * 500), self.case_id)
            case.update(merged_into_id=into - 1 if self.is_petition(into) else into)  # an appeal
            self.action(case_id, at, "merge", "合并", "processing", "merged")
        else:
            self.action(case_id, at, "rate", "评价", "replied", "closed")
        self.finish(case)

    def clock(
        self,
        case_id: int,
        name: str,
        label: str,
        start: datetime,
        hours: int,
        region: str,
        unit: int | None = None,
    ) -> dict[str, Any]:
        """A clock row, written with its case by `finish` (so that `stop` can still change it)."""
        due = start + timedelta(hours=hours)
        row = {
            "id": self.next_id("clock"),
            "case_id": case_id,
            "name": name,
            "label": label,
            "unit_id": unit,
            "region_code": region,
            "started_at": start,
            "due_at": due,
        }
        self.pending.append(row)
        return {"row": row, "hours": hours, "started": start, "due": due}

    def stop(self, clock: dict[str, Any], at: datetime, cancelled: bool = False) -> None:
        clock["row"].update(stopped_at=at, cancelled=cancelled)

    def finish(self, case: dict[str, Any]) -> None:
        self.cases.add(case)
        for row in self.pending:
            self.clocks.add(row)
        self.pending = []

    def assign(
        self,
        case_id: int,
        unit: int,
        role: str,
        at: datetime,
        region: str,
        live: bool,
        objected: bool = False,
    ) -> None:
        state = ("objected" if objected else "active") if live else "done"
        self.assignments.add(
            {
                "id": self.next_id("assignment"),
                "case_id": case_id,
                "unit_id": unit,
                "role": role,
                "state": state,
                "region_code": region,
                "assigned_at": at,
            }
        )

    def action(
        self, case_id: int, at: datetime, verb: str, label: str, source: str, target: str
    ) -> None:
        self.actions.add(
            {
                "id": self.next_id("action"),
                "case_id": case_id,
                "at": at,
                "verb": verb,
                "label": label,
                "from_status": source,
                "to_status": target,
                "actor_label": "系统",
            }
        )


# -- child: the petitions ----------------------------------------------------------------------

PETITION_EVERY = 20  # one case in twenty is a petition (5 %), interleaved in time with appeals
ACCUSATION_SHARE, SUGGESTION_SHARE = 0.05, 0.15  # R9; the rest are 申诉求决
AGAINST_HANDLER = 0.3  # of the accusations: against the bench handler's unit (R15 hides them)
# (classification, category code, request, facts, reasons); the facts name a place.
PETITION_TEXTS = [
    (
        "grievance",
        "urban.housing",
        "请求解决回迁房不动产证迟迟未办问题",
        "{place}片区回迁安置已满三年，至今未办理不动产权证",
        "影响子女入学和房屋正常使用",
    ),
    (
        "grievance",
        "urban.housing",
        "请求修复小区地下车库渗漏",
        "{place}地下车库每逢下雨即大面积渗水，多次向物业反映无果",
        "车库渗漏危及车辆和人身安全，开发商应承担保修责任",
    ),
    (
        "grievance",
        "labour.wages",
        "请求督促施工单位支付拖欠工资",
        "本人在{place}的工地务工八个月，施工单位拖欠工资三万余元",
        "劳动报酬应当按时足额支付",
    ),
    (
        "grievance",
        "rural.land",
        "请求足额发放征地补偿款",
        "{place}村集体土地被征收两年，补偿款至今未足额发放",
        "征地补偿应当依法及时足额支付",
    ),
    (
        "grievance",
        "labour.insurance",
        "请求督促用人单位补缴社会保险",
        "本人在{place}一家企业工作五年，单位一直未为本人缴纳社会保险",
        "用人单位应当依法缴纳社会保险费",
    ),
    (
        "grievance",
        "civil.assistance",
        "请求重新审核最低生活保障资格",
        "家住{place}，家中两人重病，申请低保被拒",
        "家庭人均收入低于当地低保标准",
    ),
    (
        "suggestion",
        "transport.bus",
        "建议增设公交线路",
        "{place}新建小区入住上万人，周边没有公交站点",
        "方便群众出行",
    ),
    (
        "suggestion",
        "education.school",
        "建议扩建片区小学",
        "{place}片区学位紧张，孩子只能到较远的学校就读",
        "保障适龄儿童就近入学",
    ),
    (
        "accusation",
        "urban.construction",
        "检举市政工程未经招标直接发包",
        "{place}一处市政工程未经招标直接发包给关联公司",
        "涉嫌违反招标投标法，损害公共利益",
    ),
    (
        "accusation",
        "rural.village_affairs",
        "控告工作人员违规收费",
        "在{place}办理建房审批时被要求缴纳没有依据的费用",
        "工作人员涉嫌乱收费",
    ),
]
PETITION_CHANNELS = ["letter"] * 7 + ["network"] * 6 + ["visit"] * 4 + ["hotline"] * 2 + ["fax"]
ORAL_CHANNELS = ("visit", "hotline")  # R2: recorded word for word
# verb: (label, the status it leads to, the days it may take: the limit of the clock it stops,
# or for a 复查/复核 request the R12/R13 window)
PETITION_STEPS = {
    "forward": ("转送", "forwarded", 15),
    "assign": ("交办", "assigned", 15),
    "decline": ("不予受理", "declined", 15),
    "accept": ("受理", "accepted", 15),
    "conclude": ("出具处理意见", "concluded", 60),
    "request_review": ("复查请求", "reviewing", 30),
    "conclude_review": ("出具复查意见", "reviewed", 30),
    "request_re_review": ("复核请求", "re_reviewing", 30),
    "conclude_re_review": ("出具复核意见", "closed", 30),
}
LATER_STEPS = [
    "accept",
    "conclude",
    "request_review",
    "conclude_review",
    "request_re_review",
    "conclude_re_review",
]
LATER_STATUSES = [PETITION_STEPS[verb][1] for verb in LATER_STEPS]
ROUTES = {"forward": "forwarded", "assign": "assigned"}  # Petition.route
# The clock that runs while a petition is in a status (petitions.actions: R3, R4/R5, R11, R12,
# R13), as (name, label, days). The R5 objection clock is left out: one running clock each.
PETITION_CLOCKS = {
    "registered": ("route", "转送交办时限", 15),
    "forwarded": ("notice", "书面告知时限", 15),
    "assigned": ("notice", "书面告知时限", 15),
    "accepted": ("handling", "办理时限", 60),
    "reviewing": ("review", "复查时限", 30),
    "re_reviewing": ("re_review", "复核时限", 30),
}
PETITION_TERMINAL = frozenset({"concluded", "reviewed", "closed", "declined"})
OUTCOMES = ["support"] * 3 + ["explain"] * 5 + ["reject"] * 2
ADOPTIONS = ["adopted", "partly", "partly", "not_adopted"]
DECLINE_REASONS = ["in_progress", "other_channel", "other_channel", "not_petition"]


def petition_status_for(age_days: float, r: float) -> str:
    """A status for a petition of this age: young ones wait to be routed or are being handled
    (60 days, R11), old ones are almost all answered or declined, a few in 复查 or 复核."""
    if age_days < 1:
        table = [("registered", 0.9), ("forwarded", 0.97), ("assigned", 1.0)]
    elif age_days < 15:
        table = [
            ("registered", 0.3),
            ("forwarded", 0.42),
            ("assigned", 0.47),
            ("accepted", 0.96),
            ("declined", 1.0),
        ]
    elif age_days < 75:
        table = [
            ("registered", 0.02),
            ("forwarded", 0.035),
            ("assigned", 0.04),
            ("accepted", 0.62),
            ("concluded", 0.94),
            ("declined", 1.0),
        ]
    elif age_days < 180:
        table = [
            ("accepted", 0.04),
            ("concluded", 0.8),
            ("reviewing", 0.84),
            ("reviewed", 0.92),
            ("re_reviewing", 0.93),
            ("declined", 1.0),
        ]
    else:
        table = [
            ("accepted", 0.003),
            ("reviewing", 0.005),
            ("re_reviewing", 0.006),
            ("concluded", 0.84),
            ("reviewed", 0.9),
            ("closed", 0.93),
            ("declined", 1.0),
        ]
    return next(status for status, edge in table if r < edge)


def petition_path(status: str, r: float) -> list[str]:
    """The verbs that brought a petition from 已登记 to `status` (petitions.procedure)."""
    if status == "registered":
        return []
    if status == "declined":
        return ["decline"]
    if status in ("forwarded", "assigned"):
        return ["forward" if status == "forwarded" else "assign"]
    route = "forward" if r < 0.8 else "assign"
    return [route, *LATER_STEPS[: LATER_STATUSES.index(status) + 1]]


def local_day(at: datetime) -> date:
    return (at + timedelta(hours=8)).date()  # Asia/Shanghai, from naive UTC


class PetitionText(NamedTuple):
    classification: str
    category: str
    request: str
    facts: str
    reasons: str
    content: str  # the case's content, as registration writes it
    tokens: str


def petition_text(row: tuple[str, str, str, str, str], place: str) -> PetitionText:
    from shegong.lib.text import tokens_for_search

    classification, category, request, facts, reasons = row
    facts = facts.format(place=place)
    content = f"请求：{request}\n事实：{facts}\n理由：{reasons}"
    tokens = tokens_for_search(f"{request} {content}")
    return PetitionText(classification, category, request, facts, reasons, content, tokens)


@dataclass
class PetitionStory:
    """One petition's life so far: each status it reached, when, and the unit that held it."""

    case_id: int
    text: PetitionText
    channel: str
    village: str
    person: int  # index into Generator.people
    path: list[str]  # the verbs, in order
    statuses: list[str]  # 已登记, then the status each verb led to
    times: list[datetime]  # received, then when each verb was done
    holders: list[int]  # the lead unit in each status

    @property
    def status(self) -> str:
        return self.statuses[-1]

    @property
    def is_open(self) -> bool:
        return self.status not in PETITION_TERMINAL

    def at(self, status: str) -> datetime | None:
        """When the petition reached `status`, if it did."""
        return self.times[self.statuses.index(status)] if status in self.statuses else None


class PetitionWriter:
    """The petitions among the generated cases: a Case and a Petition row each, the lead unit of
    every stage (live while open), each status's clock (one running while open, some overdue)
    and the timeline. About 5 % are accusations, some against the bench handler's unit (R15)."""

    def __init__(self, generator: Generator) -> None:
        from django.db import connection

        from shegong.cases.models import Case
        from shegong.petitions.actions.registration import petitioner_key
        from shegong.petitions.models import Petition

        self.g, self.world = generator, generator.world
        self.rows = Table(Petition)
        self.random = random.Random(20260202)
        people = range(len(generator.people))  # the same citizens as the appeals'
        address = Petition._meta.get_field("address")
        self.addresses = [
            address.get_db_prep_save(f"揭阳市榕城区{PLACES[i % len(PLACES)]}{i}号", connection)
            for i in people
        ]
        self.keys = [petitioner_key(f"市民{i}", "", f"139{i:08d}") for i in people]
        data = Case._meta.get_field("data")
        self.data = {
            oral: data.get_db_prep_save({"oral": oral}, connection) for oral in (False, True)
        }
        listed = Petition._meta.get_field("representatives")
        self.no_representatives = listed.get_db_prep_save([], connection)
        self.texts: dict[str, list[PetitionText]] = {}
        for row in PETITION_TEXTS:
            for place in PLACES[:3]:
                text = petition_text(row, place)
                self.texts.setdefault(text.classification, []).append(text)
        self.accusable = generator.world.department_ids + [t.pk for t in self.world.townships]
        self.accusations = self.against_handler = 0

    def one(self, case_id: int, received: datetime) -> None:
        story = self.story(case_id, received)
        self.timeline(story)
        self.g.finish(self.case_row(story))
        self.rows.add(self.petition_row(story))

    def story(self, case_id: int, received: datetime) -> PetitionStory:
        rnd = self.random.random
        age = (self.g.now - received).total_seconds() / 86400
        path = petition_path(petition_status_for(age, rnd()), rnd())
        statuses = ["registered", *(PETITION_STEPS[verb][1] for verb in path)]
        text = self.text(rnd())
        village = self.world.villages[int(rnd() * len(self.world.villages))]
        organ = self.organ(text, village, rnd())
        return PetitionStory(
            case_id=case_id,
            text=text,
            channel=PETITION_CHANNELS[int(rnd() * len(PETITION_CHANNELS))],
            village=village,
            person=int(rnd() * len(self.g.people)),
            path=path,
            statuses=statuses,
            times=[received, *self.step_times(received, path)],
            holders=[self.holder(status, organ) for status in statuses],
        )

    def text(self, r: float) -> PetitionText:
        if r < ACCUSATION_SHARE:
            texts = self.texts["accusation"]
        elif r < ACCUSATION_SHARE + SUGGESTION_SHARE:
            texts = self.texts["suggestion"]
        else:
            texts = self.texts["grievance"]
        return texts[int(self.random.random() * len(texts))]

    def organ(self, text: PetitionText, village: str, r: float) -> int:
        """The organ with the power to handle it; an accusation goes to the 纪委监委 (R9)."""
        if text.classification == "accusation":
            return self.world.discipline.pk
        return self.world.lead_for(text.category, village, r)[0]

    def holder(self, status: str, organ: int) -> int:
        """The lead unit while the petition is in `status`."""
        if status in ("registered", "declined"):
            return self.world.petition_office.pk
        if status in ("reviewing", "reviewed"):
            return self.world.district.pk
        if status in ("re_reviewing", "closed"):
            return self.world.city.pk
        return organ

    def step_times(self, received: datetime, path: list[str]) -> list[datetime]:
        """When each verb was done: each takes up to a little more than its limit, and all are
        squeezed into the petition's age when they would not fit in it (a young case moved fast)."""
        days = [self.random.random() * 1.1 * PETITION_STEPS[verb][2] for verb in path]
        room = (self.g.now - received).total_seconds() / 86400 * 0.97
        scale = min(1.0, room / sum(days)) if sum(days) > 0 else 1.0
        times, at = [], received
        for step in days:
            at += timedelta(days=step * scale)
            times.append(at)
        return times

    def timeline(self, story: PetitionStory) -> None:
        """登记 and every later step, the lead unit of each stage and the clock of each status."""
        g, case_id = self.g, story.case_id
        g.action(case_id, story.times[0], "intake", "登记", "", "registered")
        stages = zip(story.statuses, story.times, story.holders, strict=True)
        for j, (status, at, unit) in enumerate(stages):
            if j:
                verb, previous = story.path[j - 1], story.statuses[j - 1]
                g.action(case_id, at, verb, PETITION_STEPS[verb][0], previous, status)
            if j == 0 or unit != story.holders[j - 1]:
                live = story.is_open and all(later == unit for later in story.holders[j:])
                g.assign(case_id, unit, "lead", at, story.village, live)
            if status in PETITION_CLOCKS:
                name, label, days = PETITION_CLOCKS[status]
                clock = g.clock(case_id, name, label, at, days * 24, story.village, unit)
                if j + 1 < len(story.times):
                    g.stop(clock, story.times[j + 1])

    def case_row(self, story: PetitionStory) -> dict[str, Any]:
        name, phone, phone_hash = self.g.people[story.person]
        received, last = story.times[0], story.times[-1]
        return {
            "id": story.case_id,
            "number": self.g.number(received, "XF"),
            "code_hash": self.g.code_hash,
            "kind": "petition",
            "procedure": "petitions",
            "channel": story.channel,
            "status": story.status,
            "subtype": story.text.classification,
            "title": story.text.request,
            "content": story.text.content,
            "category_id": self.world.categories[story.text.category],
            "submitter_name": name,
            "submitter_phone": phone,
            "phone_hash": phone_hash,
            "region_code": story.village,
            "received_at": received,
            "created_at": received,
            "updated_at": last,
            "closed_at": None if story.is_open else last,
            "lead_unit_id": story.holders[-1],
            "tokens": story.text.tokens,
            "data": self.data[story.channel in ORAL_CHANNELS],
        }

    def petition_row(self, story: PetitionStory) -> dict[str, Any]:
        text, oral = story.text, story.channel in ORAL_CHANNELS
        office = self.world.petition_office.pk
        stage = "first"
        if "reviewing" in story.statuses:
            stage = "re_review" if "re_reviewing" in story.statuses else "review"
        return {
            "case_id": story.case_id,
            "classification": text.classification,
            "address": self.addresses[story.person],
            "petitioner_key": self.keys[story.person],
            "request": text.request,
            "facts": text.facts,
            "reasons": text.reasons,
            "oral": oral,
            "oral_record": text.facts if oral else "",
            "representatives": self.no_representatives,
            "registered_by_unit_id": office,
            "route": ROUTES.get(story.path[0] if story.path else "", "direct"),
            "stage": stage,
            "handling_unit_id": None if story.holders[-1] == office else story.holders[-1],
            **self.answer(story),
            **self.accused(story),
        }

    def answer(self, story: PetitionStory) -> dict[str, Any]:
        """受理日期, the answer to the first handling and the day it reached the petitioner, or
        why the petition was declined."""
        rnd, fields = self.random.random, dict[str, Any]()
        accepted, concluded = story.at("accepted"), story.at("concluded")
        if accepted is not None:
            fields["accepted_on"] = local_day(accepted)
        if concluded is not None:
            fields["reply_received_on"] = local_day(concluded)
            if story.text.classification == "suggestion":
                fields["adoption"] = ADOPTIONS[int(rnd() * len(ADOPTIONS))]
            elif story.text.classification == "grievance":
                fields["outcome"] = OUTCOMES[int(rnd() * len(OUTCOMES))]
        if story.status == "declined":
            fields["decline_reason"] = DECLINE_REASONS[int(rnd() * len(DECLINE_REASONS))]
        return fields

    def accused(self, story: PetitionStory) -> dict[str, Any]:
        """R15: an accusation names the unit it accuses; some name the bench handler's."""
        if story.text.classification != "accusation":
            return {}
        handler_unit = unit = self.world.handler.unit_id
        if self.random.random() >= AGAINST_HANDLER:
            unit = self.accusable[int(self.random.random() * len(self.accusable))]
        self.accusations += 1
        self.against_handler += unit == handler_unit
        return {"accused_unit_id": unit, "accused_name": "某工作人员"}


LOADED = (
    "cases_case",
    "cases_clock",
    "cases_assignment",
    "cases_action",
    "petitions_petition",
)


@contextmanager
def bulk_load() -> Iterator[None]:
    """One transaction without foreign-key checks (the rows are consistent by construction),
    with the secondary indexes dropped during the load and built again after it, as a restore
    does: building an index from sorted rows is far quicker than growing it row by row."""
    from django.db import connection, transaction

    connection.ensure_connection()
    raw = connection.connection
    if connection.vendor == "sqlite":
        raw.execute("PRAGMA foreign_keys=OFF")
        raw.execute("PRAGMA cache_size=-400000")
        try:
            with transaction.atomic(), indexes_rebuilt():
                yield
        finally:
            raw.execute("PRAGMA cache_size=-2000")
            raw.execute("PRAGMA foreign_keys=ON")
        return
    with transaction.atomic():
        with raw.cursor() as cursor:
            cursor.execute("SELECT rolsuper FROM pg_roles WHERE rolname = current_user")
            if cursor.fetchone()[0]:  # otherwise the deferred foreign keys are checked at commit
                cursor.execute("SET LOCAL session_replication_role = replica")
            cursor.execute("SET LOCAL maintenance_work_mem = '256MB'")
        with indexes_rebuilt():
            yield


@contextmanager
def indexes_rebuilt() -> Iterator[None]:
    from django.db import connection

    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            marks = ", ".join("%s" for _ in LOADED)
            cursor.execute(
                "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL"
                f" AND tbl_name IN ({marks})",
                LOADED,
            )
        else:
            cursor.execute(
                "SELECT indexname, indexdef FROM pg_indexes WHERE tablename = ANY(%s)"
                " AND indexname NOT IN (SELECT conname FROM pg_constraint)",
                [list(LOADED)],
            )
        definitions = cursor.fetchall()
        for name, _sql in definitions:
            cursor.execute(f'DROP INDEX "{name}"')
    yield
    started = time.perf_counter()
    with connection.cursor() as cursor:
        for _name, sql in definitions:
            cursor.execute(sql)
    log(f"{len(definitions)} 个索引重建，{time.perf_counter() - started:.0f} 秒")


def generate(world: World, n: int) -> Generated:
    from django.db import connection

    from shegong.cases.models import Action, Assignment, Case, Clock

    started = time.perf_counter()
    generator = Generator(world, n)
    with bulk_load():
        generator.run()
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            for model in (Case, Clock, Assignment, Action):
                cursor.execute(connection.ops.sequence_reset_sql(no_style(), [model])[0])
    seconds = time.perf_counter() - started
    petitions = generator.petitions
    log(
        f"生成完毕：{generator.cases.written:,} 件（信访 {petitions.rows.written:,} 件），"
        f"{seconds:.0f} 秒"
    )
    started = time.perf_counter()
    analyze()
    return Generated(
        cases=generator.cases.written,
        petitions=petitions.rows.written,
        accusations=petitions.accusations,
        against_handler=petitions.against_handler,
        clocks=generator.clocks.written,
        assignments=generator.assignments.written,
        actions=generator.actions.written,
        seconds=seconds,
        analyze_seconds=time.perf_counter() - started,
    )


def no_style() -> Any:
    from django.core.management.color import no_style as style

    return style()


def analyze() -> None:
    """PostgreSQL: what autovacuum does after a load. SQLite: nothing (Django never analyzes)."""
    from django.db import connection

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            for table in LOADED:
                cursor.execute(f"VACUUM ANALYZE {table}")


# -- child: timings ----------------------------------------------------------------------------


def percentiles(label: str, times: list[float], detail: str) -> Timing:
    return Timing(
        label=label,
        p50_ms=statistics.median(times),
        p95_ms=statistics.quantiles(times, n=20)[-1],
        detail=detail,
    )


def timed(runs: int, call: Callable[[int], Any]) -> list[float]:
    for i in range(5):  # warm the caches and the connection first
        call(i)
    times = []
    for i in range(runs):
        started = time.perf_counter()
        call(i)
        times.append((time.perf_counter() - started) * 1000)
    return times


def time_inbox(world: World, runs: int) -> list[Timing]:
    from django.db import connection, reset_queries

    from shegong.cases.inbox import inbox_for

    probes = [
        ("派单员 待派单 dispatch", world.dispatcher, "dispatch", {}),
        ("承办单位 本单位 unit", world.handler, "unit", {}),
        ("督办 超期 overdue", world.supervisor, "overdue", {}),
        ("领导 全部 all", world.leader, "all", {}),
        ("领导 全部 第 3 页", world.leader, "all", {"page": 3}),
        (
            "领导 全部 按分类+紧急",
            world.leader,
            "all",
            {"category": "urban.roads", "urgency": "urgent"},
        ),
        ("领导 全部 办理中+超期", world.leader, "all", {"status": "processing", "overdue": True}),
        # One procedure only: the appeals, as the inbox read them before petitions joined it.
        ("承办单位 本单位 仅接诉即办", world.handler, "unit", {"kinds": ["appeals"]}),
        ("信访干部 本单位 unit", world.clerk, "unit", {}),
        ("信访干部 全部 all", world.clerk, "all", {}),
        ("领导 全部 仅信访", world.leader, "all", {"kinds": ["petitions"]}),
        # Where R15 hides rows: accusations against the handler's unit, in its region.
        ("承办单位 全部 仅信访（R15）", world.handler, "all", {"kinds": ["petitions"]}),
    ]
    results = []
    for label, actor, box, filters in probes:
        actor.role_codes()  # cached on the user, as it is for the rest of a request
        first = inbox_for(actor, box=box, **filters)
        connection.force_debug_cursor = True
        reset_queries()
        inbox_for(actor, box=box, **filters)
        queries = len(connection.queries)
        connection.force_debug_cursor = False
        times = timed(runs, lambda _i, a=actor, b=box, f=filters: inbox_for(a, box=b, **f))
        total = "1000+" if first.total is None else f"{first.total:,}"
        detail = f"{len(first.items)} 行/页，共 {total}，{queries} 次查询"
        results.append(percentiles(label, times, detail))
        log(f"收件箱 {label}: p95 {results[-1]['p95_ms']:.1f} ms")
    return results


def time_case_page(world: World, runs: int) -> list[Timing]:
    from django.test import Client

    from shegong.cases.models import Case

    numbers = sample_numbers(Case.objects.filter(procedure="appeals"), runs + 5)
    client = Client()
    client.force_login(world.dispatcher)
    results = []
    pages = [
        ("工单页 /appeals/<编号>/ (HTML)", "/appeals/{}/"),
        ("工单接口 GET /api/v1/cases/<编号>", "/api/v1/cases/{}"),
    ]
    for label, pattern in pages:
        try:
            status = client.get(pattern.format(numbers[0])).status_code
        except Exception as error:  # another part of the project may be half-built
            results.append(
                Timing(label=label, p50_ms=0, p95_ms=0, detail=f"出错：{type(error).__name__}")
            )
            continue
        if status != 200:
            results.append(
                Timing(label=label, p50_ms=0, p95_ms=0, detail=f"未提供（HTTP {status}）")
            )
            continue
        times = timed(runs, lambda i, p=pattern: client.get(p.format(numbers[i % len(numbers)])))
        results.append(percentiles(label, times, "Django 测试客户端，进程内，随机工单"))
        log(f"{label}: p95 {results[-1]['p95_ms']:.1f} ms")
    return results


def sample_numbers(cases: Any, count: int) -> list[str]:
    rnd = random.Random(7)
    top = cases.order_by("-id").values_list("id", flat=True).first() or 1
    ids = [rnd.randint(1, top) for _ in range(count * 2)]
    numbers = list(cases.filter(id__in=ids).values_list("number", flat=True))
    rnd.shuffle(numbers)
    return numbers[:count]


def time_rates() -> Rates:
    try:
        from shegong.appeals.rates import rates_for  # type: ignore[import-not-found]
    except ImportError:
        return Rates(
            available=False, note="shegong.appeals.rates 尚未提供", unit_s=0, region_s=0, month=""
        )
    today = date.today()
    month = (today.replace(day=1) - timedelta(days=1)).replace(day=1)
    unit_s = best_of(3, lambda: rates_for(month=month, scope_code=CITY, group="unit"))
    region_s = best_of(3, lambda: rates_for(month=month, scope_code=CITY, group="region", level=3))
    log(f"三率 {month:%Y-%m}: 按单位 {unit_s:.2f} s, 按区县 {region_s:.2f} s")
    return Rates(available=True, note="", unit_s=unit_s, region_s=region_s, month=f"{month:%Y-%m}")


def best_of(runs: int, call: Callable[[], Any]) -> float:
    """The median of `runs` timed calls, in seconds."""
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        call()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


# -- child: intake -----------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextmanager
def gunicorn() -> Iterator[int]:
    """The server as production runs it (README), with 2 workers as the issue asks."""
    port = free_port()
    binary = Path(sys.executable).with_name("gunicorn")
    command = [str(binary), "shegong.wsgi", "-w", "2", "-b", f"127.0.0.1:{port}"]
    server = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        wait_for(port, server)
        yield port
    finally:
        server.terminate()
        server.wait(timeout=30)


def wait_for(port: int, server: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError((server.stderr.read() if server.stderr else b"").decode())
        try:
            if request(port, "GET", "/healthz")[0] == 200:
                return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError("gunicorn did not start")


def request(port: int, method: str, path: str, body: bytes | None = None) -> tuple[int, bytes]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        headers = {"Content-Type": "application/json"} if body else {}
        conn.request(method, path, body=body, headers=headers)
        response = conn.getresponse()
        return response.status, response.read()
    finally:
        conn.close()


def appeal_fields(rnd: random.Random, villages: list[str]) -> dict[str, Any]:
    """One appeal as the public API takes it, without its client_token."""
    category, title, content = TEMPLATES[rnd.randrange(len(TEMPLATES))]
    return {
        "type": "complaint",
        "title": title,
        "content": content.format(place=rnd.choice(PLACES)),
        "region_code": rnd.choice(villages),
        "category": category,
        "name": "张三",
        "phone": f"139{rnd.randrange(10**8):08d}",
        "channel": "web",
    }


def appeal_body(rnd: random.Random, villages: list[str]) -> bytes:
    body = {**appeal_fields(rnd, villages), "client_token": uuid.uuid4().hex}
    return json.dumps(body, ensure_ascii=False).encode()


def hammer(
    port: int,
    clients: int,
    count: int,
    seconds: float,
    make: Callable[[random.Random], tuple[str, str, bytes | None]],
    ok: int,
) -> tuple[int, int, float]:
    """`clients` threads send requests until `count` are done or `seconds` pass."""
    lock, done, errors = threading.Lock(), [0], [0]
    deadline = time.monotonic() + seconds

    def work(seed: int) -> None:
        rnd = random.Random(seed)
        while time.monotonic() < deadline:
            with lock:
                if done[0] + errors[0] >= count:
                    return
            method, path, body = make(rnd)
            status, _ = request(port, method, path, body)
            with lock:
                done[0] += status == ok
                errors[0] += status != ok

    threads = [threading.Thread(target=work, args=(i,)) for i in range(clients)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return done[0], errors[0], time.perf_counter() - started


# wrk's script: every request of a run gets its own client_token (run id, thread, counter), so
# that no intake is a retry. wrk runs for its whole duration (a thread that stops early only
# idles), so its figure is what was answered in that time. `done` adds up the threads' counts
# and prints one line for the parent to read.
WRK_SCRIPT = """
local bodies = {%(bodies)s}
local expected = %(ok)d
ok, other, id, threads = 0, 0, 0, {}
local sent, run = 0, ""

function setup(thread)
  thread:set("id", #threads)
  table.insert(threads, thread)
end

function init(args)
  run = args[1]
end

function request()
  sent = sent + 1
  if #bodies == 0 then
    return wrk.format("GET")
  end
  local body = bodies[sent %% #bodies + 1]
  local token = run .. "-" .. id .. "-" .. sent
  local headers = {["Content-Type"] = "application/json"}
  return wrk.format("POST", nil, headers, body[1] .. token .. body[2])
end

function response(status, headers, body)
  if status == expected then ok = ok + 1 else other = other + 1 end
end

function done(summary, latency, requests)
  local good, bad = 0, 0
  for _, thread in ipairs(threads) do
    good, bad = good + thread:get("ok"), bad + thread:get("other")
  end
  local e = summary.errors
  local failed = e.connect + e.read + e.write + e.timeout
  io.write(string.format("RESULT %%d %%d %%d %%.6f\\n", good, bad, failed, summary.duration / 1e6))
end
"""


def wrk_binary() -> str | None:
    """Debian's wrk (scripts/ensure-wrk.sh installs it), or None: the Python client then."""
    script = Path(__file__).resolve().parent.parent / "scripts" / "ensure-wrk.sh"
    if shutil.which("wrk") is None and script.exists():
        subprocess.run(["bash", str(script)], stdout=sys.stderr, check=False)
    return shutil.which("wrk")


def lua_text(text: str) -> str:
    return f"[==[{text}]==]"


def wrk_bodies(villages: list[str], count: int = 200) -> str:
    """`count` varied appeals for the Lua table, each split where its client_token goes."""
    rnd, marker, bodies = random.Random(11), "@@TOKEN@@", []
    for _ in range(count):
        fields = {**appeal_fields(rnd, villages), "client_token": marker}
        body = json.dumps(fields, ensure_ascii=False)
        head, tail = body.split(marker)
        bodies.append(f"{{{lua_text(head)}, {lua_text(tail)}}}")
    return ",\n".join(bodies)


def wrk_run(
    binary: str, port: int, connections: int, seconds: float, path: str, bodies: str
) -> tuple[int, int, float]:
    """(answered as expected, anything else, seconds) of one wrk run of `seconds` on one
    thread (one event loop drives every connection)."""
    ok = 201 if bodies else 200
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
        script.write(WRK_SCRIPT % {"bodies": bodies, "ok": ok})
    command = [binary, "-t1", f"-c{connections}", f"-d{max(int(seconds), 1)}s", "--timeout", "30s"]
    command += ["-s", script.name, f"http://127.0.0.1:{port}{path}", "--", uuid.uuid4().hex[:12]]
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=seconds + 90)
    finally:
        os.unlink(script.name)
    line = next((x for x in done.stdout.splitlines() if x.startswith("RESULT ")), None)
    if line is None:
        raise RuntimeError(f"wrk: {done.stdout}{done.stderr}")
    good, bad, failed, elapsed = line.split()[1:]
    return int(good), int(bad) + int(failed), float(elapsed)


def intake_villages() -> list[str]:
    from shegong.regions.models import Region

    codes = Region.objects.filter(code__startswith=INTAKE_COUNTY, level=5).values_list(
        "code", flat=True
    )
    return list(codes) or [INTAKE_COUNTY + "000000"]


def http_intake(args: argparse.Namespace) -> list[Load]:
    """Intake and GET /healthz through gunicorn with 2 workers: with wrk when it is there (a C
    client leaves the 2 cores to the server), then with the Python client threads."""
    from django.db import connections

    villages = intake_villages()
    binary = wrk_binary() if args.client in ("auto", "wrk") else None
    if args.client == "wrk" and binary is None:
        raise SystemExit("wrk 不可用（scripts/ensure-wrk.sh）")
    connections.close_all()
    loads = []
    with gunicorn() as port:

        def post(rnd: random.Random) -> tuple[str, str, bytes | None]:
            return "POST", "/api/v1/appeals", appeal_body(rnd, villages)

        hammer(port, args.clients, 40, 60, post, 201)  # warm-up: jieba's dictionary per worker
        if binary is not None:
            bodies = wrk_bodies(villages)
            runner = partial(wrk_run, binary, port, args.clients)
            intake = partial(runner, args.seconds, "/api/v1/appeals", bodies)
            health = partial(runner, 10, "/healthz", "")
            loads.append(one_load("wrk", intake, health))
        if args.client in ("auto", "python"):
            intake = partial(hammer, port, args.clients, args.requests, args.seconds, post, 201)
            get = ("GET", "/healthz", None)
            health = partial(hammer, port, args.clients, 1000, 10, lambda _r: get, 200)
            loads.append(one_load("python", intake, health))
    return loads


def one_load(
    client: str,
    intake: Callable[[], tuple[int, int, float]],
    health: Callable[[], tuple[int, int, float]],
) -> Load:
    with audit_lock_sampler() as waiting:
        accepted, errors, seconds = intake()
    healthy, _, health_seconds = health()
    log(f"HTTP 受理（{client}）{accepted / seconds:,.0f} 件/秒（{accepted} 件，{errors} 个错误）")
    return Load(
        client=client,
        requests=accepted,
        errors=errors,
        seconds=seconds,
        per_second=accepted / seconds,
        healthz_per_second=healthy / health_seconds,
        audit_lock_waits=waiting(),
    )


@contextmanager
def audit_lock_sampler() -> Iterator[Callable[[], float | None]]:
    """Every 5 ms, whether some transaction waits for the audit chain's advisory lock
    (`shegong.audit.actions.record` holds it until commit). Yields a reader of the share."""
    url = os.environ.get("DATABASE_URL")
    if not url:
        yield lambda: None
        return
    import psycopg

    samples: list[bool] = []
    stop = threading.Event()
    query = "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND NOT granted"

    def sample() -> None:
        with psycopg.connect(url, autocommit=True) as conn:
            while not stop.wait(0.005):
                row = conn.execute(query).fetchone()
                samples.append(bool(row and row[0]))

    thread = threading.Thread(target=sample)
    thread.start()
    try:
        yield lambda: sum(samples) / len(samples) if samples else None
    finally:
        stop.set()
        thread.join()


RAW_INSERT = (
    "INSERT INTO bench_raw (number, title, content, region_code, status, received_at, tokens,"
    " data) VALUES (%s, %s, %s, %s, %s, %s, %s, %s)"
)


def raw_inserts(count: int, seconds: float) -> float:
    """The denominator of the goal: single-row inserts, each its own committed transaction,
    from one connection straight through the driver, into a scratch table shaped like a small
    case (8 columns, a unique number, the region index), in the same database as the intake.

    SQLite: sqlite3 with the project's journal_mode=WAL and synchronous=NORMAL, BEGIN IMMEDIATE
    … COMMIT per row. PostgreSQL: psycopg in autocommit, so each INSERT commits (and waits for
    its WAL flush) on its own. Nothing is batched, prepared by hand or relaxed.
    """
    from django.conf import settings

    db = settings.DATABASES["default"]
    ddl = (
        "CREATE TABLE bench_raw (id {pk}, number varchar(20) UNIQUE, title varchar(200),"
        " content text, region_code varchar(12), status varchar(32), received_at {ts},"
        " tokens text, data text)"
    )
    row = (
        "SQ",
        "小区路灯不亮",
        "进东社区门口的路灯坏了一个多月，晚上出行很不安全。" * 2,
        "445203001001",
        "received",
        "路灯 不亮 小区",
        "{}",
    )
    if db["ENGINE"].endswith("sqlite3"):
        return _raw_sqlite(db["NAME"], ddl, row, count, seconds)
    return _raw_postgres(ddl, row, count, seconds)


def _raw_sqlite(path: str, ddl: str, row: tuple[str, ...], count: int, seconds: float) -> float:
    conn = sqlite3.connect(path, isolation_level=None, timeout=20)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA synchronous=NORMAL")
    conn.execute(ddl.format(pk="INTEGER PRIMARY KEY AUTOINCREMENT", ts="text"))
    conn.execute("CREATE INDEX bench_raw_region ON bench_raw (region_code, received_at)")
    sql = RAW_INSERT.replace("%s", "?")
    done, started = 0, time.perf_counter()
    deadline = started + seconds
    while done < count and time.perf_counter() < deadline:
        conn.execute("BEGIN IMMEDIATE")
        conn.execute(sql, (f"{row[0]}{done:014d}", *row[1:5], str(datetime.now(UTC)), *row[5:]))
        conn.execute("COMMIT")
        done += 1
    elapsed = time.perf_counter() - started
    conn.execute("DROP TABLE bench_raw")
    conn.close()
    return done / elapsed


def _raw_postgres(ddl: str, row: tuple[str, ...], count: int, seconds: float) -> float:
    import psycopg

    conn = psycopg.connect(os.environ["DATABASE_URL"], autocommit=True)
    conn.execute(ddl.format(pk="bigserial PRIMARY KEY", ts="timestamptz"))
    conn.execute("CREATE INDEX bench_raw_region ON bench_raw (region_code, received_at)")
    sql = RAW_INSERT
    done, started = 0, time.perf_counter()
    deadline = started + seconds
    while done < count and time.perf_counter() < deadline:
        conn.execute(sql, (f"{row[0]}{done:014d}", *row[1:5], datetime.now(UTC), *row[5:]))
        done += 1
    elapsed = time.perf_counter() - started
    conn.execute("DROP TABLE bench_raw")
    conn.close()
    return done / elapsed


def intake_profile(runs: int = 300) -> Profile:
    """In-process cost of one intake, in ms: the action alone, the whole request through
    Django (middleware, routing, validation, JSON; no socket), and its jieba and audit parts;
    and the SQL statements one request sends."""
    from django.db import connection, transaction
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from shegong.appeals.actions import do_submit_appeal
    from shegong.audit.actions import record
    from shegong.cases.actions import IntakeData
    from shegong.lib.text import tokens_for_search

    rnd, villages, client = random.Random(3), intake_villages(), Client()

    def one(_i: int) -> None:
        body = json.loads(appeal_body(rnd, villages))
        data = IntakeData(
            title=body["title"],
            content=body["content"],
            channel="web",
            region_code=body["region_code"],
            subtype="complaint",
            submitter_name=body["name"],
            submitter_phone=body["phone"],
        )
        do_submit_appeal(data, actor=None, client_token=body["client_token"])

    def posted(_i: int) -> None:
        body = appeal_body(rnd, villages)
        client.generic("POST", "/api/v1/appeals", body, content_type="application/json")

    def audited(_i: int) -> None:
        with transaction.atomic():  # as in an action: the lock and the row, not the commit
            started = time.perf_counter()
            record(actor=None, verb="bench.audit")
            audits.append((time.perf_counter() - started) * 1000)

    intake = statistics.median(timed(runs, one))
    wsgi = statistics.median(timed(runs, posted))
    with CaptureQueriesContext(connection) as queries:
        posted(0)
    text = TEMPLATES[0][1] + TEMPLATES[0][2]
    jieba = statistics.median(timed(runs, lambda _i: tokens_for_search(text)))
    audits: list[float] = []
    timed(runs, audited)
    audit = statistics.median(audits)
    log(f"进程内受理 {intake:.2f} ms，经 Django {wsgi:.2f} ms，{len(queries)} 条 SQL")
    return Profile(
        in_process_ms=intake,
        wsgi_ms=wsgi,
        statements=len(queries),
        jieba_ms=jieba,
        audit_ms=audit,
    )


def measure_intake(args: argparse.Namespace) -> Intake:
    """The HTTP loads between two raw-insert runs: other work on the machine comes and goes,
    and the goal is measured against the faster of the two."""
    rows = max(args.requests * 5, 5000)
    before = raw_inserts(rows, 10)
    loads = http_intake(args)
    after = raw_inserts(rows, 10)
    log(f"原始单行插入 {before:,.0f} / {after:,.0f} 行/秒")
    raw = [before, after]
    profile = intake_profile()
    return Intake(
        loads=loads, raw_rates=raw, raw_per_second=max(raw), audit_chain=audit_chain(), **profile
    )


def audit_chain() -> str:
    """The audit chain checked after every intake of the run, as `shegong audit verify` does."""
    from shegong.audit.queries import verify_chain

    result = verify_chain()
    if result.ok:
        return f"✓ 完整（{result.checked:,} 条）"
    return f"✗ 断于 #{result.broken_id}（{result.reason}）"


def measure(args: argparse.Namespace) -> Result:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "shegong.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from shegong.regions.loader import load_regions

    call_command("migrate", verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)  # as a deployment does
    load_regions(codes=["4452"])
    world = World()
    log(f"{args.cases:,} 件生成中……")
    generated = generate(world, args.cases)
    inbox = time_inbox(world, args.runs)
    case_page = time_case_page(world, args.runs)
    rates = time_rates()
    intake = measure_intake(args)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT sqlite_version()" if connection.vendor == "sqlite" else "SHOW server_version"
        )
        version = str(cursor.fetchone()[0]).split()[0]
    return Result(
        backend="SQLite" if connection.vendor == "sqlite" else "PostgreSQL",
        version=version,
        generated=generated,
        intake=intake,
        inbox=inbox,
        case_page=case_page,
        rates=rates,
    )


# -- parent: scratch databases, children, the table --------------------------------------------


def bench_sqlite(args: argparse.Namespace) -> Result:
    print("SQLite：", file=sys.stderr, flush=True)
    result: Result = on_sqlite(__file__, _child_args(args), quiet=False)
    return result


def bench_postgres(url: str, args: argparse.Namespace) -> Result:
    print("PostgreSQL：", file=sys.stderr, flush=True)
    result: Result = on_postgres(url, SCRATCH_DB, __file__, _child_args(args), quiet=False)
    return result


def _child_args(args: argparse.Namespace) -> list[str]:
    names = ("cases", "requests", "seconds", "runs", "clients", "client")
    return [item for name in names for item in (f"--{name}", str(getattr(args, name)))]


def _goal(ok: bool) -> str:
    return "✓" if ok else "✗"


CLIENTS = {"wrk": "wrk", "python": "Python 线程"}


def ratio(r: Result) -> float:
    """The goal's figure: intake per second of the first load over the raw insert rate."""
    raw, loads = r["intake"]["raw_per_second"], r["intake"]["loads"]
    return loads[0]["per_second"] / raw if raw and loads else 0.0


def generated_cell(r: Result) -> str:
    g = r["generated"]
    return " / ".join(f"{g[k] / 1e6:.2f}M" for k in ("cases", "clocks", "assignments", "actions"))


def petitions_cell(r: Result) -> str:
    g = r["generated"]
    return f"{g['petitions']:,} / {g['accusations']:,} / {g['against_handler']:,}"


def duration_cell(r: Result) -> str:
    g = r["generated"]
    return f"{g['seconds']:.0f} s（+{g['analyze_seconds']:.0f} s）"


def load_of(r: Result, index: int) -> Load | None:
    loads = r["intake"]["loads"]
    return loads[index] if index < len(loads) else None


def intake_cell(load: Load | None) -> str:
    if load is None:
        return "—"
    return f"{load['per_second']:,.0f} 件/s（{load['requests']:,} 件，{load['errors']} 错）"


def health_cell(load: Load | None) -> str:
    return "—" if load is None else f"{load['healthz_per_second']:,.0f} 次/s"


def lock_cell(load: Load | None) -> str:
    if load is None:
        return "—"
    share = load["audit_lock_waits"]
    return "—（SQLite 写事务本身独占）" if share is None else f"{share:.0%} 的采样时刻"


def profile_cell(r: Result) -> str:
    i = r["intake"]
    return f"{i['in_process_ms']:.2f} / {i['wsgi_ms']:.2f} ms"


def parts_cell(r: Result) -> str:
    i = r["intake"]
    return f"{i['jieba_ms']:.2f} / {i['audit_ms']:.2f} ms"


def timing_cell(t: Timing, goal_ms: float | None = None) -> str:
    if not t["p50_ms"]:
        return t["detail"]
    mark = "" if goal_ms is None else _goal(t["p95_ms"] <= goal_ms) + " "
    return f"{mark}{t['p50_ms']:.1f} / {t['p95_ms']:.1f}"


def seconds_cell(seconds: float, goal: float) -> str:
    return f"{_goal(seconds <= goal)} {seconds:.2f} s"


class Report:
    """The table: one column per database."""

    def __init__(self, results: list[Result], args: argparse.Namespace) -> None:
        self.results, self.args, self.lines = results, args, list[str]()
        self.first, self.width = 34, 34

    def row(self, label: str, cells: list[str]) -> None:
        self.lines.append(left(label, self.first) + "".join(right(c, self.width) for c in cells))

    def each(self, label: str, cell: Callable[[Result], str]) -> None:
        self.row(label, [cell(r) for r in self.results])

    def rule(self, title: str = "") -> None:
        self.lines.append(title or "-" * (self.first + self.width * len(self.results)))

    def render(self) -> str:
        self.each("", lambda r: f"{r['backend']} {r['version']}")
        self.rule()
        self.generation()
        self.intake()
        self.timings("inbox", "收件箱 inbox_for", 50, "目标 p95 ≤ 50 ms")
        self.timings("case_page", "工单页", None, "Django 测试客户端，进程内")
        self.rates()
        load = " / ".join(f"{x:.1f}" for x in self.args.load)
        title = (
            f"接诉即办基准（{os.cpu_count()} 核，Python {platform.python_version()}，"
            f"开始时与结束时的系统负载 {load}）"
        )
        return "\n".join([title, *self.lines])

    def generation(self) -> None:
        self.rule("数据：榕城区 445202 的工单，直接写表（不含审计行）")
        self.each("  工单 / 期限 / 派发 / 办理记录", generated_cell)
        self.each("  其中信访 / 检举控告 / 控告承办人单位", petitions_cell)
        self.each("  生成耗时（另：统计信息）", duration_cell)

    def intake(self) -> None:
        clients = self.args.clients
        self.rule(
            f"受理：POST /api/v1/appeals，gunicorn 2 个 sync worker，{clients} 个并发连接；"
            "原始插入：驱动直写，单连接，每行一个事务"
        )
        for index, load in enumerate(self.results[0]["intake"]["loads"]):
            name = CLIENTS[load["client"]]
            self.by_load(f"  HTTP 受理（{name}）", index, intake_cell)
            self.by_load(f"  对照：GET /healthz（{name}）", index, health_cell)
        self.each(
            "  原始单行插入，受理前 / 后",
            lambda r: " / ".join(f"{x:,.0f}" for x in r["intake"]["raw_rates"]) + " 行/s",
        )
        loads = self.results[0]["intake"]["loads"]
        name = CLIENTS[loads[0]["client"]] if loads else ""
        self.each(
            f"  受理 / 原始（目标 ≥ 30 %，{name}）",
            lambda r: f"{_goal(ratio(r) >= 0.3)} {ratio(r):.1%}",
        )
        self.each("  进程内一件：动作 / 经 Django", profile_cell)
        self.each("  其中分词 / 审计行", parts_cell)
        self.each("  一件受理的 SQL 语句", lambda r: f"{r['intake']['statements']} 条")
        self.each("  受理后审计链校验", lambda r: r["intake"]["audit_chain"])
        self.by_load("  受理时有写入在等审计链锁", 0, lock_cell)

    def by_load(self, label: str, index: int, cell: Callable[[Load | None], str]) -> None:
        self.row(label, [cell(load_of(r, index)) for r in self.results])

    def timings(self, key: str, title: str, goal_ms: float | None, note: str) -> None:
        self.rule(f"{title}，p50 / p95 毫秒（{self.args.runs} 次，{note}）")
        for index, timing in enumerate(self.results[0][key]):
            cells = [r[key][index] for r in self.results]
            self.row(f"  {timing['label']}", [timing_cell(c, goal_ms) for c in cells])
            if goal_ms is not None:
                self.row("", [c["detail"] for c in cells])

    def rates(self) -> None:
        self.rule("三率：揭阳市 445200 上月（目标 ≤ 1 s，三次取中位数）")
        if not all(r["rates"]["available"] for r in self.results):
            self.each("  rates_for", lambda r: r["rates"]["note"] or "—")
            return
        self.each("  按单位 group=unit", lambda r: seconds_cell(r["rates"]["unit_s"], 1))
        self.each(
            "  按区县 group=region level=3", lambda r: seconds_cell(r["rates"]["region_s"], 1)
        )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--postgres", default=os.environ.get("BENCH_DATABASE_URL", ""), metavar="URL"
    )
    parser.add_argument("--db", default="sqlite,postgres", help="which databases, comma-separated")
    parser.add_argument("--cases", type=int, default=1_000_000)
    parser.add_argument("--requests", type=int, default=2000)
    parser.add_argument("--seconds", type=float, default=20)
    parser.add_argument("--runs", type=int, default=200)
    parser.add_argument("--clients", type=int, default=4, help="concurrent HTTP connections")
    parser.add_argument(
        "--client",
        choices=["auto", "wrk", "python"],
        default="auto",
        help="HTTP load generator: auto = wrk (installed if missing) and then the Python threads",
    )
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        print(json.dumps(measure(args), default=str))
        return 0
    args.load = [os.getloadavg()[0]]  # other work on the machine skews every figure
    wanted = set(args.db.split(","))
    results = [bench_sqlite(args)] if "sqlite" in wanted else []
    if "postgres" in wanted and args.postgres and postgres_reachable(args.postgres):
        results.append(bench_postgres(args.postgres, args))
    args.load.append(os.getloadavg()[0])
    if results:
        print(Report(results, args).render())
    return 0


if __name__ == "__main__":
    sys.exit(main())
