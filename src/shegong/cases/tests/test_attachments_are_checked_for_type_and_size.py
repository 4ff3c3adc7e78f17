"""Uploads are checked for type and size before anything is stored (DESIGN: data protection):
photos (JPEG, PNG, WebP) and PDF only, judged by their content, at most 10 MB each, nine in all."""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from pytest_django.fixtures import Settings

from shegong.cases.actions import MAX_ATTACHMENT_BYTES
from shegong.cases.models import Attachment, Case
from shegong.conftest import VILLAGE, Cast

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
JPEG = b"\xff\xd8\xff\xe0" + b"\x00" * 64
PDF = b"%PDF-1.7\n" + b"\x00" * 64
FIELDS = {
    "type": "complaint",
    "title": "井盖缺失",
    "content": "进东社区路口的井盖不见了，很危险。",
    "region_code": VILLAGE,
}


@pytest.fixture(autouse=True)
def media(settings: Settings, tmp_path: Path) -> Path:
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def upload(*files: SimpleUploadedFile) -> Any:
    return Client().post("/api/v1/appeals/upload", {**FIELDS, "attachments": list(files)})


def test_a_photo_and_a_pdf_are_stored_with_their_checked_type(cast: Cast) -> None:
    response = upload(
        SimpleUploadedFile("路口.png", PNG, content_type="image/png"),
        SimpleUploadedFile("情况说明.pdf", PDF, content_type="application/pdf"),
    )
    assert response.status_code == 201, response.content
    stored = Attachment.objects.order_by("name")
    assert [(a.name, a.content_type) for a in stored] == [
        ("情况说明.pdf", "application/pdf"),
        ("路口.png", "image/png"),
    ]
    png = stored.get(content_type="image/png")
    assert png.size == len(PNG)
    assert png.sha256 == hashlib.sha256(PNG).hexdigest()
    assert png.file.read() == PNG


def test_the_type_is_judged_by_content_not_by_name(cast: Cast) -> None:
    # A program renamed to .jpg and declared as a JPEG is still not a photo.
    fake = SimpleUploadedFile("照片.jpg", b"MZ\x90\x00" + b"\x00" * 64, content_type="image/jpeg")
    response = upload(fake)
    assert response.status_code == 422
    assert response.json()["message"] == "「照片.jpg」不是照片或 PDF 文件"
    assert not Case.objects.exists()
    assert not Attachment.objects.exists()


def test_a_file_over_ten_megabytes_is_refused(cast: Cast) -> None:
    big = SimpleUploadedFile("大图.jpg", JPEG + b"\x00" * MAX_ATTACHMENT_BYTES)
    response = upload(big)
    assert response.status_code == 422
    assert "超过 10 MB" in response.json()["message"]
    assert not Case.objects.exists()


def test_a_file_of_exactly_ten_megabytes_is_accepted(cast: Cast) -> None:
    exact = SimpleUploadedFile("大图.jpg", JPEG + b"\x00" * (MAX_ATTACHMENT_BYTES - len(JPEG)))
    assert upload(exact).status_code == 201


def test_more_than_nine_files_are_refused(cast: Cast) -> None:
    photos = [SimpleUploadedFile(f"{n}.jpg", JPEG) for n in range(10)]
    response = upload(*photos)
    assert response.status_code == 422
    assert "最多上传 9 个附件" in response.json()["message"]
    assert not Case.objects.exists()
