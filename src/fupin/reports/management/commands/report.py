"""`fupin report work (--unit NAME_OR_CODE | --region CODE) (--year Y | --from DATE --to DATE)
[--lang zh|en] [--format docx|pdf] [--case ID ...] --out FILE`: the work report written
synchronously by the code the background job runs, its stages printed as they pass."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import CommandError
from django.utils import translation

from fupin.assistance.selectors import unit_of
from fupin.core.commands import FupinCommand
from fupin.exchange.commands import period_of
from fupin.regions.selectors import region_get
from fupin.reports.annual.jobs import report_write

LANGUAGES = {"zh": "zh-hans", "zh-hans": "zh-hans", "en": "en"}


class Command(FupinCommand):
    help = "Reports: the work report of a unit or of a region's leading group."

    def add_arguments(self, parser: Any) -> None:
        sub = parser.add_subparsers(dest="action", required=True, metavar="ACTION")
        work = sub.add_parser("work", help="write a unit's or a region's work report")
        subject = work.add_mutually_exclusive_group(required=True)
        subject.add_argument("--unit", help="the unit's credit code or name")
        subject.add_argument("--region", help="the region's code (province, prefecture, county)")
        work.add_argument("--year", type=int)
        work.add_argument("--from", dest="start", metavar="DATE")
        work.add_argument("--to", dest="end", metavar="DATE")
        work.add_argument("--lang", choices=sorted(LANGUAGES), default="zh")
        work.add_argument("--format", dest="fmt", choices=("docx", "pdf"), default=None)
        work.add_argument("--case", dest="cases", type=int, action="append", default=[],
                          metavar="ID", help="a typical case to include (repeatable)")  # fmt: skip
        work.add_argument("--out", required=True, metavar="FILE")

    def handle(self, *args: Any, **options: Any) -> None:
        start, end = period_of(options)
        out = Path(options["out"])
        fmt = options["fmt"] or out.suffix.lstrip(".").lower()
        if fmt not in ("docx", "pdf"):
            raise CommandError(f"--out {out}: give a .docx or .pdf file, or --format")
        if not out.parent.is_dir():
            raise CommandError(f"--out {out}: no folder {out.parent}")
        if options["lang"] not in LANGUAGES:
            raise CommandError(f"--lang {options['lang']}: zh or en")
        if options["unit"]:
            unit, region = unit_of(options["unit"]), None
        else:
            unit, region = None, region_get(code=options["region"])

        def say(stage: str, done: int) -> None:
            self.stdout.write(f"{done}/3 {stage}")

        language = LANGUAGES[options["lang"]]
        with translation.override(language):  # its stages speak the report's language
            report = report_write(
                unit=unit,
                region=region,
                start=start,
                end=end,
                language=language,
                fmt=fmt,
                cases=options["cases"],
                path=out,
                say=say,
            )
        sections = len(report.document.sections)
        self.stdout.write(f"wrote {out} ({sections} sections, {out.stat().st_size:,} bytes)")
