"""What the commands share: an import's FILE, --mode, --errors and the report of the
problems; a period given as --year or --from/--to."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from django.core.management.base import CommandError

from fupin.core.errors import RowError, RowErrors
from fupin.exchange import cells
from fupin.exchange.errorfile import write_errors
from fupin.exchange.records import MODES

#: Problems printed on the terminal; the rest are counted (all of them go to --errors).
SHOWN = 200


def import_arguments(parser: Any) -> None:
    """FILE, --mode and --errors of an import command."""
    parser.add_argument("file", help="xlsx or csv file, Chinese header first")
    parser.add_argument(
        "--mode",
        choices=MODES,
        default="strict",
        help="strict: any error writes nothing; skip-invalid: write the valid rows",
    )
    parser.add_argument("--errors", metavar="OUT", help="also write problems to this xlsx/csv")


def import_run(
    command: Any, run: Callable[..., Any], options: dict[str, Any], summary: Callable[[Any], str]
) -> None:
    """Run an import (`run(path=, mode=)`), write its problems to --errors when asked (a
    refused file's too), print them, and print `summary(result)`. A refused file's RowErrors
    go on to the command, which prints them and exits 1."""
    try:
        result = run(path=options["file"], mode=options["mode"])
    except RowErrors as exc:
        if options.get("errors"):
            write_errors(options["errors"], exc.errors, source=options["file"])
            command.stderr.write(f"errors written to {options['errors']}")
        raise
    problems: list[RowError] = sorted(
        [*result.errors, *getattr(result, "warnings", [])], key=lambda e: e.row
    )
    for problem in problems[:SHOWN]:
        command.stderr.write(("warning: " if problem.severity == "warning" else "") + str(problem))
    if len(problems) > SHOWN:
        command.stderr.write(f"… and {len(problems) - SHOWN:,} more (use --errors FILE for all)")
    if options.get("errors") and problems:
        write_errors(options["errors"], problems, source=options["file"])
    command.stdout.write(summary(result))


def period_of(options: dict[str, Any]) -> tuple[dt.date, dt.date]:
    """The period of a command's --year Y, or of its --from DATE and --to DATE."""
    if options["year"] is not None:
        if options["start"] or options["end"]:
            raise CommandError("give --year or --from/--to, not both")
        return dt.date(options["year"], 1, 1), dt.date(options["year"], 12, 31)
    if not (options["start"] and options["end"]):
        raise CommandError("give --year Y, or --from DATE and --to DATE")
    dates = []
    for option, value in (("--from", options["start"]), ("--to", options["end"])):
        try:
            dates.append(cells.date(value))
        except ValueError as exc:
            raise CommandError(f"{option} {value}: {exc}") from None
    start, end = dates
    if end < start:
        raise CommandError("--to is before --from")
    return start, end
