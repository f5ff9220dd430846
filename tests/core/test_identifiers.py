import datetime as dt

import pytest

from fupin.core.identifiers import check_id_number, mask_id_number

VALID = [
    "360426199101010071",
    "120103198806018241",
    "34052419800101001X",
    "110101202311012176",
    "11010519491231002X",
    "230306196304054513",
]
BAD_CHECKSUM = [
    "360426199101010072",
    "340524198001010013",
    "110101202311012171",
    "230307196304054513",
]
TODAY = dt.date(2026, 11, 22)


@pytest.mark.parametrize("number", VALID)
def test_valid_numbers_pass(number):
    assert check_id_number(number, today=TODAY).ok


@pytest.mark.parametrize("number", BAD_CHECKSUM)
def test_wrong_check_digit_is_an_error_naming_the_expected_digit(number):
    result = check_id_number(number, today=TODAY)
    assert not result.ok
    assert result.errors[0].startswith("check digit is wrong (expected ")


def test_lowercase_x_and_spaces_are_accepted():
    result = check_id_number(" 34052419800101001x ", today=TODAY)
    assert result.ok and result.number == "34052419800101001X"


def test_address_code_newer_than_the_birth_year_is_only_a_warning():
    # 城子河区 (230306) dates from 1983; the number is checksum-valid (DOMAIN.md §7.1)
    result = check_id_number("230306196304054513", today=TODAY)
    assert result.ok
    assert result.warnings == ("address code 230306 did not exist in the birth year 1963",)


def test_birth_date_sex_and_impossible_dates():
    result = check_id_number("11010519491231002X", today=TODAY)
    assert result.birth_date == dt.date(1949, 12, 31) and result.sex == "female"
    assert check_id_number("360426199102300071", today=TODAY).errors == (
        "birth date in the ID number is not a real date",
    )
    assert check_id_number("110101202311012176", today=dt.date(2023, 10, 31)).errors == (
        "birth date in the ID number is not a real date",
    )


@pytest.mark.parametrize(
    ("number", "message"),
    [
        ("", "ID number is empty"),
        ("3604261991010100", "ID number has 16 characters, not 18"),
        ("36042619910101007A", "ID number has characters other than digits and a final X"),
    ],
)
def test_malformed_numbers(number, message):
    assert check_id_number(number, today=TODAY).errors == (message,)


def test_fifteen_digit_and_disability_numbers_are_accepted_with_a_warning():
    old = check_id_number("360426910101007", today=TODAY)
    assert old.ok and "upgraded to 18 digits" in old.warnings[0]
    cert = check_id_number("36042619910101007142", today=TODAY)
    assert cert.ok and cert.warnings[0] == "disability certificate number used as ID number"


def test_mask_keeps_region_and_last_four():
    assert mask_id_number("110101202311012176") == "110101********2176"
