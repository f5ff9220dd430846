"""`fupin registry import`: validate every row of a registry file, then write in one
transaction, or write nothing (strict) / only the valid households (skip-invalid).

Upserts by household number and ID number, so importing the same file twice changes nothing.
A household in the file is taken whole: members stored for it but absent from the file are
removed from it.

Validation works on columns (`fupin.exchange.columns`): each cell is parsed by its field's
parser, then the rules across rows run as DuckDB queries over the parsed columns:

- a household's fields (and a survey's, per household and year) may be repeated on every row
  or given once; a row that gives another value than the household's first is an error;
- a person (ID number) belongs to one household; the same person twice in a household must
  carry the same details;
- every household has exactly one head (户主) and a village code of the division tree;
- the exit year is not before the registration year.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import duckdb
import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from fupin.accounts.scope import Scope
from fupin.core import bulk
from fupin.core.errors import InvalidInput, RowError, RowErrors
from fupin.core.identifiers import check_id_numbers
from fupin.exchange.columns import Sheet, parse_column, read_sheet
from fupin.exchange.layouts import map_header, unknown_columns
from fupin.policy.facts import FACTS_SCHEMA
from fupin.policy.regimes import regime_years
from fupin.registry import layout
from fupin.registry.enums import Relation
from fupin.registry.relations import relations_by_sex
from fupin.registry.services import (
    HOUSEHOLD_SCHEMA,
    MEMBER_SCHEMA,
    SURVEY_SCHEMA,
    Progress,
    RegistryTables,
    registry_tables_write,
)

MODES = ("strict", "skip-invalid")
TITLE = {f.key: f.title for f in layout.FIELDS}
ORDER = {f.title: i for i, f in enumerate(layout.FIELDS)}


@dataclass
class ImportResult:
    households: int = 0
    members: int = 0
    surveys: int = 0
    skipped_households: int = 0
    rows: int = 0
    #: of the households written, those created or changed (each with its history entry)
    changed: int = 0
    #: the years evaluated again after the write, and the households evaluated in each
    evaluated: dict[int, int] = field(default_factory=dict)
    errors: list[RowError] = field(default_factory=list)
    warnings: list[RowError] = field(default_factory=list)


@dataclass
class ParsedFile:
    """A validated registry file: the households to write and what was found."""

    tables: RegistryTables
    result: ImportResult


def registry_file_read(
    *,
    path: str | Path,
    year: int | None = None,
    mode: str = "strict",
    check_database: bool = True,
    progress: Progress | None = None,
    today: dt.date | None = None,
    scope: Scope | None = None,
) -> ParsedFile:
    """Validate every row of a registry file. strict: RowErrors if any row is invalid;
    skip-invalid: the valid households, with the errors of the others in the result.
    `check_database=False` skips the checks against stored regions and people; a `scope`
    (the importing user's) makes villages outside it errors."""
    if mode not in MODES:
        raise InvalidInput(f"unknown mode '{mode}' (use strict or skip-invalid)")
    return registry_sheet_read(
        sheet=read_sheet(path, layout.FIELDS),
        year=year,
        mode=mode,
        check_database=check_database,
        progress=progress,
        today=today,
        scope=scope,
    )


def registry_sheet_read(
    *,
    sheet: Sheet,
    year: int | None = None,
    mode: str = "strict",
    check_database: bool = True,
    progress: Progress | None = None,
    today: dt.date | None = None,
    scope: Scope | None = None,
) -> ParsedFile:
    """Validate the rows of a sheet read from a file or built from a form; see
    `registry_file_read`."""
    positions = map_header(sheet.header, layout.FIELDS, row=sheet.header_row)
    if progress:
        progress("read", len(sheet.rows))
    check = _Validation(sheet, positions, year, today or dt.date.today(), scope)
    tables = check.run(check_database=check_database)
    if progress:
        progress("validated", check.row_count)
    result = ImportResult(rows=check.row_count, errors=check.errors, warnings=check.warnings)
    for title in unknown_columns(sheet.header, positions):
        unknown = RowError(sheet.header_row, title, "unknown column, ignored", severity="warning")
        result.warnings.insert(0, unknown)
    if result.errors and mode == "strict":
        raise RowErrors(result.errors + result.warnings)
    bad = check.bad_households()
    result.skipped_households = len(bad)
    return ParsedFile(tables.without(bad), result)


def registry_import(
    *,
    path: str | Path,
    year: int | None = None,
    mode: str = "strict",
    progress: Progress | None = None,
    today: dt.date | None = None,
    actor: Any = None,
    job: str = "",
    scope: Scope | None = None,
) -> ImportResult:
    """Import a registry file (xlsx/csv, one row per member). See the module docstring.
    `actor` and `job` go into the history; `scope` limits the villages."""
    parsed = registry_file_read(
        path=path, year=year, mode=mode, progress=progress, today=today, scope=scope
    )
    tables, result = parsed.tables, parsed.result
    if tables.households.num_rows:
        result.changed = registry_tables_write(
            tables=tables, progress=progress, actor=actor, job=job
        )
        result.evaluated = evaluations_after_write(tables=tables, progress=progress)
    result.households = tables.households.num_rows
    result.members = tables.members.num_rows
    result.surveys = tables.surveys.num_rows
    return result


def evaluations_after_write(
    *, tables: RegistryTables, progress: Progress | None = None
) -> dict[int, int]:
    """Evaluate what a write touched, so that lists and dashboards stay current: every
    household of the touched villages, in each year that has stored results and each year of
    the written surveys that a regime covers (a year never evaluated gets its bulk run), each
    under the regime in force in it. Returns the households evaluated per year."""
    from fupin.registry.evaluations import evaluated_years, evaluation_store_villages

    years = (evaluated_years() | set(tables.surveys["year"].to_pylist())) & set(regime_years())
    villages = sorted(set(tables.households["village_code"].to_pylist()))
    done = {}
    for year in sorted(years):
        stored = evaluation_store_villages(year=year, villages=villages, progress=progress)
        done[year] = stored["households"]
    return done


def facts_of(tables: RegistryTables, year: int, *, previous: bool = False) -> pa.Table:
    """The policy facts of the parsed households that have members and a survey in `year`,
    ordered by household number as the registry snapshot is; with each earlier exit year's
    row and, with `previous` (a monitoring regime), each row of `year − 1`, as the registry
    snapshot has them."""
    surveyed = {f.key for f in layout.SURVEY_FIELDS}
    survey_keys = ", ".join(f"s.{name}" for name in FACTS_SCHEMA.names if name in surveyed)
    with duckdb.connect() as con:
        con.register("households", tables.households)
        con.register("members", tables.members)
        con.register("surveys", tables.surveys)
        facts = con.sql(
            f"""
            SELECT h.number AS household_id, h.village_code, s.year, m.members,
                   h.registered_year, h.exit_year, {survey_keys}
            FROM surveys s
            JOIN households h ON h.number = s.household
            JOIN (SELECT household, count(*) AS members FROM members GROUP BY household) m
              ON m.household = s.household
            WHERE s.year = ? OR (s.year = h.exit_year AND h.exit_year < ?) OR s.year = ?
            ORDER BY h.number, s.year
            """,
            params=[year, year, year - 1 if previous else year],
        ).to_arrow_table()
    return facts.cast(FACTS_SCHEMA)


class _Validation:
    """The checks of one file, cell by cell and then across rows. Positions index the file's
    non-blank data rows; `rows` holds their row numbers in the file."""

    def __init__(
        self,
        sheet: Sheet,
        positions: dict[str, int],
        default_year: int | None,
        today: dt.date,
        scope: Scope | None = None,
    ) -> None:
        self.scope = scope
        nonblank = np.zeros(len(sheet.rows), dtype=bool)
        for column in sheet.columns:
            nonblank |= column.is_valid().to_numpy(zero_copy_only=False)
        self.sheet = sheet.filter(nonblank)
        self.rows = self.sheet.rows
        self.row_count = len(self.rows)
        self.positions = positions
        self.default_year = default_year
        self.today = today
        self.errors: list[RowError] = []
        self.warnings: list[RowError] = []
        self.text: dict[str, pa.Array] = {}
        self.value: dict[str, pa.Array] = {}
        self.failed: dict[str, np.ndarray] = {}  # key -> mask of cells with an error
        self.household = pa.nulls(self.row_count, pa.string())

    # -- reporting -----------------------------------------------------------------------

    def _report(
        self,
        where: np.ndarray | list[int],
        key: str,
        reasons: str | list[str],
        values: pa.Array | list[Any] | None = None,
        *,
        severity: str = "error",
    ) -> None:
        where = np.asarray(where, dtype=np.int64)
        if not len(where):
            return
        rows = self.rows[where].tolist()
        shown: list[Any]
        if values is None:
            shown = [""] * len(rows)
        elif isinstance(values, pa.Array):
            shown = values.take(pa.array(where)).to_pylist()
        else:
            shown = list(values)
        texts = [reasons] * len(rows) if isinstance(reasons, str) else reasons
        target = self.errors if severity == "error" else self.warnings
        title = TITLE.get(key, key)
        target.extend(
            RowError(row, title, reason, "" if value is None else str(value), severity)
            for row, reason, value in zip(rows, texts, shown, strict=True)
        )

    # -- cells ---------------------------------------------------------------------------

    def _column(self, key: str) -> pa.Array:
        return self.sheet.column(self.positions.get(key))

    def _parse(self, f: layout.Field) -> None:
        texts = self._column(f.key)
        parsed = parse_column(texts, f.parse, f.arrow, f.fast)
        failed = np.zeros(self.row_count, dtype=bool)
        failed[parsed.error_index] = True
        self._report(parsed.error_index, f.key, parsed.error_reason, texts)
        if f.required and f.scope == layout.MEMBER:
            empty = np.flatnonzero(texts.is_null().to_numpy(zero_copy_only=False))
            failed[empty] = True
            self._report(empty, f.key, "required value is empty")
        self.text[f.key], self.value[f.key], self.failed[f.key] = texts, parsed.values, failed

    def run(self, *, check_database: bool) -> RegistryTables:
        hh = layout.BY_KEY["household_id"]
        self._parse(hh)
        texts = self.text["household_id"]
        missing = np.flatnonzero(texts.is_null().to_numpy(zero_copy_only=False))
        self._report(missing, "household_id", "required value is empty")
        self.household = self.value["household_id"]
        present = [
            f
            for f in layout.FIELDS
            if f.key in self.positions and f.key not in ("household_id", "id_number")
        ]
        for f in present:
            self._parse(f)
        member_ok = self._id_numbers()
        self._relations()
        for f in layout.MEMBER_FIELDS:
            if f.key in self.failed and f.key != "id_number":
                member_ok &= ~self.failed[f.key]
        years = self._survey_years()
        member_ok = self._people(member_ok)
        has_household = self.household.is_valid().to_numpy(zero_copy_only=False)
        rows = self._row_table(has_household, years)
        with duckdb.connect() as con:
            con.register("r", rows)
            households = self._households(con, check_database)
            surveys = self._surveys(con)
        members = self._members(rows, member_ok & has_household)
        if check_database:
            self._people_elsewhere()
        self.errors.sort(key=lambda e: (e.row, ORDER.get(e.column, 99)))
        self.warnings.sort(key=lambda e: (e.row, ORDER.get(e.column, 99)))
        return RegistryTables(households, members, surveys)

    def _id_numbers(self) -> np.ndarray:
        """Check every ID number; returns the mask of rows whose number is valid."""
        texts = self._column("id_number")
        empty = np.flatnonzero(texts.is_null().to_numpy(zero_copy_only=False))
        self._report(empty, "id_number", "required value is empty")
        checks = check_id_numbers(texts, today=self.today)
        for found, severity in ((checks.errors, "error"), (checks.warnings, "warning")):
            if found:
                where = [p for p, _ in found]
                self._report(
                    where,
                    "id_number",
                    [r for _, r in found],
                    checks.number.take(pa.array(where)).to_pylist(),
                    severity=severity,
                )
        self.value["id_number"] = checks.number
        self.value["birth_date"] = checks.birth_date
        self.value["sex"] = checks.sex
        return checks.ok.copy()

    def _relations(self) -> None:
        """与户主关系 as offices write it (儿子, 子女, 老伴…) taken as the national form's
        value, 子女 and 孙子女 by the sex in the ID number; a warning on each such row."""
        if "relation" not in self.value:
            return
        texts = self.text["relation"]
        values, where, reasons = relations_by_sex(texts, self.value["relation"], self.value["sex"])
        self.value["relation"] = values
        self._report(where, "relation", reasons, texts, severity="warning")

    def _survey_years(self) -> pa.Array:
        """The survey year of each row: its 年度, else --year when it gives survey values;
        null when the row gives no survey."""
        keys = [f.key for f in layout.SURVEY_FIELDS if f.key in self.text]
        gives = np.zeros(self.row_count, dtype=bool)
        for key in keys:
            gives |= self.text[key].is_valid().to_numpy(zero_copy_only=False)
        given = self.text.get("year")
        blank = (
            np.ones(self.row_count, dtype=bool)
            if given is None
            else given.is_null().to_numpy(zero_copy_only=False)
        )
        years = self.value.get("year", pa.nulls(self.row_count, layout.YEAR))
        needs_default = blank & gives & self.household.is_valid().to_numpy(zero_copy_only=False)
        if self.default_year is None:
            self._report(
                np.flatnonzero(needs_default), "year", "year is empty and no --year was given"
            )
            return years
        return pc.if_else(pa.array(needs_default), pa.scalar(self.default_year, layout.YEAR), years)

    def _people(self, member_ok: np.ndarray) -> np.ndarray:
        """A person belongs to one household; a person given twice in a household must have
        the same details. Only numbers found on several rows need looking at."""
        valid = self.value["id_number"].is_valid().to_numpy(zero_copy_only=False)
        has_household = self.household.is_valid().to_numpy(zero_copy_only=False)
        candidates = valid & has_household
        numbers = self.value["id_number"]
        counts = pc.value_counts(numbers.filter(pa.array(candidates)))
        repeated = counts.field("values").filter(pc.greater(counts.field("counts"), 1))
        self.owners: dict[str, tuple[str, int]] = {}
        # rows giving again a person an earlier row of the household gave (not heads twice)
        self.repeats = np.zeros(self.row_count, dtype=bool)
        member_ok = member_ok & has_household
        if not len(repeated):
            return member_ok
        complete = member_ok.copy()  # rows that make a member unless the person is repeated
        checked = candidates & pc.fill_null(pc.is_in(numbers, repeated), False).to_numpy(False)
        where = np.flatnonzero(checked)
        people = numbers.take(pa.array(where)).to_pylist()
        households = self.household.take(pa.array(where)).to_pylist()
        number_valid = self._number_valid
        first: dict[tuple[str, str], int] = {}
        given: set[tuple[str, str]] = set()
        for position, person, household in zip(where.tolist(), people, households, strict=True):
            if (household, person) in given:
                self.repeats[position] = True
            given.add((household, person))
            if not number_valid[position]:
                continue
            owner = self.owners.setdefault(person, (household, position))
            if owner[0] != household:
                self._report(
                    [position],
                    "id_number",
                    f"person already in household {owner[0]} (row {self.rows[owner[1]]}); "
                    "a person belongs to one household only",
                    [person],
                )
                member_ok[position] = False
                continue
            if not complete[position]:
                continue
            earlier = first.setdefault((household, person), position)
            if earlier != position:
                member_ok[position] = False
                if self._member_values(position) != self._member_values(earlier):
                    self._report(
                        [position],
                        "id_number",
                        f"same person as row {self.rows[earlier]} with other details",
                        [person],
                    )
        return member_ok

    @property
    def _number_valid(self) -> np.ndarray:
        return self.value["birth_date"].is_valid().to_numpy(zero_copy_only=False)

    def _member_values(self, position: int) -> list[Any]:
        keys = [f.key for f in layout.MEMBER_FIELDS if f.key in self.value]
        return [self.value[k][position].as_py() for k in keys]

    def _row_table(self, has_household: np.ndarray, years: pa.Array) -> pa.Table:
        columns: dict[str, pa.Array] = {
            "pos": pa.array(np.arange(self.row_count, dtype=np.int64)),
            "hh": self.household,
            # a row that says 户主 is a head even when another of its cells is wrong: a second
            # head is reported beside that row's own error, and its household is not headless
            "head": pa.array(has_household & ~self.repeats)
            if "relation" not in self.value
            else pc.and_(
                pa.array(has_household & ~self.repeats),
                pc.fill_null(pc.equal(self.value["relation"], Relation.HEAD.value), False),
            ),
            "year": years,
        }
        for f in (*layout.HOUSEHOLD_FIELDS, *layout.SURVEY_FIELDS):
            if f.key in self.value and f.key != "household_id":
                columns[f"v_{f.key}"] = self.value[f.key]
        table = pa.table(columns)
        return table.filter(pa.array(has_household))

    # -- across rows -----------------------------------------------------------------------

    def _consistent(
        self, con: duckdb.DuckDBPyConnection, keys: list[str], group: list[str], where: str
    ) -> pa.Table:
        """One row per group with the first value of each field, checking that later rows
        repeat it; returns the groups (with `first_pos` and `v_<key>` columns)."""
        by = ", ".join(group)
        picks = [
            f"arg_min(v_{k}, pos) FILTER (WHERE v_{k} IS NOT NULL) AS v_{k}, "
            f"min(pos) FILTER (WHERE v_{k} IS NOT NULL) AS p_{k}, "
            f"count(DISTINCT v_{k}) > 1 AS d_{k}"
            for k in keys
        ]
        con.execute(
            f"CREATE OR REPLACE TEMP TABLE g AS SELECT {by}, min(pos) AS first_pos, "
            f"count(*) FILTER (WHERE head) AS heads, min(pos) FILTER (WHERE head) AS head_pos"
            f"{''.join(', ' + p for p in picks)} FROM r WHERE {where} GROUP BY {by}"
        )
        differing = " OR ".join(f"d_{k}" for k in keys) or "false"
        con.execute(f"CREATE OR REPLACE TEMP TABLE d AS SELECT * FROM g WHERE {differing}")
        ((suspects,),) = con.execute("SELECT count(*) FROM d").fetchall()
        join = " AND ".join(f"r.{c} = d.{c}" for c in group)
        for k in keys if suspects else []:
            found = con.execute(
                f"SELECT r.pos, d.p_{k} FROM r JOIN d ON {join} "
                f"WHERE d.d_{k} AND r.v_{k} IS NOT NULL AND r.v_{k} <> d.v_{k} ORDER BY r.pos"
            ).fetchall()
            texts = self.text[k]
            for pos, ref in found:
                self._report(
                    [pos],
                    k,
                    f"differs from row {self.rows[ref]} of the same household "
                    f"('{texts[ref].as_py()}')",
                    [texts[pos].as_py()],
                )
        return con.sql(f"SELECT * FROM g ORDER BY {by}").to_arrow_table()

    def _households(self, con: duckdb.DuckDBPyConnection, check_database: bool) -> pa.Table:
        keys = [
            f.key
            for f in layout.HOUSEHOLD_FIELDS
            if f.key in self.value and f.key != "household_id"
        ]
        groups = self._consistent(con, keys, ["hh"], "true")
        first = groups["first_pos"].to_numpy()
        heads = groups["heads"].to_numpy()
        numbers = groups["hh"].to_pylist()
        headless = np.flatnonzero(heads == 0)
        self._report(
            first[headless],
            "relation",
            [f"household {numbers[i]} has no head (户主)" for i in headless],
        )
        extra = con.execute(
            "SELECT r.pos, g.head_pos FROM r JOIN g ON r.hh = g.hh "
            "WHERE r.head AND r.pos > g.head_pos ORDER BY r.pos"
        ).fetchall()
        for pos, head in extra:
            self._report(
                [pos], "relation", f"second head in household (first on row {self.rows[head]})"
            )
        self._village_codes(groups, check_database)
        if "registered_year" in keys and "exit_year" in keys:
            early = groups.filter(
                pc.fill_null(pc.less(groups["v_exit_year"], groups["v_registered_year"]), False)
            )
            for pos, ex, reg in zip(
                early["p_exit_year"].to_pylist(),
                early["v_exit_year"].to_pylist(),
                early["v_registered_year"].to_pylist(),
                strict=True,
            ):
                self._report(
                    [pos], "exit_year", f"exit year {ex} is before the registration year {reg}"
                )
        columns = {"number": groups["hh"]}
        for f in HOUSEHOLD_SCHEMA:
            if f.name != "number":
                columns[f.name] = (
                    groups[f"v_{f.name}"] if f.name in keys else pa.nulls(len(groups), f.type)
                )
        return pa.table(columns, schema=HOUSEHOLD_SCHEMA)

    def _village_codes(self, groups: pa.Table, check_database: bool) -> None:
        """Every household needs a village code, and (against the database) a known one."""
        if "village_code" not in self.value:
            where = groups["first_pos"].to_numpy()
            self._report(where, "village_code", "required value is empty")
            return
        given = self.text["village_code"]
        with_text = set(self.household.filter(given.is_valid()).to_pylist())
        numbers = groups["hh"].to_pylist()
        first = groups["first_pos"].to_pylist()
        self._report(
            [p for n, p in zip(numbers, first, strict=True) if n not in with_text],
            "village_code",
            "required value is empty",
        )
        if not check_database:
            return
        codes = groups["v_village_code"]
        distinct = pc.unique(codes.drop_null()).to_pylist()
        known = {
            r[0]
            for r in bulk.select_in(
                "SELECT code FROM regions_region WHERE level = 'village' AND code", distinct
            )
        }
        if self.scope is not None and not self.scope.everything:
            outside = [c for c in known if not self.scope.covers(c)]
            if outside:
                away = groups.filter(
                    pc.fill_null(pc.is_in(codes, pa.array(sorted(outside), pa.string())), False)
                )
                self._report(
                    away["p_village_code"].to_numpy(),
                    "village_code",
                    "village outside your regions",
                    away["v_village_code"].to_pylist(),
                )
        if len(known) == len(distinct):
            return
        unknown = pc.fill_null(
            pc.invert(pc.is_in(codes, pa.array(sorted(known), pa.string()))), False
        )
        wrong = groups.filter(pc.and_(unknown, codes.is_valid()))
        self._report(
            wrong["p_village_code"].to_numpy(),
            "village_code",
            "no such village in the division tree",
            wrong["v_village_code"].to_pylist(),
        )

    def _surveys(self, con: duckdb.DuckDBPyConnection) -> pa.Table:
        keys = [f.key for f in layout.SURVEY_FIELDS if f.key in self.value]
        groups = self._consistent(con, keys, ["hh", "year"], "year IS NOT NULL")
        columns = {"household": groups["hh"], "year": groups["year"]}
        for f in SURVEY_SCHEMA:
            if f.name not in columns:
                columns[f.name] = (
                    groups[f"v_{f.name}"] if f.name in keys else pa.nulls(len(groups), f.type)
                )
        return pa.table(columns, schema=SURVEY_SCHEMA)

    def _members(self, rows: pa.Table, member_ok: np.ndarray) -> pa.Table:
        keep = pa.array(member_ok)
        columns: dict[str, pa.Array] = {}
        for f in MEMBER_SCHEMA:
            key = "hh" if f.name == "household" else f.name
            source = self.household if key == "hh" else self.value.get(key)
            columns[f.name] = (
                pa.nulls(int(member_ok.sum()), f.type)
                if source is None
                else source.filter(keep).cast(f.type)
            )
        return pa.table(columns, schema=MEMBER_SCHEMA)

    def _people_elsewhere(self) -> None:
        """A person of the file stored in another household of the registry."""
        valid = pa.array(self._number_valid & self.household.is_valid().to_numpy(False))
        numbers = self.value["id_number"].filter(valid)
        households = self.household.filter(valid)
        where = np.flatnonzero(valid.to_numpy(zero_copy_only=False))
        owner: dict[str, tuple[str, int]] = {}
        for person, household, position in zip(
            numbers.to_pylist(), households.to_pylist(), where.tolist(), strict=True
        ):
            owner.setdefault(person, (household, position))
        stored = bulk.select_in(
            "SELECT m.id_number, h.number FROM registry_member m "
            "JOIN registry_household h ON h.id = m.household_id WHERE m.id_number",
            list(owner),
        )
        for person, household in stored:
            number, position = owner[person]
            if household != number:
                self._report(
                    [position],
                    "id_number",
                    f"person is a member of household {household} in the registry; "
                    "a person belongs to one household only",
                    [person],
                )

    def bad_households(self) -> set[str]:
        """Households with an error on one of their rows."""
        index = {int(r): p for p, r in enumerate(self.rows.tolist())}
        bad = set()
        for e in self.errors:
            position = index.get(e.row)
            if position is not None:
                number = self.household[position].as_py()
                if number is not None:
                    bad.add(number)
        return bad
