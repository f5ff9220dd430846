"""`fupin ledger import FILE`."""

from __future__ import annotations

from typing import Any

from fupin.assistance.imports import ledger_import
from fupin.assistance.management.commands._imports import import_arguments, import_run
from fupin.core.commands import FupinCommand


class Command(FupinCommand):
    help = "The ledger of delivery: import (entries are never edited; corrections reverse)."

    def add_arguments(self, parser: Any) -> None:
        sub = parser.add_subparsers(dest="action", required=True, metavar="ACTION")
        import_arguments(sub.add_parser("import", help="import ledger entries from xlsx/csv"))

    def handle(self, *args: Any, **options: Any) -> None:
        import_run(self, "ledger entries", ledger_import, options)
