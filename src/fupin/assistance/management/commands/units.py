"""`fupin units import FILE | summary UNIT (--year Y | --from DATE --to DATE)`."""

from __future__ import annotations

import json
import re
import unicodedata
from decimal import Decimal
from typing import Any

from fupin.assistance.imports import units_import
from fupin.assistance.selectors import unit_of, unit_summary
from fupin.core.commands import FupinCommand
from fupin.exchange.commands import import_arguments, import_run, period_of


class Command(FupinCommand):
    help = "Assisting units: import, summary of their work."

    def add_arguments(self, parser: Any) -> None:
        sub = parser.add_subparsers(dest="action", required=True, metavar="ACTION")
        import_arguments(sub.add_parser("import", help="import units from xlsx/csv"))
        summ = sub.add_parser("summary", help="targets, delivery, pairings, cadres, grades")
        summ.add_argument("unit", help="credit code or name")
        summ.add_argument("--year", type=int)
        summ.add_argument("--from", dest="start", metavar="DATE")
        summ.add_argument("--to", dest="end", metavar="DATE")
        summ.add_argument("--format", choices=("json", "text"), default="text")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "import":
            import_run(self, units_import, options, lambda result: result.text("units"))
        else:
            self._summary(options)

    def _summary(self, options: dict[str, Any]) -> None:
        start, end = period_of(options)
        unit = unit_of(options["unit"])
        summary = unit_summary(unit, start, end)
        if options["format"] == "json":
            self.stdout.write(summary_json(summary))
        else:
            self.stdout.write(summary_text(summary))


_NUMBER = re.compile(r'"\\u0000(-?[0-9]+(?:\.[0-9]+)?)"')


def summary_json(summary: dict[str, Any]) -> str:
    """JSON with amounts as numbers written exactly (33000000.00, not 33000000.0)."""

    def exact(value: Any) -> Any:
        if isinstance(value, Decimal):
            return "\u0000" + format(value, "f")
        raise TypeError(type(value).__name__)

    text = json.dumps(summary, ensure_ascii=False, indent=2, default=exact)
    return _NUMBER.sub(r"\1", text)


def summary_text(summary: dict[str, Any]) -> str:
    lines = [
        f"{summary['unit']['name']} ({summary['unit']['code']})  "
        f"{summary['period']['from']} – {summary['period']['to']}",
        "",
        _pad("指标 indicator", 36)
        + _pad("目标 target", 18, right=True)
        + _pad("完成 delivered", 18, right=True)
        + _pad("完成率", 9, right=True),
    ]
    for key, row in summary.items():
        if not isinstance(row, dict) or "delivered" not in row:
            continue
        target = "—" if row["target"] is None else _amount(row["target"])
        rate = "—" if row["completion"] is None else f"{row['completion'] * 100:.1f}%"
        label = f"{row['name']} {key}"
        lines.append(
            _pad(label, 36)
            + _pad(target, 18, right=True)
            + _pad(_amount(row["delivered"]), 18, right=True)
            + _pad(rate, 9, right=True)
        )
    lines.append("")
    for kind, pairing in summary["pairings"].items():
        names = "、".join(r["name"] for r in pairing["regions"])
        lines.append(f"{pairing['label']} {kind}: {pairing['count']} — {names}")
    counties = summary["counties"]
    lines.append(
        f"paired counties: {counties['paired']}, exited by {summary['period']['to']}: "
        f"{counties['exited']}"
        + ("" if not counties["exited_list"] else " — ")
        + "、".join(f"{c['name']} ({c['exit_date']})" for c in counties["exited_list"])
    )
    cadres = summary["cadres"]
    lines.append(f"cadres dispatched: {cadres['dispatched']}, awarded: {cadres['awarded']}")
    grade = summary["grade"]
    lines.append(
        f"grade: {grade['year'] or '—'} (the year before: {grade['previous_year'] or '—'})"
    )
    return "\n".join(lines)


def _pad(text: str, width: int, *, right: bool = False) -> str:
    """Pad to `width` terminal columns (a Chinese character takes two)."""
    used = sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)
    space = " " * max(0, width - used)
    return space + text if right else text + space


def _amount(value: Any) -> str:
    if isinstance(value, int):
        return f"{value:,}"
    return f"{Decimal(value):,.2f}"
