"""Read tabular files (xlsx, xls, ods, csv) as a header and rows of cells.

xlsx/xls/ods are read with calamine (Rust), many times faster than openpyxl's reader; csv with
the standard library, accepting UTF-8 (with or without BOM) and GB18030, which Excel in
Chinese writes.

A cell holding a NUL character (core.nul) makes the whole file refused: RowErrors naming
every such cell by row and column, so that nothing of the file is written.

The header need not be the first row: fupin's own exports put a title row above it (what the
sheet is, the region, the year, the date made), and offices' files often do the same. Given
the columns it expects, a reader takes as the header the first of the top rows that names
one of them (`header_find`); a file with no title row reads as before.
"""

from __future__ import annotations

import csv
import datetime as dt
import itertools
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import NamedTuple

from fupin.core.errors import InvalidInput, RowError, RowErrors
from fupin.core.nul import NUL, REASON
from fupin.exchange.layouts import Column, header_names, is_header_row

SPREADSHEET_SUFFIXES = {".xlsx", ".xlsm", ".xls", ".xlsb", ".ods"}
Cell = str | int | float | bool | dt.date | dt.datetime | dt.time | dt.timedelta | None


TITLE_ROWS = 10  # top rows of a file looked at for its header


class Table(NamedTuple):
    """The header of a file's first sheet, its row number in the file (1 without a title
    row) and an iterator over the data rows below it."""

    header: list[str]
    rows: Iterator[Sequence[Cell]]
    header_row: int


def read_table(
    path: str | Path, columns: Sequence[Column] = ()
) -> tuple[list[str], Iterator[Sequence[Cell]]]:
    """Return the header (stripped text) and an iterator over the data rows of the first sheet
    (see `read_table_at`)."""
    table = read_table_at(path, columns)
    return table.header, table.rows


def read_table_at(path: str | Path, columns: Sequence[Column] = ()) -> Table:
    """The header, the data rows and the header's row number of the first sheet. The header is
    the first of the top rows that names one of `columns` (title rows above it are skipped),
    the first row when none does or no columns are given. Text cells come stripped; blank
    cells are None.

    Raises InvalidInput when the file is missing, of an unknown kind, unreadable or empty;
    RowErrors when a cell holds NUL: at once for the header, after the last row for the data
    (callers read every row before they write).
    """
    path = Path(path)
    if not path.exists():
        raise InvalidInput(f"file not found: {path}")
    suffix = path.suffix.lower()
    if suffix in SPREADSHEET_SUFFIXES:
        rows = spreadsheet_rows(path)
    elif suffix in {".csv", ".txt", ".tsv"}:
        rows = _csv_rows(path, delimiter="\t" if suffix == ".tsv" else ",")
    else:
        raise InvalidInput(f"{path.name}: unknown file kind '{suffix}' (use .xlsx or .csv)")
    found = header_find(rows, header_names(columns))
    if found is None:
        raise InvalidInput(f"{path.name}: the file is empty")
    number, header, rows = found
    titles = [("" if h is None else str(h)).strip() for h in header]
    header_refuse_nul(titles, row=number)
    return Table(titles, _nul_refused(titles, rows, start=number + 1), number)


def header_find(
    rows: Iterator[Sequence[Cell]], names: frozenset[str]
) -> tuple[int, Sequence[Cell], Iterator[Sequence[Cell]]] | None:
    """The header among the top rows of `rows`: the first that names a column of `names`, or
    the first row when none of the top `TITLE_ROWS` does. Returns its row number in the file,
    its cells and the rows after it; None when there are no rows."""
    top = list(itertools.islice(rows, TITLE_ROWS))
    if not top:
        return None
    index = next((i for i, row in enumerate(top) if is_header_row(row, names)), 0)
    return index + 1, top[index], itertools.chain(top[index + 1 :], rows)


def spreadsheet_rows(path: Path, *, clean: bool = True) -> Iterator[Sequence[Cell]]:
    """The rows of the first sheet; `clean=False` leaves text unstripped and blank cells as ''
    (for callers that clean whole columns at once)."""
    from python_calamine import CalamineWorkbook

    try:
        workbook = CalamineWorkbook.from_path(str(path))
        sheet = workbook.get_sheet_by_index(0)
        data = sheet.iter_rows()
    except Exception as exc:  # calamine raises its own error types for broken files
        raise InvalidInput(f"{path.name}: cannot read the spreadsheet ({exc})") from None
    if not clean:
        yield from data
        return
    for row in data:
        yield [(cell.strip() or None) if isinstance(cell, str) else cell for cell in row]


def header_refuse_nul(header: Sequence[str], *, row: int = 1) -> None:
    """RowErrors for the header's titles (at `row` of the file) that hold NUL (named by their
    column letter)."""
    errors = [
        RowError(row, column_letter(index), REASON, title)
        for index, title in enumerate(header)
        if NUL in title
    ]
    if errors:
        raise RowErrors(errors)


def nul_error(header: Sequence[str], row: int, index: int, text: str) -> RowError:
    """The error of the cell at `row` and column `index` whose `text` holds NUL."""
    title = header[index] if index < len(header) and header[index] else column_letter(index)
    return RowError(row, title, REASON, text)  # RowError writes the NUL as \0


def column_letter(index: int) -> str:
    """A spreadsheet's name of column `index` (0 → A, 26 → AA)."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


def _nul_refused(
    header: list[str], rows: Iterator[Sequence[Cell]], *, start: int = 2
) -> Iterator[Sequence[Cell]]:
    errors: list[RowError] = []
    for number, row in enumerate(rows, start=start):
        errors.extend(
            nul_error(header, number, index, cell)
            for index, cell in enumerate(row)
            if type(cell) is str and NUL in cell
        )
        yield row
    if errors:
        raise RowErrors(errors)


def _csv_rows(path: Path, delimiter: str) -> Iterator[Sequence[Cell]]:
    encoding = sniff_encoding(path)
    with path.open(newline="", encoding=encoding) as handle:
        try:
            for row in csv.reader(handle, delimiter=delimiter):
                yield [cell.strip() or None for cell in row]
        except UnicodeDecodeError as exc:  # past the sample the encoding was guessed from
            raise InvalidInput(
                f"{path.name}: not a text file in UTF-8 or GB18030 ({exc})"
            ) from None


def sniff_encoding(path: Path) -> str:
    with path.open("rb") as handle:
        head = handle.read(1 << 16)
    if head.startswith(b"\xef\xbb\xbf"):
        return "utf-8-sig"
    try:
        head.decode("utf-8")
    except UnicodeDecodeError as exc:
        if exc.start < len(head) - 4:  # not just a character cut at the sample's end
            return "gb18030"
    return "utf-8"
