"""Write tables to xlsx (streaming, constant memory) or csv (UTF-8 with BOM for Excel).

An xlsx sheet is made to be read on screen and printed: a title row above the header (what it
is, region, year, date made: `titles.Title`), the header frozen under it, columns sized to
their values, and a print set-up of landscape A4 pages one page wide with the title and header
repeated on every page and the page number in the footer. A sheet too wide to be read at one
page wide (the registry's 51 columns) is shrunk as much and spread over as many pages wide as
it needs, the pages of the same rows one after another, its leading columns that name a row
repeated on each. A csv file stays a plain grid."""

from __future__ import annotations

import csv
import datetime as dt
import math
from collections.abc import Iterable, Sequence
from decimal import Decimal
from pathlib import Path
from typing import Any

from fupin.core.errors import InvalidInput
from fupin.exchange.titles import Title


def write_table(
    path: str | Path,
    header: Sequence[str],
    rows: Iterable[Sequence[Any]],
    *,
    sheet: str = "Sheet1",
    text_columns: Sequence[int] = (),
    title: Title | None = None,
    key_columns: int = 1,
) -> int:
    """Write a header and rows; the kind follows the suffix (.xlsx or .csv). Returns the row
    count. `text_columns` are written as text in xlsx (codes and ID numbers keep leading
    zeros and all 18 digits). An xlsx file gets `title` in a row above the header; a csv
    file has none (it stays a grid for other programs). The first `key_columns` name a row:
    they are repeated on each printed page of a sheet too wide for one."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    suffix = path.suffix.lower()
    if suffix == ".xlsx":
        return _write_xlsx(path, header, rows, sheet, set(text_columns), title, key_columns)
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
    title: Title | None,
    key_columns: int,
) -> int:
    import xlsxwriter

    workbook = xlsxwriter.Workbook(
        str(path), {"constant_memory": True, "strings_to_numbers": False}
    )
    try:
        ws = workbook.add_worksheet(sheet[:31])
        bold = workbook.add_format(
            {"bold": True, "bg_color": "#EEF2F7", "border": 1, "text_wrap": True}
        )
        money = workbook.add_format({"num_format": "#,##0.00"})
        date = workbook.add_format({"num_format": "yyyy-mm-dd"})
        last = max(len(header) - 1, 0)
        top = 0  # the header's row
        if title is not None:
            top = 1
            _write_title(workbook, ws, title, last)
        widths = [_width(name) + 2 for name in header]
        for col, name in enumerate(header):
            ws.write_string(top, col, name, bold)
        ws.freeze_panes(top + 1, 0)
        count = 0
        for count, row in enumerate(rows, start=1):
            for col, value in enumerate(row):
                _write_cell(ws, top + count, col, value, col in text_columns, money, date)
                if count <= WIDTH_SAMPLE and col < len(widths):
                    widths[col] = max(widths[col], _width(value))
        sized = [max(10, min(50, width + 2)) for width in widths]
        for col, width in enumerate(sized):  # the widest of the header and the first rows
            ws.set_column(col, col, width)
        if count:
            ws.autofilter(top, 0, top + count, last)
        _print_setup(ws, top, title, sized, key_columns)
    finally:
        workbook.close()
    return count


def _write_title(workbook: Any, ws: Any, title: Title, last: int) -> None:
    """The title in row 1, one cell merged over the header's width."""
    text = title.text()
    workbook.set_properties({"title": text})
    big = workbook.add_format({"bold": True, "font_size": 14, "valign": "vcenter"})
    ws.set_row(0, 24)
    if last:
        ws.merge_range(0, 0, 0, last, text, big)
    else:
        ws.write_string(0, 0, text, big)


#: Columns (Excel's width units, about a digit each) that landscape A4 takes at one page wide
#: still readable, shrunk to about 60 %; the household list takes some 165.
ONE_PAGE_WIDE = 240


def _print_setup(
    ws: Any, top: int, title: Title | None, widths: list[int], key_columns: int
) -> None:
    """Landscape A4, as many pages long as it takes, the rows down to the header repeated on
    each page, gridlines and page numbers printed; one page wide when the columns fit at a
    readable size, else as many pages wide as that size needs, with the key columns repeated
    on each and the pages of the same rows one after another."""
    ws.set_landscape()
    ws.set_paper(9)  # A4
    ws.set_margins(left=0.4, right=0.4, top=0.5, bottom=0.6)
    width = sum(widths)
    if width <= ONE_PAGE_WIDE:
        ws.fit_to_pages(1, 0)
    else:
        keys = sum(widths[:key_columns])
        ws.fit_to_pages(math.ceil((width - keys) / (ONE_PAGE_WIDE - keys)), 0)
        ws.print_across()
        if key_columns:
            ws.repeat_columns(0, key_columns - 1)
    ws.repeat_rows(0, top)
    ws.hide_gridlines(0)  # 0: gridlines on screen and on paper
    if title is not None:
        ws.set_footer(title.footer())


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
