"""Write tables to xlsx (streaming, constant memory) or csv (UTF-8 with BOM for Excel)."""

from __future__ import annotations

import csv
import datetime as dt
from collections.abc import Iterable, Sequence
from decimal import Decimal
from pathlib import Path
from typing import Any

from fupin.core.errors import InvalidInput


def write_table(
    path: str | Path,
    header: Sequence[str],
    rows: Iterable[Sequence[Any]],
    *,
    sheet: str = "Sheet1",
    text_columns: Sequence[int] = (),
) -> int:
    """Write a header and rows; the kind follows the suffix (.xlsx or .csv). Returns the row
    count. `text_columns` are written as text in xlsx (codes and ID numbers keep leading
    zeros and all 18 digits)."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    suffix = path.suffix.lower()
    if suffix == ".xlsx":
        return _write_xlsx(path, header, rows, sheet, set(text_columns))
    if suffix in {".csv", ".txt"}:
        return _write_csv(path, header, rows)
    raise InvalidInput(f"{path.name}: cannot write '{suffix}' files (use .xlsx or .csv)")


def _write_csv(path: Path, header: Sequence[str], rows: Iterable[Sequence[Any]]) -> int:
    count = 0
    with path.open("w", newline="", encoding="utf-8-sig") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        for row in rows:
            writer.writerow(["" if v is None else _plain(v) for v in row])
            count += 1
    return count


def _plain(value: Any) -> Any:
    if isinstance(value, bool):
        return "是" if value else "否"
    return value


def _write_xlsx(
    path: Path,
    header: Sequence[str],
    rows: Iterable[Sequence[Any]],
    sheet: str,
    text_columns: set[int],
) -> int:
    import xlsxwriter

    workbook = xlsxwriter.Workbook(
        str(path), {"constant_memory": True, "strings_to_numbers": False}
    )
    try:
        ws = workbook.add_worksheet(sheet[:31])
        bold = workbook.add_format({"bold": True, "bg_color": "#EEF2F7", "border": 1})
        money = workbook.add_format({"num_format": "#,##0.00"})
        date = workbook.add_format({"num_format": "yyyy-mm-dd"})
        widths = [_width(title) + 2 for title in header]
        for col, title in enumerate(header):
            ws.write_string(0, col, title, bold)
        ws.freeze_panes(1, 0)
        count = 0
        for count, row in enumerate(rows, start=1):
            for col, value in enumerate(row):
                _write_cell(ws, count, col, value, col in text_columns, money, date)
                if count <= WIDTH_SAMPLE and col < len(widths):
                    widths[col] = max(widths[col], _width(value))
        for col, width in enumerate(widths):  # the widest of the header and the first rows
            ws.set_column(col, col, max(10, min(50, width + 2)))
        if count:
            ws.autofilter(0, 0, count, max(len(header) - 1, 0))
    finally:
        workbook.close()
    return count


WIDTH_SAMPLE = 1000  # rows looked at to size the columns


def _width(value: Any) -> int:
    """Columns a value takes in Excel, as written (a Chinese character takes two)."""
    if value is None:
        return 0
    if isinstance(value, Decimal):
        return len(f"{value:,.2f}")
    if isinstance(value, dt.date):
        return 10
    if isinstance(value, bool):
        return 2
    return len(str(value).encode("gbk", "replace"))


def _write_cell(ws: Any, r: int, c: int, value: Any, as_text: bool, money: Any, date: Any) -> None:
    if value is None or value == "":
        return
    if as_text:
        ws.write_string(r, c, str(value))
    elif isinstance(value, bool):
        ws.write_string(r, c, "是" if value else "否")
    elif isinstance(value, Decimal):
        ws.write_number(r, c, float(value), money)
    elif isinstance(value, int | float):
        ws.write_number(r, c, value)
    elif isinstance(value, dt.date):
        ws.write_datetime(r, c, dt.datetime(value.year, value.month, value.day), date)
    else:
        ws.write_string(r, c, str(value))
