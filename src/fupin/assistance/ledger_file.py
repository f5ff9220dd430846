"""The file of `fupin ledger import`, checked column by column.

A ledger file repeats its units, dates, indicators and regions on every row, so each of those
columns is parsed once per distinct value (`fupin.exchange.columns`); amounts, nearly all
different, go through the vectorised fast path for plain forms. Every rule then runs over
whole columns. Reversing rows depend on the rows before them and are few: they are checked one
by one, in file order.

The errors are the ones, in the same order, that checking the rows one by one gave:
1. each row's cells, in the file's column order (a blank required cell — a reversing row's
   date may be blank: it is then the reversed entry's —, a cell not parsed);
2. region codes not in the division tree;
3. per row: an entry number given on an earlier row (nothing else is checked on that row);
   the reversal's checks (its date by `ledger_rules.reversal_date`), or an empty amount; an
   empty unit or indicator; an unknown unit; a date after today; an unknown project; an
   amount its indicator does not take, or not above zero; a unit outside the user's units;
   a unit's own indicator or project used by another unit; a region the unit is not paired
   with, or an exception reason its indicator does not take (`ledger_rules.places_check`,
   for new entries); last, when step 3 found nothing on the row, a stored entry with the
   same number and other values.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
from django.utils import translation

from fupin.assistance import ledger_rules, services
from fupin.assistance.enums import LedgerReason, Measure
from fupin.assistance.ledger_rows import StoredEntry, reversal_check, same, stored_entries
from fupin.assistance.models import Indicator, LedgerEntry, Project, Unit
from fupin.assistance.selectors import indicator_allowed
from fupin.core.errors import FupinError, RowError
from fupin.core.identifiers import credit_code
from fupin.core.money import parse_yuan
from fupin.exchange import cells
from fupin.exchange.columns import Sheet, amount_fast, parse_column, read_sheet
from fupin.exchange.layouts import Column, map_header, unknown_columns
from fupin.regions.codes import clean_code
from fupin.regions.selectors import resolve_codes

LEDGER_COLUMNS = (
    Column("entry_id", "编号", required=True),
    Column("unit_code", "单位信用代码"),
    Column("date", "日期", required=True),
    Column("indicator", "指标"),
    Column("amount", "数值"),
    Column("region_code", "行政区划代码"),
    Column("project", "项目"),
    Column("evidence", "凭证"),
    Column("reverses", "冲销"),
    Column("reason", "例外原因"),  # LedgerReason, by its Chinese label or code
    Column("other_year", "跨年度冲销"),  # 是: a reversal dated in another year than its entry
)
COLUMN = {c.key: c for c in LEDGER_COLUMNS}
AMOUNT = services.LEDGER_ENTRIES.field("amount").type
TEXT = pa.string()

# phases of the checks (see the module docstring) and the steps of phase 3
CELLS, REGIONS, ROWS = 1, 2, 3
REPEATED, REVERSAL, EMPTY_UNIT, EMPTY_INDICATOR, UNIT, DATE, PROJECT, AMOUNT_CHECK, SCOPE = range(9)
STORED = 9
OWNED = 10  # a unit's own indicator or project used by a unit outside its tree
PLACE = 11  # the region rule (`ledger_rules.places_check`)
with translation.override("zh-hans"):  # 例外原因 by its Chinese label or its code
    REASONS = {
        **{str(label): value for value, label in LedgerReason.choices},
        **{value: value for value in LedgerReason.values},
    }


@dataclass
class LedgerFile:
    """A checked ledger file: what was found, and what a write would add."""

    rows: int  # the non-blank data rows
    errors: list[RowError]
    warnings: list[RowError]
    bad_rows: int  # rows with an error
    unchanged: int  # rows of stored entries given again with the same values
    entries: pa.Table  # the new entries on valid rows, `services.LEDGER_ENTRIES`
    reversals: list[tuple[int, dict[str, Any]]]  # row, and entry_id/reverses/date/evidence
    stored: set[str]  # the entry numbers the file names (编号 or 冲销) that are stored


def ledger_file_check(
    *,
    path: str | Path,
    indicator: Callable[[Any], Indicator],
    today: dt.date,
    writable: Callable[[Unit], bool] | None = None,
) -> LedgerFile:
    """Read and check a ledger file. `indicator` finds a cell's indicator (ValueError with the
    reason when none); `writable`, when given, says which units the importing user may write.
    Raises RowErrors for an unusable header, InvalidInput for an unreadable file."""
    sheet = read_sheet(path, LEDGER_COLUMNS)
    positions = map_header(sheet.header, LEDGER_COLUMNS, row=sheet.header_row)
    warnings = [
        RowError(sheet.header_row, title, "unknown column, ignored", severity="warning")
        for title in unknown_columns(sheet.header, positions)
    ]
    return _Check(sheet, positions, indicator, today, writable).run(warnings)


def _date(text: str) -> dt.date:
    """A date cell; a spreadsheet's date-and-time cell arrives as ISO text and counts as its
    date, as it did when cells were read one by one."""
    try:
        return cells.date(text)
    except ValueError:
        if "T" in text:
            try:
                return dt.datetime.fromisoformat(text).date()
            except ValueError:
                pass
        raise


def _raising_value_error(parse: Callable[[str], Any]) -> Callable[[str], Any]:
    """Parsers that raise InvalidInput (region codes) as the ValueError the columns expect."""

    def parse_cell(text: str) -> Any:
        try:
            return parse(text)
        except FupinError as exc:
            raise ValueError(exc.message) from None

    return parse_cell


def _numpy(values: pa.Array | pa.ChunkedArray) -> np.ndarray:
    return np.asarray(values.to_numpy(zero_copy_only=False))


def _valid(values: pa.Array) -> np.ndarray:
    return _numpy(values.is_valid())


def _among(values: pa.Array, keys: Sequence[Any]) -> np.ndarray:
    """Which values are among `keys` (null values are not)."""
    if not keys:
        return np.zeros(len(values), dtype=bool)
    return _numpy(pc.fill_null(pc.is_in(values, value_set=pa.array(keys, values.type)), False))


def _mapped(values: pa.Array, mapping: Mapping[Any, Any], type: pa.DataType) -> pa.Array:
    """Each value's image under `mapping`; null for values outside it."""
    keys = list(mapping)
    if not keys:
        return pa.nulls(len(values), type)
    found = pc.index_in(values, value_set=pa.array(keys, values.type))
    return pa.array(list(mapping.values()), type).take(found)


