"""The baseline of the evaluate benchmark: the cn-2014 rules in vectorised pandas/numpy.

The same work as fupin's engine, the way a careful pandas user would write it: read the
Parquet files with pyarrow, count members with ``value_counts``, line them up with the
households through an index, compute the statuses with numpy in integer cents, group by village
and status, roll villages up into the higher levels and join the rural population. Regime
numbers come from the regime file; the rules are re-implemented here, independently of the SQL.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from bench.synth import Registry
from fupin.policy.regimes import Regime, load_regime

STATUSES = (
    "poor",
    "exit_eligible",
    "exited",
    "wrongly_exited",
    "returned_to_poverty",
    "omitted",
    "not_poor",
)
REASONS = ("below_line", "food_clothing", "education", "medical", "housing", "water")
MONEY = ("wage_income", "business_income", "property_income", "transfer_income")
FLAGS = ("food_clothing_ok", "education_ok", "medical_ok", "housing_ok", "water_ok")
LEVELS = (("township", 9), ("county", 6), ("prefecture", 4), ("province", 2))


def run(registry_json: str, out_dir: str, regime_name: str) -> dict[str, int]:
    """Evaluate the registry; write groups.parquet and regions.parquet to ``out_dir``."""
    registry = Registry.from_json(registry_json)
    regime = load_regime(regime_name)
    households = _households(registry, regime)
    groups = _groups(households, regime, registry.year)
    del households
    regions = _regions(groups, regime, registry)
    out = Path(out_dir)
    pq.write_table(pa.Table.from_pandas(groups, preserve_index=False), out / "groups.parquet")
    pq.write_table(regions, out / "regions.parquet")
    return {"households": int(groups["households"].sum())}


def _households(registry: Registry, regime: Regime) -> pd.DataFrame:
    """Households of the year with their member count (an inner join on household_id), and
    whether each failed at its exit year when that is earlier (from its row of that year)."""
    member_ids = pq.read_table(registry.members, columns=["household_id"]).column(0).to_numpy()
    counts = pd.Series(member_ids).value_counts(sort=False)
    del member_ids
    table = pq.read_table(registry.households, read_dictionary=["village_code"])
    earlier = None
    if not pc.all(pc.equal(table["year"], registry.year)).as_py():
        earlier = table.filter(
            pc.and_(
                pc.less(table["year"], registry.year), pc.equal(table["year"], table["exit_year"])
            )
        )
        table = table.filter(pc.equal(table["year"], registry.year))
    positions = pd.Index(counts.index).get_indexer(table["household_id"].to_numpy())
    keep = slice(None) if (positions >= 0).all() else positions >= 0
    villages = table["village_code"].unify_dictionaries()
    ids = table["household_id"].to_numpy()[keep]
    members = counts.to_numpy()[positions[keep]]
    frame = pd.DataFrame(
        {
            "household_id": ids,
            "village": pd.Categorical.from_codes(
                np.concatenate([chunk.indices.to_numpy() for chunk in villages.chunks])[keep],
                categories=villages.chunk(0).dictionary.to_pylist(),
            ),
            "members": members,
            "net_cents": _net_cents(table)[keep],
            "registered": _year_at_most(table["registered_year"], registry.year)[keep],
            "exited": _year_at_most(table["exit_year"], registry.year)[keep],
            "exit_now": np.asarray(
                pc.equal(table["exit_year"], registry.year).fill_null(False).to_numpy(), bool
            )[keep],
        }
    )
    for flag in FLAGS:
        frame[flag] = table[flag].fill_null(False).to_numpy()[keep]
    frame["exit_mask"] = _exit_masks(earlier, ids, members, regime)
    return frame


def _exit_masks(
    earlier: pa.Table | None, ids: np.ndarray, members: np.ndarray, regime: Regime
) -> np.ndarray:
    """Per household of the year: the reason mask of its exit year's row, -1 without one."""
    out = np.full(len(ids), -1, np.int8)
    if earlier is None or earlier.num_rows == 0:
        return out
    at = pd.Index(ids).get_indexer(earlier["household_id"].to_numpy())
    found = at >= 0
    years = earlier["year"].to_numpy()
    lines = {line.year: int(line.amount * 100) for line in regime.lines}
    line_cents = np.array([lines.get(int(y), -(2**62)) for y in years], np.int64)
    below = _net_cents(earlier) < line_cents * np.where(found, members[at], 1)
    mask = below.astype(np.int8) << 5
    for bit, flag in zip(range(4, -1, -1), FLAGS, strict=True):
        mask |= (~earlier[flag].fill_null(False).to_numpy()).astype(np.int8) << bit
    out[at[found]] = mask[found]
    return out


