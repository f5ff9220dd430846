"""`fupin monitoring import-ranges FILE | ranges [--year Y]`."""

from __future__ import annotations

from typing import Any

from fupin.core.commands import FupinCommand
from fupin.core.errors import RowErrors
from fupin.exchange.errorfile import write_errors
from fupin.monitoring import selectors, services


class Command(FupinCommand):
    help = "Return-to-poverty monitoring: the monitoring range (监测范围) of regions per year."

    def add_arguments(self, parser: Any) -> None:
        sub = parser.add_subparsers(dest="action", required=True, metavar="ACTION")
        ranges = sub.add_parser(
            "import-ranges", help="行政区划代码 · 年度 · 监测范围 · 依据 · 来源 [· 可信度]"
        )
        ranges.add_argument("file", help="xlsx or csv")
        ranges.add_argument("--mode", choices=["strict", "skip-invalid"], default="strict")
        ranges.add_argument("--errors", help="also write the errors to this xlsx/csv file")
        listing = sub.add_parser("ranges", help="the ranges set, one per line")
        listing.add_argument("--year", type=int, help="only this year")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "ranges":
            for r in selectors.monitoring_range_list(year=options.get("year")):
                self.stdout.write(
                    f"{r.region_id} {r.region.name} {r.year} {r.amount} [{r.confidence}] {r.source}"
                )
            return
        try:
            result = services.monitoring_ranges_import(path=options["file"], mode=options["mode"])
        except RowErrors as exc:
            if options.get("errors"):
                write_errors(options["errors"], exc.errors, source=options["file"])
            raise
        for err in result.errors:
            self.stderr.write(str(err))
        if options.get("errors") and result.errors:
            write_errors(options["errors"], result.errors, source=options["file"])
        self.stdout.write(f"written {result.written} ranges, skipped {result.skipped} rows")
