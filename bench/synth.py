"""A deterministic synthetic registry as Parquet, generated with vectorised numpy.

Three files: ``households.parquet`` (one row per household: the facts columns except
``members``, with a BIGINT household_id), ``members.parquet`` (one row per member: its
household_id) and ``region_stats.parquet`` (rural population per region and year). Villages
have real-looking NBS codes, in counties of eastern, central and western provinces (the seed
counties Yangyuan 130727, Luanping 130824, Luotian 421123, Zhenyuan 530825 and Zhongba 540232
first). Incomes lie around the poverty line so every status occurs; a few guarantee flags fail
or are missing. The same arguments always give the same files.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from decimal import Decimal
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq

SEED_COUNTIES = ("130727", "130824", "421123", "530825", "540232")
PROVINCES = ("13", "42", "43", "45", "52", "53", "54", "62")
TOWNSHIPS_PER_COUNTY = 15
VILLAGES_PER_TOWNSHIP = 20
HOUSEHOLDS_PER_VILLAGE = 400
CHUNK = 1_000_000
FLAGS = ("food_clothing_ok", "education_ok", "medical_ok", "housing_ok", "water_ok")
MONEY = pa.decimal128(18, 2)


@dataclass(frozen=True)
class Registry:
    """Where the generated files are and what they hold."""

    households: str
    members: str
    region_stats: str
    household_count: int
    member_count: int
    year: int

    def to_json(self) -> str:
        return json.dumps(asdict(self))

    @classmethod
    def from_json(cls, text: str) -> Registry:
        return cls(**json.loads(text))


def generate(
    out_dir: str, members: int, year: int = 2016, line: str = "2952.00", seed: int = 2016
) -> str:
    """Write the registry of ``members`` people to ``out_dir``; returns the Registry as JSON."""
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    rng = np.random.default_rng(seed)
    sizes = _household_sizes(rng, members)
    villages = _village_codes(len(sizes))
    bounds = _village_bounds(rng, len(villages), len(sizes))
    line_cents = int(Decimal(line) * 100)
    _write_households_and_members(out, sizes, villages, bounds, year, line_cents, seed)
    _write_region_stats(out, rng, sizes, villages, bounds, year)
    registry = Registry(
        households=str(out / "households.parquet"),
        members=str(out / "members.parquet"),
        region_stats=str(out / "region_stats.parquet"),
        household_count=len(sizes),
        member_count=int(sizes.sum()),
        year=year,
    )
    return registry.to_json()


def _household_sizes(rng: np.random.Generator, members: int) -> np.ndarray:
    """Household sizes 1 + Poisson(2.3) (mean ≈ 3.3), cut so they sum exactly to ``members``."""
    estimate = int(members / 3.3 * 1.05) + 10
    sizes = (1 + rng.poisson(2.3, estimate)).astype(np.int64)
    total = np.cumsum(sizes)
    count = int(np.searchsorted(total, members)) + 1
    sizes = sizes[:count]
    sizes[-1] -= int(total[count - 1]) - members
    return sizes


def _county_codes(count: int) -> list[str]:
    """The seed counties, then made-up county codes under real province prefixes."""
    codes = list(SEED_COUNTIES[:count])
    number = 0
    while len(codes) < count:
        province = PROVINCES[number % len(PROVINCES)]
        prefecture = 1 + (number // len(PROVINCES)) % 9
        county = 21 + number // (len(PROVINCES) * 9)
        code = f"{province}{prefecture:02d}{county:02d}"
        if code not in codes:
            codes.append(code)
        number += 1
    return codes


def _village_codes(households: int) -> list[str]:
    """12-digit village codes: county + township 1xx + village 2xx."""
    per_county = TOWNSHIPS_PER_COUNTY * VILLAGES_PER_TOWNSHIP
    needed = max(1, -(-households // HOUSEHOLDS_PER_VILLAGE))
    codes = []
    for county in _county_codes(-(-needed // per_county)):
        for township in range(TOWNSHIPS_PER_COUNTY):
            for village in range(VILLAGES_PER_TOWNSHIP):
                codes.append(f"{county}{100 + township:03d}{201 + village:03d}")
    return codes[:needed]


def _village_bounds(rng: np.random.Generator, villages: int, households: int) -> np.ndarray:
    """First household index of each village (villages of uneven size), plus the end."""
    weights = rng.gamma(4.0, size=villages)
    ends = np.round(np.cumsum(weights) / weights.sum() * households).astype(np.int64)
    ends[-1] = households
    return np.concatenate([[0], ends])


def _write_households_and_members(
    out: Path,
    sizes: np.ndarray,
    villages: list[str],
    bounds: np.ndarray,
    year: int,
    line_cents: int,
    seed: int,
) -> None:
    dictionary = pa.array(villages, pa.string())
    with (
        pq.ParquetWriter(
            out / "households.parquet", HOUSEHOLD_SCHEMA, store_decimal_as_integer=True
        ) as households,
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
            table = _household_chunk(rng, ids, sizes[start:stop], year, line_cents)
            codes = pa.DictionaryArray.from_arrays(pa.array(village, pa.int32()), dictionary)
            table = table.set_column(1, "village_code", codes.cast(pa.string()))
            households.write_table(table)
            households.write_table(_exit_year_rows(rng, table, sizes[start:stop], line_cents))
            member_ids = np.repeat(ids, sizes[start:stop])
            members.write_table(pa.table({"household_id": member_ids}))


HOUSEHOLD_SCHEMA = pa.schema(
    [
        ("household_id", pa.int64()),
        ("village_code", pa.string()),
        ("year", pa.int32()),
        ("registered_year", pa.int32()),
        ("exit_year", pa.int32()),
        ("wage_income", MONEY),
        ("business_income", MONEY),
        ("property_income", MONEY),
        ("transfer_income", MONEY),
        ("business_expense", MONEY),
        *[(flag, pa.bool_()) for flag in FLAGS],
        # read by the monitoring rules only: left empty here
        ("claim_income", MONEY),
        ("compliant_expense", MONEY),
        ("disaster", pa.bool_()),
        ("accident", pa.bool_()),
    ]
)
#: The columns the monitoring rules add, empty in the cn-2014 registry.
MONITORING_COLUMNS = ("claim_income", "compliant_expense", "disaster", "accident")


def _household_chunk(
    rng: np.random.Generator, ids: np.ndarray, sizes: np.ndarray, year: int, line_cents: int
) -> pa.Table:
    """One chunk of households: registration, incomes around the line, guarantee flags."""
    n = len(ids)
    registered = rng.random(n) < 0.35
    reg_year = rng.choice([2014, 2015, 2016, 2017], n, p=[0.6, 0.25, 0.1, 0.05])
    exit_choice = rng.choice([0, 2015, 2016, 2017, 2018], n, p=[0.35, 0.2, 0.25, 0.1, 0.1])
    has_exit = registered & (exit_choice > 0)
    exit_year = np.maximum(exit_choice, reg_year)
    poor_now = registered & ~(has_exit & (exit_year <= year))
    net = _net_cents(rng, sizes, poor_now, line_cents)
    columns = _income_columns(rng, net)
    table = {
        "household_id": ids,
        "village_code": pa.nulls(n, pa.string()),
        "year": np.full(n, year, np.int32),
        "registered_year": pa.array(reg_year.astype(np.int32), mask=~registered),
        "exit_year": pa.array(exit_year.astype(np.int32), mask=~has_exit),
        **columns,
    }
    for flag in FLAGS:
        draw = rng.random(n)
        table[flag] = pa.array(draw >= 0.025, mask=draw > 0.995)
    for name in MONITORING_COLUMNS:
        table[name] = pa.nulls(n, HOUSEHOLD_SCHEMA.field(name).type)
    return pa.table(table, schema=HOUSEHOLD_SCHEMA)


def _exit_year_rows(
    rng: np.random.Generator, table: pa.Table, sizes: np.ndarray, line_cents: int
) -> pa.Table:
    """The rows of the exit year of the households that exited before the year, as a registry
    snapshot holds them (错退 is judged on them): incomes drawn as for the non-poor."""
    year = table["year"][0].as_py()
    exit_year = table["exit_year"].to_numpy(zero_copy_only=False)
    earlier = np.flatnonzero(~np.isnan(exit_year.astype(float)) & (exit_year < year))
    rows = table.take(pa.array(earlier))
    n = len(earlier)
    net = _net_cents(rng, sizes[earlier], np.zeros(n, bool), line_cents)
    columns = {
        **{name: rows[name] for name in HOUSEHOLD_SCHEMA.names},
        **_income_columns(rng, net),
    }
    columns["year"] = rows["exit_year"]
    for flag in FLAGS:
        draw = rng.random(n)
        columns[flag] = pa.array(draw >= 0.025, mask=draw > 0.995)
    return pa.table(columns, schema=HOUSEHOLD_SCHEMA)


def _net_cents(
    rng: np.random.Generator, sizes: np.ndarray, poor_now: np.ndarray, line_cents: int
) -> np.ndarray:
    """Household net income in cents: log-normal around the line, some exactly on it."""
    centre = np.where(poor_now, 0.05, 0.35)
    per_capita = line_cents * np.exp(rng.normal(centre, 0.45))
    net = np.round(per_capita * sizes).astype(np.int64)
    edge = rng.random(len(net))
    net = np.where(edge < 0.005, line_cents * sizes, net)
    net = np.where((edge >= 0.005) & (edge < 0.01), line_cents * sizes - 1, net)
    return np.where(edge > 0.997, -rng.integers(0, 500_000, len(net)), net)


def _income_columns(rng: np.random.Generator, net: np.ndarray) -> dict[str, pa.Array]:
    """Split net income into the four incomes and the business expense (exactly)."""
    n = len(net)
    base = np.abs(net)
    transfer = np.round(base * rng.uniform(0.05, 0.25, n)).astype(np.int64)
    prop = np.round(base * rng.uniform(0.0, 0.05, n)).astype(np.int64)
    business = np.round(base * rng.uniform(0.1, 0.4, n)).astype(np.int64)
    expense = np.round(base * rng.uniform(0.0, 0.2, n)).astype(np.int64)
    prop_missing = rng.random(n) < 0.3
    prop = np.where(prop_missing, 0, prop)
    wage = net - transfer - prop - business + expense
    expense_missing = (rng.random(n) < 0.05) & (expense == 0)
    return {
        "wage_income": _money(wage),
        "business_income": _money(business),
        "property_income": _money(prop, null=prop_missing),
        "transfer_income": _money(transfer),
        "business_expense": _money(expense, null=expense_missing),
    }


def _money(cents: np.ndarray, null: np.ndarray | None = None) -> pa.Array:
    """DECIMAL(18,2) from int64 cents without going through Python objects."""
    words = np.empty((len(cents), 2), np.int64)
    words[:, 0] = cents
    words[:, 1] = cents >> 63
    validity = None
    if null is not None and null.any():
        validity = pa.py_buffer(np.packbits(~null, bitorder="little"))
    return pa.Array.from_buffers(MONEY, len(cents), [validity, pa.py_buffer(words)])


def _write_region_stats(
    out: Path,
    rng: np.random.Generator,
    sizes: np.ndarray,
    villages: list[str],
    bounds: np.ndarray,
    year: int,
) -> None:
    """Rural population of most villages and of every county, prefecture and province.

    A village's rural population is set so that its incidence lands between 1 % and 4.5 %;
    5 % of villages have no figure; 50 villages with no registered household have one.
    """
    village_members = np.add.reduceat(sizes, bounds[:-1])
    rural = np.round(village_members * 0.2 / rng.uniform(0.01, 0.045, len(villages)))
    rural = rural.astype(np.int64)
    known = rng.random(len(villages)) >= 0.05
    totals: dict[str, int] = {}
    for code, people in zip(villages, rural.tolist(), strict=True):
        for prefix, pad in ((6, 6), (4, 8), (2, 10)):
            parent = code[:prefix] + "0" * pad
            totals[parent] = totals.get(parent, 0) + people
    codes = [c for c, k in zip(villages, known.tolist(), strict=True) if k] + list(totals)
    people = rural[known].tolist() + list(totals.values())
    for extra in range(50):
        township = villages[(extra * 7919) % len(villages)][:9]
        codes.append(f"{township}{400 + extra:03d}")
        people.append(1000 + extra)
    table = pa.table(
        {
            "code": pa.array(codes + codes[:100], pa.string()),
            "year": pa.array([year] * len(codes) + [year - 1] * min(100, len(codes)), pa.int32()),
            "rural_population": pa.array(people + people[:100], pa.int64()),
        }
    )
    pq.write_table(table, out / "region_stats.parquet")
