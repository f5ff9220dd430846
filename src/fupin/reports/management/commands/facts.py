"""`fupin facts extract FILE [--format table|json] [--language zh|en] | measure`."""

from __future__ import annotations

import json
import unicodedata
from pathlib import Path
from typing import Any

from django.core.management.base import CommandError

from fupin.core.commands import FupinCommand
from fupin.reports.facts.extract import facts_extract
from fupin.reports.facts.measure import scores_table, seeds_measure
from fupin.reports.facts.reading import text_read
from fupin.reports.facts.types import Fact

#: the hand-listed seed texts of a checkout (tests/reports/), next to src/
SEEDS_FOLDER = Path(__file__).resolve().parents[5] / "tests" / "reports"


class Command(FupinCommand):
    help = "Facts from texts: the figures a report or news text states; the engine's scores."
    needs_database = False

    def add_arguments(self, parser: Any) -> None:
        sub = parser.add_subparsers(dest="action", required=True, metavar="ACTION")
        extract = sub.add_parser("extract", help="the facts of a .txt, .docx or .pdf file")
        extract.add_argument("file")
        extract.add_argument("--format", choices=("table", "json"), default="table")
        extract.add_argument("--language", choices=("zh", "en"), help="default: guessed")
        sub.add_parser("measure", help="precision and recall on the seed texts of a checkout")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "extract":
            text, _ = text_read(Path(options["file"]))
            facts = facts_extract(text, language=options["language"])
            if options["format"] == "json":
                self.stdout.write(facts_json(facts))
            else:
                self.stdout.write(facts_table(facts))
        else:
            try:
                scores, seconds = seeds_measure(SEEDS_FOLDER)
            except FileNotFoundError:
                raise CommandError(
                    f"no seed texts and hand list in {SEEDS_FOLDER} (run from a checkout)"
                ) from None
            self.stdout.write(scores_table(scores, seconds))


def facts_json(facts: list[Fact]) -> str:
    """The facts as a JSON list; values as exact decimal strings ("33000000.00")."""
    rows = [
        {
            "kind": f.kind,
            "indicator": f.indicator,
            "written": f.quantity.text,
            "value": format(f.quantity.value, "f"),
            "high": None if f.quantity.high is None else format(f.quantity.high, "f"),
            "qualifier": f.quantity.qualifier,
            "unit": f.quantity.unit,
            "organisation": f.organisation,
            "place": f.place,
            "date": f.date.isoformat() if f.date else None,
            "start": f.start,
            "end": f.end,
            "sentence": f.sentence,
        }
        for f in facts
    ]
    return json.dumps(rows, ensure_ascii=False, indent=2)


_COLUMNS = (
    ("kind", 8),
    ("indicator", 22),
    ("written", 28),
    ("value", 20),
    ("unit", 12),
    ("organisation", 24),
    ("place", 18),
    ("date", 10),
)


def facts_table(facts: list[Fact]) -> str:
    """One row per fact, its sentence on the line below it."""
    if not facts:
        return "no facts found"
    lines = ["".join(_pad(name, width) for name, width in _COLUMNS).rstrip()]
    for fact in facts:
        quantity = fact.quantity
        value = format(quantity.value, "f")
        if quantity.high is not None:
            value += "–" + format(quantity.high, "f")
        elif quantity.qualifier:
            value = {"more_than": ">", "less_than": "<", "about": "≈"}[quantity.qualifier] + value
        cells = (
            fact.kind,
            fact.indicator or "—",
            quantity.text,
            value,
            quantity.unit or "—",
            fact.organisation or "—",
            fact.place or "—",
            fact.date.isoformat() if fact.date else "—",
        )
        row = "".join(_pad(cell, width) for cell, (_, width) in zip(cells, _COLUMNS, strict=True))
        lines.append(row.rstrip())
        lines.append("    " + " ".join(fact.sentence.split()))
    return "\n".join(lines)


def _pad(text: str, width: int) -> str:
    """`text` cut ("…") and padded to `width` terminal columns (a Chinese character takes
    two), with a space after it."""

    def columns(ch: str) -> int:
        return 2 if unicodedata.east_asian_width(ch) in "WF" else 1

    if sum(columns(ch) for ch in text) > width:
        cut, used = "", 0
        for ch in text:
            if used + columns(ch) > width - 1:
                break
            cut, used = cut + ch, used + columns(ch)
        text = cut + "…"
    used = sum(columns(ch) for ch in text)
    return text + " " * max(0, width - used) + " "
