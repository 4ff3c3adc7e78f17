"""The case engine's state changes: intake, transitions, clocks, attachments, notices.

Procedures call these inside their own `do_*` actions. Every transition locks the case row,
checks the procedure's declaration, bumps `version`, appends an Action and writes an audit row.
"""

from __future__ import annotations

import fcntl
import hashlib
import hmac
import secrets
import threading
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import IO, Any, Literal

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.db.backends.sqlite3.base import DatabaseWrapper as SQLiteWrapper
from django.utils import timezone

from shegong.accounts.models import OrgUnit, User
from shegong.audit.actions import actor_label, record
from shegong.cases.models import (
    Action,
    Assignment,
    AssignmentState,
    Attachment,
    Case,
    Category,
    Channel,
    Clock,
    Notice,
)
from shegong.cases.procedure import SUBMITTER, Procedure, Transition, get_procedure
from shegong.lib import regioncodes
from shegong.lib.crypto import lookup_hash, secret_hash
from shegong.lib.sms import send_sms
from shegong.lib.text import tokens_for_search
from shegong.workdays.queries import deadline

NUMBER_PREFIX = {"appeal": "SQ", "petition": "XF", "suggestion": "JY"}
CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: read aloud on the phone
NUMBER_ATTEMPTS = 5
SUBMITTER_LABEL = "诉求人"
MAX_ATTACHMENTS = 9
MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024
FILE_SIGNATURES: list[tuple[bytes, int, str]] = [
    (b"\xff\xd8\xff", 0, "image/jpeg"),
    (b"\x89PNG\r\n\x1a\n", 0, "image/png"),
    (b"WEBP", 8, "image/webp"),
    (b"%PDF-", 0, "application/pdf"),
]
DurationUnit = Literal["hours", "days", "workdays"]
# What get_channel_display() gives, without rebuilding the choices on every intake.
CHANNEL_LABELS = dict(Channel.choices)


