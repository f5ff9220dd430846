"""`fupin worker [--once]`: run background jobs (imports, exports, evaluations)."""

from __future__ import annotations

from typing import Any

from fupin.core.commands import FupinCommand


class Command(FupinCommand):
    help = (
        "Run queued background jobs. With PostgreSQL several workers may run on several "
        "machines; `fupin serve` runs one in its own process unless started with --no-worker."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--once", action="store_true", help="stop when the queue is empty")
        parser.add_argument("--sleep", type=float, default=1.0, help="seconds between polls")

    def handle(self, *args: Any, **options: Any) -> None:
        from fupin.core.jobs import worker_loop

        count = worker_loop(once=options["once"], sleep=options["sleep"])
        self.stdout.write(f"{count} job(s) run")
