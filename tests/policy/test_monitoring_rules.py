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


# -- discovery (风险预警): income drop, rigid expenditure, disaster, accident ------------------


def run_with_previous(previous_income, income, *, members=1, previous_members=None, **overrides):
    """A household of 2021 (unregistered, above the range unless told) and its row of 2020."""
    before = fact(
        year=2020,
        members=previous_members or members,
        wage_income=None if previous_income is None else Decimal(previous_income),
    )
    return evaluate_household(
        fact(year=2021, members=members, wage_income=Decimal(income), **overrides),
        year=2021,
        regime="cn-2021",
        previous_fact=before,
    )


@pytest.mark.parametrize(
    ("previous", "income", "members", "fires"),
    [
        ("10000.00", "7000.00", 1, False),  # exactly 30 %: does not fire
        ("10000.00", "6999.00", 1, True),  # 30.01 %
        ("10000.00", "6999.99", 1, True),  # 30.0001 %
        ("30000.00", "21000.00", 3, False),  # per capita 10,000 → 7,000: exactly 30 %
        ("30000.00", "20999.97", 3, True),  # per capita 6,999.99
        ("0.00", "-100.00", 1, False),  # no income the year before: no drop to measure
        ("-500.00", "-900.00", 1, False),
        ("10000.00", "10000.00", 1, False),
        ("8000.00", "12000.00", 1, False),  # a rise
    ],
)
def test_the_income_drop_fires_above_the_share_only(previous, income, members, fires):
    result = run_with_previous(previous, income, members=members)
    above = Decimal(income) >= RANGE_2021 * members
    assert result["reasons"] == ";".join(
        ([] if above else ["below_range"]) + (["income_drop"] if fires else [])
    )
    if above:
        assert result["status"] == ("sudden_hardship" if fires else "not_poor")


def test_the_income_drop_compares_per_capita_incomes():
    # 4 people on 40,000 (10,000 each), then 2 people on 14,000 (7,000 each): exactly 30 %
    assert run_with_previous("40000.00", "14000.00", members=2, previous_members=4)["reasons"] == (
        ""
    )
    # the household total fell by 65 %; per capita one cent more than 30 % fires
    result = run_with_previous("40000.00", "13999.98", members=2, previous_members=4)
    assert (result["status"], result["reasons"]) == ("sudden_hardship", "income_drop")


def test_no_row_of_the_year_before_no_income_drop():
    alone = run(wage_income=Decimal("6500.00"))
    assert (alone["status"], alone["reasons"]) == ("not_poor", "")
    # an earlier year than year − 1 is not the year before
    with pytest.raises(PolicyError, match="year − 1"):
        evaluate_household(
            fact(year=2021), year=2021, regime="cn-2021", previous_fact=fact(year=2019)
        )


@pytest.mark.parametrize(
    ("income", "expense", "claims", "fires"),
    [
        ("10000.00", "10000.00", None, False),  # equal to the net income: does not fire
        ("10000.00", "10000.01", None, True),  # one cent more
        ("10000.00", "12000.00", "2000.00", False),  # claims offset the expense
        ("10000.00", "12000.00", "1999.99", True),
        ("10000.00", "500.00", "900.00", False),  # claims above the expense
        ("0.00", "0.01", None, True),  # no income: any net expense fires
        ("-300.00", "0.01", None, True),
        ("-300.00", None, None, False),  # no expense, whatever the income
        ("-300.00", "100.00", "100.00", False),
    ],
)
def test_rigid_expense_above_the_net_income(income, expense, claims, fires):
    result = run(
        wage_income=Decimal(income),
        compliant_expense=None if expense is None else Decimal(expense),
        claim_income=None if claims is None else Decimal(claims),
    )
    below = Decimal(income) < RANGE_2021
    assert result["reasons"] == ";".join(
        (["below_range"] if below else []) + (["rigid_expense"] if fires else [])
    )


def test_rigid_expense_weighs_the_household_total_not_per_capita():
    # 3 people on 24,000 (8,000 each, above the range), expenses of 24,000.01 less no claims
    result = run(members=3, wage_income=Decimal("24000.00"), compliant_expense="24000.01")
    assert (result["status"], result["reasons"]) == ("sudden_hardship", "rigid_expense")
    assert result["per_capita_income"] == Decimal("8000.00")


@pytest.mark.parametrize("flag", ["disaster", "accident"])
@pytest.mark.parametrize(
    ("value", "status", "reasons"),
    [(True, "sudden_hardship", None), (False, "not_poor", ""), (None, "not_poor", "")],
)
def test_disaster_and_accident_flags(flag, value, status, reasons):
    result = run(**{flag: value})
    assert (result["status"], result["reasons"]) == (status, flag if reasons is None else reasons)


