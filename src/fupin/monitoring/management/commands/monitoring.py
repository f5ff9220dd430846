"""`fupin monitoring import-ranges FILE | ranges [--year Y] | ranges import FILE |
import FILE`."""

from __future__ import annotations

from typing import Any

from fupin.core.commands import FupinCommand
from fupin.exchange.commands import import_arguments, import_run
from fupin.monitoring import case_imports, selectors, services


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

    def handle(self, *args: Any, **options: Any) -> None:
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