class CaseConflictError(Exception):
    """The procedure does not allow this action in the case's current state (HTTP 409)."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class IntakeResult:
    case: Case
    code: str
    created: bool


@dataclass
class IntakeData:
    """What a channel hands to intake; procedure-specific fields go in `data`."""

    title: str
    content: str
    region_code: str
    channel: str
    subtype: str = ""
    urgency: str = ""
    category: Category | None = None
    submitter: User | None = None
    submitter_name: str = ""
    submitter_phone: str = ""
    hide_identity: bool = False
    address: str = ""
    latitude: float | None = None
    longitude: float | None = None
    received_at: datetime | None = None
    data: dict[str, Any] | None = None


def tracking_code(client_token: str | None) -> str:
    """A 6-character code; derived from the client token so that a retry gets the same one."""
    if client_token:
        digest = hmac.new(secret_hash("case-code").encode(), client_token.encode(), hashlib.sha256)
        raw = digest.digest()
        return "".join(CODE_ALPHABET[b % len(CODE_ALPHABET)] for b in raw[:6])
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(6))


def new_number(kind: str, at: datetime) -> str:
    day = timezone.localtime(at).strftime("%Y%m%d")
    return f"{NUMBER_PREFIX.get(kind, 'GD')}{day}{secrets.randbelow(10**6):06d}"


def check_intake(data: IntakeData) -> None:
    errors: dict[str, str] = {}
    if not data.title.strip():
        errors["title"] = "请填写标题"
    if len(data.content.strip()) < 5:
        errors["content"] = "请把情况说清楚（至少 5 个字）"
    try:
        regioncodes.normalize(data.region_code)
    except regioncodes.InvalidRegionCodeError:
        errors["region_code"] = "请选择所在区域"
    if data.latitude is not None and not -90 <= data.latitude <= 90:
        errors["latitude"] = "纬度无效"
    if data.longitude is not None and not -180 <= data.longitude <= 180:
        errors["longitude"] = "经度无效"
    if errors:
        raise ValidationError(errors)


def do_intake(
    procedure: Procedure,
    data: IntakeData,
    *,
    actor: User | None,
    client_token: str | None = None,
    files: Sequence[UploadedFile[bytes]] = (),
    then: Callable[[Case], object] | None = None,
) -> IntakeResult:
    """Register a case. A retry with the same `client_token` returns the first case unchanged.

    `then(case)` runs inside the intake's transaction, after the case and its first timeline
    step are written and before the audit row: a procedure's own first rows (a clock) commit or
    roll back with the case, and a retry, which writes nothing, does not run it.

    The insert comes first and the token is looked up only when it conflicts: requests racing
    with one token also end with one case, since the unique token makes every insert but the
    first fail and the losers answer with the winner's case. A retry whose data would now be
    refused still gets its case. A random number that is already taken is drawn again. Everything
    that needs no row is worked out before the transaction opens, so the write lock (SQLite) and
    the audit chain's lock (PostgreSQL) are held only while the rows and attachments are written.
    """
    try:
        check_intake(data)
        check_files(files)
    except ValidationError:
        existing = _by_token(client_token)
        if existing is None:
            raise
        return IntakeResult(existing, tracking_code(client_token), created=False)
    code = tracking_code(client_token)
    case = _new_case(procedure, data, client_token=client_token, code=code)
    for _attempt in range(NUMBER_ATTEMPTS):
        result = _try_insert(case, actor, code, files, then)
        if result is not None:
            return result
    raise IntegrityError("无法生成不重复的工单编号")


def _try_insert(
    case: Case,
    actor: User | None,
    code: str,
    files: Sequence[UploadedFile[bytes]],
    then: Callable[[Case], object] | None,
) -> IntakeResult | None:
    """One insert under a fresh number; None when that number was taken, to draw again."""
    case.number = new_number(case.kind, case.created_at)
    try:
        with _writer_turn(), transaction.atomic():
            _insert_case(case, actor)
            attach_files(case, files)
            if then is not None:
                then(case)
            record(
                actor=actor,
                verb=f"{case.procedure}.intake",
                obj=case,
                payload={"number": case.number},
            )
    except IntegrityError:
        case.pk = None
        existing = _by_token(case.client_token)
        if existing is not None:  # a request with the same token was first
            return IntakeResult(existing, code, created=False)
        if Case.objects.filter(number=case.number).exists():
            return None
        raise
    return IntakeResult(case, code, created=True)


class _LockFiles(threading.local):
    files: dict[str, IO[str]]

    def __init__(self) -> None:
        self.files = {}


_LOCK_FILES = _LockFiles()


@contextmanager
def _writer_turn() -> Iterator[None]:
    """SQLite: intakes write one at a time, the next one waiting in the kernel for a file lock
    beside the database rather than in SQLite's busy handler. That handler sleeps 1, 2, 5, 10 …
    ms between tries whatever the holder does, so with two workers the write lock stood idle
    for much of each wait and two workers took no more intakes per second than one
    (bench/bench_appeals.py). SQLite's own locking is unchanged and still guards every write;
    this only orders the intakes. Not on PostgreSQL, inside a caller's transaction, or for an
    in-memory database. One descriptor per thread: flock does not keep out another thread
    that shares the descriptor.
    """
    db = transaction.get_connection()
    if not isinstance(db, SQLiteWrapper) or db.in_atomic_block or db.is_in_memory_db():
        yield
        return
    name = str(db.settings_dict["NAME"])
    lock = _LOCK_FILES.files.get(name)
    if lock is None:  # kept open for the thread's life: the lock is taken on every intake
        lock = _LOCK_FILES.files[name] = open(f"{name}-intake.lock", "a")  # noqa: SIM115
    fcntl.flock(lock, fcntl.LOCK_EX)
    try:
        yield
    finally:
        fcntl.flock(lock, fcntl.LOCK_UN)


def _by_token(client_token: str | None) -> Case | None:
    return Case.objects.filter(client_token=client_token).first() if client_token else None


def _new_case(
    procedure: Procedure, data: IntakeData, *, client_token: str | None, code: str
) -> Case:
    """The case as it will be inserted, without its number; nothing is written yet."""
    now = timezone.now()
    phone = data.submitter_phone.strip()
    return Case(
        code_hash=secret_hash(code),
        kind=procedure.kind,
        procedure=procedure.name,
        channel=data.channel,
        status=procedure.initial,
        subtype=data.subtype,
        urgency=data.urgency,
        title=data.title.strip()[:200],
        content=data.content.strip(),
        category=data.category,
        submitter=data.submitter,
        submitter_name=data.submitter_name.strip(),
        submitter_phone=phone,
        phone_hash=lookup_hash(phone) if phone else "",
        hide_identity=data.hide_identity,
        region_code=regioncodes.normalize(data.region_code),
        address=data.address.strip()[:200],
        latitude=data.latitude,
        longitude=data.longitude,
        client_token=client_token or None,
        received_at=data.received_at or now,
        created_at=now,
        updated_at=now,
        tokens=tokens_for_search(f"{data.title} {data.content}"),
        data=data.data or {},
    )


def _insert_case(case: Case, actor: User | None) -> None:
    """The case and its first timeline step (登记)."""
    case.save(force_insert=True)
    Action.objects.create(
        case=case,
        at=case.created_at,
        actor=actor,
        actor_label=timeline_label(case, actor),
        verb="intake",
        label="登记",
        to_status=case.status,
        note=f"经{CHANNEL_LABELS.get(case.channel, case.channel)}登记",
    )


def timeline_label(case: Case, actor: User | None) -> str:
    """How the timeline names the actor. A submitter who asked to be hidden from the handling
    unit is named only 诉求人; the audit row still holds who it was."""
    if actor is not None and case.hide_identity and actor.pk == case.submitter_id:
        return SUBMITTER_LABEL
    return actor_label(actor)


def lock_case(case: Case) -> Case:
    """Re-read the case under a row lock so concurrent actions queue instead of racing.

    Every action locks before it checks the state, so the second of two simultaneous actions
    sees what the first did (and gets 409 when that no longer allows it). PostgreSQL takes a
    FOR NO KEY UPDATE lock, which still lets rows that merely refer to the case (notices,
    clocks written by the sweeper) be inserted meanwhile; SQLite has no row locks, but every
    write transaction there begins IMMEDIATE (settings), which serialises writers as a whole.
    """
    return Case.objects.select_for_update(no_key=True).get(pk=case.pk)


def may_act(actor: User | None, case: Case, transition: Transition) -> bool:
    if actor is None:
        return True  # the system itself (sweeps, follow-up scheduling)
    if actor.is_superuser:
        return True
    if SUBMITTER in transition.roles and case.submitter_id == actor.pk:
        return True
    return bool(actor.role_codes() & transition.roles)


def check_transition(
    case: Case, verb: str, actor: User | None, fields: Mapping[str, Any] | None = None
) -> Transition:
    """The declared transition, or CaseConflictError / PermissionDenied / ValidationError."""
    procedure = get_procedure(case.procedure)
    transition = procedure.transitions.get(verb)
    if transition is None:
        raise CaseConflictError(f"「{procedure.label}」没有这个动作：{verb}")
    if case.status not in transition.sources:
        label = procedure.status_label(case.status)
        raise CaseConflictError(f"工单当前为「{label}」，不能{transition.label}")
    if not may_act(actor, case, transition):
        raise PermissionDenied(f"您没有权限{transition.label}")
    fields = fields or {}
    missing = [name for name in transition.required if _blank(fields.get(name))]
    if missing:
        raise ValidationError(dict.fromkeys(missing, "此项为必填项"))
    return transition


def _blank(value: Any) -> bool:
    """A required field left empty: nothing, whitespace only, or an empty list."""
    if isinstance(value, str):
        return not value.strip()
    return value is None or value in ([], ())


def apply_transition(
    case: Case,
    transition: Transition,
    *,
    actor: User | None,
    note: str = "",
    data: dict[str, Any] | None = None,
    target: str | None = None,
    unit: OrgUnit | None = None,
    public: bool | None = None,
) -> Action:
    """Move the case, append the Action and the audit row. Call inside the action's transaction."""
    procedure = get_procedure(case.procedure)
    now = timezone.now()
    from_status = case.status
    case.status = target or transition.target or case.status
    case.version += 1
    case.updated_at = now
    if case.status in procedure.terminal and case.closed_at is None:
        case.closed_at = now
        end_shares(case)
    elif case.status not in procedure.terminal:
        case.closed_at = None
    case.save()
    action = Action.objects.create(
        case=case,
        at=now,
        actor=actor,
        actor_label=timeline_label(case, actor),
        unit=unit or (actor.unit if actor else None),
        verb=transition.verb,
        label=transition.label,
        from_status=from_status,
        to_status=case.status,
        note=note,
        public=transition.public if public is None else public,
        data=data or {},
    )
    payload = {"from": from_status, "to": case.status, "action": action.pk, **(data or {})}
    record(actor=actor, verb=f"{procedure.name}.{transition.verb}", obj=case, payload=payload)
    return action


