"""Evaluations kept in the database: the bulk run of a year's rules over the whole registry,
and the re-evaluation of one household after an edit. Dashboards and household pages read
these results instead of evaluating on every request."""

from __future__ import annotations

import contextlib
import json
from collections import Counter
from collections.abc import Iterable
from typing import Any

import duckdb
import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
from django.db import connection, transaction
from django.db.models import Count, Q, Sum
from django.utils import timezone

from fupin.core import bulk
from fupin.core.errors import NotFound
from fupin.policy import rules
from fupin.policy.engine import GROUPS_SCHEMA, evaluate, evaluate_regions
from fupin.policy.regimes import load_regime, regime_for_year, regime_years
from fupin.regions.enums import LEVEL_DIGITS, Level
from fupin.registry import snapshot
from fupin.registry.models import Household, HouseholdResult, RegionResult
from fupin.registry.selectors import household_evaluate
from fupin.registry.services import Progress

RESULT_COLUMNS = (
    "household_id",
    "village_id",
    "year",
    "regime",
    "members",
    "per_capita_income",
    "poverty_line",
    "below_line",
    "guarantees_met",
    "status",
    "reasons",
    "evaluated_at",
)
REGION_COLUMNS = (
    "region_id",
    "year",
    "regime",
    "households",
    "members",
    "poor_members",
    "rural_population",
    "incidence",
    "exit_eligible",
    "statuses",
    "evaluated_at",
)
LEVEL_LENGTHS = sorted(LEVEL_DIGITS.values())


def evaluation_store(
    *, year: int, regime: str | None = None, progress: Progress | None = None
) -> dict[str, int]:
    """Evaluate every household with a survey in `year` and every region above them, and
    store the results, replacing that year's earlier ones, in one transaction. The regime
    is the one in force in `year` unless named."""
    regime = regime or regime_for_year(year)
    rules_of = load_regime(regime)
    rules_of.poverty_line(year)  # an unknown regime or year fails before deleting
    facts = snapshot.registry_facts(year=year, monitoring=rules_of.monitoring)
    stats = snapshot.region_stats(year=year)
    ranges = snapshot.monitoring_ranges(year=year)
    result = evaluate(facts, year=year, regime=regime, region_stats=stats, monitoring_ranges=ranges)
    if progress:
        progress("evaluated", result.households.num_rows)
    now = connection.ops.adapt_datetimefield_value(timezone.now())
    households = result.households
    villages = dict(
        zip(facts["household_id"].to_pylist(), facts["village_code"].to_pylist(), strict=True)
    )
    with transaction.atomic():
        ids = dict(
            bulk.select_in(
                f"SELECT number, id FROM {Household._meta.db_table} WHERE number",
                households["household_id"].to_pylist(),
            )
        )
        with connection.cursor() as cursor:
            for model in (HouseholdResult, RegionResult):
                cursor.execute(
                    f"DELETE FROM {model._meta.db_table} WHERE year = %s AND regime = %s",
                    [year, regime],
                )
        bulk.upsert(
            HouseholdResult._meta.db_table,
            RESULT_COLUMNS,
            _result_rows(households, ids, villages, regime, now),
            key=("household_id", "year", "regime"),
            update=(),
        )
        regions = _region_rows(
            result.regions,
            _statuses(snapshot.of_year(facts, year), households, year),
            year,
            regime,
            now,
        )
        bulk.upsert(
            RegionResult._meta.db_table,
            REGION_COLUMNS,
            regions,
            key=("region_id", "year", "regime"),
            update=(),
        )
    if progress:
        progress("stored", households.num_rows)
    return {"households": households.num_rows, "regions": len(regions)}


def evaluated_years() -> set[int]:
    """The years that have stored region results."""
    return set(RegionResult.objects.values_list("year", flat=True).distinct().order_by())


