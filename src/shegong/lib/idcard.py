"""Resident ID-card numbers (居民身份证号码, GB 11643-1999) as pure functions.

An 18-character number is 6 digits of address code, 8 digits of birth date (YYYYMMDD), a 3-digit
sequence (odd for men, even for women) and a check character computed with ISO 7064 MOD 11-2
over the first 17 digits; a check value of 10 is written "X". The old 15-digit numbers have been
invalid since 2013 and are refused.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

# Weight of position i (0-based) is 2^(17 - i) mod 11 (ISO 7064 MOD 11-2).
WEIGHTS = tuple(pow(2, 17 - i, 11) for i in range(17))
CHECK_CHARS = "10X98765432"  # indexed by (weighted sum mod 11)
EARLIEST_BIRTH = date(1900, 1, 1)
# Province codes of GB/T 2260, plus 71 台湾, 81 香港, 82 澳门 and 83 (台湾居民居住证).
PROVINCES = frozenset(
    {11, 12, 13, 14, 15, 21, 22, 23, 31, 32, 33, 34, 35, 36, 37, 41, 42, 43, 44, 45, 46, 50}
    | {51, 52, 53, 54, 61, 62, 63, 64, 65, 71, 81, 82, 83}
)
_SHAPE = re.compile(r"^\d{17}[\dX]$")


class InvalidIdNumberError(ValueError):
    """A number that is not a valid 18-character resident ID; `message` is Chinese."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class IdNumber:
    """A checked ID-card number with what it says about its holder."""

    number: str
    birth_date: date
    is_male: bool


def check_char(first17: str) -> str:
    """The check character of the first 17 digits (ISO 7064 MOD 11-2)."""
    total = sum(int(digit) * weight for digit, weight in zip(first17, WEIGHTS, strict=True))
    return CHECK_CHARS[total % 11]


def normalize(number: str) -> str:
    """Upper case without spaces: a lower-case "x" is the same check character."""
    return re.sub(r"\s", "", number).upper()


def parse(number: str, *, today: date | None = None) -> IdNumber:
    """Check shape, province, birth date and check character; raise InvalidIdNumberError."""
    text = normalize(number)
    if not _SHAPE.match(text):
        raise InvalidIdNumberError("身份证号码应为18位，最后一位可为数字或X")
    if int(text[:2]) not in PROVINCES:
        raise InvalidIdNumberError("身份证号码的地址码无效")
    birth = _birth_date(text[6:14], today or date.today())
    if check_char(text[:17]) != text[17]:
        raise InvalidIdNumberError("身份证号码校验位不正确，请核对")
    return IdNumber(number=text, birth_date=birth, is_male=int(text[16]) % 2 == 1)


def _birth_date(digits: str, today: date) -> date:
    try:
        birth = date(int(digits[:4]), int(digits[4:6]), int(digits[6:]))
    except ValueError as exc:
        raise InvalidIdNumberError("身份证号码中的出生日期无效") from exc
    if not EARLIEST_BIRTH <= birth <= today:
        raise InvalidIdNumberError("身份证号码中的出生日期无效")
    return birth


def is_valid(number: str) -> bool:
    try:
        parse(number)
    except InvalidIdNumberError:
        return False
    return True
