"""Benchmark ``monitoring_scan``: the discovery scan of a year (what ``fupin monitoring scan``
runs) against a vectorised pandas baseline.

Both read the same synthetic two-year registry (households with their rows of the year and
of the year before, members, the ranges some regions set; :mod:`bench.monitoring_synth`),
evaluate every household of the year under the monitoring regime in force (income below the
range, the guarantees, the income drop against the year before, rigid expenses net of
claims, disaster and accident) and write the flagged households to ``warnings.csv``. Each
runs in its own process. The two files must hold the same rows, compared exactly as text
(per-capita incomes and ranges to the cent, the reasons, the statuses).
"""

from __future__ import annotations

from pathlib import Path

from bench.harness import run_measured
from bench.registry import Context, benchmark, note, report
from bench.synth import Registry


@benchmark("monitoring_scan")
def monitoring_scan(context: Context) -> bool:
    """Time fupin and pandas on the same registry; False when their warnings differ."""
    folder = context.workdir / f"monitoring-{context.members}"
    generated = run_measured("bench.monitoring_synth:generate", str(folder), context.members)
    registry = Registry.from_json(generated.result)
    note(
        f"monitoring_scan: generated {registry.household_count} households × 2 years "
        f"in {generated.seconds:.1f}s"
    )
    fupin_out = context.scratch("monitoring-fupin")
    pandas_out = context.scratch("monitoring-pandas")
    fupin, baseline = context.measure(
        ("bench.monitoring_fupin:run", (registry.to_json(), str(fupin_out))),
        ("bench.monitoring_pandas:run", (registry.to_json(), str(pandas_out))),
    )
    problems = run_measured(
        "bench.monitoring_scan:same_warnings", str(fupin_out), str(pandas_out)
    ).result
    if fupin.result != baseline.result:
        problems.append(f"flagged counts differ: {fupin.result} against {baseline.result}")
    for problem in problems:
        note(f"monitoring_scan: {problem}")
    note("monitoring_scan: flagged " + ", ".join(f"{k}={v}" for k, v in fupin.result.items()))
    report(
        "monitoring_scan",
        members=registry.member_count,
        households=registry.household_count,
        flagged=sum(fupin.result.values()),
        seconds=fupin.seconds,
        peak_mb=fupin.peak_mb,
        baseline_seconds=baseline.seconds,
        baseline_peak_mb=baseline.peak_mb,
        ratio=baseline.seconds / fupin.seconds,
        runs=context.repeat,
    )
    return not problems


def same_warnings(left_dir: str, right_dir: str) -> list[str]:
    """Differences between the two ``warnings.csv``, read as text; empty when the same rows."""
    import duckdb

    left, right = (str(Path(d) / "warnings.csv") for d in (left_dir, right_dir))
    read = "read_csv(?, header = true, all_varchar = true)"
    with duckdb.connect() as con:
        ((only_left, only_right, rows),) = con.execute(
            f"SELECT (SELECT count(*) FROM (FROM {read} EXCEPT ALL FROM {read})), "
            f"(SELECT count(*) FROM (FROM {read} EXCEPT ALL FROM {read})), "
            f"(SELECT count(*) FROM {read})",
            [left, right, right, left, left],
        ).fetchall()
    problems = []
    if only_left or only_right:
        problems.append(f"{only_left} rows only fupin wrote, {only_right} only pandas wrote")
    if not rows:
        problems.append("no household flagged")
    return problems
