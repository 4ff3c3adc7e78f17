"""R39 input check: an ID-card number is accepted only with a valid GB 11643 check character
(ISO 7064 MOD 11-2, "X" for 10) and a real birth date that is not in the future."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from shegong.lib import idcard
from shegong.volunteers.actions import check_id_number
from shegong.volunteers.models import Gender, IdType
from shegong.volunteers.tests.steps import VALID_ID, VALID_ID_2

# Worked by hand for 44520219900307123: the weighted sum is 281, 281 mod 11 = 6, so "6".
VALID = [VALID_ID, VALID_ID_2, "445202200002290045", "11010519491231002x"]


@pytest.mark.parametrize("number", VALID)
def test_valid_numbers_pass_with_their_check_character(number: str) -> None:
    assert idcard.is_valid(number)


def test_the_weights_are_those_of_iso_7064_mod_11_2() -> None:
    assert idcard.WEIGHTS == (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
    assert idcard.check_char("44520219900307123") == "6"
    assert idcard.check_char("11010519491231002") == "X"


@pytest.mark.parametrize(
    ("number", "message"),
    [
        ("445202199003071237", "校验位不正确"),  # one off in the check digit
        ("445202199003071263", "校验位不正确"),  # two digits swapped
        ("11010519491231002Y", "18位"),
        ("44520219900307123", "18位"),  # 17 characters
        ("445202900101123", "18位"),  # an old 15-digit number
        ("445202199002301231", "出生日期"),  # 30 February
        ("445202209901011234", "出生日期"),  # born in 2099
        ("995202199003071236", "地址码"),  # no province 99
    ],
)
def test_invalid_numbers_are_refused_with_a_chinese_reason(number: str, message: str) -> None:
    with pytest.raises(idcard.InvalidIdNumberError) as caught:
        idcard.parse(number, today=date(2026, 11, 21))
    assert message in caught.value.message


def test_a_lower_case_x_and_spaces_are_the_same_number() -> None:
    assert idcard.parse(" 110105 19491231 002x").number == VALID_ID


def test_registration_derives_birth_date_and_gender_from_the_number() -> None:
    checked = check_id_number(IdType.RESIDENT_ID, VALID_ID_2)
    assert checked.birth_date == date(1990, 3, 7)
    assert checked.gender == Gender.MALE  # sequence 123 is odd
    assert check_id_number(IdType.RESIDENT_ID, VALID_ID).gender == Gender.FEMALE


def test_registration_refuses_a_wrong_check_digit_on_the_id_number_field() -> None:
    with pytest.raises(ValidationError) as caught:
        check_id_number(IdType.RESIDENT_ID, "445202199003071237")
    assert caught.value.message_dict == {"id_number": ["身份证号码校验位不正确，请核对"]}


def test_a_passport_number_is_checked_only_for_its_shape() -> None:
    assert check_id_number(IdType.PASSPORT, "E12345678").number == "E12345678"
    with pytest.raises(ValidationError):
        check_id_number(IdType.PASSPORT, "E1")
