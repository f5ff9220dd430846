from decimal import Decimal

import pytest

from fupin.core.arrow import money_from_cents
from fupin.core.money import parse_yuan
from fupin.exchange import cells


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1,234.5", "1234.50"),
        (2952, "2952.00"),
        (0.1 + 0.2, "0.30"),
        ("12元", "12.00"),
        ("-5.005", "-5.01"),
    ],
)
def test_parse_yuan_gives_two_place_decimals(text, expected):
    assert parse_yuan(text) == Decimal(expected)


@pytest.mark.parametrize("text", ["", "abc", "NaN", None, True])
def test_parse_yuan_rejects_non_amounts(text):
    with pytest.raises(ValueError):
        parse_yuan(text)


def test_money_from_cents_is_exact_for_negative_and_large_values():
    array = money_from_cents([123456, -5, None, 99999999999])
    assert array.to_pylist() == [
        Decimal("1234.56"),
        Decimal("-0.05"),
        None,
        Decimal("999999999.99"),
    ]


@pytest.mark.parametrize(
    ("cell", "value"), [("是", True), ("否", False), ("TRUE", True), (0, False)]
)
def test_boolean_cells(cell, value):
    assert cells.boolean(cell) is value


def test_unknown_boolean_word_says_what_is_expected():
    with pytest.raises(ValueError, match="是/否"):
        cells.boolean("maybe")
