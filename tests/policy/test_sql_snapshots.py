"""Snapshots of the compiled rule SQL: any change to the rules shows up as a diff here.

To accept a deliberate change: FUPIN_UPDATE_SNAPSHOTS=1 pytest tests/policy, then review.
"""

from __future__ import annotations

import os
from decimal import Decimal
from pathlib import Path

import pytest

from fupin.policy import PolicyError, rules
from fupin.policy.regimes import load_regime

SNAPSHOTS = Path(__file__).parent / "snapshots"
CASES = {
    "household_cn-2014_2016.sql": lambda regime: rules.compile_household_sql(regime, 2016),
    "household_cn-2014_2020.sql": lambda regime: rules.compile_household_sql(regime, 2020),
    "household_cn-2021_2021.sql": lambda regime: rules.compile_household_sql(
        load_regime("cn-2021"), 2021
    ),
    "region_cn-2021_2021.sql": lambda regime: rules.compile_region_sql(
        load_regime("cn-2021"), 2021
    ),
    "household_groups.sql": lambda regime: rules.compile_groups_sql(),
    "region_cn-2014_2016.sql": lambda regime: rules.compile_region_sql(regime, 2016),
    "facts_from_registry.sql": lambda regime: rules.compile_facts_sql(),
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_compiled_sql_matches_snapshot(regime, name):
    compiled = CASES[name](regime)
    path = SNAPSHOTS / name
    if os.environ.get("FUPIN_UPDATE_SNAPSHOTS") == "1":
        path.write_text(compiled, encoding="utf-8")
    assert compiled == path.read_text(encoding="utf-8")


def test_every_parameter_is_filled(regime):
    compiled = rules.compile_household_sql(regime, 2016) + rules.compile_region_sql(regime, 2016)
    assert "$" not in compiled
    assert "CAST('2952.00' AS DECIMAL(18, 2))" in compiled
    assert "('15', '45', '50', '51', '52', '53', '54', '61', '62', '63', '64', '65')" in compiled


def test_literals_are_checked():
    assert rules.sql_literal(Decimal("4000")) == "CAST('4000.00' AS DECIMAL(18, 2))"
    assert rules.sql_literal(("11", "54")) == "('11', '54')"
    with pytest.raises(PolicyError, match="not a region code"):
        rules.sql_literal(("11'; DROP TABLE facts; --",))
    with pytest.raises(PolicyError, match="without a value: nothing"):
        rules.fill("SELECT $nothing", {})
