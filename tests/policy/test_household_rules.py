"""The household rule of cn-2014: the income test, the guarantees, status and reasons.

Each case runs the rule SQL on a one-row facts relation (evaluate_household); the property
test in test_properties.py shows the bulk run gives the same rows.
"""

from __future__ import annotations

from decimal import Decimal

import pytest

from fupin.policy import PolicyError, evaluate_household

from .conftest import LINE, YEAR, fact


def run(**overrides):
    return evaluate_household(fact(**overrides), year=YEAR, regime="cn-2014")


@pytest.mark.parametrize("members", [1, 3])
@pytest.mark.parametrize(
    ("per_capita", "below"),
    [(LINE - 1, True), (LINE, False), (LINE + 1, False)],
)
def test_line_boundary_per_capita(members, per_capita, below):
    result = run(members=members, wage_income=per_capita * members)
    assert result["below_line"] is below
    assert result["per_capita_income"] == per_capita
    assert result["poverty_line"] == Decimal("2952.00")


def test_below_line_is_exact_not_via_the_rounded_per_capita():
    # 8855.99 / 3 = 2951.9966…, shown as 2952.00, but still below 3 × 2952.00
    result = run(members=3, wage_income=Decimal("8855.99"))
    assert result["per_capita_income"] == Decimal("2952.00")
    assert result["below_line"] is True
    assert run(members=3, wage_income=Decimal("8856.00"))["below_line"] is False


def test_net_income_sums_incomes_less_business_expense():
    result = run(
        members=2,
        wage_income=Decimal("1000.00"),
        business_income=Decimal("3000.50"),
        property_income=Decimal("200.25"),
        transfer_income=Decimal("1800.00"),
        business_expense=Decimal("100.00"),
    )
    assert result["per_capita_income"] == Decimal("2950.38")  # 5900.75 / 2, half up
    assert result["below_line"] is True


@pytest.mark.parametrize(
    ("net", "members", "per_capita"),
    [
        (Decimal("0.05"), 2, Decimal("0.03")),
        (Decimal("0.01"), 3, Decimal("0.00")),
        (Decimal("0.02"), 3, Decimal("0.01")),
        (Decimal("-0.05"), 2, Decimal("-0.03")),
        (Decimal("-100.00"), 3, Decimal("-33.33")),
        (Decimal("0.00"), 1, Decimal("0.00")),
    ],
)
def test_per_capita_rounds_half_up(net, members, per_capita):
    result = run(members=members, wage_income=net)
    assert result["per_capita_income"] == per_capita
    assert result["below_line"] is True


def test_missing_incomes_count_as_zero():
    result = run(wage_income=None)
    assert result["per_capita_income"] == Decimal("0.00")
    assert result["below_line"] is True


@pytest.mark.parametrize(
    ("registered", "exited", "income", "ok", "status"),
    [
        (2014, None, LINE, True, "exit_eligible"),
        (2014, None, LINE - 1, True, "poor"),
        (2014, None, LINE, False, "poor"),
        (2014, 2016, LINE, True, "exited"),
        (2014, 2016, LINE - 1, True, "wrongly_exited"),
        # exited in 2015 with no data of 2015: 错退 cannot be shown, failing 2016 is 返贫
        (2014, 2015, LINE, False, "returned_to_poverty"),
        (None, None, LINE - 1, True, "omitted"),
        (None, None, LINE, True, "not_poor"),
        (None, None, LINE, False, "not_poor"),
        # as of 2016, a registration or exit in a later year has not happened yet
        (2017, None, LINE - 1, True, "omitted"),
        (2014, 2017, LINE, True, "exit_eligible"),
    ],
)
def test_status(registered, exited, income, ok, status):
    result = run(registered_year=registered, exit_year=exited, wage_income=income, housing_ok=ok)
    assert result["status"] == status
    assert result["guarantees_met"] is ok


LINE_2015 = Decimal("2855.00")