def _cents(column: pa.ChunkedArray) -> np.ndarray:
    """DECIMAL(18,2) yuan as int64 cents, NULL as 0."""
    scaled = pc.multiply(column.fill_null(0), pa.scalar(100, pa.int64()))
    return np.asarray(pc.cast(scaled, pa.int64()).to_numpy(), dtype=np.int64)


def _net_cents(table: pa.Table) -> np.ndarray:
    net = _cents(table["business_expense"]) * -1
    for name in MONEY:
        net += _cents(table[name])
    return net


def _year_at_most(column: pa.ChunkedArray, year: int) -> np.ndarray:
    return np.asarray(pc.less_equal(column, year).fill_null(False).to_numpy(), dtype=bool)


def _groups(frame: pd.DataFrame, regime: Regime, year: int) -> pd.DataFrame:
    """Status, per-capita income and reasons per household, summed by village and status."""
    members = frame["members"].to_numpy().astype(np.int64)
    net = frame["net_cents"].to_numpy()
    line_cents = int(regime.poverty_line(year).amount * 100)
    below = net < line_cents * members
    ok = [frame[flag].to_numpy() for flag in FLAGS]
    met = np.logical_and.reduce(ok)
    registered, exited = frame["registered"].to_numpy(), frame["exited"].to_numpy()
    exit_mask = frame["exit_mask"].to_numpy()
    failed_now = below | ~met
    # 错退 on the exit year's data: the year's own when it exited this year
    wrongly = exited & ((frame["exit_now"].to_numpy() & failed_now) | (exit_mask > 0))
    status = np.select(
        [
            registered & ~exited & ~below & met,
            registered & ~exited,
            wrongly,
            exited & failed_now,
            exited,
            below,
        ],
        [1, 0, 3, 4, 2, 5],
        default=6,
    ).astype(np.int8)
    half_up = (2 * np.abs(net) + members) // (2 * members)
    per_capita_cents = np.where(net >= 0, half_up, -half_up)
    reason_mask = below.astype(np.int8) << 5
    for bit, flag_ok in zip(range(4, -1, -1), ok, strict=True):
        reason_mask |= (~flag_ok).astype(np.int8) << bit
    # a wrong exit of an earlier year gives the reasons of that year
    reason_mask = np.where(wrongly & (exit_mask > 0), exit_mask, reason_mask).astype(np.int8)
    reasons = pd.Categorical.from_codes(reason_mask, categories=_reason_texts())
    work = pd.DataFrame(
        {
            "village_code": frame["village"],
            "status": pd.Categorical.from_codes(status, categories=list(STATUSES)),
            "members": members,
            "id_sum": frame["household_id"].to_numpy(),
            "per_capita_cents": per_capita_cents,
            "reason_chars": np.array([len(t) for t in _reason_texts()])[reasons.codes],
        }
    )
    grouped = work.groupby(["village_code", "status"], observed=True, sort=False)
    result = grouped.agg(
        households=("members", "size"),
        members=("members", "sum"),
        id_sum=("id_sum", "sum"),
        per_capita_cents=("per_capita_cents", "sum"),
        reason_chars=("reason_chars", "sum"),
    ).reset_index()
    result["village_code"] = result["village_code"].astype(str)
    result["status"] = result["status"].astype(str)
    return result.astype({c: "int64" for c in result.columns[2:]})


