"""`fupin demo [--no-serve] [--port N]`: build the demo database, print the logins, serve."""

from __future__ import annotations

import time
from typing import Any

from django.core.management import call_command

from fupin.core.commands import FupinCommand
from fupin.demo import places, services


class Command(FupinCommand):
    help = "Build the demo: regions, the seeds' counties with a synthetic registry, the logins."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--no-serve", action="store_true", help="build and exit")
        parser.add_argument("--port", type=int, default=None, help="port (default PORT or 8000)")
        parser.add_argument("--scale", type=float, default=1.0, help="registry size factor")

    def handle(self, *args: Any, **options: Any) -> None:
        started = time.perf_counter()
        logins = services.demo_build(scale=options["scale"], say=self.stdout.write)
        self.stdout.write(f"demo ready in {time.perf_counter() - started:.0f} s")
        self.stdout.write(f"logins (password {places.PASSWORD}):")
        for login in logins:
            self.stdout.write(f"  {login.username:<10} {login.note}")
        if not options["no_serve"]:
            call_command("serve", port=options["port"])
