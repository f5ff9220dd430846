"""`fupin serve [--port N]`: the web application with waitress, static files included."""

from __future__ import annotations

import os
from typing import Any

from fupin.core.commands import FupinCommand


class Command(FupinCommand):
    help = "Serve the web application on http://127.0.0.1:PORT (PORT env or 8000)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--port", type=int, default=None)
        parser.add_argument("--host", default=os.environ.get("FUPIN_HOST", "127.0.0.1"))
        parser.add_argument("--threads", type=int, default=8)
        parser.add_argument(
            "--no-worker",
            action="store_true",
            help="do not run background jobs in this process (when `fupin worker`s run them)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        from waitress import serve

        from fupin.wsgi import application

        if not options["no_worker"] and os.environ.get("FUPIN_EMBEDDED_WORKER", "1") != "0":
            from fupin.core.jobs import start_embedded_worker

            start_embedded_worker()
        port = options["port"] or int(os.environ.get("PORT", "8000"))
        self.stdout.write(f"fupin on http://{options['host']}:{port}/  (Ctrl+C to stop)")
        self.stdout.flush()
        serve(application, host=options["host"], port=port, threads=options["threads"])
