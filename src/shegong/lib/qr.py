"""QR codes as PNG bytes or SVG text (segno), for receipts and the "民呼我为" station codes.

Both use error correction level M (raised when the data leaves room) and the standard four-module
quiet zone on a white background, so a printed code still scans on a dark wall.
"""

from __future__ import annotations

import io

import segno

QUIET_ZONE = 4
PNG_SCALE = 10  # pixels per module: a typical station URL gives a ~450 px image
DARK = "#000"
LIGHT = "#fff"


def _make(url: str) -> segno.QRCode:
    return segno.make(url, error="m", micro=False)


def qr_png(url: str) -> bytes:
    """The QR code of `url` as a PNG image."""
    buffer = io.BytesIO()
    _make(url).save(buffer, kind="png", scale=PNG_SCALE, border=QUIET_ZONE, dark=DARK, light=LIGHT)
    return buffer.getvalue()


def qr_svg(url: str, *, title: str = "") -> str:
    """The QR code of `url` as a standalone SVG element that scales to its box (viewBox only),
    fit both for an .svg file and for inline use in a page."""
    buffer = io.BytesIO()
    _make(url).save(
        buffer,
        kind="svg",
        xmldecl=False,
        svgns=True,
        omitsize=True,
        border=QUIET_ZONE,
        dark=DARK,
        light=LIGHT,
        svgclass="qr",
        title=title or None,
        encoding="utf-8",
    )
    return buffer.getvalue().decode("utf-8")