def end_shares(case: Case) -> int:
    """A closed case leaves the units' inboxes: every share still live becomes done (R26)."""
    live = [AssignmentState.ACTIVE, AssignmentState.OBJECTED, AssignmentState.REPORTED]
    return Assignment.objects.filter(case=case, state__in=live).update(state=AssignmentState.DONE)


def start_clock(
    case: Case,
    name: str,
    label: str,
    *,
    start: datetime,
    amount: int,
    unit: DurationUnit,
    org_unit: OrgUnit | None = None,
) -> Clock:
    """Start a named deadline computed under R21 (days), R21 working days, or hours."""
    due = deadline(start, amount, unit)
    return Clock.objects.create(
        case=case,
        name=name,
        label=label,
        unit=org_unit,
        region_code=case.region_code,
        started_at=start,
        due_at=due.due,
        provisional=due.provisional,
    )


def running_clocks(case: Case, name: str, org_unit: OrgUnit | None = None) -> list[Clock]:
    clocks = Clock.objects.filter(case=case, name=name, stopped_at__isnull=True, cancelled=False)
    if org_unit is not None:
        clocks = clocks.filter(unit=org_unit)
    return list(clocks)


def stop_clocks(
    case: Case, name: str, *, at: datetime | None = None, org_unit: OrgUnit | None = None
) -> list[Clock]:
    """Stop the running clocks of that name; met or overdue follows from the stop time."""
    at = at or timezone.now()
    clocks = running_clocks(case, name, org_unit)
    for clock in clocks:
        if clock.paused_at is not None:
            resume_clock(clock, at=at)
        clock.stopped_at = at
        clock.save(update_fields=["stopped_at", "due_at", "paused_at", "paused_seconds"])
    return clocks