def evaluation_store_villages(
    *,
    year: int,
    villages: Iterable[str],
    regime: str | None = None,
    progress: Progress | None = None,
) -> dict[str, int]:
    """Evaluate again every household of `villages` with a survey in `year`, store their
    results, and bring the regions above them (and above the villages those households were
    in when last evaluated) up to date, in one transaction: what an import or a county's own
    evaluation touched. A year without stored results gets the whole year's bulk run."""
    regime = regime or regime_for_year(year)
    rules_of = load_regime(regime)
    rules_of.poverty_line(year)
    if not RegionResult.objects.filter(year=year, regime=regime).exists():
        return evaluation_store(year=year, regime=regime, progress=progress)
    villages = sorted(set(villages))
    facts = snapshot.registry_facts(year=year, villages=villages, monitoring=rules_of.monitoring)
    ranges = snapshot.monitoring_ranges(year=year)
    households = evaluate(facts, year=year, regime=regime, monitoring_ranges=ranges).households
    if progress:
        progress("evaluated", households.num_rows)
    numbers = households["household_id"].to_pylist()
    codes = dict(
        zip(facts["household_id"].to_pylist(), facts["village_code"].to_pylist(), strict=True)
    )
    now = connection.ops.adapt_datetimefield_value(timezone.now())
    table = HouseholdResult._meta.db_table
    with transaction.atomic():
        ids = dict(
            bulk.select_in(
                f"SELECT number, id FROM {Household._meta.db_table} WHERE number", numbers
            )
        )
        condition = "year = %s AND regime = %s AND "
        before = {
            row[0]
            for row in bulk.select_in(
                f"SELECT DISTINCT village_id FROM {table} WHERE {condition}household_id",
                list(ids.values()),
                params=[year, regime],
            )
        }
        for column, values in (("village_id", villages), ("household_id", list(ids.values()))):
            bulk.delete_where_in(table, column, values, where=condition, params=[year, regime])
        bulk.insert(table, RESULT_COLUMNS, _result_rows(households, ids, codes, regime, now))
        regions = region_results_refresh(villages=set(villages) | before, year=year, regime=regime)
    if progress:
        progress("stored", households.num_rows)
    return {"households": households.num_rows, "regions": regions}


def _result_rows(
    table: pa.Table, ids: dict[str, int], villages: dict[str, str], regime: str, now: Any
) -> list[tuple[Any, ...]]:
    columns = {name: table[name].to_pylist() for name in rules.HOUSEHOLD_COLUMNS}
    return [
        (
            ids[number],
            villages[number],
            year,
            regime,
            members,
            str(income),
            str(line),
            below,
            met,
            status,
            reasons or "",
            now,
        )
        for number, year, members, income, line, below, met, status, reasons in zip(
            *columns.values(), strict=True
        )
    ]


def _statuses(facts: pa.Table, results: pa.Table, year: int) -> dict[str, dict[str, int]]:
    """Per region code (every level): households per status, and the year's exits and
    registrations, counted by DuckDB."""
    with duckdb.connect() as con:
        con.register(
            "facts", facts.select(["household_id", "village_code", "registered_year", "exit_year"])
        )
        con.register("results", results.select(["household_id", "status"]))
        rows = con.execute(
            f"""
            WITH h AS (SELECT f.village_code, r.status, f.registered_year, f.exit_year
                       FROM results r JOIN facts f USING (household_id)),
            lengths AS (SELECT unnest({LEVEL_LENGTHS}) AS n)
            SELECT left(village_code, n) AS code, status, count(*) AS households,
                   count(*) FILTER (WHERE exit_year = {year}) AS exits,
                   count(*) FILTER (WHERE registered_year = {year}) AS registrations
            FROM h, lengths GROUP BY ALL
            """
        ).fetchall()
    out: dict[str, dict[str, int]] = {}
    for code, status, households, exits, registrations in rows:
        counts = out.setdefault(code, {"exits": 0, "registrations": 0})
        counts[status] = households
        counts["exits"] += exits
        counts["registrations"] += registrations
    return out


