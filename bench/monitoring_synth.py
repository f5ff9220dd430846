"""A deterministic synthetic registry for the monitoring scan: two survey years per household.

Same households, members and villages as :mod:`bench.synth` (same sizes, codes and layout),
but every household has a row of the year before (``year − 1``) and of the year, both with
the columns the monitoring rules read (理赔收入, 合规自付支出, disaster and accident flags).
Incomes lie around the monitoring range; a few per cent of households lose more than 30 % of
their income, some exactly 30 % or a cent either side of it; some have compliant expenses
above their income (some exactly equal), offset in part by claims; about 1 % had a disaster,
0.5 % an accident. A few provinces, prefectures and counties set their own range
(``monitoring_ranges.parquet``). The same arguments always give the same files.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq

from bench.synth import (
    CHUNK,
    FLAGS,
    HOUSEHOLD_SCHEMA,
    Registry,
    _household_sizes,
    _income_columns,
    _money,
    _village_bounds,
    _village_codes,
)
from fupin.policy.facts import MONITORING_RANGES_SCHEMA

#: The registry households' columns, the monitoring ones filled in here.
SCHEMA = HOUSEHOLD_SCHEMA
#: Regions setting their own range in the scan's year: (code, yuan).
OWN_RANGES = (("13", "6800"), ("1307", "7000"), ("421123", "7200"), ("53", "6600"))


def generate(out_dir: str, members: int, year: int = 2022, seed: int = 2022) -> str:
    """Write the two-year registry of ``members`` people to ``out_dir``; returns the Registry
    as JSON (its ``region_stats`` names the monitoring ranges file)."""
    from fupin.policy.regimes import load_regime, regime_for_year

    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    rng = np.random.default_rng(seed)
    sizes = _household_sizes(rng, members)
    villages = _village_codes(len(sizes))
    bounds = _village_bounds(rng, len(villages), len(sizes))
    range_cents = int(load_regime(regime_for_year(year)).poverty_line(year).amount * 100)
    _write(out, sizes, villages, bounds, year, range_cents, seed)
    ranges = pa.Table.from_pylist(
        [{"code": c, "year": year, "amount": Decimal(a)} for c, a in OWN_RANGES],
        schema=MONITORING_RANGES_SCHEMA,
    )
    pq.write_table(ranges, out / "monitoring_ranges.parquet")
    registry = Registry(
        households=str(out / "households.parquet"),
        members=str(out / "members.parquet"),
        region_stats=str(out / "monitoring_ranges.parquet"),
        household_count=len(sizes),
        member_count=int(sizes.sum()),
        year=year,
    )
    return registry.to_json()


def _write(
    out: Path,
    sizes: np.ndarray,
    villages: list[str],
    bounds: np.ndarray,
    year: int,
    range_cents: int,
    seed: int,
) -> None:
    dictionary = pa.array(villages, pa.string())
    with (
        pq.ParquetWriter(out / "households.parquet", SCHEMA, store_decimal_as_integer=True) as hh,
        pq.ParquetWriter(
            out / "members.parquet",
            pa.schema([("household_id", pa.int64())]),
            use_dictionary=False,
            column_encoding={"household_id": "DELTA_BINARY_PACKED"},
        ) as members,
    ):
        for start in range(0, len(sizes), CHUNK):
            stop = min(start + CHUNK, len(sizes))
            rng = np.random.default_rng([seed, start])
            ids = np.arange(start + 1, stop + 1, dtype=np.int64)
            village = np.searchsorted(bounds, np.arange(start, stop), side="right") - 1
            codes = pa.DictionaryArray.from_arrays(pa.array(village, pa.int32()), dictionary)
            codes = codes.cast(pa.string())
            for table in _two_years(rng, ids, sizes[start:stop], year, range_cents):
                hh.write_table(table.set_column(1, "village_code", codes))
            members.write_table(pa.table({"household_id": np.repeat(ids, sizes[start:stop])}))


def _two_years(
    rng: np.random.Generator, ids: np.ndarray, sizes: np.ndarray, year: int, range_cents: int
) -> tuple[pa.Table, pa.Table]:
    """The chunk's rows of the year before and of the year."""
    n = len(ids)
    registered = rng.random(n) < 0.35
    reg_year = rng.choice([2014, 2015, 2016, 2017], n, p=[0.6, 0.25, 0.1, 0.05])
    exit_year = np.maximum(rng.choice([2016, 2017, 2018, 2019, 2020], n), reg_year)
    before = np.round(range_cents * sizes * np.exp(rng.normal(0.6, 0.35, n))).astype(np.int64)
    now = np.round(before * np.exp(rng.normal(0.05, 0.12, n))).astype(np.int64)
    shape = rng.random(n)
    now = np.where(shape < 0.04, np.round(before * rng.uniform(0.3, 0.69, n)), now)
    # exactly a 30 % drop, or a cent either side of it (the year before a multiple of 10 cents)
    exact = (shape >= 0.04) & (shape < 0.05)
    before = np.where(exact, before // 10 * 10, before)
    now = np.where(exact, before // 10 * 7 + rng.integers(-1, 2, n), now)
    # on the range exactly, or a cent below it
    edge = rng.random(n)
    now = np.where(edge < 0.005, range_cents * sizes, now)
    now = np.where((edge >= 0.005) & (edge < 0.01), range_cents * sizes - 1, now)
    now = np.where(edge > 0.998, -rng.integers(0, 300_000, n), now).astype(np.int64)
    rows = []
    for net, y in ((before, year - 1), (now, year)):
        expense, claims = _expenses(rng, net)
        table: dict[str, object] = {
            "household_id": ids,
            "village_code": pa.nulls(n, pa.string()),
            "year": np.full(n, y, np.int32),
            "registered_year": pa.array(reg_year.astype(np.int32), mask=~registered),
            "exit_year": pa.array(exit_year.astype(np.int32), mask=~registered),
            **_income_columns(rng, net),
        }
        for flag in FLAGS:
            draw = rng.random(n)
            table[flag] = pa.array(draw >= 0.004, mask=draw > 0.999)
        table["claim_income"] = _money(claims, null=claims < 0)
        table["compliant_expense"] = _money(expense, null=expense < 0)
        draw = rng.random(n)
        table["disaster"] = pa.array(draw < 0.01, mask=draw > 0.95)
        draw = rng.random(n)
        table["accident"] = pa.array(draw < 0.005, mask=draw > 0.95)
        rows.append(pa.table(table, schema=SCHEMA))
    return rows[0], rows[1]


def _expenses(rng: np.random.Generator, net: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Compliant expenses and claims in cents (-1 for NULL): most households none, 15 % some,
    2 % above their net income, 0.5 % exactly equal to it; half of those with expenses get
    claims offsetting part of them."""
    n = len(net)
    base = np.abs(net)
    draw = rng.random(n)
    expense = np.where(draw < 0.15, np.round(base * rng.uniform(0.02, 0.5, n)), 0)
    expense = np.where(draw < 0.02, base + rng.integers(1, 500_000, n), expense)
    expense = np.where((draw >= 0.02) & (draw < 0.025), np.maximum(net, 0), expense)
    expense = np.where(draw > 0.97, -1, expense).astype(np.int64)
    claims = np.where(
        (expense > 0) & (rng.random(n) < 0.5), np.round(expense * rng.uniform(0, 0.8, n)), 0
    )
    claims = np.where(rng.random(n) > 0.97, -1, claims).astype(np.int64)
    return expense, claims
