"""`fupin restore FILE [--replace]`."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from fupin.core.backup import restore
from fupin.core.commands import FupinCommand


class Command(FupinCommand):
    help = (
        "Restore an archive written by `fupin backup` (the database and the attachments); "
        "refuses a damaged archive, another schema, or a database holding data without --replace."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("file", type=Path, metavar="FILE")
        parser.add_argument(
            "--replace", action="store_true", help="replace the data this installation holds"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        result = restore(path=options["file"], replace=options["replace"], report=self.stdout.write)
        secret = ", the secret key" if result.secret else ""
        self.stdout.write(
            f"restored {result.tables} tables, {result.rows} rows, "
            f"{result.files} attachments{secret}"
        )