def _reason_texts() -> list[str]:
    """The 64 possible reason strings, indexed by the bit mask (below_line is bit 5)."""
    texts = []
    for mask in range(64):
        failed = [
            name for bit, name in zip(range(5, -1, -1), REASONS, strict=True) if mask >> bit & 1
        ]
        texts.append(";".join(failed))
    return texts


def _regions(groups: pd.DataFrame, regime: Regime, registry: Registry) -> pa.Table:
    """Every level from the village codes, joined with the rural population of the year."""
    poor = groups["status"].isin(["poor", "exit_eligible"])
    villages = (
        pd.DataFrame(
            {
                "code": groups["village_code"],
                "households": groups["households"],
                "members": groups["members"],
                "poor_members": groups["members"].where(poor, 0),
            }
        )
        .groupby("code", sort=False)
        .sum()
        .reset_index()
    )
    parts = [villages.assign(level="village")]
    for level, digits in LEVELS:
        code = villages["code"].str[:digits] + "0" * (12 - digits)
        summed = villages.drop(columns="code").groupby(code.rename("code")).sum().reset_index()
        parts.append(summed.assign(level=level))
    levels = pd.concat(parts, ignore_index=True)
    stats = pq.read_table(registry.region_stats).to_pandas()
    stats = stats.loc[stats["year"] == registry.year, ["code", "rural_population"]]
    joined = levels.merge(_rolled_up(stats), on="code", how="outer")
    joined["level"] = joined["level"].fillna(joined["code"].map(_level_of))
    for column in ("households", "members", "poor_members"):
        joined[column] = joined[column].fillna(0).astype("int64")
    rural = joined["rural_population"].where(joined["rural_population"] > 0)
    return _region_table(joined, rural.astype("Int64"), regime)


def _rolled_up(stats: pd.DataFrame) -> pd.DataFrame:
    """Rural population per region: its own figure, or else the sum of its children's."""
    stats = stats[stats["rural_population"] > 0]
    digits = stats["code"].map(lambda code: dict(LEVELS).get(_level_of(code), 12))
    parts = [stats[digits == 12]]
    below = parts[0]
    for _level, n in LEVELS:
        summed = below.groupby(below["code"].str[:n] + "0" * (12 - n))["rural_population"].sum()
        own = stats[digits == n].set_index("code")["rural_population"]
        level = own.combine_first(summed).rename_axis("code").reset_index()
        parts.append(level)
        below = level
    return pd.concat(parts, ignore_index=True)


def _level_of(code: str) -> str:
    for level, digits in reversed(LEVELS):
        if code[digits:] == "0" * (12 - digits):
            return level
    return "village"


def _region_table(joined: pd.DataFrame, rural: pd.Series, regime: Regime) -> pa.Table:
    """Incidence (half up, 6 places) and exit eligibility (exact integers) per region."""
    poor = joined["poor_members"].astype("Int64")
    micro = (poor * 2_000_000 + rural) // (2 * rural)
    western = joined["code"].str[:2].isin(regime.western_provinces)
    general, west = regime.incidence_general, regime.incidence_western
    eligible = (poor * general.denominator < general.numerator * rural).where(
        ~western, poor * west.denominator < west.numerator * rural
    )
    eligible = eligible.astype("boolean").where(joined["level"].isin(["village", "county"]))
    incidence = [None if pd.isna(m) else f"{m // 1_000_000}.{m % 1_000_000:06d}" for m in micro]
    table = pa.table(
        {
            "code": joined["code"].astype(str),
            "level": joined["level"].astype(str),
            "households": joined["households"],
            "members": joined["members"],
            "poor_members": joined["poor_members"],
            "rural_population": pa.array(rural, pa.int64(), from_pandas=True),
            "incidence": pa.array(incidence, pa.string()),
            "exit_eligible": pa.array(eligible, pa.bool_(), from_pandas=True),
        }
    )
    return table.sort_by([("code", "ascending"), ("level", "ascending")])


if __name__ == "__main__":  # a manual run: python -m bench.evaluate_pandas REGISTRY_JSON OUT
    import sys

    print(json.dumps(run(sys.argv[1], sys.argv[2], "cn-2014")))
