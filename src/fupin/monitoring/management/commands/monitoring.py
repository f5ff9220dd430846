"""`fupin monitoring import-ranges FILE | ranges [--year Y] | ranges import FILE`."""

from __future__ import annotations

from typing import Any

from fupin.core.commands import FupinCommand
from fupin.exchange.commands import import_arguments, import_run
from fupin.monitoring import selectors, services


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

    def handle(self, *args: Any, **options: Any) -> None:
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
