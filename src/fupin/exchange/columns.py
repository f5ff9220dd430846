"""Import files as columns: one Arrow string array per column, parsed column by column.

A million-row registry file has few distinct values in most columns (villages, labels, years,
是/否), so each column is parsed by its field's Python parser once per distinct value and the
result is spread back over the rows. Columns where almost every value differs (amounts,
names, numbers) first go through a vectorised fast path for their plain forms; whatever the
fast path cannot decide goes to the Python parser. The parsers in `fupin.exchange.cells` stay
the one definition of what a cell means and of every error message.
"""

from __future__ import annotations

import csv
import datetime as dt
import itertools
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from fupin.core.errors import InvalidInput, RowError, RowErrors
from fupin.core.nul import NUL
from fupin.exchange.layouts import Column, header_names, is_header_row
from fupin.exchange.readers import (
    SPREADSHEET_SUFFIXES,
    TITLE_ROWS,
    header_find,
    header_refuse_nul,
    nul_error,
    sniff_encoding,
    spreadsheet_rows,
)

# A fast path returns the values it could decide (null elsewhere) and a mask of the rows it
# leaves to the Python parser.
FastPath = Callable[[pa.Array], tuple[pa.Array, pa.Array]]


@dataclass
class Sheet:
    """The first sheet of a file: header texts, one string array per column (stripped, blank
    cells null), the file row number of each data row and that of the header (1, or lower
    when title rows stand above it)."""

    header: list[str]
    columns: list[pa.Array]
    rows: np.ndarray
    header_row: int = 1

    def column(self, index: int | None) -> pa.Array:
        """The column at `index`, or all nulls when the file has no such column."""
        if index is None or index >= len(self.columns):
            return pa.nulls(len(self.rows), pa.string())
        return self.columns[index]

    def filter(self, mask: np.ndarray) -> Sheet:
        keep = pa.array(mask)
        columns = [c.filter(keep) for c in self.columns]
        return Sheet(self.header, columns, self.rows[mask], self.header_row)


@dataclass
class Parsed:
    """A parsed column: values (null where blank or wrong) and the wrong cells' reasons."""

    values: pa.Array
    error_index: np.ndarray  # positions of the wrong cells
    error_reason: list[str]


def read_sheet(path: str | Path, columns: Sequence[Column] = ()) -> Sheet:
    """Read an xlsx/xls/ods/csv file as a Sheet whose header is the first of the top rows
    that names one of `columns` (the first row when none does; `readers.header_find`), so a
    title row above the header is skipped. Raises InvalidInput when the file is missing,
    of an unknown kind, unreadable or empty; RowErrors naming every cell that holds NUL."""
    path = Path(path)
    if not path.exists():
        raise InvalidInput(f"file not found: {path}")
    suffix = path.suffix.lower()
    if suffix in SPREADSHEET_SUFFIXES:
        sheet = _sheet_of_rows(path, spreadsheet_rows(path, clean=False), header_names(columns))
    elif suffix in {".csv", ".txt", ".tsv"}:
        sheet = _read_csv(path, "\t" if suffix == ".tsv" else ",", header_names(columns))
    else:
        raise InvalidInput(f"{path.name}: unknown file kind '{suffix}' (use .xlsx or .csv)")
    sheet_refuse_nul(sheet)
    return sheet


def sheet_refuse_nul(sheet: Sheet) -> None:
    """RowErrors for the header titles and the cells of `sheet` that hold NUL."""
    header_refuse_nul(sheet.header, row=sheet.header_row)
    errors: list[RowError] = []
    for index, column in enumerate(sheet.columns):
        if not _may_hold_nul(column):
            continue
        found = pc.fill_null(pc.match_substring(column, NUL), False)
        where = np.flatnonzero(found.to_numpy(zero_copy_only=False))
        texts = column.take(pa.array(where)).to_pylist()
        errors.extend(
            nul_error(sheet.header, int(sheet.rows[p]), index, text)
            for p, text in zip(where.tolist(), texts, strict=True)
        )
    if errors:
        raise RowErrors(sorted(errors, key=lambda e: e.row))


def _may_hold_nul(column: pa.Array) -> bool:
    """Whether the bytes of a string column hold a zero byte: one pass over its data buffer,
    many times faster than matching cell by cell (a null cell's bytes may count too)."""
    if column.type != pa.string():
        return True
    _, offsets, data = column.buffers()
    if data is None or not len(column):
        return False
    bounds = np.frombuffer(offsets, dtype=np.int32)[[column.offset, column.offset + len(column)]]
    start, end = int(bounds[0]), int(bounds[1])
    return not np.frombuffer(data, dtype=np.uint8, count=end - start, offset=start).all()


