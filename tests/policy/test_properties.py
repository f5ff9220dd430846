"""One household evaluated alone equals its row in the bulk evaluation of a batch.

Both go through the same SQL, so this guards the engine's plumbing (types, NULLs, casts and
the one-row path) rather than the rule text itself.
"""

from __future__ import annotations

from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from fupin.policy import evaluate, evaluate_household

from .conftest import EAST_VILLAGE, LINE, WEST_VILLAGE, YEAR, facts_table

CENT = Decimal("0.01")
money = st.one_of(
    st.none(),
    st.integers(min_value=-2_000_000, max_value=5_000_000).map(lambda c: Decimal(c) * CENT),
)
flag = st.sampled_from([True, True, True, False, None])
year = st.one_of(st.none(), st.integers(min_value=2012, max_value=2019))


@st.composite
def households(draw):
    members = draw(st.integers(min_value=1, max_value=9))
    near_line = draw(st.booleans())
    wage = (LINE * members + draw(st.integers(-2, 2)) * CENT) if near_line else draw(money)
    return {
        "village_code": draw(st.sampled_from([EAST_VILLAGE, WEST_VILLAGE, "421123100201"])),
        "year": YEAR,
        "members": members,
        "registered_year": draw(year),
        "exit_year": draw(year),
        "wage_income": wage,
        "business_income": None if near_line else draw(money),
        "property_income": None if near_line else draw(money),
        "transfer_income": None if near_line else draw(money),
        "business_expense": None if near_line else draw(money),
        "food_clothing_ok": draw(flag),
        "education_ok": draw(flag),
        "medical_ok": draw(flag),
        "housing_ok": draw(flag),
        "water_ok": draw(flag),
    }


@st.composite
def with_exit_year(draw):
    """A household of YEAR and, when it exited earlier, perhaps its row of the exit year."""
    household = draw(households())
    exit_year = household["exit_year"]
    if exit_year is None or exit_year >= YEAR or not draw(st.booleans()):
        return household, None
    earlier = draw(households())
    fixed = ("village_code", "members", "registered_year", "exit_year")
    earlier.update({key: household[key] for key in fixed}, year=exit_year)
    return household, earlier


@settings(max_examples=30, deadline=None)
@given(st.lists(with_exit_year(), min_size=1, max_size=40))
def test_one_household_equals_its_bulk_row(batch):
    rows, earlier = [], {}
    for i, (household, at_exit) in enumerate(batch):
        rows.append({"household_id": f"h{i}", **household})
        if at_exit is not None:
            earlier[f"h{i}"] = {"household_id": f"h{i}", **at_exit}
    table = facts_table(rows + list(earlier.values()))
    bulk = evaluate(table, year=YEAR, regime="cn-2014").households.to_pylist()
    by_id = {row["household_id"]: row for row in bulk}
    assert len(bulk) == len(by_id) == len(rows)
    for row in rows:
        alone = evaluate_household(
            row, year=YEAR, regime="cn-2014", exit_fact=earlier.get(row["household_id"])
        )
        assert alone == by_id[row["household_id"]]


MONITORING_YEAR = 2022
RANGE_2022 = Decimal("6500.00")


@st.composite
def monitored(draw):
    """A household of 2022 under cn-2021, perhaps with its row of 2021 (at times exactly at the
    30 % drop, or a cent either side) and perhaps its exit year's row (which may be that
    same row): incomes near the range, expenses near the net income, the new flags."""
    household = draw(households())
    members = household["members"]
    boundary = draw(st.integers(min_value=1, max_value=200_000)) * CENT
    shape = draw(st.sampled_from(["range", "drop", "expense", "free"]))
    if shape == "range":
        household["wage_income"] = RANGE_2022 * members + draw(st.integers(-2, 2)) * CENT
    elif shape == "drop":
        household["wage_income"] = 7 * boundary + draw(st.integers(-1, 1)) * CENT
    household.update(
        year=MONITORING_YEAR,
        registered_year=draw(st.one_of(st.none(), st.integers(2014, 2023))),
        exit_year=draw(st.one_of(st.none(), st.integers(2014, 2023))),
        claim_income=draw(money),
        compliant_expense=draw(money),
        disaster=draw(flag),
        accident=draw(st.sampled_from([None, False, False, True])),
    )
    if shape == "expense":
        household.update(
            business_income=None,
            property_income=None,
            transfer_income=None,
            business_expense=None,
            claim_income=None,
            compliant_expense=(household["wage_income"] or 0) + draw(st.integers(-1, 1)) * CENT,
        )
    previous = None
    if draw(st.booleans()):
        previous = draw(households())
        previous.update(
            {key: household[key] for key in ("village_code", "registered_year", "exit_year")},
            year=MONITORING_YEAR - 1,
            members=members if shape == "drop" else previous["members"],
        )
        if shape == "drop":
            previous.update(
                wage_income=10 * boundary,
                business_income=None,
                property_income=None,
                transfer_income=None,
                business_expense=None,
            )
    return household, previous


@settings(max_examples=40, deadline=None)
@given(st.lists(monitored(), min_size=1, max_size=40))
def test_one_monitored_household_equals_its_bulk_row(batch):
    rows, before = [], {}
    for i, (household, previous) in enumerate(batch):
        rows.append({"household_id": f"m{i}", **household})
        if previous is not None:
            before[f"m{i}"] = {"household_id": f"m{i}", **previous}
    table = facts_table(rows + list(before.values()))
    bulk = evaluate(table, year=MONITORING_YEAR, regime="cn-2021").households.to_pylist()
    by_id = {row["household_id"]: row for row in bulk}
    assert len(bulk) == len(by_id) == len(rows)
    for row in rows:
        previous = before.get(row["household_id"])
        # the registry passes the previous year's row also as the exit year's when it is one
        exit_fact = previous if previous and row["exit_year"] == MONITORING_YEAR - 1 else None
        alone = evaluate_household(
            row,
            year=MONITORING_YEAR,
            regime="cn-2021",
            previous_fact=previous,
            exit_fact=exit_fact,
        )
        assert alone == by_id[row["household_id"]]
