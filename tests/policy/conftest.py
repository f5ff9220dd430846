"""Helpers for the policy tests: facts rows with sensible defaults, tables from them.

These tests need no database and no Django: fupin.policy is a plain Python package.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pyarrow as pa
import pytest

from fupin.policy.facts import FACTS_SCHEMA, REGION_STATS_SCHEMA
from fupin.policy.regimes import Regime, load_regime

YEAR = 2016
LINE = Decimal("2952.00")  # cn-2014, 2016
EAST_VILLAGE = "130727100201"  # Yangyuan county, Hebei
WEST_VILLAGE = "540232100201"  # Zhongba county, Tibet
ALL_OK = {
    "food_clothing_ok": True,
    "education_ok": True,
    "medical_ok": True,
    "housing_ok": True,
    "water_ok": True,
}


@pytest.fixture(scope="session")
def regime() -> Regime:
    return load_regime("cn-2014")


def fact(household_id: str = "h1", **overrides: Any) -> dict[str, Any]:
    """A household of one member in an eastern village, comfortably above the line."""
    row: dict[str, Any] = {
        "household_id": household_id,
        "village_code": EAST_VILLAGE,
        "year": YEAR,
        "members": 1,
        "registered_year": None,
        "exit_year": None,
        "wage_income": Decimal("10000.00"),
        "business_income": None,
        "property_income": None,
        "transfer_income": None,
        "business_expense": None,
        **ALL_OK,
    }
    row.update(overrides)
    return row


def facts_table(rows: list[dict[str, Any]]) -> pa.Table:
    return pa.Table.from_pylist(rows, schema=FACTS_SCHEMA)


def stats_table(populations: dict[str, int | None], year: int = YEAR) -> pa.Table:
    return pa.Table.from_pylist(
        [{"code": c, "year": year, "rural_population": p} for c, p in populations.items()],
        schema=REGION_STATS_SCHEMA,
    )
