"""R37: the certificate PDF shows 姓名, 证件类型及号码, 志愿者编号, 服务时长(小时), 服务内容,
出具主体名称/负责人/经办人/联系方式, 证明编号, 出具日期 and the seal (公章); the ID number only
masked (R39); its QR code opens a public page that verifies it, shows whether it was revoked and
never shows the ID number."""

from __future__ import annotations

import hashlib

import pytest
from django.test import Client
from django.utils import timezone

from shegong.conftest import Cast
from shegong.volunteers.actions import do_issue_certificate, do_revoke_certificate
from shegong.volunteers.actions.certificates import verify_url
from shegong.volunteers.models import Certificate, Volunteer
from shegong.volunteers.tests.steps import id_number, scene, served, volunteer
from shegong.web.testing import pdf_text

pytestmark = pytest.mark.usefixtures("media")


@pytest.fixture
def issued(cast: Cast) -> tuple[Certificate, Volunteer]:
    s = scene(cast)
    person = volunteer(1, name="陈小红")
    served(s.shift, person, s.manager, minutes=135)
    certificate = do_issue_certificate(
        person, organisation=s.organisation, actor=s.manager, handler_name="李经办"
    )
    return certificate, person


def text_of(certificate: Certificate) -> str:
    with certificate.pdf.open("rb") as stored:
        # Lines wrap wherever the table cell ends; the words matter, not the breaks.
        return pdf_text(stored.read()).replace("\n", "")


def test_r37_the_pdf_carries_every_field_and_the_hours(
    issued: tuple[Certificate, Volunteer],
) -> None:
    certificate, person = issued
    text = text_of(certificate)
    today = timezone.localdate()
    for label, value in [
        ("姓名", "陈小红"),
        ("证件类型及号码", f"居民身份证 {person.masked_id_number}"),
        ("志愿者编号", person.number),
        ("服务时长(小时)", "2.25"),
        ("服务内容", "进东社区敬老院陪伴（1次）"),
        ("出具主体名称", "进东社区志愿服务站"),
        ("负责人", "何队长"),
        ("经办人", "李经办"),
        ("联系方式", "0663-8888888"),
        ("证明编号", certificate.number),
        ("出具日期", f"{today.year}年{today.month}月{today.day}日"),
    ]:
        assert label in text
        assert value in text, label
    assert "证明专用章" in text  # the seal of the organisation
    assert "志愿服务记录证明" in text


def test_r37_r39_the_pdf_never_shows_the_full_id_number(
    issued: tuple[Certificate, Volunteer],
) -> None:
    certificate, person = issued
    assert id_number(1) not in text_of(certificate)
    assert id_number(1) not in str(certificate.snapshot)
    assert person.masked_id_number.startswith("445202****")


def test_r37_the_stored_file_matches_its_recorded_sha256(
    issued: tuple[Certificate, Volunteer],
) -> None:
    certificate, _ = issued
    with certificate.pdf.open("rb") as stored:
        assert hashlib.sha256(stored.read()).hexdigest() == certificate.sha256


def test_r37_the_qr_code_leads_to_the_public_verification_page(
    issued: tuple[Certificate, Volunteer],
) -> None:
    certificate, person = issued
    url = verify_url(certificate.number)
    assert url in text_of(certificate)
    assert url.endswith(f"/volunteers/certificates/{certificate.number}/verify/")
    page = Client().get(f"/volunteers/certificates/{certificate.number}/verify/")
    assert page.status_code == 200  # no login
    html = page.content.decode()
    for shown in (certificate.number, person.number, "陈**", "2.25", "进东社区志愿服务站"):
        assert shown in html
    assert "本证明真实有效" in html
    assert "陈小红" not in html  # the name only masked
    assert id_number(1) not in html
    assert person.masked_id_number not in html  # no ID number at all, not even masked


def test_r37_a_revoked_certificate_shows_as_revoked(
    issued: tuple[Certificate, Volunteer], cast: Cast
) -> None:
    certificate, _ = issued
    do_revoke_certificate(certificate, actor=certificate.organisation.managers.get(), reason="错")
    html = Client().get(f"/volunteers/certificates/{certificate.number}/verify/").content.decode()
    assert "作废" in html
    assert "本证明真实有效" not in html


def test_r37_an_unknown_number_is_not_found(cast: Cast) -> None:
    assert Client().get("/volunteers/certificates/ZM2030051100000000/verify/").status_code == 404