def cancel_clocks(case: Case, names: Iterable[str] | None = None) -> int:
    clocks = Clock.objects.filter(case=case, stopped_at__isnull=True, cancelled=False)
    if names is not None:
        clocks = clocks.filter(name__in=list(names))
    return clocks.update(cancelled=True, stopped_at=timezone.now())


def extend_clock(clock: Clock, *, by: timedelta) -> Clock:
    clock.due_at += by
    clock.extended_seconds += int(by.total_seconds())
    clock.extensions += 1
    clock.notified = ""
    clock.save(update_fields=["due_at", "extended_seconds", "extensions", "notified"])
    return clock


def pause_clock(clock: Clock, *, at: datetime) -> Clock:
    if clock.paused_at is None and clock.is_running:
        clock.paused_at = at
        clock.save(update_fields=["paused_at"])
    return clock


def resume_clock(clock: Clock, *, at: datetime) -> Clock:
    """Time spent paused is added to the due time (e.g. hearings, R13)."""
    if clock.paused_at is not None:
        paused = max(at - clock.paused_at, timedelta(0))
        clock.due_at += paused
        clock.paused_seconds += int(paused.total_seconds())
        clock.paused_at = None
        clock.save(update_fields=["due_at", "paused_seconds", "paused_at"])
    return clock


def check_files(files: Sequence[UploadedFile[bytes]]) -> None:
    """Only photos (JPEG, PNG, WebP) and PDF, at most 10 MB each and nine in all."""
    if len(files) > MAX_ATTACHMENTS:
        raise ValidationError({"attachments": f"最多上传 {MAX_ATTACHMENTS} 个附件"})
    for upload in files:
        if (upload.size or 0) > MAX_ATTACHMENT_BYTES:
            raise ValidationError({"attachments": f"「{upload.name}」超过 10 MB"})
        if sniff_type(upload) is None:
            raise ValidationError({"attachments": f"「{upload.name}」不是照片或 PDF 文件"})


def sniff_type(upload: UploadedFile[bytes]) -> str | None:
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    for signature, offset, content_type in FILE_SIGNATURES:
        if head[offset : offset + len(signature)] == signature:
            return content_type
    return None


def attach_files(case: Case, files: Sequence[UploadedFile[bytes]]) -> list[Attachment]:
    saved = []
    for upload in files:
        content_type = sniff_type(upload) or "application/octet-stream"
        digest = hashlib.sha256()
        for chunk in upload.chunks():
            digest.update(chunk)
        upload.seek(0)
        attachment = Attachment(
            case=case,
            name=(upload.name or "附件")[:200],
            content_type=content_type,
            size=upload.size or 0,
            sha256=digest.hexdigest(),
        )
        attachment.file.save(f"{case.number}-{digest.hexdigest()[:12]}", upload, save=False)
        attachment.save()
        saved.append(attachment)
    return saved


def notify(users: Iterable[User], case: Case | None, text: str, *, sms: bool = False) -> int:
    """In-app notices (and SMS on commit when asked) to each user once."""
    targets = {u.pk: u for u in users if u is not None}
    Notice.objects.bulk_create(
        [Notice(user=u, case=case, text=text[:300]) for u in targets.values()]
    )
    if sms:
        phones = [u.phone for u in targets.values() if u.phone]

        def send_all() -> None:
            for phone in phones:
                send_sms(phone, f"【社工】{text}")

        transaction.on_commit(send_all)
    return len(targets)


def text_submitter(case: Case, text: str) -> None:
    """An SMS to the person who brought the case (on commit), when they left a number."""
    phone = case.submitter_phone
    if phone:
        transaction.on_commit(lambda: send_sms(phone, f"【社工】{text}"))


def do_read_notices(actor: User, ids: Iterable[int] | None = None) -> int:
    """Mark the actor's own unread notices read: those of `ids`, or all of them (issue 3, item 6:
    the in-app side of the deadline notices). Never touches another user's notices."""
    notices = Notice.objects.filter(user=actor, read_at__isnull=True)
    if ids is not None:
        notices = notices.filter(pk__in=list(ids))
    return notices.update(read_at=timezone.now())
