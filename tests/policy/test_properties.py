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


@settings(max_examples=30, deadline=None)
@given(st.lists(households(), min_size=1, max_size=40))
def test_one_household_equals_its_bulk_row(batch):
    rows = [{"household_id": f"h{i}", **household} for i, household in enumerate(batch)]
    bulk = evaluate(facts_table(rows), year=YEAR, regime="cn-2014").households.to_pylist()
    by_id = {row["household_id"]: row for row in bulk}
    assert len(by_id) == len(rows)
    for row in rows:
        assert evaluate_household(row, year=YEAR, regime="cn-2014") == by_id[row["household_id"]]
