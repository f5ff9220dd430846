"""`fupin regions load | show CODE | import-stats FILE`."""

from __future__ import annotations

import time
from typing import Any

from fupin.core.commands import FupinCommand
from fupin.exchange.commands import import_arguments, import_run
from fupin.regions import selectors, services


class Command(FupinCommand):
    help = "Official division tree: load it, show a region, import yearly figures."

    def add_arguments(self, parser: Any) -> None:
        sub = parser.add_subparsers(dest="action", required=True, metavar="ACTION")
        load = sub.add_parser("load", help="load the NBS 2023 division codes (province to village)")
        load.add_argument(
            "--only", default="", help="comma-separated code prefixes to keep (e.g. 13,4211)"
        )
        show = sub.add_parser("show", help="a region and its ancestors: code name level")
        show.add_argument("code", help="2/4/6/9/12-digit division code, e.g. 530825")
        stats = sub.add_parser(
            "import-stats", help="yearly figures: rural population, poor county/village, exit"
        )
        import_arguments(stats)

    def handle(self, *args: Any, **options: Any) -> None:
        action = options["action"]
        if action == "load":
            started = time.perf_counter()
            only = [c.strip() for c in options["only"].split(",") if c.strip()]
            count = services.regions_load(only=only, progress=lambda m: self.stdout.write(m))
            self.stdout.write(f"loaded {count:,} regions in {time.perf_counter() - started:.1f} s")
        elif action == "show":
            for region in selectors.region_ancestry(code=options["code"]):
                self.stdout.write(f"{region.display_code} {region.short_name} {region.level}")
        elif action == "import-stats":
            import_run(
                self,
                services.region_stats_import,
                options,
                lambda result: f"written {result.written} rows, skipped {result.skipped}",
            )
