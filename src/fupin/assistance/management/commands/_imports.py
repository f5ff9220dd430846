"""What the assistance import commands share: FILE, --mode, --errors, the report."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from fupin.core.errors import RowErrors
from fupin.exchange.errorfile import write_errors
from fupin.exchange.records import MODES


def import_arguments(parser: Any) -> None:
    parser.add_argument("file", help="xlsx or csv file, Chinese header first")
    parser.add_argument(
        "--mode",
        choices=MODES,
        default="strict",
        help="strict: any error writes nothing; skip-invalid: write the valid rows",
    )
    parser.add_argument("--errors", metavar="OUT", help="also write problems to this xlsx/csv")


def import_run(command: Any, what: str, run: Callable[..., Any], options: dict[str, Any]) -> None:
    try:
        result = run(path=options["file"], mode=options["mode"])
    except RowErrors as exc:
        if options["errors"]:
            write_errors(options["errors"], exc.errors, source=options["file"])
            command.stderr.write(f"errors written to {options['errors']}")
        raise
    problems = sorted(result.errors + result.warnings, key=lambda e: e.row)
    for problem in problems[:200]:
        command.stderr.write(("warning: " if problem.severity == "warning" else "") + str(problem))
    if len(problems) > 200:
        command.stderr.write(f"… and {len(problems) - 200:,} more (use --errors FILE for all)")
    if options["errors"] and problems:
        write_errors(options["errors"], problems, source=options["file"])
    command.stdout.write(result.text(what))
