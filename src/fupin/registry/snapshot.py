"""Read the registry out of the database as the policy `facts` relation (Arrow), in one
query, for the bulk engine. Money travels as integer cents, so no float touches it."""

from __future__ import annotations

from typing import Any

import pyarrow as pa
import pyarrow.compute as pc
from django.db import connection

from fupin.core.arrow import money_from_cents
from fupin.policy.facts import FACTS_SCHEMA, MONITORING_RANGES_SCHEMA
from fupin.regions.services import stats_table

_MONEY = frozenset(f.name for f in FACTS_SCHEMA if pa.types.is_decimal(f.type))
_FLAGS = frozenset(f.name for f in FACTS_SCHEMA if pa.types.is_boolean(f.type))
# the facts columns as the query selects them (aliases h household, s survey, m counts)
_SELECTED = {
    "household_id": "h.number",
    "village_code": "h.village_id",
    "year": "s.year",
    "members": "m.members",
    "registered_year": "h.registered_year",
    "exit_year": "h.exit_year",
}


def registry_facts(
    *,
    year: int,
    region: str | None = None,
    household: str | None = None,
    villages: list[str] | None = None,
    monitoring: bool = False,
) -> pa.Table:
    """One row per household with a survey in `year` (optionally under `region`, a stored
    region code, in the villages `villages`, or only the household numbered `household`),
    with its member count; columns and types of FACTS_SCHEMA. A household that exited before
    `year` also brings its row of the exit year (the poverty-line rule judges 错退 on it);
    with `monitoring`, the facts a monitoring regime reads instead: each household's row of
    `year − 1` (its income-drop rule compares with it) and no exit-year row. Select the
    year's rows with :func:`of_year` where only they are wanted."""
    if villages is not None:
        parts = [
            _facts_rows(
                year, region, household, villages[start : start + _VILLAGES_PER_QUERY], monitoring
            )
            for start in range(0, len(villages), _VILLAGES_PER_QUERY)
        ]
        rows = [row for part in parts for row in part]
    else:
        rows = _facts_rows(year, region, household, None, monitoring)
    columns = list(zip(*rows, strict=True)) if rows else [()] * len(FACTS_SCHEMA)
    arrays: list[pa.Array] = []
    for index, field in enumerate(FACTS_SCHEMA):
        values = list(columns[index])
        if field.name in _MONEY:
            arrays.append(money_from_cents(values))
        elif field.name in _FLAGS:
            arrays.append(pa.array([None if v is None else bool(v) for v in values], pa.bool_()))
        else:
            arrays.append(pa.array(values, field.type))
    return pa.Table.from_arrays(arrays, schema=FACTS_SCHEMA)


_VILLAGES_PER_QUERY = 2000


def _column_sql(name: str) -> str:
    if name in _MONEY:
        return f"CAST(ROUND(s.{name} * 100) AS BIGINT)"
    return _SELECTED.get(name, f"s.{name}")


def _facts_rows(
    year: int,
    region: str | None,
    household: str | None,
    villages: list[str] | None,
    monitoring: bool,
) -> list[tuple[Any, ...]]:
    """The facts rows of one query; the member counts are limited to the same households."""
    columns = ", ".join(_column_sql(name) for name in FACTS_SCHEMA.names)
    if monitoring:
        where = ["s.year IN (%s, %s)"]
        params: list[Any] = [year - 1, year]
    else:
        where = ["(s.year = %s OR (s.year = h.exit_year AND h.exit_year < %s))"]
        params = [year, year]
    count_where = ""
    count_params: list[Any] = []
    if region:
        where.append("h.village_id LIKE %s")
        params.append(region + "%")
    if household is not None:
        where.append("h.number = %s")
        params.append(household)
        count_where = "WHERE household_id = (SELECT id FROM registry_household WHERE number = %s)"
        count_params = [household]
    if villages is not None:
        if not villages:
            return []
        marks = ", ".join(["%s"] * len(villages))
        where.append(f"h.village_id IN ({marks})")
        params.extend(villages)
        count_where = (
            "WHERE household_id IN (SELECT id FROM registry_household "
            f"WHERE village_id IN ({marks}))"
        )
        count_params = list(villages)
    sql = (
        f"SELECT {columns} FROM registry_survey s "
        "JOIN registry_household h ON h.id = s.household_id "
        f"JOIN (SELECT household_id, COUNT(*) AS members FROM registry_member {count_where} "
        "GROUP BY household_id) m ON m.household_id = h.id "
        f"WHERE {' AND '.join(where)} ORDER BY h.number, s.year"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [*count_params, *params])
        return list(cursor.fetchall())


def of_year(facts: pa.Table, year: int) -> pa.Table:
    """The rows of `year` of a facts table (without the earlier exit years' rows)."""
    return facts.filter(pc.equal(facts["year"], year))


def monitoring_ranges(*, year: int) -> pa.Table:
    """The monitoring ranges regions set for `year` (natural-length codes), as the rules'
    `monitoring_ranges` relation."""
    from fupin.monitoring.selectors import monitoring_range_rows

    rows = monitoring_range_rows(year=year)
    return pa.Table.from_pylist(
        [{"code": code, "year": y, "amount": amount} for code, y, amount in rows],
        schema=MONITORING_RANGES_SCHEMA,
    )


def region_stats(*, year: int, under: list[str] | None = None) -> pa.Table:
    """Rural population per region in `year` (of the regions under the codes `under` when
    given: a region's figure may be the sum of its children's), as the rules'
    `region_stats` relation."""
    sql = (
        "SELECT region_id, year, rural_population FROM regions_regionyear "
        "WHERE year = %s AND rural_population IS NOT NULL"
    )
    params: list[Any] = [year]
    if under is not None:
        if not under:
            return stats_table([])
        sql += " AND (" + " OR ".join(["region_id LIKE %s"] * len(under)) + ")"
        params.extend(code + "%" for code in under)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    return stats_table(rows)