def _read_csv(path: Path, delimiter: str, known: frozenset[str]) -> Sheet:
    """CSV through Arrow's reader; files it cannot take as a plain grid (rows of another
    length, blank lines, a header over several lines) through the csv module."""
    import pyarrow.csv as pacsv

    encoding = sniff_encoding(path)
    with path.open(newline="", encoding=encoding, errors="replace") as handle:
        reader = csv.reader(handle, delimiter=delimiter)
        top: list[list[str]] = []
        lines: list[int] = []  # the line each of the top rows ends on
        for row in itertools.islice(reader, TITLE_ROWS):
            top.append(row)
            lines.append(reader.line_num)
    if not top:
        raise InvalidInput(f"{path.name}: the file is empty")
    index = next((i for i, row in enumerate(top) if is_header_row(row, known)), 0)
    header = top[index]
    header_row = index + 1
    plain_header = lines[index] == header_row  # one line a row down to the header
    irregular: list[object] = []

    def irregular_row(row: object) -> str:
        irregular.append(row)
        return "skip"

    if plain_header and header:
        names = [f"c{i}" for i in range(len(header))]
        try:
            table = pacsv.read_csv(
                path,
                read_options=pacsv.ReadOptions(
                    encoding=encoding.replace("-sig", ""),
                    column_names=names,
                    skip_rows=header_row,
                    block_size=1 << 24,
                ),
                parse_options=pacsv.ParseOptions(
                    delimiter=delimiter,
                    invalid_row_handler=irregular_row,
                    ignore_empty_lines=False,
                ),
                convert_options=pacsv.ConvertOptions(
                    column_types={n: pa.string() for n in names},
                    strings_can_be_null=False,
                ),
            )
        except (pa.ArrowInvalid, UnicodeDecodeError):
            irregular.append("unreadable")
        else:
            if not irregular:
                columns = [_cleaned(table.column(i).combine_chunks()) for i in range(len(names))]
                first = header_row + 1
                rows = np.arange(first, table.num_rows + first, dtype=np.int64)
                return Sheet(_header(header), columns, rows, header_row)

    def python_rows() -> Iterable[list[Any]]:
        with path.open(newline="", encoding=encoding) as handle:
            yield from csv.reader(handle, delimiter=delimiter)

    try:
        return _sheet_of_rows(path, iter(python_rows()), known)
    except UnicodeDecodeError as exc:
        raise InvalidInput(f"{path.name}: not a text file in UTF-8 or GB18030 ({exc})") from None


def _header(cells: Sequence[Any]) -> list[str]:
    return [("" if h is None else str(h)).strip() for h in cells]


def _cleaned(column: pa.Array) -> pa.Array:
    """Strip whitespace (Unicode, full-width too); blank cells become null."""
    if column.type != pa.string():
        column = column.cast(pa.string())
    stripped = pc.utf8_trim_whitespace(column)
    return pc.if_else(pc.equal(stripped, ""), pa.scalar(None, pa.string()), stripped)


def _sheet_of_rows(
    path: Path,
    rows: Iterable[Sequence[Any]],
    known: frozenset[str] = frozenset(),
    chunk: int = 100_000,
) -> Sheet:
    """Rows of Python cells as a Sheet, converted a chunk at a time so that a million rows
    never stand as Python objects all at once; the header is the first of the top rows that
    names a `known` column (`readers.header_find`)."""
    found = header_find(iter(rows), known)
    if found is None:
        raise InvalidInput(f"{path.name}: the file is empty")
    header_row, header, iterator = found
    parts: list[list[pa.Array]] = []  # per column, its arrays chunk by chunk
    count = 0
    while data := list(itertools.islice(iterator, chunk)):
        width = max(len(header), len(parts), *(len(r) for r in data))
        if all(len(r) == width for r in data):
            columns: list[Any] = [list(c) for c in zip(*data, strict=True)]
        else:
            columns = [[] for _ in range(width)]
            for row in data:
                padded = list(row) + [None] * (width - len(row))
                for index, cell in enumerate(padded):
                    columns[index].append(cell)
        while len(parts) < width:
            parts.append([pa.nulls(count, pa.string())] if count else [])
        for index in range(len(parts)):
            cells = columns[index] if index < len(columns) else [None] * len(data)
            parts[index].append(_cleaned(pa.array(cell_texts(cells), pa.string())))
        count += len(data)
    while len(parts) < len(header):
        parts.append([pa.nulls(count, pa.string())])
    arrays = [pa.concat_arrays(p) if p else pa.array([], pa.string()) for p in parts]
    first = header_row + 1
    rows_of = np.arange(first, count + first, dtype=np.int64)
    return Sheet(_header(header), arrays, rows_of, header_row)


