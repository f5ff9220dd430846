"""Benchmark ``registry_import``: `fupin registry import` of a 1,000,000-row file into SQLite
against a plain pandas pipeline doing the same job (read, validate every row vectorised: ID
checksums, required fields, known values and villages, one head per household, amounts;
then write households, members and surveys with ``to_sql``). Both must store the same rows.
"""

from __future__ import annotations

import shutil

from bench.harness import run_measured
from bench.registry import Context, benchmark, note, report

ROWS = 1_000_000


def fupin_import(data_dir: str, path: str) -> dict[str, int]:
    from bench.import_file import setup_django

    setup_django(data_dir)
    from fupin.registry.imports import registry_import

    result = registry_import(path=path)
    return {"households": result.households, "members": result.members}


@benchmark("registry_import")
def registry_import(context: Context) -> bool:
    """One million rows, validated and written; fupin against pandas."""
    template = context.scratch("import-template")
    villages = run_measured("bench.import_file:prepare_database", str(template)).result
    path = str(template / "registry.csv")
    counts = run_measured("bench.import_file:write_file", str(template), path, ROWS).result
    note(
        f"registry_import: {counts['rows']:,} rows, {counts['households']:,} households, "
        f"{villages:,} villages"
    )

    def fresh(name: str) -> str:
        folder = context.scratch(name)
        shutil.copy(template / "fupin.sqlite3", folder / "fupin.sqlite3")
        return str(folder)

    runs = []
    for _ in range(context.repeat):
        ours, theirs = fresh("import-fupin"), fresh("import-pandas")
        fupin = run_measured("bench.registry_import:fupin_import", ours, path)
        baseline = run_measured("bench.import_pandas:run", theirs, path)
        runs.append((fupin, baseline, ours, theirs))
    fupin, baseline, ours, theirs = sorted(runs, key=lambda r: r[0].seconds)[len(runs) // 2]
    stored = run_measured("bench.import_file:stored_counts", ours).result
    expected = run_measured("bench.import_file:stored_counts", theirs).result
    if stored != expected:
        note(f"registry_import: stored rows differ: fupin {stored}, pandas {expected}")
    report(
        "registry_import",
        rows=counts["rows"],
        households=counts["households"],
        seconds=fupin.seconds,
        peak_mb=fupin.peak_mb,
        baseline_seconds=baseline.seconds,
        baseline_peak_mb=baseline.peak_mb,
        ratio=baseline.seconds / fupin.seconds,
    )
    return stored == expected