class _Check:
    """The checks of one file. Positions index its non-blank data rows; `rows` holds their
    row numbers in the file."""

    def __init__(
        self,
        sheet: Sheet,
        positions: dict[str, int],
        indicator: Callable[[Any], Indicator],
        today: dt.date,
        writable: Callable[[Unit], bool] | None,
    ) -> None:
        nonblank = np.zeros(len(sheet.rows), dtype=bool)
        for column in sheet.columns:
            nonblank |= _valid(column)
        self.sheet = sheet if nonblank.all() else sheet.filter(nonblank)
        self.rows = self.sheet.rows
        self.size = len(self.rows)
        self.positions = positions
        self.indicator = indicator
        self.today = today
        self.writable = writable
        self.indicators: dict[int, Indicator] = Indicator.objects.in_bulk()
        self.problems: list[tuple[int, int, int, RowError]] = []  # phase, position, step
        self.failed: dict[str, np.ndarray] = {}  # cells that did not parse, by column
        self.values: dict[str, pa.Array] = {}

    # -- reporting -----------------------------------------------------------------------

    def _report(
        self,
        phase: int,
        step: int,
        where: np.ndarray,
        key: str,
        reasons: str | list[str],
        shown: pa.Array | list[Any] | None = None,
    ) -> None:
        where = np.asarray(where, dtype=np.int64)
        if not len(where):
            return
        title = COLUMN[key].title
        texts = [reasons] * len(where) if isinstance(reasons, str) else reasons
        if shown is None:
            values: list[Any] = [""] * len(where)
        elif isinstance(shown, pa.Array):
            values = shown.take(pa.array(where)).to_pylist()
        else:
            values = shown
        self.problems.extend(
            (phase, position, step, RowError(row, title, reason, "" if v is None else str(v)))
            for position, row, reason, v in zip(
                where.tolist(), self.rows[where].tolist(), texts, values, strict=True
            )
        )

    def _error(self, position: int, key: str, reason: str, value: Any) -> None:
        """One row's error from the reversal checks (phase 3, one row at a time)."""
        shown = "" if value is None else str(value)
        row = int(self.rows[position])
        self.problems.append(
            (ROWS, position, REVERSAL, RowError(row, COLUMN[key].title, reason, shown))
        )

    # -- cells ---------------------------------------------------------------------------

    def _cells(
        self,
        key: str,
        parse: Callable[[str], Any] | None = None,
        type: pa.DataType = TEXT,
        fast: Any = None,
        blank_ok: np.ndarray | None = None,
    ) -> pa.Array:
        """Parse a column (text as it is when `parse` is None); report its empty required
        cells (but on `blank_ok` rows) and the cells that do not parse."""
        index = self.positions.get(key)
        texts = self.sheet.column(index)
        self.failed[key] = np.zeros(self.size, dtype=bool)
        values = texts
        if index is not None:
            if COLUMN[key].required:
                empty = ~_valid(texts) if blank_ok is None else ~_valid(texts) & ~blank_ok
                self._report(CELLS, index, np.flatnonzero(empty), key, "required value is empty")
            if parse is not None:
                parsed = parse_column(texts, _raising_value_error(parse), type, fast)
                self.failed[key][parsed.error_index] = True
                self._report(CELLS, index, parsed.error_index, key, parsed.error_reason, texts)
                values = parsed.values
        if values.type != type:
            values = values.cast(type)
        self.values[key] = values
        return values

    def _indicator_id(self, text: str) -> int:
        return int(self.indicator(text).pk)

    def _rows_of(self, positions: Sequence[int]) -> list[dict[str, Any]]:
        """Rows as dicts of their parsed values (indicators as objects)."""
        take = pa.array(positions, pa.int64())
        columns = {key: values.take(take).to_pylist() for key, values in self.values.items()}
        out = [dict(zip(columns, row, strict=True)) for row in zip(*columns.values(), strict=True)]
        for row in out:
            row["indicator"] = self.indicators.get(row["indicator"]) if row["indicator"] else None
        return out

    # -- the checks ----------------------------------------------------------------------

    def run(self, warnings: list[RowError]) -> LedgerFile:
        reverses_given = _valid(self.sheet.column(self.positions.get("reverses")))
        self._cells("entry_id", _at_most(LedgerEntry._meta.get_field("entry_id").max_length))
        self._cells("unit_code", credit_code)
        self._cells("date", _date, pa.date32(), blank_ok=reverses_given)
        self._cells("indicator", self._indicator_id, pa.int64())
        self._cells("amount", parse_yuan, AMOUNT, amount_fast(signed=False))
        self._cells("region_code", clean_code)
        self._cells("project")
        self._cells("evidence", _at_most(LedgerEntry._meta.get_field("evidence").max_length))
        self._cells("reverses")
        self._cells("reason", lambda text: cells.choice(text, REASONS))
        self._cells("other_year", cells.boolean, pa.bool_())
        regions = self._regions(self.values["region_code"])
        names, first, live = self._numbers()
        reverses = self.values["reverses"]
        stored = stored_entries(
            list({*names, *pc.unique(reverses.drop_null()).to_pylist()}), self.indicators
        )
        project = self.values["project"]
        projects = {
            p.code: p
            for p in Project.objects.filter(code__in=self._distinct(project)).select_related("unit")
        }
        reversing = live & _valid(reverses)
        found = np.zeros(self.size, dtype=bool)  # reversing rows whose entry was found
        filled = self._reversals(np.flatnonzero(reversing), names, first, stored, found)
        unit_code = self._units_filled(filled)
        # the units named, and those of the entries reversed (a file may name none of them)
        units = {
            u.credit_code: u for u in Unit.objects.filter(credit_code__in=self._distinct(unit_code))
        }
        self._row_checks(live, reversing, found, unit_code, units, projects)
        new = live & ~reversing & ~_among(self.values["entry_id"], list(stored))
        self._places(new, unit_code, units, regions)
        checked = live & ~self._with_problems(ROWS)
        again = checked & _among(self.values["entry_id"], list(stored))
        unchanged = self._stored_again(np.flatnonzero(again), stored, regions, filled)
        fresh = checked & ~again & ~self._with_problems()
        self.problems.sort(key=lambda p: p[:3])
        return LedgerFile(
            rows=self.size,
            errors=[p[3] for p in self.problems],
            warnings=warnings,
            bad_rows=int(self._with_problems().sum()),
            unchanged=unchanged,
            entries=self._entries(np.flatnonzero(fresh & ~reversing), units, regions, projects),
            reversals=self._reversals_to_write(np.flatnonzero(fresh & reversing), filled),
            stored=set(stored),
        )

    def _numbers(self) -> tuple[list[str], np.ndarray, np.ndarray]:
        """Report the rows whose entry number an earlier row gave. Returns the distinct
        numbers, the position where each is first given, and the mask of the other rows."""
        ids = pc.dictionary_encode(self.values["entry_id"])
        names: list[str] = ids.dictionary.to_pylist()
        code = _numpy(pc.fill_null(ids.indices, -1)).astype(np.int64)
        numbered = np.flatnonzero(code >= 0)
        first = np.zeros(len(names), dtype=np.int64)
        _, at = np.unique(code[numbered], return_index=True)
        first[: len(at)] = numbered[at]  # numbers are encoded in the order they appear
        repeated = np.zeros(self.size, dtype=bool)
        repeated[numbered] = first[code[numbered]] != numbered
        where = np.flatnonzero(repeated)
        earlier = self.rows[first[code[where]]].tolist()
        reasons = [f"entry already given on row {row}" for row in earlier]
        self._report(ROWS, REPEATED, where, "entry_id", reasons)
        return names, first, ~repeated

    def _units_filled(self, filled: dict[int, dict[str, Any]]) -> pa.Array:
        """The unit code of each row, a reversing row's taken from the entry it reverses."""
        typed = self.values["unit_code"]
        if not filled:
            return typed
        codes = np.asarray(typed.to_pylist(), dtype=object)
        for position, values in filled.items():
            codes[position] = values["unit_code"]
        return pa.array(codes, pa.string())

    def _row_checks(
        self,
        live: np.ndarray,
        reversing: np.ndarray,
        found: np.ndarray,
        unit_code: pa.Array,
        units: dict[str, Unit],
        projects: dict[str, Project],
    ) -> None:
        """The checks of phase 3 after the reversals', on every row at once."""
        amount, indicator, date = (self.values[k] for k in ("amount", "indicator", "date"))
        has_amount, has_indicator, has_unit = _valid(amount), _valid(indicator), _valid(unit_code)
        where = np.flatnonzero(live & ~reversing & ~has_amount & ~self.failed["amount"])
        self._report(ROWS, REVERSAL, where, "amount", "required value is empty")
        for step, key, given in (
            (EMPTY_UNIT, "unit_code", has_unit),
            (EMPTY_INDICATOR, "indicator", has_indicator),
        ):
            where = np.flatnonzero(live & ~given & ~found & ~self.failed[key])
            self._report(ROWS, step, where, key, "required value is empty")
        where = np.flatnonzero(live & has_unit & ~_among(unit_code, list(units)))
        self._report(ROWS, UNIT, where, "unit_code", "no such unit", unit_code)
        # a reversal's date is its rule's (`_reversals`)
        dated = live & ~(reversing & found)
        late = np.flatnonzero(dated & _numpy(pc.fill_null(pc.greater(date, self.today), False)))
        shown = date.take(pa.array(late)).to_pylist()
        self._report(ROWS, DATE, late, "date", [f"dated after today ({d})" for d in shown], shown)
        project = self.values["project"]
        where = np.flatnonzero(live & _valid(project) & ~_among(project, list(projects)))
        self._report(ROWS, PROJECT, where, "project", "no such project", project)
        self._owned(live & has_unit & has_indicator, unit_code, units, projects)
        self._amounts(live & ~found & has_amount & has_indicator, amount, indicator)
        if self.writable is not None:
            outside = [c for c, unit in units.items() if not self.writable(unit)]
            where = np.flatnonzero(live & _among(unit_code, outside))
            self._report(ROWS, SCOPE, where, "unit_code", "unit outside your units", unit_code)

    def _owned(
        self,
        rows: np.ndarray,
        unit_code: pa.Array,
        units: dict[str, Unit],
        projects: dict[str, Project],
    ) -> None:
        """A unit's own indicators and its projects are for the units above and below it: a
        row of another unit using them is refused (as recording one on a page is). Each
        distinct unit and indicator, or unit and project, is asked once."""
        own = {pk for pk, i in self.indicators.items() if i.owner_id is not None}
        indicator, project = self.values["indicator"], self.values["project"]
        asked: dict[tuple[str, Any], bool] = {}
        # only the rows naming a unit's own indicator or a project need a look
        positions = np.flatnonzero(
            rows & (_among(indicator, list(own)) | _among(project, list(projects)))
        ).tolist()
        if not positions:
            return
        take = pa.array(positions, pa.int64())
        codes, ids, names = (
            dict(zip(positions, values.take(take).to_pylist(), strict=True))
            for values in (unit_code, indicator, project)
        )
        bad_indicator, bad_project = [], []
        for position in positions:
            unit = units.get(codes[position])
            if unit is None:
                continue
            if ids[position] in own:
                key = (unit.credit_code, ids[position])
                if key not in asked:
                    asked[key] = indicator_allowed(unit, self.indicators[ids[position]])
                if not asked[key]:
                    bad_indicator.append(position)
            found = projects.get(names[position]) if names[position] else None
            if found is not None and not (
                found.unit.path.startswith(unit.path) or unit.path.startswith(found.unit.path)
            ):
                bad_project.append(position)
        self._report(
            ROWS,
            OWNED,
            bad_indicator,
            "indicator",
            [
                f"indicator {self.indicators[ids[i]].code} belongs to another unit"
                for i in bad_indicator
            ],
        )
        self._report(ROWS, OWNED, bad_project, "project", "project of another unit", project)

    def _reversals_to_write(
        self, positions: np.ndarray, filled: dict[int, dict[str, Any]]
    ) -> list[tuple[int, dict[str, Any]]]:
        """The valid reversing rows, with their dates as their checks filled them."""
        return [
            (
                int(self.rows[position]),
                {
                    "entry_id": filled[position]["entry_id"],
                    "reverses": filled[position]["reverses"],
                    "date": filled[position]["date"],
                    "evidence": filled[position]["evidence"] or "",
                },
            )
            for position in positions.tolist()
        ]

    def _places(
        self, rows: np.ndarray, unit_code: pa.Array, units: dict[str, Unit], regions: pa.Array
    ) -> None:
        """The region rule on the new entries of `rows` with a known unit, all at once: a
        region no pairing of the unit's tree covers on the row's date, unless an exception
        reason allows it, on the region's column; a reason the indicator does not take on
        the reason's column."""
        ids = _mapped(unit_code, {c: u.pk for c, u in units.items()}, pa.int64())
        rows = rows & _valid(ids) & ~self.failed["reason"]  # a reason not read: its error
        if not rows.any():
            return
        at = np.flatnonzero(rows)
        take = pa.array(at, pa.int64())
        date, indicator = self.values["date"].take(take), self.values["indicator"].take(take)
        reason = self.values["reason"].take(take)
        places = ledger_rules.places_check(
            pairings=ledger_rules.Pairings(units.values()),
            unit_ids=_numpy(ids.take(take)).astype(np.int64),
            regions=regions.take(take),
            dates=_numpy(date).astype("datetime64[D]"),
            indicators=_mapped(
                indicator, {pk: i.code for pk, i in self.indicators.items()}, pa.string()
            ),
            reasons=reason,
        )
        bad = places.misreasoned & _valid(indicator)
        shown = reason.filter(pa.array(bad)).to_pylist()
        reasons = [ledger_rules.misreasoned_reason(r) for r in shown]
        self._report(ROWS, PLACE, at[bad], "reason", reasons, shown)
        bad = places.unpaired & _valid(date)
        where = pa.array(bad)
        region, on = regions.take(take).filter(where), date.filter(where)
        reasons = [
            ledger_rules.unpaired_reason(r, d)
            for r, d in zip(region.to_pylist(), on.to_pylist(), strict=True)
        ]
        shown = self.values["region_code"].take(take).filter(where).to_pylist()
        self._report(ROWS, PLACE, at[bad], "region_code", reasons, shown)

    def _distinct(self, values: pa.Array) -> list[Any]:
        return list(pc.unique(values.drop_null()).to_pylist())

    def _with_problems(self, phase: int | None = None) -> np.ndarray:
        mask = np.zeros(self.size, dtype=bool)
        mask[[p[1] for p in self.problems if phase is None or p[0] == phase]] = True
        return mask

    def _regions(self, region: pa.Array) -> pa.Array:
        """The stored code of each row's region (null where none); an unknown code is the
        row's error."""
        resolved = resolve_codes(sorted(self._distinct(region)))
        where = np.flatnonzero(_valid(region) & ~_among(region, list(resolved)))
        self._report(REGIONS, 0, where, "region_code", "no such region", region)
        return _mapped(region, resolved, pa.string())

    def _amounts(self, rows: np.ndarray, amount: pa.Array, indicator: pa.Array) -> None:
        """Amounts their indicator does not take, and amounts not above zero. Of parsed
        amounts (two places) only a counted indicator refuses some (`services.amount_check`):
        it is asked once per distinct counted indicator and amount."""
        cents = _numpy(
            pc.fill_null(pc.multiply(amount, pa.scalar(Decimal(100))), Decimal(0)).cast(pa.int64())
        )
        counted = [pk for pk, i in self.indicators.items() if i.measure == Measure.COUNT]
        asked = np.flatnonzero(rows & _among(indicator, counted))
        ids = _numpy(pc.fill_null(indicator, 0)).astype(np.int64)
        pairs, inverse = np.unique(
            np.stack([ids[asked], cents[asked]], axis=1), axis=0, return_inverse=True
        )
        reasons: list[str] = []  # per pair; "" when its amount is taken
        for pk, cent in pairs.tolist():
            try:
                services.amount_check(self.indicators[pk], Decimal(cent).scaleb(-2))
                reasons.append("")
            except ValueError as exc:
                reasons.append(str(exc))
        pair_of = inverse.reshape(-1)
        refusing = np.array([bool(r) for r in reasons], dtype=bool)[pair_of]
        self._report(
            ROWS,
            AMOUNT_CHECK,
            asked[refusing],
            "amount",
            [reasons[i] for i in pair_of[refusing].tolist()],
            amount,
        )
        refused = np.zeros(self.size, dtype=bool)
        refused[asked[refusing]] = True
        where = np.flatnonzero(rows & ~refused & (cents <= 0))
        self._report(
            ROWS,
            AMOUNT_CHECK,
            where,
            "amount",
            "must be above zero; a correction is a reversing entry",
            amount,
        )

    def _entries(
        self,
        plain: np.ndarray,
        units: dict[str, Unit],
        regions: pa.Array,
        projects: dict[str, Project],
    ) -> pa.Table:
        take = pa.array(plain, pa.int64())
        values = {key: v.take(take) for key, v in self.values.items()}
        return pa.table(
            {
                "entry_id": values["entry_id"],
                "unit_id": _mapped(
                    values["unit_code"], {c: u.pk for c, u in units.items()}, pa.int64()
                ),
                "date": values["date"],
                "indicator_id": values["indicator"],
                "amount": values["amount"],
                "region_id": regions.take(take),
                "project_id": _mapped(
                    values["project"], {c: p.pk for c, p in projects.items()}, pa.int64()
                ),
                "evidence": values["evidence"],
                "reason": values["reason"],
            },
            schema=services.LEDGER_ENTRIES,
        )

    # -- rows that depend on other rows --------------------------------------------------

    def _reversals(
        self,
        positions: np.ndarray,
        names: list[str],
        first: np.ndarray,
        stored: dict[str, StoredEntry],
        found: np.ndarray,
    ) -> dict[int, dict[str, Any]]:
        """Check the reversing rows in file order; returns their values, with the unit,
        indicator and amount of the entry each reverses filled in. Marks in `found` the rows
        whose reversed entry was found."""
        if not len(positions):
            return {}
        first_of = dict(zip(names, first.tolist(), strict=True))
        reversed_on: dict[str, int] = {}
        out: dict[int, dict[str, Any]] = {}
        for position, values in zip(
            positions.tolist(), self._rows_of(positions.tolist()), strict=True
        ):
            ref = first_of.get(values["reverses"])
            original = reversal_check(
                values,
                row=int(self.rows[position]),
                stored=stored,
                earlier=self._rows_of([ref])[0] if ref is not None and ref < position else None,
                reversed_on=reversed_on,
                error=functools.partial(self._error, position),
                today=self.today,
            )
            found[position] = original is not None
            out[position] = values
        return out

    def _stored_again(
        self,
        positions: np.ndarray,
        stored: dict[str, StoredEntry],
        regions: pa.Array,
        filled: dict[int, dict[str, Any]],
    ) -> int:
        """Rows giving a stored entry again: unchanged when their values are the entry's,
        else an error (entries are never edited). Returns how many are unchanged."""
        if not len(positions):
            return 0
        resolved = regions.take(pa.array(positions)).to_pylist()
        unchanged, where = 0, []
        for position, v, region in zip(
            positions.tolist(), self._rows_of(positions.tolist()), resolved, strict=True
        ):
            v = filled.get(position, v)
            if same(stored[v["entry_id"]], v, region):
                unchanged += 1
            else:
                where.append(position)
        self._report(
            ROWS,
            STORED,
            np.asarray(where),
            "entry_id",
            "entry exists with other values; entries are never edited (add a reversing entry)",
            self.values["entry_id"],
        )
        return unchanged


def _at_most(limit: int | None) -> Callable[[str], str]:
    """A parser of text cells that refuses one longer than the column holds."""

    def parse(text: str) -> str:
        if limit is not None and len(text) > limit:
            raise ValueError(f"longer than {limit} characters")
        return text

    return parse
