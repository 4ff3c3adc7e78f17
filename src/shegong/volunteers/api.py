"""/api/v1/volunteers/: open activities (public), sign-up and cancellation, the volunteer's own
profile, sign-ups, service records and certificates (R36, R37), the public check of a
certificate, and the organiser's issue of one. Only the volunteer number identifies a volunteer;
an ID number never leaves the server unmasked (R39).

Refusals answer 409 with a stable `code` (e.g. `clash`, `already_signed_up`,
`insurance_required`), wrong fields 422, what is not the caller's 404.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, datetime

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils import timezone
from ninja import Query, Router, Schema, Status
from pydantic import Field

from shegong.api.auth import AUTH, current_user
from shegong.api.errors import ApiError
from shegong.lib.pdf import pdf_download
from shegong.volunteers import queries
from shegong.volunteers.actions import (
    VolunteerError,
    do_cancel_sign_up,
    do_download_certificate,
    do_issue_certificate,
    do_request_certificate,
    do_sign_up,
    waitlist_position,
)
from shegong.volunteers.actions.certificates import verify_url
from shegong.volunteers.models import (
    Activity,
    Certificate,
    Organisation,
    ServiceRecord,
    Shift,
    SignUp,
    Volunteer,
)

router = Router(tags=["志愿服务"])


class ShiftOut(Schema):
    id: int
    name: str
    starts_at: datetime
    ends_at: datetime
    capacity: int
    confirmed: int
    required_skills: list[str]


class ActivityOut(Schema):
    id: int
    title: str
    category: str
    organisation: str
    region_code: str
    address: str
    latitude: float | None
    longitude: float | None
    starts_at: datetime
    ends_at: datetime
    risky: bool
    status: str
    status_label: str
    distance_km: float | None = None
    shifts: list[ShiftOut]


class SignUpOut(Schema):
    id: int
    shift_id: int
    activity_id: int
    activity_title: str
    shift_name: str
    starts_at: datetime
    ends_at: datetime
    status: str
    status_label: str
    waitlist_position: int = Field(description="候补位次；未候补时为 0")


class MeOut(Schema):
    number: str = Field(description="志愿者编号（公开标识）")
    name: str
    id_number: str = Field(description="证件号码（已遮蔽）")
    region_code: str
    confirmed_hours: float
    star_level: int
    star_label: str
    skills: list[str]


class RecordOut(Schema):
    id: int
    service_date: date
    content: str
    organisation: str
    hours: float
    status: str
    status_label: str
    checked_in_at: datetime | None
    checked_out_at: datetime | None


class CertificateOut(Schema):
    id: int
    number: str = Field(description="证明编号")
    organisation: str = Field(description="出具组织")
    hours: float = Field(description="服务时长（小时）")
    content: str = Field(description="服务内容")
    issued_at: datetime
    valid: bool = Field(description="有效；已作废时为 false")
    pdf_url: str = Field(description="本人下载 PDF 的地址（每次下载记入审计日志）")
    verify_url: str = Field(description="公开核验页地址（证明上二维码所指）")


class CertificateCheckOut(Schema):
    """What anyone may check about a certificate: never an ID number (R39)."""

    number: str
    volunteer_number: str
    name: str = Field(description="姓名（已遮蔽）")
    hours: float
    organisation: str
    issued_on: date
    valid: bool
    revoked_on: date | None
    sha256: str = Field(description="PDF 文件的 SHA-256，可与所持文件比对")


class CertificateRequestIn(Schema):
    organisation_id: int = Field(description="记录并确认了服务时长的组织")


class CertificateRequestOut(Schema):
    id: int
    organisation: str
    requested_at: datetime


class IssueIn(Schema):
    volunteer_number: str = Field(max_length=20, description="志愿者编号")
    handler_name: str = Field("", max_length=50, description="经办人；默认为调用者姓名")


class NearQuery(Schema):
    region: str | None = Field(None, max_length=12, description="区划代码（2–12 位）")
    lat: float | None = Field(None, ge=-90, le=90)
    lng: float | None = Field(None, ge=-180, le=180)
    km: float = Field(20.0, gt=0, le=200, description="按距离查找时的半径（公里）")
    limit: int = Field(20, ge=1, le=100)
    offset: int = Field(0, ge=0)


@contextmanager
def _refusals() -> Iterator[None]:
    """A refused action answers 409 with its stable code and Chinese message."""
    try:
        yield
    except VolunteerError as error:
        raise ApiError(409, error.code, error.message) from error


def _shift_out(shift: Shift) -> ShiftOut:
    return ShiftOut(
        id=shift.pk,
        name=shift.name,
        starts_at=shift.starts_at,
        ends_at=shift.ends_at,
        capacity=shift.capacity,
        confirmed=getattr(shift, "confirmed", 0),
        required_skills=[skill.name for skill in shift.required_skills.all()],
    )


def _activity_out(activity: Activity, km: float | None = None) -> ActivityOut:
    return ActivityOut(
        id=activity.pk,
        title=activity.title,
        category=activity.category.name,
        organisation=activity.organisation.name,
        region_code=activity.region_code,
        address=activity.address,
        latitude=activity.latitude,
        longitude=activity.longitude,
        starts_at=activity.starts_at,
        ends_at=activity.ends_at,
        risky=activity.risky,
        status=activity.status,
        status_label=activity.get_status_display(),
        distance_km=None if km is None else round(km, 2),
        shifts=[_shift_out(shift) for shift in activity.shifts.all()],
    )


def _signup_out(signup: SignUp) -> SignUpOut:
    shift = signup.shift
    return SignUpOut(
        id=signup.pk,
        shift_id=shift.pk,
        activity_id=shift.activity_id,
        activity_title=shift.activity.title,
        shift_name=shift.name,
        starts_at=shift.starts_at,
        ends_at=shift.ends_at,
        status=signup.status,
        status_label=signup.get_status_display(),
        waitlist_position=waitlist_position(signup),
    )


def _record_out(record: ServiceRecord) -> RecordOut:
    return RecordOut(
        id=record.pk,
        service_date=record.service_date,
        content=record.content,
        organisation=record.organisation.name,
        hours=float(record.hours),
        status=record.status,
        status_label=record.get_status_display(),
        checked_in_at=record.checked_in_at,
        checked_out_at=record.checked_out_at,
    )


def _me(request: HttpRequest) -> Volunteer:
    volunteer = queries.volunteer_of(current_user(request))
    if volunteer is None:
        raise ApiError(404, "not_volunteer", "您还没有注册为志愿者")
    return volunteer


@router.get("/activities", response=list[ActivityOut], auth=None, summary="附近的活动")
def list_activities(request: HttpRequest, near: Query[NearQuery]) -> list[ActivityOut]:
    """Open activities that have not ended: in a region, and nearest first given lat/lng."""
    try:
        found = queries.activities_near(
            region_code=near.region,
            lat=near.lat,
            lng=near.lng,
            radius_km=near.km,
            limit=near.limit,
            offset=near.offset,
        )
    except ValueError as error:
        raise ApiError(422, "invalid", "区划代码无效", {"region": ["区划代码无效"]}) from error
    return [_activity_out(item.activity, item.km) for item in found]


@router.get("/activities/{activity_id}", response=ActivityOut, auth=None, summary="活动详情")
def get_activity(request: HttpRequest, activity_id: int) -> ActivityOut:
    return _activity_out(queries.public_activity(activity_id))


@router.post("/shifts/{shift_id}/signups", response={201: SignUpOut}, auth=AUTH, summary="报名岗位")
def sign_up(request: HttpRequest, shift_id: int) -> Status[SignUpOut]:
    """Confirmed while places last, otherwise waitlisted (`waitlist_position`)."""
    shift = queries.public_shift(shift_id)
    volunteer = _me(request)
    with _refusals():
        signup = do_sign_up(shift, volunteer, actor=current_user(request))
    return Status(201, _signup_out(signup))


@router.post("/signups/{signup_id}/cancel", response=SignUpOut, auth=AUTH, summary="取消报名")
def cancel(request: HttpRequest, signup_id: int) -> SignUpOut:
    signup = queries.access_own_signup(queries.volunteer_of(current_user(request)), signup_id)
    with _refusals():
        do_cancel_sign_up(signup, actor=current_user(request))
    signup.refresh_from_db()
    return _signup_out(signup)


@router.get("/me", response=MeOut, auth=AUTH, summary="我的志愿者信息")
def me(request: HttpRequest) -> MeOut:
    volunteer = _me(request)
    summary = queries.hours_summary(volunteer, settings.VOLUNTEER_STAR_HOURS)
    return MeOut(
        number=volunteer.number,
        name=volunteer.name,
        id_number=volunteer.masked_id_number,
        region_code=volunteer.region_code,
        confirmed_hours=float(summary.confirmed),
        star_level=summary.level,
        star_label=summary.label,
        skills=[skill.name for skill in volunteer.skills.all()],
    )


@router.get("/me/signups", response=list[SignUpOut], auth=AUTH, summary="我的报名")
def my_signups(request: HttpRequest) -> list[SignUpOut]:
    return [_signup_out(s) for s in queries.my_signups(_me(request))[:200]]


@router.get("/me/records", response=list[RecordOut], auth=AUTH, summary="我的服务记录")
def my_records(request: HttpRequest) -> list[RecordOut]:
    return [_record_out(r) for r in queries.my_records(_me(request))[:500]]


# ---------------------------------------------------------------- certificates (R36, R37)


def _certificate_out(certificate: Certificate) -> CertificateOut:
    return CertificateOut(
        id=certificate.pk,
        number=certificate.number,
        organisation=certificate.organisation.name,
        hours=float(certificate.hours),
        content=certificate.content,
        issued_at=certificate.issued_at,
        valid=certificate.is_valid,
        pdf_url=reverse("api:volunteers_certificate_pdf", args=[certificate.pk]),
        verify_url=verify_url(certificate.number),
    )


def _local_date(moment: datetime | None) -> date | None:
    return None if moment is None else timezone.localdate(moment)


@router.get("/me/certificates", response=list[CertificateOut], auth=AUTH, summary="我的证明")
def my_certificates(request: HttpRequest) -> list[CertificateOut]:
    return [_certificate_out(c) for c in queries.my_certificates(_me(request))[:200]]


@router.get(
    "/me/certificates/{certificate_id}/pdf",
    auth=AUTH,
    summary="下载我的证明（PDF）",
    url_name="volunteers_certificate_pdf",
)
def my_certificate_pdf(request: HttpRequest, certificate_id: int) -> HttpResponse:
    certificate = queries.access_own_certificate(_me(request), certificate_id)
    content = do_download_certificate(certificate, actor=current_user(request))
    return pdf_download(content, f"{certificate.number}.pdf")


@router.post(
    "/me/certificate-requests",
    response={201: CertificateRequestOut},
    auth=AUTH,
    summary="申请出具证明",
)
def request_certificate(
    request: HttpRequest, payload: CertificateRequestIn
) -> Status[CertificateRequestOut]:
    """R36: only an organisation that recorded and confirmed service of mine (409 otherwise)."""
    volunteer = _me(request)
    organisation = Organisation.objects.filter(pk=payload.organisation_id).first()
    if organisation is None:
        raise ApiError(404, "not_found", "未找到该组织")
    with _refusals():
        made = do_request_certificate(volunteer, organisation, actor=current_user(request))
    return Status(
        201,
        CertificateRequestOut(
            id=made.pk, organisation=organisation.name, requested_at=made.requested_at
        ),
    )


@router.get("/certificates/{number}", response=CertificateCheckOut, auth=None, summary="核验证明")
def check_certificate(request: HttpRequest, number: str) -> CertificateCheckOut:
    """Public: whether a certificate is genuine and valid (R39: no ID number)."""
    certificate = queries.public_certificate(number)
    return CertificateCheckOut(
        number=certificate.number,
        volunteer_number=certificate.volunteer.number,
        name=certificate.volunteer.masked_name,
        hours=float(certificate.hours),
        organisation=certificate.organisation.name,
        issued_on=timezone.localdate(certificate.issued_at),
        valid=certificate.is_valid,
        revoked_on=_local_date(certificate.revoked_at),
        sha256=certificate.sha256,
    )


@router.post(
    "/organisations/{organisation_id}/certificates",
    response={201: CertificateOut},
    auth=AUTH,
    summary="出具志愿服务记录证明",
)
def issue_certificate(
    request: HttpRequest, organisation_id: int, payload: IssueIn
) -> Status[CertificateOut]:
    """R36: a manager of the organisation certifies the service it recorded and confirmed;
    403 for others who may see it, 404 outside, 409 when there is nothing to certify."""
    user = current_user(request)
    organisation = queries.access_organisation(user, organisation_id)
    volunteer = queries.certifying_volunteer(organisation, number=payload.volunteer_number)
    with _refusals():
        certificate = do_issue_certificate(
            volunteer, organisation=organisation, actor=user, handler_name=payload.handler_name
        )
    return Status(201, _certificate_out(certificate))
