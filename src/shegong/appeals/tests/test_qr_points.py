"""The "民呼我为" codes: staff create a point in the admin and print its code (PNG, SVG, card)."""

from __future__ import annotations

import struct
import zlib

from django.test import Client

from shegong.appeals.models import QrPoint, new_qr_slug
from shegong.audit.models import AuditEntry
from shegong.conftest import Cast, login
from shegong.lib.qr import qr_png, qr_svg

from .citizen_steps import make_point

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
CHANNELS = {0: 1, 2: 3, 3: 1, 4: 2, 6: 4}  # PNG colour type → samples per pixel


def decode_png(data: bytes) -> tuple[int, int]:
    """Walk the chunks (checking every CRC), inflate the pixels and check their size."""
    assert data[:8] == PNG_SIGNATURE
    position, chunks, pixels = 8, [], b""
    while position < len(data):
        (length,) = struct.unpack(">I", data[position : position + 4])
        kind = data[position + 4 : position + 8]
        body = data[position + 8 : position + 8 + length]
        (crc,) = struct.unpack(">I", data[position + 8 + length : position + 12 + length])
        assert zlib.crc32(kind + body) == crc
        chunks.append(kind)
        pixels += body if kind == b"IDAT" else b""
        if kind == b"IHDR":
            width, height, depth, colour = struct.unpack(">IIBB", body[:10])
        position += 12 + length
    assert chunks[0] == b"IHDR"
    assert chunks[-1] == b"IEND"
    row = (width * depth * CHANNELS[colour] + 7) // 8
    assert len(zlib.decompress(pixels)) == height * (row + 1)
    return width, height


def test_the_png_is_a_real_image(cast: Cast) -> None:
    point = make_point(cast)
    response = Client().get(f"/m/appeals/qr/{point.slug}.png")
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    width, height = decode_png(response.content)
    assert width == height >= 200  # large enough to print


def test_the_svg_is_an_svg_that_names_the_point(cast: Cast) -> None:
    point = make_point(cast)
    response = Client().get(f"/m/appeals/qr/{point.slug}.svg")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("image/svg+xml")
    svg = response.content.decode()
    assert svg.startswith('<svg xmlns="http://www.w3.org/2000/svg"')
    assert "<title>进东社区新就业群体驿站</title>" in svg
    # It encodes the form's address with the point, which pre-fills channel and place.
    assert svg == qr_svg(f"http://testserver/m/appeals/new?qr={point.slug}", title=point.name)


def test_the_printable_card_shows_the_code_and_the_name(cast: Cast) -> None:
    point = make_point(cast)
    page = Client().get(f"/m/appeals/qr/{point.slug}").content.decode()
    assert "扫码反映诉求" in page
    assert "进东社区新就业群体驿站" in page
    assert '<div class="m-qr-card-code"><svg' in page
    assert f"http://testserver/m/appeals/new?qr={point.slug}" in page  # what the code opens


def test_a_switched_off_point_has_no_code(cast: Cast) -> None:
    point = make_point(cast, is_active=False)
    for suffix in ["", ".png", ".svg"]:
        assert Client().get(f"/m/appeals/qr/{point.slug}{suffix}").status_code == 404


def test_a_name_with_markup_is_escaped_in_the_code(cast: Cast) -> None:
    point = make_point(cast, name="<script>alert(1)</script>驿站")
    page = Client().get(f"/m/appeals/qr/{point.slug}").content.decode()
    assert "<script>alert(1)" not in page


def test_slugs_are_short_random_and_unique(cast: Cast) -> None:
    slugs = {new_qr_slug() for _ in range(200)}
    assert len(slugs) == 200
    assert all(len(s) == 8 and s.isalnum() and s.islower() for s in slugs)
    assert make_point(cast).slug != make_point(cast, name="榕华街道驿站").slug


def test_qr_helpers_make_png_bytes_and_svg_text() -> None:
    assert qr_png("https://example.org/m/appeals/new")[:8] == PNG_SIGNATURE
    assert "<svg" in qr_svg("https://example.org/m/appeals/new")


def test_staff_create_a_point_in_the_admin_and_get_its_links(cast: Cast) -> None:
    """R51: a short region code typed in the admin is stored as the 12-digit code."""
    admin = login(Client(), cast.admin)
    cast.admin.is_staff = cast.admin.is_superuser = True
    cast.admin.save()
    response = admin.post(
        "/admin/appeals/qrpoint/add/",
        {
            "name": "榕华街道新就业群体驿站",
            "kind": "station",
            "region_code": "445202001",
            "channel": "qr",
            "is_active": "on",
        },
    )
    assert response.status_code == 302, response.content.decode()
    point = QrPoint.objects.get()
    assert point.region_code == "445202001000"
    assert AuditEntry.objects.filter(verb="admin.add", object_id=str(point.pk)).exists()
    change = admin.get(f"/admin/appeals/qrpoint/{point.pk}/change/").content.decode()
    assert f"/m/appeals/qr/{point.slug}.png" in change
    assert f"/m/appeals/qr/{point.slug}.svg" in change
    listing = admin.get("/admin/appeals/qrpoint/").content.decode()
    assert f"/m/appeals/qr/{point.slug}" in listing


def test_the_admin_refuses_a_malformed_region_code(cast: Cast) -> None:
    cast.admin.is_staff = cast.admin.is_superuser = True
    cast.admin.save()
    response = login(Client(), cast.admin).post(
        "/admin/appeals/qrpoint/add/",
        {"name": "某驿站", "kind": "station", "region_code": "12345", "channel": "qr"},
    )
    assert "请填写有效的统计用区划代码" in response.content.decode()
    assert not QrPoint.objects.exists()
