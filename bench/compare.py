"""Compare the outputs of two evaluate runs exactly (run in its own process)."""

from __future__ import annotations

from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

GROUP_KEYS = [("village_code", "ascending"), ("status", "ascending")]
REGION_KEYS = [("code", "ascending"), ("level", "ascending")]


def same_results(left_dir: str, right_dir: str) -> list[str]:
    """Differences between the two runs' groups and regions; empty when identical."""
    problems = []
    for name, keys in (("groups", GROUP_KEYS), ("regions", REGION_KEYS)):
        left = _normalised(pq.read_table(Path(left_dir) / f"{name}.parquet"), keys)
        right = _normalised(pq.read_table(Path(right_dir) / f"{name}.parquet"), keys)
        if left.num_rows != right.num_rows:
            problems.append(f"{name}: {left.num_rows} rows against {right.num_rows}")
            continue
        for column in left.column_names:
            if not left[column].equals(right[column]):
                problems.append(f"{name}: column {column} differs")
    return problems


def status_counts(run_dir: str) -> dict[str, int]:
    """Households per status, from a run's groups."""
    groups = pq.read_table(Path(run_dir) / "groups.parquet")
    summed = groups.group_by("status").aggregate([("households", "sum")])
    return dict(
        zip(summed["status"].to_pylist(), summed["households_sum"].to_pylist(), strict=True)
    )


def _normalised(table: pa.Table, keys: list[tuple[str, str]]) -> pa.Table:
    """Plain types (text, int64, bool) and a fixed row order, so equal results compare equal."""
    columns = {}
    for name in table.column_names:
        column = table[name]
        if pa.types.is_dictionary(column.type) or pa.types.is_decimal(column.type):
            column = pc.cast(column, pa.string())
        elif pa.types.is_integer(column.type):
            column = pc.cast(column, pa.int64())
        elif pa.types.is_string(column.type) or pa.types.is_large_string(column.type):
            column = pc.cast(column, pa.string())
        columns[name] = column
    return pa.table(columns).sort_by(keys).combine_chunks()
