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