def cell_texts(cells: list[Any]) -> list[str | None]:
    """Spreadsheet cells as the text a user typed: 110119202201.0 → '110119202201', dates in
    ISO form, TRUE → 'true'."""
    if all(type(c) is str or c is None for c in cells):
        return cells
    return [None if c is None else cell_text(c) for c in cells]


def cell_text(cell: Any) -> str:
    if type(cell) is str:
        return cell
    if isinstance(cell, bool):
        return "true" if cell else "false"
    if isinstance(cell, float):
        return str(int(cell)) if cell.is_integer() else repr(cell)
    if isinstance(cell, dt.datetime) and cell.time() == dt.time():
        return cell.date().isoformat()
    if isinstance(cell, dt.date | dt.datetime | dt.time):
        return cell.isoformat()
    return str(cell)


def parse_column(
    texts: pa.Array,
    parse: Callable[[str], Any],
    type: pa.DataType,
    fast: FastPath | None = None,
) -> Parsed:
    """Parse a string column with `parse` (raising ValueError with a reason), calling it once
    per distinct value; `fast` decides the plain forms without Python."""
    if fast is not None:
        decided, undecided = fast(texts)
        slow = _parse_distinct(
            pc.if_else(undecided, texts, pa.scalar(None, pa.string())), parse, type
        )
        slow.values = pc.if_else(undecided, slow.values, decided)
        return slow
    return _parse_distinct(texts, parse, type)


def _parse_distinct(texts: pa.Array, parse: Callable[[str], Any], type: pa.DataType) -> Parsed:
    encoded = pc.dictionary_encode(texts)
    results: list[Any] = []
    bad: dict[int, str] = {}
    for position, text in enumerate(encoded.dictionary.to_pylist()):
        try:
            results.append(parse(text))
        except ValueError as exc:
            results.append(None)
            bad[position] = str(exc)
    values = pa.array(results, type=type).take(encoded.indices)
    if not bad:
        return Parsed(values, np.empty(0, dtype=np.int64), [])
    indices = encoded.indices.to_numpy(zero_copy_only=False)
    codes = np.fromiter(bad, dtype=np.int64, count=len(bad))
    where = np.flatnonzero(np.isin(indices, codes) & encoded.indices.is_valid().to_numpy(False))
    reasons = [bad[int(code)] for code in indices[where]]
    return Parsed(values, where, reasons)


# Fast paths -----------------------------------------------------------------------------


def text_fast(limit: int, code: bool = False) -> FastPath:
    """Text up to `limit` characters (codes: not ending in '.0', which the parser strips)."""

    def fast(texts: pa.Array) -> tuple[pa.Array, pa.Array]:
        ok = pc.less_equal(pc.utf8_length(texts), limit)
        if code:
            ok = pc.and_(ok, pc.invert(pc.ends_with(texts, ".0")))
        undecided = pc.fill_null(pc.invert(ok), False)
        return pc.if_else(undecided, pa.scalar(None, pa.string()), texts), undecided

    return fast


_AMOUNT = r"^[0-9]{1,12}(\.[0-9]{1,2})?$"
_SIGNED_AMOUNT = r"^-?[0-9]{1,12}(\.[0-9]{1,2})?$"


def amount_fast(*, signed: bool) -> FastPath:
    """Plain amounts ('3000', '12.5', '-3.25' when signed) as decimals with two places."""
    pattern = _SIGNED_AMOUNT if signed else _AMOUNT

    def fast(texts: pa.Array) -> tuple[pa.Array, pa.Array]:
        plain = pc.fill_null(pc.match_substring_regex(texts, pattern), False)
        decided = pc.if_else(plain, texts, pa.scalar(None, pa.string()))
        undecided = pc.and_(texts.is_valid(), pc.invert(plain))
        return decided.cast(pa.decimal128(14, 2)), undecided

    return fast
