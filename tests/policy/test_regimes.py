"""Regimes are data: the cn-2014 file, its loader and its exact thresholds."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

import pytest

from fupin.policy import PolicyError
from fupin.policy.regimes import GUARANTEE_CODES, list_regimes, load_regime


def test_cn_2014_is_listed():
    assert "cn-2014" in list_regimes()


def test_lines_per_year_with_confidence(regime):
    lines = {line.year: (line.amount, line.confidence) for line in regime.lines}
    assert lines == {
        2010: (Decimal("2300.00"), "C"),
        2011: (Decimal("2536.00"), "U"),
        2012: (Decimal("2625.00"), "U"),
        2013: (Decimal("2736.00"), "C"),
        2014: (Decimal("2800.00"), "C"),
        2015: (Decimal("2855.00"), "C"),
        2016: (Decimal("2952.00"), "W"),
        2017: (Decimal("2952.00"), "U"),
        2018: (Decimal("2995.00"), "U"),
        2019: (Decimal("3218.00"), "W"),
        2020: (Decimal("4000.00"), "C"),
    }
    assert all(line.source for line in regime.lines)
    assert (regime.first_year, regime.last_year) == (2014, 2020)


def test_a_year_without_a_line_is_a_policy_error(regime):
    with pytest.raises(PolicyError) as raised:
        regime.poverty_line(2031)
    assert str(raised.value) == "regime cn-2014 has no poverty line for 2031"
    assert isinstance(raised.value, ValueError)


def test_unknown_regime():
    with pytest.raises(PolicyError, match="unknown regime 'cn-1999'"):
        load_regime("cn-1999")


def test_western_provinces_and_thresholds(regime):
    assert regime.western_provinces == (
        "15",
        "45",
        "50",
        "51",
        "52",
        "53",
        "54",
        "61",
        "62",
        "63",
        "64",
        "65",
    )
    assert regime.incidence_threshold("540232").fraction == Fraction(3, 100)
    assert regime.incidence_threshold("130727").fraction == Fraction(2, 100)
    assert regime.is_western("540232100201") and not regime.is_western("130727100201")


@pytest.mark.parametrize(
    ("code", "poor", "rural", "eligible"),
    [
        ("130727", 19, 1000, True),
        ("130727", 20, 1000, False),
        ("540232", 29, 1000, True),
        ("540232", 30, 1000, False),
        ("130727", 1999999, 100000000, True),
        ("130727", 2000000, 100000000, False),
    ],
)
def test_incidence_threshold_is_exact(regime, code, poor, rural, eligible):
    assert regime.incidence_threshold(code).holds(poor, rural) is eligible


def test_guarantees_in_rule_order(regime):
    assert tuple(g.code for g in regime.guarantees) == GUARANTEE_CODES
    assert regime.guarantees[0].column == "food_clothing_ok"
    assert regime.guarantees[0].name_zh == "吃穿不愁"


def test_county_verification_thresholds(regime):
    wrongly_exited = regime.verification_threshold("wrongly_exited_rate")
    omitted = regime.verification_threshold("omitted_rate")
    approval = regime.verification_threshold("approval_rate")
    assert (wrongly_exited.name_zh, omitted.name_zh, approval.name_zh) == (
        "错退率",
        "漏评率",
        "群众认可度",
    )
    assert wrongly_exited.holds(1, 51) and not wrongly_exited.holds(1, 50)
    assert omitted.holds(19, 1000) and not omitted.holds(20, 1000)
    assert approval.holds(90, 100) and not approval.holds(89, 100)
    with pytest.raises(PolicyError):
        regime.verification_threshold("nothing")
