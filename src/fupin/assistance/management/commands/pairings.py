"""`fupin pairings import FILE`."""

from __future__ import annotations

from typing import Any

from fupin.assistance.imports import pairings_import
from fupin.core.commands import FupinCommand
from fupin.exchange.commands import import_arguments, import_run


class Command(FupinCommand):
    help = "Pairings of units with regions: import."

    def add_arguments(self, parser: Any) -> None:
        sub = parser.add_subparsers(dest="action", required=True, metavar="ACTION")
        import_arguments(sub.add_parser("import", help="import pairings from xlsx/csv"))

    def handle(self, *args: Any, **options: Any) -> None:
        import_run(self, pairings_import, options, lambda result: result.text("pairings"))
