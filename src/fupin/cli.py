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
    execute_from_command_line(args)


if __name__ == "__main__":
    main()
