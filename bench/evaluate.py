"""Benchmark ``evaluate``: fupin's engine against a vectorised pandas baseline.

Both read the same synthetic registry (households + members Parquet, region statistics), count
members, evaluate every household under cn-2014, group by village and status and build the
region table. Each runs in its own process. The results must be identical: the groups (with
counts, member sums and checksums over household ids, per-capita incomes and reasons) and the
regions table, compared exactly.
"""

from __future__ import annotations

from bench.harness import run_measured
from bench.registry import Context, benchmark, note, report

REGIME = "cn-2014"


@benchmark("evaluate")
def evaluate(context: Context) -> bool:
    """Time fupin and pandas on the same registry; False when their results differ."""
    registry = context.registry()
    fupin_out, pandas_out = context.scratch("evaluate-fupin"), context.scratch("evaluate-pandas")
    fupin, baseline = context.measure(
        ("bench.evaluate_fupin:run", (registry.to_json(), str(fupin_out), REGIME)),
        ("bench.evaluate_pandas:run", (registry.to_json(), str(pandas_out), REGIME)),
    )
    problems = run_measured("bench.compare:same_results", str(fupin_out), str(pandas_out)).result
    for problem in problems:
        note(f"evaluate: results differ: {problem}")
    counts = run_measured("bench.compare:status_counts", str(fupin_out)).result
    note("evaluate: statuses " + ", ".join(f"{k}={v}" for k, v in sorted(counts.items())))
    report(
        "evaluate",
        members=registry.member_count,
        households=registry.household_count,
        seconds=fupin.seconds,
        peak_mb=fupin.peak_mb,
        baseline_seconds=baseline.seconds,
        baseline_peak_mb=baseline.peak_mb,
        ratio=baseline.seconds / fupin.seconds,
        runs=context.repeat,
    )
    return not problems


@benchmark("evaluate_csv")
def evaluate_csv(context: Context) -> bool:
    """Time ``evaluate_to_csv`` (what ``fupin evaluate`` runs) on the same registry."""
    registry = context.registry()
    out = context.scratch("evaluate-csv")
    (measured,) = context.measure(
        ("bench.evaluate_fupin:run_csv", (registry.to_json(), str(out), REGIME))
    )
    households_csv = out / "households.csv"
    report(
        "evaluate_csv",
        members=registry.member_count,
        households=measured.result["households"],
        seconds=measured.seconds,
        peak_mb=measured.peak_mb,
        csv_mb=round(households_csv.stat().st_size / 2**20),
        runs=context.repeat,
    )
    return bool(measured.result["households"] == registry.household_count)
