"""`fupin findings import FILE [--strict] [--errors OUT]`."""

from __future__ import annotations

from typing import Any

from fupin.core.commands import FupinCommand
from fupin.core.errors import RowErrors
from fupin.exchange.errorfile import write_errors
from fupin.supervision.finding_imports import findings_import


class Command(FupinCommand):
    help = "Findings of inspections, audits and checks and their rectification tasks (问题整改)."

    def add_arguments(self, parser: Any) -> None:
        sub = parser.add_subparsers(dest="action", required=True, metavar="ACTION")
        imported = sub.add_parser(
            "import",
            help="one row per task: 问题来源 · 发现单位 · 发现日期 · 文号 · 涉及地区代码 / "
            "涉及单位信用代码 · 问题类别 · 问题描述 · 整改要求 · 责任地区代码 / 责任单位信用代码 · "
            "整改时限 · 督办地区代码 / 督办单位信用代码; all or nothing",
        )
        imported.add_argument("file", help="xlsx or csv file, Chinese header first")
        imported.add_argument(
            "--strict", action="store_true", help="warnings refuse the file too, not only errors"
        )
        imported.add_argument(
            "--errors", metavar="OUT", help="also write problems to this xlsx/csv"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        path, out = options["file"], options.get("errors")
        try:
            result = findings_import(path=path, strict=options["strict"])
        except RowErrors as exc:
            if out:
                write_errors(out, exc.errors, source=path)
                self.stderr.write(f"errors written to {out}")
            raise
        for warning in result.warnings:
            self.stderr.write(f"warning: {warning}")
        if out and result.warnings:
            write_errors(out, result.warnings, source=path)
        self.stdout.write(
            f"written {result.findings} findings and {result.tasks} tasks, "
            f"unchanged {result.unchanged} tasks"
        )
