"""`fupin registry import FILE | export OUT | check`."""

from __future__ import annotations

import time
from typing import Any

from fupin.core.commands import FupinCommand
from fupin.core.errors import RowErrors
from fupin.exchange.errorfile import write_errors
from fupin.regions.selectors import region_get
from fupin.registry import checks, exports, imports


class Command(FupinCommand):
    help = "The registry of poor households: import, export, data-quality check."

    def add_arguments(self, parser: Any) -> None:
        sub = parser.add_subparsers(dest="action", required=True, metavar="ACTION")
        imp = sub.add_parser("import", help="import an xlsx/csv file, one row per member")
        imp.add_argument("file")
        imp.add_argument("--year", type=int, help="year of rows that have no 年度")
        imp.add_argument(
            "--mode",
            choices=imports.MODES,
            default="strict",
            help="strict: any error writes nothing; skip-invalid: write valid households",
        )
        imp.add_argument("--errors", metavar="OUT", help="also write errors to this xlsx/csv file")
        exp = sub.add_parser("export", help="export in the import layout")
        exp.add_argument("out", help="xlsx or csv file to write")
        exp.add_argument("--region", help="only households under this region code")
        exp.add_argument("--year", type=int, help="survey year (default: each household's latest)")
        exp.add_argument("--unmasked", action="store_true", help="write full ID numbers")
        chk = sub.add_parser("check", help="national data-quality checks over the registry")
        chk.add_argument("--region", help="only households under this region code")
        chk.add_argument("--year", type=int, help="survey year for income checks (default latest)")
        chk.add_argument("--out", help="write the findings to this xlsx/csv file")

    def handle(self, *args: Any, **options: Any) -> None:
        getattr(self, "_" + options["action"])(options)

    def _progress(self, what: str, count: int) -> None:
        self.stderr.write(f"… {what}: {count:,}")

    def _import(self, options: dict[str, Any]) -> None:
        started = time.perf_counter()
        try:
            result = imports.registry_import(
                path=options["file"],
                year=options["year"],
                mode=options["mode"],
                progress=self._progress,
            )
        except RowErrors as exc:
            if options["errors"]:
                write_errors(options["errors"], exc.errors, source=options["file"])
                self.stderr.write(f"errors written to {options['errors']}")
            raise
        problems = result.errors + result.warnings
        for problem in problems[:200]:
            self.stderr.write(("warning: " if problem.severity == "warning" else "") + str(problem))
        if len(problems) > 200:
            self.stderr.write(f"… and {len(problems) - 200:,} more (use --errors FILE for all)")
        if options["errors"] and (result.errors or result.warnings):
            write_errors(options["errors"], result.errors + result.warnings, source=options["file"])
        self.stdout.write(
            f"imported {result.households:,} households, {result.members:,} members, "
            f"{result.surveys:,} surveys from {result.rows:,} rows in "
            f"{time.perf_counter() - started:.1f} s; skipped {result.skipped_households:,} "
            f"invalid households; {len(result.warnings):,} warnings; "
            f"{result.households - result.changed:,} households unchanged"
        )

    def _export(self, options: dict[str, Any]) -> None:
        region = region_get(code=options["region"]).code if options["region"] else None
        count = exports.registry_export(
            path=options["out"], region=region, year=options["year"], unmasked=options["unmasked"]
        )
        self.stdout.write(f"exported {count:,} members to {options['out']}")

    def _check(self, options: dict[str, Any]) -> None:
        region = region_get(code=options["region"]).code if options["region"] else None
        findings = checks.registry_check(region=region, year=options["year"])
        summary = checks.summarize(findings)
        for rule, count in summary:
            self.stdout.write(f"{count:>8,}  {rule}")
        self.stdout.write(f"{len(findings):,} findings")
        if options["out"]:
            checks.write_findings(options["out"], findings, region=region, year=options["year"])
            self.stdout.write(f"findings written to {options['out']}")
        if not options["out"]:
            for finding in findings[:50]:
                self.stdout.write(str(finding))
            if len(findings) > 50:
                self.stdout.write(f"… {len(findings) - 50:,} more (use --out FILE for all)")
