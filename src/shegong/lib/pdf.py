"""PDF documents from Django templates, with the Chinese fonts embedded (WeasyPrint).

Every formal document of the platform — petition notices and opinions, volunteer service
certificates, the annual report — is an HTML template extending `pdf/base.html`, rendered here.
WeasyPrint embeds the subset of the Noto CJK fonts each document uses (installed from Debian's
fonts-noto-cjk by scripts/ensure-browser.sh), so the text stays selectable and searchable.
"""

from __future__ import annotations

import hashlib
import subprocess
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from functools import cache
from typing import Any

from django.conf import settings
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils.safestring import SafeString, mark_safe

from shegong.lib.qr import qr_svg
from shegong.lib.seal import seal_svg

CJK_FONT_FAMILIES = ("Noto Serif CJK SC", "Noto Sans CJK SC")


class FontsMissingError(RuntimeError):
    """No Chinese font is installed, so a PDF would show empty boxes instead of text."""


@dataclass(frozen=True)
class RenderedPdf:
    content: bytes
    sha256: str

    @property
    def size(self) -> int:
        return len(self.content)


def chinese_date(day: date) -> str:
    """2026年10月9日, as documents write dates."""
    return f"{day.year}年{day.month}月{day.day}日"


def pdf_download(content: bytes, filename: str) -> HttpResponse:
    """A PDF's bytes as a download (an attachment named `filename`)."""
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def public_url(path: str) -> str:
    """An absolute address on the public site, for QR codes printed on paper."""
    return settings.PUBLIC_URL.rstrip("/") + "/" + path.lstrip("/")


def qr_block(url: str, title: str) -> SafeString:
    """An inline SVG QR code for a document template (the SVG is generated, never user text)."""
    return mark_safe(qr_svg(url, title=title))


def seal_block(name: str, label: str = "") -> SafeString:
    """The seal picture of the issuing unit (lib.seal escapes the name)."""
    return mark_safe(seal_svg(name, label))


def render_pdf(template_name: str, context: Mapping[str, Any]) -> RenderedPdf:
    """Render `template_name` (an HTML template extending pdf/base.html) to PDF bytes."""
    html = render_to_string(template_name, {"site_name": settings.SITE_NAME, **context})
    return html_to_pdf(html)


def html_to_pdf(html: str) -> RenderedPdf:
    check_fonts()
    from weasyprint import HTML  # heavy import, kept off the request path of every other page

    content = HTML(string=html, base_url=str(settings.PACKAGE_DIR)).write_pdf()
    if content is None:  # write_pdf returns None only when given a target
        raise RuntimeError("PDF 生成失败")
    return RenderedPdf(content=content, sha256=hashlib.sha256(content).hexdigest())


@cache
def check_fonts() -> None:
    """Fail clearly, once per process, when fontconfig knows no Chinese font."""
    try:
        listed = subprocess.run(
            ["fc-list", ":lang=zh", "family"], capture_output=True, text=True, check=False
        ).stdout
    except FileNotFoundError:
        listed = ""
    if not any(family in listed for family in CJK_FONT_FAMILIES):
        raise FontsMissingError(
            "未安装中文字体（fonts-noto-cjk），无法生成 PDF；请运行 scripts/ensure-browser.sh"
        )