def exited_2015(at_exit: Decimal, now: Decimal, **now_overrides):
    """A household registered in 2014 and exited in 2015, evaluated for 2016 with its data
    of both years."""
    household = {"registered_year": 2014, "exit_year": 2015}
    return evaluate_household(
        fact(wage_income=now, **household, **now_overrides),
        year=YEAR,
        regime="cn-2014",
        exit_fact=fact(year=2015, wage_income=at_exit, **household),
    )


def test_a_rightful_exit_that_fails_later_is_returned_to_poverty_not_wrongly_exited():
    result = exited_2015(at_exit=LINE_2015, now=LINE - 1)
    assert (result["status"], result["reasons"]) == ("returned_to_poverty", "below_line")
    result = exited_2015(at_exit=LINE_2015, now=LINE, housing_ok=False)
    assert (result["status"], result["reasons"]) == ("returned_to_poverty", "housing")


def test_wrongly_exited_is_judged_on_the_exit_years_data_and_line():
    # below 2015's line at the exit: 错退, even though 2016 is fine; the reasons are 2015's
    result = exited_2015(at_exit=LINE_2015 - 1, now=LINE + 1000)
    assert (result["status"], result["reasons"]) == ("wrongly_exited", "below_line")
    assert result["below_line"] is False  # the columns describe 2016
    # above 2015's line (2855) but below 2016's (2952): the exit was right
    assert exited_2015(at_exit=LINE_2015, now=LINE + 1000)["status"] == "exited"
    assert exited_2015(at_exit=LINE - 1, now=LINE)["status"] == "exited"


def test_exit_facts_must_be_of_the_same_household_and_earlier():
    with pytest.raises(PolicyError, match="same household, earlier"):
        evaluate_household(
            fact(exit_year=2015), year=YEAR, regime="cn-2014", exit_fact=fact("h2", year=2015)
        )
    with pytest.raises(PolicyError, match="same household, earlier"):
        evaluate_household(fact(), year=YEAR, regime="cn-2014", exit_fact=fact(year=2016))


def test_reasons_list_every_failed_test_in_order():
    result = run(
        wage_income=Decimal("1.00"),
        food_clothing_ok=False,
        education_ok=False,
        medical_ok=False,
        housing_ok=False,
        water_ok=False,
    )
    assert result["reasons"] == "below_line;food_clothing;education;medical;housing;water"
    assert run(education_ok=False, water_ok=False)["reasons"] == "education;water"
    assert run(wage_income=Decimal("1.00"), medical_ok=False)["reasons"] == "below_line;medical"
    assert run(wage_income=Decimal("1.00"))["reasons"] == "below_line"
    assert run()["reasons"] == ""


def test_a_missing_flag_counts_as_not_met():
    result = run(water_ok=None)
    assert result["guarantees_met"] is False
    assert result["reasons"] == "water"


def test_output_row():
    assert run(household_id="4401", members=2, wage_income=Decimal("9000.00")) == {
        "household_id": "4401",
        "year": 2016,
        "members": 2,
        "per_capita_income": Decimal("4500.00"),
        "poverty_line": Decimal("2952.00"),
        "below_line": False,
        "guarantees_met": True,
        "status": "not_poor",
        "reasons": "",
    }


def test_the_line_of_the_year_is_used():
    result = evaluate_household(
        fact(year=2020, wage_income=Decimal("3999.99")), year=2020, regime="cn-2014"
    )
    assert (result["poverty_line"], result["below_line"]) == (Decimal("4000.00"), True)


def test_a_year_without_a_line():
    with pytest.raises(PolicyError, match="regime cn-2014 has no poverty line for 2031"):
        evaluate_household(fact(year=2031), year=2031, regime="cn-2014")


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"members": 0}, "members must be an integer of at least 1"),
        ({"year": 2015}, "the facts are for 2015, not 2016"),
        ({"colour": "red"}, "unknown facts column"),
    ],
)
def test_invalid_facts(overrides, message):
    with pytest.raises(PolicyError, match=message):
        evaluate_household(fact(**overrides), year=YEAR, regime="cn-2014")
