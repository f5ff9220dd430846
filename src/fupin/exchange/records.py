"""Small import files read row by row: each cell parsed by its column's parser, every problem
reported with its row and column. For files of thousands of rows (units, pairings, pledges);
the registry and ledger imports, whose files run to millions and hundreds of thousands of rows,
work on columns instead (`fupin.exchange.columns`)."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from fupin.core.errors import FupinError, InvalidInput, RowError, RowErrors
from fupin.exchange import cells
from fupin.exchange.layouts import Column, map_header, unknown_columns
from fupin.exchange.readers import read_table_at

Parser = Callable[[Any], Any]
MODES = ("strict", "skip-invalid")


@dataclass
class Records:
    """The parsed rows (row number, values by column key; blank cells are None) and the
    problems found: `errors` block their row, `warnings` do not."""

    rows: list[tuple[int, dict[str, Any]]] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    warnings: list[RowError] = field(default_factory=list)

    @property
    def bad_rows(self) -> set[int]:
        return {e.row for e in self.errors}


def records_read(
    path: str | Path, columns: Sequence[Column], parsers: Mapping[str, Parser]
) -> Records:
    """Read `path` with its header mapped to `columns` (RowErrors for an unusable header).
    Each distinct cell of a column is parsed once (a file repeats its units, dates and
    regions on every row)."""
    header, rows, header_row = read_table_at(path, columns)
    positions = map_header(header, columns, row=header_row)
    out = Records()
    by_key = {c.key: c for c in columns}
    seen: dict[str, dict[Any, tuple[Any, str | None]]] = {key: {} for key in positions}
    for title in unknown_columns(header, positions):
        warning = RowError(header_row, title, "unknown column, ignored", severity="warning")
        out.warnings.append(warning)
    for number, row in enumerate(rows, start=header_row + 1):
        if all(cells.is_blank(cell) for cell in row):
            continue
        values: dict[str, Any] = {}
        for key, index in positions.items():
            raw = row[index] if index < len(row) else None
            column = by_key[key]
            if cells.is_blank(raw):
                values[key] = None
                if column.required:
                    out.errors.append(RowError(number, column.title, "required value is empty"))
                continue
            parsed = seen[key].get(raw)
            if parsed is None:
                parsed = seen[key][raw] = _parse(parsers.get(key) or cells.text, raw)
            values[key], reason = parsed
            if reason is not None:
                out.errors.append(RowError(number, column.title, reason, cells.text(raw)))
        for key in by_key:
            values.setdefault(key, None)
        out.rows.append((number, values))
    return out


def _parse(parse: Parser, raw: Any) -> tuple[Any, str | None]:
    """(value, None), or (None, the reason the cell is wrong)."""
    try:
        return parse(raw), None
    except (ValueError, FupinError) as exc:
        return None, exc.message if isinstance(exc, FupinError) else str(exc)


def mode_check(mode: str) -> None:
    if mode not in MODES:
        raise InvalidInput(f"unknown mode '{mode}' (use strict or skip-invalid)")


def errors_raise_if_strict(records: Records, mode: str) -> None:
    """strict: any error → RowErrors (nothing is written)."""
    if records.errors and mode == "strict":
        raise RowErrors(sorted(records.errors + records.warnings, key=lambda e: e.row))
