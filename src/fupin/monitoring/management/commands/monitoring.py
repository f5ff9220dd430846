"""`fupin monitoring import-ranges FILE | ranges [--year Y] | ranges import FILE |
import FILE | scan --year Y [--region CODE] [--out DIR]`."""

from __future__ import annotations

from typing import Any

from fupin.core.commands import FupinCommand
from fupin.exchange.commands import import_arguments, import_run
from fupin.monitoring import case_imports, selectors, services
from fupin.monitoring.scan import warnings_scan


class Command(FupinCommand):
    help = "Return-to-poverty monitoring: the monitoring range (监测范围) of regions per year."

    def add_arguments(self, parser: Any) -> None:
        sub = parser.add_subparsers(dest="action", required=True, metavar="ACTION")
        ranges = sub.add_parser(
            "import-ranges", help="行政区划代码 · 年度 · 监测范围 · 依据 · 来源 [· 可信度]"
        )
        import_arguments(ranges)
        listing = sub.add_parser(
            "ranges", help="the ranges set, one per line; `ranges import FILE` imports them"
        )
        listing.add_argument("--year", type=int, help="only this year")
        nested = listing.add_subparsers(dest="ranges_action", metavar="import FILE")
        import_arguments(nested.add_parser("import", help="as import-ranges"))
        monitored = sub.add_parser(
            "import",
            help="monitored households: 户编号 · 监测对象类别 · 风险类型 · 发现渠道 · 发现日期 · "
            "识别日期 [· 风险消除日期]",
        )
        import_arguments(monitored)

        scan = sub.add_parser(
            "scan", help="the early-warning list (预警名单) of a year: OUT/warnings.csv"
        )
        scan.add_argument("--year", type=int, required=True, help="survey year to scan")
        scan.add_argument("--region", help="only the households under this region code")
        scan.add_argument("--out", default=None, help="output folder (default warnings-YEAR)")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "scan":
            self._scan(options)
            return
        if options["action"] == "import":
            import_run(
                self,
                case_imports.cases_import,
                options,
                lambda r: (
                    f"written {r.written} cases, unchanged {r.unchanged}, skipped {r.skipped} rows"
                ),
            )
            return
        if options["action"] == "ranges" and options.get("ranges_action") != "import":
            for r in selectors.monitoring_range_list(year=options.get("year")):
                self.stdout.write(
                    f"{r.region_id} {r.region.name} {r.year} {r.amount} [{r.confidence}] {r.source}"
                )
            return
        import_run(
            self,
            services.monitoring_ranges_import,
            options,
            lambda result: f"written {result.written} ranges, skipped {result.skipped} rows",
        )

    def _scan(self, options: dict[str, Any]) -> None:
        year = options["year"]
        result = warnings_scan(
            year=year, region=options.get("region"), out_dir=options["out"] or f"warnings-{year}"
        )
        counts = ", ".join(f"{status} {count:,}" for status, count in result.flagged.items())
        where = f" under {result.region}" if result.region else ""
        self.stdout.write(
            f"{year} ({result.regime}): {result.flagged_total:,} of {result.households:,} "
            f"households{where} flagged: {counts}; written {result.path}"
        )