def _region_rows(
    table: pa.Table, statuses: dict[str, dict[str, int]], year: int, regime: str, now: Any
) -> list[tuple[Any, ...]]:
    """Result rows keyed by the stored region code: the padded 12-digit code cut to its
    level's length (so 东莞 the prefecture 4419 and 东莞 the county-level unit 441900 stay
    apart); regions that are not in the division tree are left out."""
    rows = []
    codes = []
    for row in table.to_pylist():
        code = row["code"][: LEVEL_DIGITS[Level(row["level"])]]
        codes.append(code)
        rows.append(
            (
                code,
                year,
                regime,
                row["households"],
                row["members"],
                row["poor_members"],
                row["rural_population"],
                None if row["incidence"] is None else str(row["incidence"]),
                row["exit_eligible"],
                json.dumps(statuses.get(code, {})),
                now,
            )
        )
    known = {r[0] for r in bulk.select_in("SELECT code FROM regions_region WHERE code", codes)}
    return [r for r in rows if r[0] in known]


def household_result_refresh(
    *, household: Household, year: int, regime: str | None = None
) -> HouseholdResult:
    """Evaluate one household for `year` (the same rule SQL on its one-row facts) and store
    the result; the household's region figures wait for the next bulk run."""
    regime = regime or regime_for_year(year)
    try:
        fresh = household_evaluate(number=household.number, year=year, regime=regime)
    except NotFound:
        HouseholdResult.objects.filter(household=household, year=year, regime=regime).delete()
        raise
    result, _ = HouseholdResult.objects.update_or_create(
        household=household,
        year=year,
        regime=regime,
        defaults={
            "village_id": household.village_id,
            "members": fresh["members"],
            "per_capita_income": fresh["per_capita_income"],
            "poverty_line": fresh["poverty_line"],
            "below_line": fresh["below_line"],
            "guarantees_met": fresh["guarantees_met"],
            "status": fresh["status"],
            "reasons": fresh["reasons"] or "",
            "evaluated_at": timezone.now(),
        },
    )
    return result


def evaluations_refresh(
    *, household: Household, years: Iterable[int], villages: Iterable[str]
) -> None:
    """After an edit: the household's result of each of `years`, and the figures of the
    regions above `villages` (its village, and the one it left if it moved). A year after one
    of `years` that the household has a survey of is evaluated again too when a monitoring
    regime is in force in it: its income-drop rule reads the edited year."""
    villages = set(villages)
    edited = set(years)
    evaluable = set(regime_years())
    later = {
        y + 1
        for y in edited
        if y + 1 in evaluable
        and y + 1 not in edited
        and load_regime(regime_for_year(y + 1)).monitoring
        and household.surveys.filter(year=y + 1).exists()
    }
    for year in sorted(edited | later):
        with contextlib.suppress(NotFound):  # no members: nothing to evaluate
            household_result_refresh(household=household, year=year)
        region_results_refresh(villages=villages, year=year)


def region_results_refresh(*, villages: Iterable[str], year: int, regime: str | None = None) -> int:
    """Bring the stored region results above `villages` up to date after households in them
    were edited: the edited villages are grouped again from their household results, the
    other villages of the same provinces are taken from their stored results, and the
    region rule (the same SQL as the bulk run) runs over these groups. Only the edited
    villages and the regions above them are rewritten. A year without stored region results
    (no bulk run yet) is left alone. Returns the number of region rows written."""
    regime = regime or regime_for_year(year)
    edited = sorted({v for v in villages if v})
    if not edited or not RegionResult.objects.filter(year=year, regime=regime).exists():
        return 0
    provinces = sorted({v[:2] for v in edited})
    fresh = list(
        HouseholdResult.objects.filter(year=year, regime=regime, village_id__in=edited)
        .values_list("village_id", "status")
        .annotate(households=Count("id"), members=Sum("members"))
        .order_by()
    )
    table = pa.concat_tables(
        [
            _stored_village_groups(provinces, edited, year, regime),
            pa.Table.from_pylist(
                [dict(zip(GROUPS_SCHEMA.names, g, strict=True)) for g in fresh],
                schema=GROUPS_SCHEMA,
            ),
        ]
    )
    stored_codes = sorted({v[:n] for v in edited for n in LEVEL_LENGTHS})
    stats = snapshot.region_stats(year=year, under=provinces)
    regions = evaluate_regions(table, year=year, regime=regime, region_stats=stats)
    wanted = pa.array(sorted({_padded(v, n) for v in edited for n in LEVEL_LENGTHS}))
    regions = regions.filter(pc.is_in(regions["code"], wanted))
    statuses = _statuses_after_edit(edited, stored_codes, year, regime)
    now = connection.ops.adapt_datetimefield_value(timezone.now())
    with transaction.atomic():
        RegionResult.objects.filter(year=year, regime=regime, region_id__in=stored_codes).delete()
        rows = _region_rows(regions, statuses, year, regime, now)
        bulk.insert(RegionResult._meta.db_table, REGION_COLUMNS, rows)
    return len(rows)


