"""`fupin backup OUT [--with-secret]`."""

from __future__ import annotations

from typing import Any

from fupin.core.backup import backup_create
from fupin.core.commands import FupinCommand


class Command(FupinCommand):
    help = (
        "Write the database and the attachments into one archive (OUT: a .tar.gz file, or a "
        "folder to name it by the time)."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("out", metavar="OUT")
        parser.add_argument(
            "--with-secret", action="store_true", help="include the secret key file"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        result = backup_create(
            out=options["out"], with_secret=options["with_secret"], report=self.stdout.write
        )
        self.stdout.write(
            f"{result.path}: {result.tables} tables, {result.rows} rows, "
            f"{result.files} attachments, {result.size} bytes"
        )
