"""Region codes (统计用区划代码) as pure functions: level, parent and subtree range (R51).

A stored `region_code` is always the 12-digit statistical code of the deepest known region.
Its subtree is a contiguous code range, so scoping and roll-ups are one indexed range filter.
"""

from __future__ import annotations

import re
from enum import IntEnum

_CODE = re.compile(r"^\d{2}(\d{2}(\d{2}(\d{3}(\d{3})?)?)?)?$")

# Digits that a code of each level keeps before its zero padding.
PREFIX_LENGTH = {1: 2, 2: 4, 3: 6, 4: 9, 5: 12}


class Level(IntEnum):
    """The five levels of the tree, numbered from the province down."""

    PROVINCE = 1
    CITY = 2
    COUNTY = 3
    TOWNSHIP = 4
    VILLAGE = 5


LEVEL_LABELS = {
    Level.PROVINCE: "省级",
    Level.CITY: "地级",
    Level.COUNTY: "县级",
    Level.TOWNSHIP: "乡级",
    Level.VILLAGE: "村级",
}


class InvalidRegionCodeError(ValueError):
    """A code that is not 2, 4, 6, 9 or 12 digits."""


def normalize(code: str) -> str:
    """Pad a 2/4/6/9/12-digit code to its 12-digit statistical code (R51)."""
    code = code.strip()
    if not _CODE.match(code):
        raise InvalidRegionCodeError(code)
    return code.ljust(12, "0")


def level_of(code: str) -> Level:
    """R51: the level follows from which digit groups of the 12-digit code are zero."""
    code = normalize(code)
    if code[2:] == "0" * 10:
        return Level.PROVINCE
    if code[4:] == "0" * 8:
        return Level.CITY
    if code[6:] == "0" * 6:
        return Level.COUNTY
    if code[9:] == "000":
        return Level.TOWNSHIP
    return Level.VILLAGE


def prefix(code: str) -> str:
    """The significant digits of a code: 445202000000 → 445202."""
    code = normalize(code)
    return code[: PREFIX_LENGTH[level_of(code)]]


def parent_code(code: str) -> str | None:
    """The 12-digit code one level up, or None for a province."""
    level = level_of(code)
    if level == Level.PROVINCE:
        return None
    return prefix(code)[: PREFIX_LENGTH[Level(level - 1)]].ljust(12, "0")


def lineage(code: str, *, include_self: bool = True) -> list[str]:
    """The 12-digit codes of a region's ancestors (and itself), nearest first."""
    current: str | None = normalize(code)
    chain = []
    while current is not None:
        chain.append(current)
        current = parent_code(current)
    return chain if include_self else chain[1:]


def subtree_range(code: str) -> tuple[str, str]:
    """The inclusive code range holding a region and everything under it."""
    head = prefix(code)
    return head.ljust(12, "0"), head.ljust(12, "9")


def contains(ancestor: str, code: str) -> bool:
    """True when `code` lies in the subtree of `ancestor` (a region contains itself)."""
    low, high = subtree_range(ancestor)
    return low <= normalize(code) <= high


def township_kind(code: str) -> str:
    """R51: the township part 001–099 is a 街道, 100–199 a 镇, 200–399 a 乡, 400–599 乡级 other."""
    part = int(normalize(code)[6:9])
    if part < 100:
        return "街道"
    if part < 200:
        return "镇"
    if part < 400:
        return "乡"
    return "类似乡级单位"


def village_kind(code: str) -> str:
    """R51: the village part 001–199 is a 居委会 (community), 200–399 a 村委会."""
    return "居委会" if int(normalize(code)[9:]) < 200 else "村委会"