@pytest.mark.parametrize(
    ("registered", "income", "ok", "hardship", "status", "reasons"),
    [
        # below the range or a guarantee failing comes first, the other reasons still listed
        (2014, "5999.99", True, True, "unstable_exited", "below_range;accident"),
        (None, "5999.99", True, True, "marginal", "below_range;accident"),
        (None, "9000.00", False, True, "marginal", "water;accident"),
        (2014, "9000.00", False, False, "unstable_exited", "water"),
        # above the range with every guarantee: sudden hardship, registered or not
        (2014, "9000.00", True, True, "sudden_hardship", "accident"),
        (None, "9000.00", True, True, "sudden_hardship", "accident"),
        (2014, "9000.00", True, False, "exited", ""),
        (None, "9000.00", True, False, "not_poor", ""),
    ],
)
def test_status_precedence(registered, income, ok, hardship, status, reasons):
    result = run(
        registered_year=registered,
        exit_year=2019 if registered else None,
        wage_income=Decimal(income),
        water_ok=ok,
        accident=hardship,
    )
    assert (result["status"], result["reasons"]) == (status, reasons)


def test_every_rule_at_once_lists_every_reason_in_order():
    result = run_with_previous(
        "20000.00",
        "100.00",
        registered_year=2014,
        food_clothing_ok=None,
        water_ok=False,
        compliant_expense="5000.00",
        disaster=True,
        accident=True,
    )
    assert result["status"] == "unstable_exited"
    assert result["reasons"] == (
        "below_range;food_clothing;water;income_drop;rigid_expense;disaster;accident"
    )


def test_bulk_reads_the_year_before_from_the_facts():
    rows = [
        fact("drop", year=2021, wage_income=Decimal("6999.00")),
        fact("drop", year=2020, wage_income=Decimal("10000.00")),
        fact("same", year=2021, wage_income=Decimal("7000.00")),
        fact("same", year=2020, wage_income=Decimal("10000.00")),
        fact("new", year=2021, wage_income=Decimal("7000.00")),
        fact("old", year=2020, wage_income=Decimal("10000.00")),  # no row of 2021: left out
        fact("far", year=2021, wage_income=Decimal("7000.00")),
        fact("far", year=2019, wage_income=Decimal("90000.00")),  # not the year before
    ]
    result = evaluate(facts_table(rows), year=2021, regime="cn-2021")
    statuses = {
        r["household_id"]: (r["status"], r["reasons"]) for r in result.households.to_pylist()
    }
    assert statuses == {
        "drop": ("sudden_hardship", "income_drop"),
        "same": ("not_poor", ""),
        "new": ("not_poor", ""),
        "far": ("not_poor", ""),
    }
    # the members at risk of the village count the household in sudden hardship
    village = next(r for r in result.regions.to_pylist() if r["level"] == "village")
    assert (village["households"], village["poor_members"]) == (4, 1)


def test_the_shares_come_from_the_regime():
    from dataclasses import replace

    from fupin.policy import rules

    cn2021 = load_regime("cn-2021")
    parameters = rules.rule_parameters(cn2021, 2021)
    assert (parameters["income_drop_numerator"], parameters["income_drop_denominator"]) == (30, 100)
    assert (parameters["rigid_expense_numerator"], parameters["rigid_expense_denominator"]) == (
        100,
        100,
    )
    assert "income_drop_numerator" not in rules.rule_parameters(load_regime("cn-2014"), 2016)
    # a stricter share flags the 30 % drop, through the same rule text
    stricter = replace(cn2021, income_drop=replace(cn2021.income_drop, numerator=29))
    before = fact(year=2020, wage_income=Decimal("10000.00"))
    now = fact(year=2021, wage_income=Decimal("7000.00"))
    assert (
        evaluate_household(now, year=2021, regime=stricter, previous_fact=before)["reasons"]
        == "income_drop"
    )
    with pytest.raises(PolicyError, match="needs its rigid_expense share"):
        rules.rule_parameters(replace(cn2021, rigid_expense=None), 2021)
    with pytest.raises(PolicyError, match="income_drop share must be strict"):
        rules.rule_parameters(
            replace(cn2021, income_drop=replace(cn2021.income_drop, comparison=">=")), 2021
        )


def test_the_scan_writes_the_flagged_households_only(tmp_path):
    import csv

    from fupin.policy.engine import WARNING_COLUMNS, scan_to_csv

    rows = [
        fact("a", year=2021, registered_year=2014, wage_income=Decimal("5999.99")),
        fact("b", year=2021, wage_income=Decimal("6000.00")),
        fact("c", year=2021, wage_income=Decimal("6999.00")),
        fact("c", year=2020, wage_income=Decimal("10000.00")),
        fact("d", year=2021, members=2, wage_income=Decimal("100.00"), accident=True),
    ]
    counts = scan_to_csv(facts_table(rows), year=2021, regime="cn-2021", out_dir=tmp_path)
    assert counts == {"unstable_exited": 1, "marginal": 1, "sudden_hardship": 1}
    with (tmp_path / "warnings.csv").open(encoding="utf-8") as handle:
        written = list(csv.reader(handle))
    assert written == [
        list(WARNING_COLUMNS),
        ["a", "2021", "5999.99", "6000.00", "below_range", "unstable_exited"],
        ["c", "2021", "6999.00", "6000.00", "income_drop", "sudden_hardship"],
        ["d", "2021", "50.00", "6000.00", "below_range;accident", "marginal"],
    ]
    with pytest.raises(PolicyError, match="cn-2014 is not a monitoring regime"):
        scan_to_csv(facts_table(rows), year=2016, regime="cn-2014", out_dir=tmp_path / "no")
    assert not (tmp_path / "no").exists()
