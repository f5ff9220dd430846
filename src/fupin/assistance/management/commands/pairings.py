"""`fupin pairings import FILE`."""

from __future__ import annotations

from typing import Any

from fupin.assistance.imports import pairings_import
from fupin.assistance.management.commands._imports import import_arguments, import_run
from fupin.core.commands import FupinCommand


class Command(FupinCommand):
    help = "Pairings of units with regions: import."

    def add_arguments(self, parser: Any) -> None:
        sub = parser.add_subparsers(dest="action", required=True, metavar="ACTION")
        import_arguments(sub.add_parser("import", help="import pairings from xlsx/csv"))

    def handle(self, *args: Any, **options: Any) -> None:
        import_run(self, "pairings", pairings_import, options)
