"""The monitoring regimes (cn-2021, cn-2026): the monitoring range instead of a line,
households at risk flagged, no exit by incidence; the regime in force per year."""

from __future__ import annotations

from decimal import Decimal

import pytest

from fupin.policy import PolicyError, evaluate, evaluate_household
from fupin.policy.regimes import load_regime, regime_for_year, regime_years

from .conftest import EAST_VILLAGE, fact, facts_table, stats_table

RANGE_2021 = Decimal("6000.00")


def run(year=2021, **overrides):
    return evaluate_household(fact(year=year, **overrides), year=year, regime="cn-2021")


def test_the_regime_in_force_each_year():
    assert [regime_for_year(y) for y in (2014, 2020, 2021, 2025, 2026)] == [
        "cn-2014",
        "cn-2014",
        "cn-2021",
        "cn-2021",
        "cn-2026",
    ]
    with pytest.raises(PolicyError, match="no regime covers 2013"):
        regime_for_year(2013)


def test_monitoring_regimes_take_the_guarantees_of_cn_2014_and_a_range_per_year():
    cn2014, cn2021, cn2026 = (load_regime(n) for n in ("cn-2014", "cn-2021", "cn-2026"))
    assert (cn2014.monitoring, cn2021.monitoring, cn2026.monitoring) == (False, True, True)
    assert cn2021.guarantees == cn2014.guarantees == cn2026.guarantees
    assert [(r.year, r.amount, r.confidence) for r in cn2021.lines] == [
        (2021, RANGE_2021, "U"),
        (2022, Decimal("6500.00"), "U"),
        (2023, Decimal("6900.00"), "U"),
        (2024, Decimal("7300.00"), "W"),
        (2025, Decimal("7300.00"), "U"),
    ]
    assert cn2026.poverty_line(2026).amount == Decimal("7300.00")
    with pytest.raises(PolicyError, match="regime cn-2021 has no monitoring range for 2020"):
        cn2021.poverty_line(2020)


@pytest.mark.parametrize(
    ("registered", "income", "ok", "status", "reasons"),
    [
        (2014, RANGE_2021 - Decimal("0.01"), True, "unstable_exited", "below_range"),
        (2014, RANGE_2021, True, "exited", ""),
        (2014, RANGE_2021, False, "unstable_exited", "housing"),
        (None, RANGE_2021 - 1, True, "marginal", "below_range"),
        (None, RANGE_2021 - 1, False, "marginal", "below_range;housing"),
        (None, RANGE_2021, True, "not_poor", ""),
    ],
)
def test_households_at_risk(registered, income, ok, status, reasons):
    result = run(registered_year=registered, exit_year=2019, wage_income=income, housing_ok=ok)
    assert (result["status"], result["reasons"]) == (status, reasons)
    assert result["poverty_line"] == RANGE_2021
    assert result["below_line"] is (income < RANGE_2021)


def test_regions_count_members_at_risk_and_nothing_exits():
    rows = [
        fact("a", year=2021, registered_year=2014, members=3, wage_income=Decimal("100.00")),
        fact("b", year=2021, members=2, wage_income=Decimal("100.00")),
        fact("c", year=2021, members=4, wage_income=Decimal("24000.00")),
    ]
    result = evaluate(
        facts_table(rows),
        year=2021,
        regime="cn-2021",
        region_stats=stats_table({EAST_VILLAGE: 1000}, year=2021),
    )
    statuses = {r["household_id"]: r["status"] for r in result.households.to_pylist()}
    assert statuses == {"a": "unstable_exited", "b": "marginal", "c": "not_poor"}
    regions = {r["level"]: r for r in result.regions.to_pylist()}
    assert (regions["village"]["poor_members"], regions["village"]["incidence"]) == (
        5,
        Decimal("0.005000"),
    )
    assert regions["village"]["exit_eligible"] is None
    assert regions["county"]["exit_eligible"] is None


def ranges(values, year=2021):
    import pyarrow as pa

    from fupin.policy.facts import MONITORING_RANGES_SCHEMA

    rows = [{"code": c, "year": year, "amount": Decimal(a)} for c, a in values.items()]
    return pa.Table.from_pylist(rows, schema=MONITORING_RANGES_SCHEMA)


def test_the_most_specific_regions_range_applies_else_the_reference():
    # Hebei sets 6,500, its prefecture 张家口 7,000, the county 阳原 nothing of its own
    set_by = ranges({"13": "6500", "1307": "7000", "1308": "8000", "421123": "9000"})
    income = Decimal("6800.00")
    households = [
        fact("yy", year=2021, wage_income=income),  # 阳原 (1307): 7,000 → below
        fact("lp", year=2021, wage_income=income, village_code="130824100201"),  # 1308: 8,000
        fact("hb", year=2021, wage_income=income, village_code="130102001001"),  # 13: 6,500
        fact("tb", year=2021, wage_income=income, village_code="540232100201"),  # reference
    ]
    result = evaluate(
        facts_table(households), year=2021, regime="cn-2021", monitoring_ranges=set_by
    )
    rows = {r["household_id"]: r for r in result.households.to_pylist()}
    assert {k: (r["poverty_line"], r["status"]) for k, r in rows.items()} == {
        "yy": (Decimal("7000.00"), "marginal"),
        "lp": (Decimal("8000.00"), "marginal"),
        "hb": (Decimal("6500.00"), "not_poor"),
        "tb": (RANGE_2021, "not_poor"),
    }
    alone = evaluate_household(households[0], year=2021, regime="cn-2021", monitoring_ranges=set_by)
    assert alone == rows["yy"]
    # another year's ranges do not apply
    other = evaluate_household(
        households[0], year=2021, regime="cn-2021", monitoring_ranges=ranges({"1307": "9"}, 2022)
    )
    assert other["poverty_line"] == RANGE_2021


def test_the_years_that_can_be_evaluated_are_those_a_regime_is_in_force_for():
    years = regime_years()
    assert (years[0], years[-1]) == (2014, 2026)
    assert [regime_for_year(y) for y in years].count("cn-2014") == 7
