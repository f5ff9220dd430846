"""`fupin evaluate --year Y [--regime NAME] [--input FILE] [--out DIR]`."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

import pyarrow as pa

from fupin.core.commands import FupinCommand
from fupin.policy.engine import evaluate_to_csv
from fupin.policy.regimes import list_regimes, load_regime, regime_for_year
from fupin.registry import imports, snapshot
from fupin.registry.evaluations import evaluation_store
from fupin.registry.selectors import household_evaluate


class Command(FupinCommand):
    help = (
        "Evaluate every household and region for a year: writes households.csv and regions.csv. "
        "Reads the registry, or an import-format FILE without touching the database."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--year", type=int, required=True, help="year to evaluate")
        parser.add_argument(
            "--regime",
            default=None,
            help=f"policy regime ({', '.join(list_regimes())}; default: the one in force)",
        )
        parser.add_argument(
            "--input", help="an import-format xlsx/csv file instead of the registry"
        )
        parser.add_argument(
            "--stats", help="with --input: a regions import-stats file for rural population"
        )
        parser.add_argument("--mode", choices=imports.MODES, default="strict", help="with --input")
        parser.add_argument("--out", default=None, help="output folder (default evaluation-YEAR)")
        parser.add_argument(
            "--household", metavar="NUMBER", help="evaluate one household and print the result"
        )
        parser.add_argument(
            "--store",
            action="store_true",
            help="also keep the results in the database for the dashboards (replacing the year's)",
        )

    def execute(self, *args: Any, **options: Any) -> Any:
        self.needs_database = not options.get("input")
        return super().execute(*args, **options)

    def handle(self, *args: Any, **options: Any) -> None:
        year = options["year"]
        regime = load_regime(options["regime"] or regime_for_year(year))
        regime.poverty_line(year)  # a clear error now if the regime has no line for the year
        if options["household"]:
            result = household_evaluate(number=options["household"], year=year, regime=regime.name)
            for key, value in result.items():
                self.stdout.write(f"{key}: {value}")
            return
        out = Path(options["out"] or f"evaluation-{year}")
        started = time.perf_counter()
        ranges = None
        if options["input"]:
            facts, stats = self._from_file(options, year, previous=regime.monitoring)
        else:
            facts = snapshot.registry_facts(year=year, monitoring=regime.monitoring)
            stats = snapshot.region_stats(year=year)
            ranges = snapshot.monitoring_ranges(year=year)
        counts = evaluate_to_csv(
            facts,
            year=year,
            regime=regime,
            out_dir=out,
            region_stats=stats,
            monitoring_ranges=ranges,
        )
        self._summary(out, counts, time.perf_counter() - started)
        if options["store"] and not options["input"]:
            stored = evaluation_store(year=year, regime=regime.name)
            self.stdout.write(
                f"stored {stored['households']:,} household and {stored['regions']:,} region "
                "results for the dashboards"
            )

    def _from_file(
        self, options: dict[str, Any], year: int, *, previous: bool
    ) -> tuple[pa.Table, pa.Table | None]:
        parsed = imports.registry_file_read(
            path=options["input"], year=year, mode=options["mode"], check_database=False
        )
        for problem in parsed.result.errors:
            self.stderr.write(str(problem))
        facts = imports.facts_of(parsed.tables, year, previous=previous)
        stats = None
        if options["stats"]:
            from fupin.regions.services import stats_file_read

            stats = stats_file_read(path=options["stats"], year=year)
        return facts, stats

    def _summary(self, out: Path, counts: dict[str, int], seconds: float) -> None:
        """Counts per status and exit-eligible regions, read back from the written files in
        one DuckDB pass each (the household file holds millions of rows at national scale)."""
        import duckdb

        households, regions = (str(out / "households.csv"), str(out / "regions.csv"))
        with duckdb.connect() as con:
            statuses = con.execute(
                "SELECT status, count(*) FROM read_csv(?, header = true, all_varchar = true) "
                "GROUP BY status ORDER BY status",
                [households],
            ).fetchall()
            eligible = dict(
                con.execute(
                    "SELECT level, count(*) FROM read_csv(?, header = true, all_varchar = true) "
                    "WHERE exit_eligible = 'true' GROUP BY level",
                    [regions],
                ).fetchall()
            )
        self.stdout.write(f"{counts['households']:,} households evaluated in {seconds:.1f} s")
        for status, count in statuses:
            self.stdout.write(f"{count:>10,}  {status}")
        self.stdout.write(
            f"exit-eligible: {eligible.get('county', 0):,} counties, "
            f"{eligible.get('village', 0):,} villages"
        )
        self.stdout.write(f"written {households} and {regions}")
