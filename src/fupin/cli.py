"""The `fupin` command: Django's management utility under the project's settings.

`fupin regions load`, `fupin registry import FILE`, `fupin evaluate`, `fupin demo` … are
management commands of fupin's apps; Django's own (`fupin migrate`, `fupin createsuperuser`)
run the same way.
"""

from __future__ import annotations

import os
import sys


def main(argv: list[str] | None = None) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "fupin.settings")
    from django.core.management import execute_from_command_line

    args = ["fupin", *(sys.argv[1:] if argv is None else argv)]
    try:
        execute_from_command_line(args)
    except Exception as exc:  # Django's own commands too: the database away is one line
        from fupin.core.outage import describe, unreachable

        if "--traceback" in args or unreachable(exc) is None:
            raise
        sys.stderr.write(describe(exc) + "\n")
        sys.exit(1)


if __name__ == "__main__":
    main()
