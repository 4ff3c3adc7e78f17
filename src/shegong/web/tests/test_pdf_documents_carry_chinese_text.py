"""The shared PDF layer (lib/pdf.py): Chinese text is embedded as text, with its font, and the
QR code and the seal are drawn. Every document of petitions and volunteers renders through it."""

from __future__ import annotations

from django.template import engines

from shegong.lib.pdf import html_to_pdf, public_url, qr_block, seal_block
from shegong.lib.seal import seal_svg
from shegong.web.testing import pdf_fonts, pdf_text

DOCUMENT = """{% extends "pdf/base.html" %}
{% block body %}<p class="flush">张三：</p>
<p>您反映的小区积水问题已受理，请留意办理进度。</p>{% endblock %}
"""


def render(**context: object) -> bytes:
    html = engines["django"].from_string(DOCUMENT).render(context)
    return html_to_pdf(html).content


def test_chinese_text_can_be_extracted_from_the_pdf() -> None:
    content = render(title="信访事项受理告知书", issuer="榕城区信访局", docno="榕信受〔2026〕1号")
    text = pdf_text(content)
    assert content.startswith(b"%PDF-")
    for words in ("信访事项受理告知书", "榕城区信访局", "榕信受〔2026〕1号", "小区积水问题已受理"):
        assert words in text


def test_the_noto_cjk_font_is_embedded() -> None:
    fonts = pdf_fonts(render(title="告知书"))
    # Embedded subsets are named ABCDEF+Family; the family is what matters.
    assert any("Noto-Serif-CJK" in name or "Noto-Sans-CJK" in name for name in fonts), fonts


def test_the_verify_block_prints_the_address_behind_the_qr_code() -> None:
    url = public_url("/verify/XF123")
    content = render(title="告知书", qr=qr_block(url, "在线核验"), verify_url=url, docno="No.1")
    assert url in pdf_text(content).replace("\n", "")


def test_the_seal_carries_the_unit_name_in_the_svg() -> None:
    svg = seal_svg("榕城区信访局", "业务专用章")
    assert svg.count("<text") == len("榕城区信访局") + 1
    assert "业务专用章" in svg
    assert "<script" not in seal_svg("<script>")


def test_a_document_with_a_seal_still_renders_its_text() -> None:
    content = render(
        title="证明", issuer="揭阳市志愿者联合会", seal=seal_block("揭阳市志愿者联合会")
    )
    assert "揭阳市志愿者联合会" in pdf_text(content)
