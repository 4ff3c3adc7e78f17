"""Import of volunteers and their service records from an xlsx workbook, all or nothing.

The workbook has a sheet "志愿者" (volunteers) and/or a sheet "服务记录" (service records):

    志愿者:   姓名*, 证件号码*, 手机号*, 所在区划代码*, 已签署同意书* (是/否),
              证件类型 (默认居民身份证), 技能 (用“、”分隔), 可服务时段 (如“工作日上午、周末下午”)
    服务记录: 志愿者编号 或 证件号码*, 服务日期*, 服务内容*, 服务时长（小时）*

Every row of both sheets is checked first; if any fails, nothing is written and the report lists
each problem by sheet and row in Chinese. Otherwise everything is written in one transaction: new
volunteers (R39: ID check digit, consent on paper recorded with the text version), existing ones
as members of the organisation, and the service records as confirmed by the importing
organisation (R36, R38), their hours added to each volunteer's total.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import IO, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from shegong.accounts.actions import normalize_phone
from shegong.accounts.models import User
from shegong.audit.actions import record
from shegong.lib import regioncodes
from shegong.lib.crypto import lookup_hash
from shegong.volunteers.actions.common import require_manager
from shegong.volunteers.actions.registration import (
    Provenance,
    Registration,
    audit_registration,
    check_id_number,
    create_volunteer,
    join_approved,
    user_for_phone,
)
from shegong.volunteers.models import (
    SLOT_LABELS,
    IdType,
    Membership,
    MembershipStatus,
    Organisation,
    RecordSource,
    RecordStatus,
    ServiceRecord,
    Skill,
    Volunteer,
)

VOLUNTEER_SHEET = "志愿者"
RECORD_SHEET = "服务记录"
VOLUNTEER_COLUMNS = {
    "name": "姓名",
    "id_number": "证件号码",
    "phone": "手机号",
    "region_code": "所在区划代码",
    "consent": "已签署同意书",
}
VOLUNTEER_OPTIONAL = {"id_type": "证件类型", "skills": "技能", "availability": "可服务时段"}
RECORD_COLUMNS = {"date": "服务日期", "content": "服务内容", "hours": "服务时长（小时）"}
RECORD_KEYS = {"number": "志愿者编号", "id_number": "证件号码"}
MAX_HOURS_PER_ROW = Decimal(24)
LOOKUP_CHUNK = 500
YES = frozenset({"是", "已签署", "同意", "y", "yes", "1", "true"})
_SPLIT = re.compile(r"[、,，;；/\s]+")
_DATE_FORMATS = ("%Y-%m-%d", "%Y/%m/%d", "%Y.%m.%d", "%Y年%m月%d日", "%Y%m%d")


@dataclass(frozen=True)
class RowError:
    """One problem with one row (row 1 is the header; row 0 is the workbook itself)."""

    sheet: str
    row: int
    message: str

    def __str__(self) -> str:
        if self.row == 0:
            return self.message
        return f"“{self.sheet}”第 {self.row} 行：{self.message}"


@dataclass
class ImportReport:
    """The outcome: everything written, or nothing and the errors."""

    created: int = 0
    joined: int = 0
    records: int = 0
    hours: Decimal = Decimal("0")
    errors: list[RowError] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors

    def error(self, sheet: str, row: int, message: str) -> None:
        self.errors.append(RowError(sheet, row, message))

    def summary(self) -> str:
        if self.ok:
            return (
                f"导入完成：新登记志愿者 {self.created} 人，已有志愿者加入本组织 {self.joined} 人，"
                f"服务记录 {self.records} 条，共 {self.hours} 小时。"
            )
        head = f"发现 {len(self.errors)} 处错误，未导入任何数据："
        return "\n".join([head, *(str(e) for e in self.errors)])


@dataclass
class VolunteerRow:
    row: int
    data: Registration
    phone: str
    id_hash: str
    existing: Volunteer | None = None


@dataclass(frozen=True)
class RecordRow:
    row: int
    key: str  # the volunteer's id_hash or number, as `key_kind` says
    key_kind: str
    service_date: date
    content: str
    hours: Decimal


# ---------------------------------------------------------------- reading the workbook


def _cells(sheet: Any) -> Iterator[tuple[int, dict[str, Any]]]:
    """(row number, {header: value}) for every non-empty row under the header."""
    lines = sheet.iter_rows(values_only=True)
    header = [str(c).strip() if c is not None else "" for c in next(lines, ())]
    for number, values in enumerate(lines, start=2):
        if all(v is None or str(v).strip() == "" for v in values):
            continue
        yield number, dict(zip(header, values, strict=False))


def _headers(sheet: Any) -> list[str]:
    first = next(sheet.iter_rows(values_only=True, max_row=1), ())
    return [str(c).strip() if c is not None else "" for c in first]


def _text(value: Any) -> str:
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return "" if value is None else str(value).strip()


def _missing_columns(sheet: Any, required: list[str], report: ImportReport, name: str) -> bool:
    missing = [title for title in required if title not in _headers(sheet)]
    if missing:
        report.error(name, 1, "缺少列：" + "、".join(missing))
    return bool(missing)


# ---------------------------------------------------------------- the volunteers sheet


class _Catalogue:
    """Skills and availability slots by their Chinese names."""

    def __init__(self) -> None:
        self.skills = {s.name: s for s in Skill.objects.filter(is_active=True)}
        self.slots = {label: int(slot) for slot, label in SLOT_LABELS.items()}
        self.id_types = {str(label): value for value, label in IdType.choices}


def _names(value: Any) -> list[str]:
    return [part for part in _SPLIT.split(_text(value)) if part]


def _parse_volunteer(
    number: int, cells: dict[str, Any], catalogue: _Catalogue, errors: list[str]
) -> VolunteerRow | None:
    id_type = catalogue.id_types.get(_text(cells.get("证件类型")) or "居民身份证")
    if id_type is None:
        errors.append("证件类型应为：" + "、".join(catalogue.id_types))
        return None
    raw_id = cells.get("证件号码")
    if isinstance(raw_id, int | float):
        errors.append("证件号码请以文本格式填写（数字格式会丢失末几位）")
        return None
    try:
        checked = check_id_number(id_type, _text(raw_id))
    except ValidationError as exc:
        errors.extend(exc.messages)
        return None
    skills = [catalogue.skills.get(name) for name in _names(cells.get("技能"))]
    unknown = [n for n, s in zip(_names(cells.get("技能")), skills, strict=True) if s is None]
    if unknown:
        errors.append("未知技能：" + "、".join(unknown))
    availability = 0
    for label in _names(cells.get("可服务时段")):
        if label not in catalogue.slots:
            errors.append(f"未知服务时段“{label}”")
        availability |= catalogue.slots.get(label, 0)
    name = _text(cells.get("姓名"))
    if not name or len(name) > 50:
        errors.append("请填写姓名（不超过50字）")
    phone = _phone(cells.get("手机号"), errors)
    region = _region(cells.get("所在区划代码"), errors)
    if _text(cells.get("已签署同意书")).lower() not in YES:
        errors.append("未签署《志愿者个人信息使用告知书》的人员不能导入")
    if errors:
        return None
    data = Registration(
        name=name,
        id_number=checked.number,
        region_code=region,
        consent=True,
        id_type=id_type,
        skills=[s for s in skills if s is not None],
        availability=availability,
    )
    return VolunteerRow(number, data, phone, lookup_hash(checked.number))


def _phone(value: Any, errors: list[str]) -> str:
    try:
        return normalize_phone(_text(value))
    except ValidationError:
        errors.append(f"手机号“{_text(value)}”不是11位手机号码")
        return ""


def _region(value: Any, errors: list[str]) -> str:
    try:
        return regioncodes.normalize(_text(value))
    except regioncodes.InvalidRegionCodeError:
        errors.append(f"区划代码“{_text(value)}”格式不正确")
        return ""


def _read_volunteers(sheet: Any, report: ImportReport) -> list[VolunteerRow]:
    if _missing_columns(sheet, list(VOLUNTEER_COLUMNS.values()), report, VOLUNTEER_SHEET):
        return []
    catalogue = _Catalogue()
    rows: list[VolunteerRow] = []
    first_id: dict[str, int] = {}
    first_phone: dict[str, int] = {}
    for number, cells in _cells(sheet):
        errors: list[str] = []
        parsed = _parse_volunteer(number, cells, catalogue, errors)
        if parsed is not None:
            _note_duplicate(first_id, parsed.id_hash, number, "证件号码", errors)
            _note_duplicate(first_phone, parsed.phone, number, "手机号", errors)
        for message in errors:
            report.error(VOLUNTEER_SHEET, number, message)
        if parsed is not None and not errors:
            rows.append(parsed)
    return rows


def _note_duplicate(
    seen: dict[str, int], key: str, number: int, label: str, errors: list[str]
) -> None:
    if key in seen:
        errors.append(f"{label}与第 {seen[key]} 行重复")
    else:
        seen[key] = number


def _chunks(values: list[str]) -> Iterator[list[str]]:
    for start in range(0, len(values), LOOKUP_CHUNK):
        yield values[start : start + LOOKUP_CHUNK]


def _check_against_database(rows: list[VolunteerRow], report: ImportReport) -> None:
    """Existing volunteers join instead of registering twice; a phone bound to someone else's
    volunteer record is an error."""
    existing: dict[str, Volunteer] = {}
    for chunk in _chunks([r.id_hash for r in rows]):
        existing.update({v.id_hash: v for v in Volunteer.objects.filter(id_hash__in=chunk)})
    owners: dict[str, str] = {}
    for chunk in _chunks([lookup_hash(r.phone) for r in rows]):
        found = Volunteer.objects.filter(user__phone_hash__in=chunk)
        owners.update({str(v.user.phone_hash): v.id_hash for v in found.select_related("user")})
    for row in rows:
        row.existing = existing.get(row.id_hash)
        if row.existing is not None and row.existing.name != row.data.name:
            report.error(VOLUNTEER_SHEET, row.row, "姓名与该证件号码已登记的志愿者不一致")
        owner = owners.get(lookup_hash(row.phone))
        if owner is not None and owner != row.id_hash:
            report.error(VOLUNTEER_SHEET, row.row, "该手机号已绑定其他志愿者")


# ---------------------------------------------------------------- the service records sheet


def _parse_date(value: Any) -> date | None:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    for pattern in _DATE_FORMATS:
        try:
            return datetime.strptime(_text(value), pattern).date()
        except ValueError:
            continue
    return None


def _parse_hours(value: Any) -> Decimal | None:
    try:
        hours = Decimal(_text(value)).quantize(Decimal("0.01"))
    except InvalidOperation:
        return None
    return hours if Decimal(0) < hours <= MAX_HOURS_PER_ROW else None


def _parse_record(number: int, cells: dict[str, Any], errors: list[str]) -> RecordRow | None:
    volunteer_number = _text(cells.get("志愿者编号"))
    id_text = _text(cells.get("证件号码")).upper()
    if not volunteer_number and not id_text:
        errors.append("请填写志愿者编号或证件号码")
    service_date = _parse_date(cells.get("服务日期"))
    if service_date is None:
        errors.append(f"服务日期“{_text(cells.get('服务日期'))}”无法识别，请写成 2026-03-01")
    elif service_date > timezone.localdate():
        errors.append("服务日期不能晚于今天")
    content = _text(cells.get("服务内容"))
    if not content or len(content) > 200:
        errors.append("请填写服务内容（不超过200字）")
    hours = _parse_hours(cells.get("服务时长（小时）"))
    if hours is None:
        errors.append("服务时长应为大于 0、不超过 24 的小时数")
    if errors or service_date is None or hours is None:
        return None
    if volunteer_number:
        return RecordRow(number, volunteer_number, "number", service_date, content, hours)
    return RecordRow(number, lookup_hash(id_text), "id_hash", service_date, content, hours)


def _read_records(sheet: Any, report: ImportReport) -> list[RecordRow]:
    headers = _headers(sheet)
    if not any(title in headers for title in RECORD_KEYS.values()):
        report.error(RECORD_SHEET, 1, "缺少列：志愿者编号 或 证件号码")
        return []
    if _missing_columns(sheet, list(RECORD_COLUMNS.values()), report, RECORD_SHEET):
        return []
    rows: list[RecordRow] = []
    seen: dict[tuple[str, date, str], int] = {}
    for number, cells in _cells(sheet):
        errors: list[str] = []
        parsed = _parse_record(number, cells, errors)
        if parsed is not None:
            key = (parsed.key, parsed.service_date, parsed.content)
            if key in seen:
                errors.append(f"与第 {seen[key]} 行重复（同一志愿者、同一日期、同一内容）")
            seen.setdefault(key, number)
        for message in errors:
            report.error(RECORD_SHEET, number, message)
        if parsed is not None and not errors:
            rows.append(parsed)
    return rows


@dataclass
class _Owners:
    """Who each record belongs to: a volunteer of the file (by id_hash) or an existing one."""

    in_file: dict[str, VolunteerRow]
    by_hash: dict[str, Volunteer]
    by_number: dict[str, Volunteer]
    members: set[int]


def _owners(
    records: list[RecordRow], volunteers: list[VolunteerRow], organisation: Organisation
) -> _Owners:
    hashes = [r.key for r in records if r.key_kind == "id_hash"]
    numbers = [r.key for r in records if r.key_kind == "number"]
    by_hash: dict[str, Volunteer] = {}
    by_number: dict[str, Volunteer] = {}
    for chunk in _chunks(hashes):
        by_hash.update({v.id_hash: v for v in Volunteer.objects.filter(id_hash__in=chunk)})
    for chunk in _chunks(numbers):
        by_number.update({v.number: v for v in Volunteer.objects.filter(number__in=chunk)})
    members = set(
        Membership.objects.filter(
            organisation=organisation, status=MembershipStatus.APPROVED
        ).values_list("volunteer_id", flat=True)
    )
    return _Owners({v.id_hash: v for v in volunteers}, by_hash, by_number, members)


def _check_owners(records: list[RecordRow], owners: _Owners, report: ImportReport) -> None:
    for row in records:
        if row.key_kind == "id_hash" and row.key in owners.in_file:
            continue
        volunteer = (owners.by_hash if row.key_kind == "id_hash" else owners.by_number).get(row.key)
        if volunteer is None:
            report.error(RECORD_SHEET, row.row, "找不到该志愿者（请先在“志愿者”表中登记）")
        elif volunteer.pk not in owners.members and volunteer.id_hash not in owners.in_file:
            report.error(RECORD_SHEET, row.row, "该志愿者不是本组织成员")


# ---------------------------------------------------------------- the action


def do_import_volunteers(
    path_or_file: str | Path | IO[bytes], *, organisation: Organisation, actor: User | None
) -> ImportReport:
    """Validate every row of the workbook, then write all of it in one transaction or nothing.

    Permission: a manager of `organisation` (or the system, from the `shegong` command).
    Side effects: one audit row per new volunteer (masked ID only) and one for the import.
    """
    require_manager(actor, organisation)
    report = ImportReport()
    volunteers, records = _read_workbook(path_or_file, report)
    _check_against_database(volunteers, report)
    owners = _owners(records, volunteers, organisation)
    _check_owners(records, owners, report)
    if report.errors:
        report.errors.sort(key=lambda e: (e.sheet != VOLUNTEER_SHEET, e.row))
        return report
    _write(volunteers, records, owners, organisation, actor, report)
    return report


def _read_workbook(
    path_or_file: str | Path | IO[bytes], report: ImportReport
) -> tuple[list[VolunteerRow], list[RecordRow]]:
    # Imported here: openpyxl is only needed by imports, and it is slow to import.
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(path_or_file, read_only=True, data_only=True)
    except Exception:  # openpyxl raises many types (zipfile, KeyError, InvalidFileException…)
        report.error("", 0, "无法读取文件，请上传 xlsx 格式的表格")
        return [], []
    try:
        names = workbook.sheetnames
        if VOLUNTEER_SHEET not in names and RECORD_SHEET not in names:
            report.error("", 0, "表格中应有名为“志愿者”或“服务记录”的工作表")
            return [], []
        volunteers = (
            _read_volunteers(workbook[VOLUNTEER_SHEET], report) if VOLUNTEER_SHEET in names else []
        )
        records = _read_records(workbook[RECORD_SHEET], report) if RECORD_SHEET in names else []
        return volunteers, records
    finally:
        workbook.close()


@transaction.atomic
def _write(
    volunteers: list[VolunteerRow],
    records: list[RecordRow],
    owners: _Owners,
    organisation: Organisation,
    actor: User | None,
    report: ImportReport,
) -> None:
    written = {
        row.id_hash: _write_volunteer(row, organisation, actor, report) for row in volunteers
    }
    hours: dict[int, Decimal] = defaultdict(Decimal)
    now = timezone.now()
    batch = []
    for row in records:
        volunteer = _owner(row, written, owners)
        batch.append(_record(row, volunteer, organisation, actor, now))
        hours[volunteer.pk] += row.hours
    ServiceRecord.objects.bulk_create(batch, batch_size=LOOKUP_CHUNK)
    for volunteer_id, total in hours.items():
        Volunteer.objects.filter(pk=volunteer_id).update(
            confirmed_hours=F("confirmed_hours") + total
        )
    report.records, report.hours = len(batch), sum(hours.values(), Decimal("0"))
    payload = {"created": report.created, "joined": report.joined, "records": report.records}
    record(actor=actor, verb="volunteers.import", obj=organisation, payload=payload)


def _owner(row: RecordRow, written: dict[str, Volunteer], owners: _Owners) -> Volunteer:
    if row.key_kind == "number":
        return owners.by_number[row.key]
    return written.get(row.key) or owners.by_hash[row.key]


def _write_volunteer(
    row: VolunteerRow, organisation: Organisation, actor: User | None, report: ImportReport
) -> Volunteer:
    if row.existing is not None:
        join_approved(row.existing, organisation, actor)
        report.joined += 1
        return row.existing
    user = user_for_phone(row.phone, row.data.name, actor)
    checked = check_id_number(row.data.id_type, row.data.id_number)
    volunteer = create_volunteer(user, row.data, checked, Provenance(actor, organisation))
    join_approved(volunteer, organisation, actor)
    audit_registration(actor, volunteer, organisation)
    report.created += 1
    return volunteer


def _record(
    row: RecordRow,
    volunteer: Volunteer,
    organisation: Organisation,
    actor: User | None,
    now: datetime,
) -> ServiceRecord:
    return ServiceRecord(
        volunteer=volunteer,
        organisation=organisation,
        region_code=organisation.region_code,
        content=row.content,
        service_date=row.service_date,
        hours=row.hours,
        status=RecordStatus.CONFIRMED,
        source=RecordSource.IMPORT,
        recorded_by=actor,
        confirmed_by=actor,
        confirmed_at=now,
    )
