"""The baseline of the monitoring scan: the discovery rules in vectorised pandas/numpy.

The same job as ``fupin.policy.engine.scan_to_csv``, the way a careful pandas user would
write it: read the Parquet files with pyarrow, count members with ``value_counts``, split the
rows of the year and of the year before and line them up by household id through an index,
resolve each village's monitoring range once (most specific region first) and spread it by
the village category, test every rule with numpy in integer cents (the shares as exact
integer fractions), and write the flagged households to ``warnings.csv`` with pyarrow's CSV
writer. Regime numbers come from the regime file; the rules are re-implemented here,
independently of the SQL.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv
import pyarrow.parquet as pq

from bench.synth import Registry, _money
from fupin.policy.regimes import Regime, load_regime, regime_for_year

MONEY = ("wage_income", "business_income", "property_income", "transfer_income")
FLAGS = ("food_clothing_ok", "education_ok", "medical_ok", "housing_ok", "water_ok")
#: Reasons in their order, each a bit of the mask (the first the highest).
REASONS = (
    "below_range",
    "food_clothing",
    "education",
    "medical",
    "housing",
    "water",
    "income_drop",
    "rigid_expense",
    "disaster",
    "accident",
)
STATUSES = ("unstable_exited", "exited", "marginal", "not_poor", "sudden_hardship")
FLAGGED = ("unstable_exited", "marginal", "sudden_hardship")


def run(registry_json: str, out_dir: str) -> dict[str, int]:
    """Scan the registry of its year; write ``warnings.csv``; flagged households per status."""
    registry = Registry.from_json(registry_json)
    year = registry.year
    regime = load_regime(regime_for_year(year))
    member_ids = pq.read_table(registry.members, columns=["household_id"]).column(0).to_numpy()
    counts = pd.Series(member_ids).value_counts(sort=False)
    del member_ids
    # each year read on its own: Parquet row-group statistics skip the other year's rows
    now = pq.read_table(
        registry.households, filters=[("year", "=", year)], read_dictionary=["village_code"]
    )
    before = pq.read_table(
        registry.households,
        columns=["household_id", *MONEY, "business_expense"],
        filters=[("year", "=", year - 1)],
    )
    ids = now["household_id"].to_numpy()
    positions = pd.Index(counts.index).get_indexer(ids)
    keep = positions >= 0  # a household without members is not evaluated
    members = np.where(keep, counts.to_numpy()[positions], 1).astype(np.int64)
    net = _net_cents(now)
    range_cents = _range_cents(now, regime, registry, year)
    below = net < range_cents * members
    ok = [now[flag].fill_null(False).to_numpy(zero_copy_only=False) for flag in FLAGS]
    met = np.logical_and.reduce(ok)
    drop = _income_drop(before, ids, net, regime)
    rigid_cents = _cents(now["compliant_expense"]) - _cents(now["claim_income"])
    rigid = regime.rigid_expense
    assert rigid is not None
    large = (rigid_cents > 0) & (rigid_cents * rigid.denominator > rigid.numerator * net)
    disaster = now["disaster"].fill_null(False).to_numpy(zero_copy_only=False)
    accident = now["accident"].fill_null(False).to_numpy(zero_copy_only=False)
    registered = np.asarray(
        pc.less_equal(now["registered_year"], year).fill_null(False).to_numpy(), bool
    )
    at_risk = below | ~met
    hardship = drop | large | disaster | accident
    flagged = keep & (at_risk | hardship)
    status = np.select(
        [at_risk & registered, at_risk, hardship], [0, 2, 4], default=np.where(registered, 1, 3)
    )
    tests = [below, *(~f for f in ok), drop, large, disaster, accident]
    mask = np.zeros(len(ids), np.int16)
    for bit, test in zip(range(len(REASONS) - 1, -1, -1), tests, strict=True):
        mask |= test.astype(np.int16) << bit
    where = np.flatnonzero(flagged)
    net, members = net[where], members[where]
    half_up = (2 * np.abs(net) + members) // (2 * members)
    out = pa.table(
        {
            "household_id": ids[where],
            "year": np.full(len(where), year, np.int32),
            "per_capita_income": _money(np.where(net >= 0, half_up, -half_up)),
            "range": _money(range_cents[where]),
            "rules": pa.DictionaryArray.from_arrays(
                pa.array(mask[where].astype(np.int32)), pa.array(_reason_texts())
            ),
            "status": pa.DictionaryArray.from_arrays(
                pa.array(status[where].astype(np.int32)), pa.array(STATUSES)
            ),
        }
    )
    pacsv.write_csv(out, Path(out_dir) / "warnings.csv")
    found = pd.Series(status[where]).value_counts()
    return {name: int(found.get(STATUSES.index(name), 0)) for name in FLAGGED}


def _range_cents(now: pa.Table, regime: Regime, registry: Registry, year: int) -> np.ndarray:
    """Each household's monitoring range in cents: its village's, resolved once per village
    from the most specific region that set one, else the regime's reference value."""
    ranges = pq.read_table(registry.region_stats).to_pandas()
    own = {
        code: int(amount * 100)
        for code, y, amount in zip(ranges["code"], ranges["year"], ranges["amount"], strict=True)
        if y == year
    }
    reference = int(regime.poverty_line(year).amount * 100)
    villages = now["village_code"].unify_dictionaries()
    names = villages.chunk(0).dictionary.to_pylist()
    by_village = np.array(
        [next((own[c[:n]] for n in (12, 9, 6, 4, 2) if c[:n] in own), reference) for c in names],
        np.int64,
    )
    codes = np.concatenate([chunk.indices.to_numpy() for chunk in villages.chunks])
    return by_village[codes]


def _income_drop(before: pa.Table, ids: np.ndarray, net: np.ndarray, regime: Regime) -> np.ndarray:
    """Per household of the year: its per-capita income fell by more than the share since the
    year before (same members in both rows of a registry snapshot, so per capita compares as
    the household totals do)."""
    share = regime.income_drop
    assert share is not None
    previous = np.zeros(len(ids), np.int64)
    found = np.zeros(len(ids), bool)
    at = pd.Index(ids).get_indexer(before["household_id"].to_numpy())
    there = at >= 0
    previous[at[there]] = _net_cents(before)[there]
    found[at[there]] = True
    return (
        found
        & (previous > 0)
        & ((share.denominator - share.numerator) * previous > share.denominator * net)
    )


def _cents(column: pa.ChunkedArray) -> np.ndarray:
    """DECIMAL(18,2) yuan as int64 cents, NULL as 0: the unscaled integers of the decimals,
    read from their buffers (the low 64-bit word of each 128-bit value; exact for any amount
    below 2**63 cents)."""
    parts = []
    for chunk in column.fill_null(pa.scalar(0, column.type)).chunks:
        words = np.frombuffer(chunk.buffers()[1], dtype=np.int64)
        parts.append(words[2 * chunk.offset : 2 * (chunk.offset + len(chunk)) : 2])
    return np.concatenate(parts) if parts else np.zeros(0, np.int64)


def _net_cents(table: pa.Table) -> np.ndarray:
    net = _cents(table["business_expense"]) * -1
    for name in MONEY:
        net += _cents(table[name])
    return net


def _reason_texts() -> list[str]:
    """The 1,024 reason strings, indexed by the bit mask (below_range is bit 9)."""
    count = len(REASONS)
    return [
        ";".join(name for bit, name in enumerate(REASONS) if mask >> (count - 1 - bit) & 1)
        for mask in range(2**count)
    ]