def _padded(village: str, digits: int) -> str:
    return village[:digits] + "0" * (12 - digits)


def _stored_village_groups(
    provinces: list[str], edited: list[str], year: int, regime: str
) -> pa.Table:
    """The stored results of the provinces' other villages as region-rule groups
    (GROUPS_SCHEMA): their poor members (members at risk under monitoring) as one group of a
    status the regime counts, the rest as another (the rule needs no finer split)."""
    counted = rules.KIND_RULES[load_regime(regime).kind][1][0]
    query = (
        RegionResult.objects.filter(year=year, regime=regime, region__level=Level.VILLAGE)
        .exclude(region_id__in=edited)
        .values_list("region_id", "households", "members", "poor_members")
    )
    province_q = Q()
    for code in provinces:
        province_q |= Q(region__code__startswith=code)
    rows = list(query.filter(province_q))
    codes = pa.array([r[0] for r in rows], pa.string())
    households = np.fromiter((r[1] for r in rows), np.int64, len(rows))
    members = np.fromiter((r[2] for r in rows), np.int64, len(rows))
    poor = np.fromiter((r[3] for r in rows), np.int64, len(rows))
    count = len(rows)
    return pa.table(
        {
            "village_code": pa.concat_arrays([codes, codes]),
            "status": pa.array([counted] * count + ["not_poor"] * count, pa.string()),
            "households": np.concatenate([np.zeros(count, np.int64), households]),
            "members": np.concatenate([poor, members - poor]),
        },
        schema=GROUPS_SCHEMA,
    )


def _statuses_after_edit(
    edited: list[str], codes: list[str], year: int, regime: str
) -> dict[str, dict[str, int]]:
    """Per stored region code: households per status and the year's exits and registrations,
    the edited villages counted again and the regions above them moved by the difference."""
    stored = dict(
        RegionResult.objects.filter(year=year, regime=regime, region_id__in=codes).values_list(
            "region_id", "statuses"
        )
    )
    rows = (
        HouseholdResult.objects.filter(year=year, regime=regime, village_id__in=edited)
        .values_list("village_id", "status")
        .annotate(
            households=Count("id"),
            exits=Count("id", filter=Q(household__exit_year=year)),
            registrations=Count("id", filter=Q(household__registered_year=year)),
        )
        .order_by()
    )
    fresh: dict[str, Counter[str]] = {v: Counter() for v in edited}
    for village, status, households, exits, registrations in rows:
        fresh[village][status] += households
        fresh[village]["exits"] += exits
        fresh[village]["registrations"] += registrations
    out = {code: Counter(stored.get(code) or {}) for code in codes}
    for village, counts in fresh.items():
        delta = Counter(counts)
        delta.subtract(Counter(stored.get(village) or {}))
        for code in codes:
            if village.startswith(code):
                out[code].update(delta)
    return {
        code: {k: v for k, v in counts.items() if v or k in ("exits", "registrations")}
        for code, counts in out.items()
    }
