import datetime as dt

import pyarrow as pa
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from fupin.core.identifiers import check_id_number, check_id_numbers, mask_id_number

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


def test_address_code_created_after_an_early_birth_is_no_warning():
    # 城子河区 (230306) dates from 1983, after the birth in 1963: the number was compiled
    # later (numbers are given at birth only since 1999-10-01), so nothing to verify
    result = check_id_number("230306196304054513", today=TODAY)
    assert result.ok and result.warnings == ()


def _number(address, birth):
    return _with_check(f"{address}{birth}001")


@pytest.mark.parametrize(
    ("address", "birth", "warns"),
    [
        ("130727", "19700101", False),  # 阳原县: its code since 1993, the county far older
        ("130727", "19921231", False),
        ("110229", "19700101", False),  # 延庆县 [1982-2015], numbered in 1999
        ("110119", "19800101", False),  # 延庆区 [2015-]: a 1980 birth renumbered since
        ("110119", "20140601", False),  # a year of slack: the code changed in 2015
        ("110119", "20130601", True),  # born 2013, numbered at birth: 110229 then
        ("110119", "20050505", True),
        ("110229", "20160601", False),  # a year of slack after its end
        ("110229", "20170601", True),  # abolished (2015) before the birth
        ("110103", "20150101", True),  # 崇文区 [-2010]
        ("110103", "19600101", False),
        ("659012", "20200101", True),  # 白杨市 [2022-]
        ("110101", "20230101", False),  # 东城区: no years in the table
        ("999999", "19700101", True),  # no such county
        ("340524", "19800101", True),  # a province without this county (stdnum's KeyError)
    ],
)
def test_address_code_warns_only_where_the_code_can_tell(address, birth, warns):
    number = _number(address, birth)
    expected = (f"address code {address} did not exist in the birth year {birth[:4]}",)
    result = check_id_number(number, today=TODAY)
    assert result.ok and result.warnings == (expected if warns else ())
    column = check_id_numbers(pa.array([number]), today=TODAY)
    assert column.warnings == ([(0, expected[0])] if warns else [])


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


# The column check must agree with the one-number check on every kind of input -----------

_DIGITS = "0123456789"


def _with_check(body: str) -> str:
    from stdnum.cn import ric

    return body + ric.calc_check_digit(body + "0")


@st.composite
def _id_texts(draw):
    address = draw(st.sampled_from(["110119", "421123", "230306", "540232", "999999", "110101"]))
    born = draw(st.dates(dt.date(1870, 1, 1), dt.date(2030, 12, 31)))
    seq = draw(st.text(_DIGITS, min_size=3, max_size=3))
    number = _with_check(f"{address}{born:%Y%m%d}{seq}")
    kind = draw(
        st.sampled_from(["valid", "bad-check", "bad-date", "short", "15", "22", "junk", "case"])
    )
    if kind == "bad-check":
        number = number[:17] + ("0" if number[17] != "0" else "1")
    elif kind == "bad-date":
        number = _with_check(
            f"{address}{born:%Y}{draw(st.sampled_from(['1332', '0230', '0001', '1300']))}{seq}"
        )
    elif kind == "short":
        number = number[: draw(st.integers(1, 17))]
    elif kind == "15":
        number = f"{address}{born:%y%m%d}{seq}"
    elif kind == "22":
        number = number + draw(st.text(_DIGITS, min_size=4, max_size=4))
    elif kind == "junk":
        number = draw(st.text(min_size=1, max_size=20)).strip() or "x"
    elif kind == "case":
        number = " " + number.lower()[:9] + " " + number.lower()[9:] + "\u3000"
    return number


@given(st.lists(st.one_of(st.none(), _id_texts()), min_size=1, max_size=30))
@settings(max_examples=150, deadline=None)
def test_column_check_equals_the_check_of_each_number(texts):
    column = pa.array(texts, pa.string())
    checks = check_id_numbers(column, today=TODAY)
    errors = {}
    warnings = {}
    for position, reason in checks.errors:
        errors.setdefault(position, []).append(reason)
    for position, reason in checks.warnings:
        warnings.setdefault(position, []).append(reason)
    for position, text in enumerate(texts):
        if text is None:
            assert not checks.ok[position] and position not in errors
            continue
        one = check_id_number(text, today=TODAY)
        assert checks.number[position].as_py() == one.number, text
        assert bool(checks.ok[position]) == one.ok, text
        assert tuple(errors.get(position, ())) == one.errors, text
        assert tuple(warnings.get(position, ())) == one.warnings, text
        assert checks.birth_date[position].as_py() == (one.birth_date if one.ok else None), text
        assert checks.sex[position].as_py() == (one.sex if one.ok else None), text
