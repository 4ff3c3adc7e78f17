"""The picture of a round official seal (公章) for printed documents, as SVG.

A red ring, a five-pointed star and the unit's name set along the upper arc, as a Chinese unit
seal looks. It shows which unit issued a document; it is not a cryptographic electronic seal
(GB/T 38540) — the document's number, its SHA-256 and the online check behind its QR code are
what prove it genuine.
"""

from __future__ import annotations

import math
from html import escape

SIZE = 160
RED = "#d2202a"
ARC_DEGREES = 240.0  # the name spans this much of the ring, centred on the top


def seal_svg(name: str, label: str = "") -> str:
    """An SVG seal with `name` around the top and `label` (e.g. 证明专用章) across the bottom."""
    centre = SIZE / 2
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {SIZE} {SIZE}" class="seal">',
        f'<circle cx="{centre}" cy="{centre}" r="{centre - 4}" fill="none" '
        f'stroke="{RED}" stroke-width="5"/>',
        _star(centre, centre, 22),
        *_arc_text(name, centre),
    ]
    if label:
        parts.append(
            f'<text x="{centre}" y="{centre + 44}" font-size="13" text-anchor="middle" '
            f'fill="{RED}" font-family="Noto Sans CJK SC">{escape(label)}</text>'
        )
    parts.append("</svg>")
    return "".join(parts)


def _star(cx: float, cy: float, radius: float) -> str:
    points = []
    for i in range(10):
        r = radius if i % 2 == 0 else radius * 0.382
        angle = math.radians(-90 + i * 36)
        points.append(f"{cx + r * math.cos(angle):.1f},{cy + r * math.sin(angle):.1f}")
    return f'<polygon points="{" ".join(points)}" fill="{RED}"/>'


def _arc_text(name: str, centre: float) -> list[str]:
    """Each character placed and turned on the ring, reading clockwise from the left."""
    chars = list(name) or [" "]
    radius = centre - 24
    span = min(ARC_DEGREES, 22.0 * len(chars))
    step = span / max(len(chars) - 1, 1)
    start = -90 - span / 2
    font = max(11, min(20, int(300 / max(len(chars), 1))))
    out = []
    for i, char in enumerate(chars):
        degrees = start + i * step if len(chars) > 1 else -90
        angle = math.radians(degrees)
        x = centre + radius * math.cos(angle)
        y = centre + radius * math.sin(angle)
        out.append(
            f'<text x="{x:.1f}" y="{y:.1f}" font-size="{font}" text-anchor="middle" '
            f'dominant-baseline="central" fill="{RED}" font-family="Noto Sans CJK SC" '
            f'transform="rotate({degrees + 90:.1f} {x:.1f} {y:.1f})">{escape(char)}</text>'
        )
    return out
