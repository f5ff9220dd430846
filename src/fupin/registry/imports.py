"""`fupin registry import`: validate every row of a registry file, then write in one
transaction, or write nothing (strict) / only the valid households (skip-invalid).

Upserts by household number and ID number, so importing the same file twice changes nothing.
A household in the file is taken whole: members stored for it but absent from the file are
removed from it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from fupin.core import bulk
from fupin.core.errors import InvalidInput, RowError, RowErrors
from fupin.core.identifiers import check_id_number
from fupin.exchange import cells
from fupin.exchange.layouts import map_header, unknown_columns
from fupin.exchange.readers import read_table
from fupin.registry import layout
from fupin.registry.enums import Relation
from fupin.registry.services import HouseholdRecord, Progress, households_upsert

MODES = ("strict", "skip-invalid")


@dataclass
class ImportResult:
    households: int = 0
    members: int = 0
    surveys: int = 0
    skipped_households: int = 0
    rows: int = 0
    errors: list[RowError] = field(default_factory=list)
    warnings: list[RowError] = field(default_factory=list)


@dataclass
class ParsedFile:
    """A validated registry file: the households to write and what was found."""

    households: list[HouseholdRecord]
    result: ImportResult


def registry_file_read(
    *,
    path: str | Path,
    year: int | None = None,
    mode: str = "strict",
    check_database: bool = True,
    progress: Progress | None = None,
    today: dt.date | None = None,
) -> ParsedFile:
    """Validate every row of a registry file. strict: RowErrors if any row is invalid;
    skip-invalid: the valid households, with the errors of the others in the result.
    `check_database=False` skips the checks against stored regions and people."""
    if mode not in MODES:
        raise InvalidInput(f"unknown mode '{mode}' (use strict or skip-invalid)")
    header, rows = read_table(path)
    positions = map_header(header, layout.FIELDS)
    parser = _Parser(positions, year, today or dt.date.today())
    for number, row in enumerate(rows, start=2):
        parser.row(number, row)
        if progress and number % 50_000 == 0:
            progress("validated", number - 1)
    parser.finish(check_database=check_database)
    result = ImportResult(rows=parser.row_count, errors=parser.errors, warnings=parser.warnings)
    for title in unknown_columns(header, positions):
        result.warnings.append(RowError(1, title, "unknown column, ignored", severity="warning"))
    if result.errors and mode == "strict":
        raise RowErrors(result.errors + result.warnings)
    bad = parser.bad_households()
    good = [hh for num, hh in parser.households.items() if num not in bad]
    result.skipped_households = len(bad)
    return ParsedFile(good, result)


def registry_import(
    *,
    path: str | Path,
    year: int | None = None,
    mode: str = "strict",
    progress: Progress | None = None,
    today: dt.date | None = None,
) -> ImportResult:
    """Import a registry file (xlsx/csv, one row per member). See the module docstring."""
    parsed = registry_file_read(path=path, year=year, mode=mode, progress=progress, today=today)
    good, result = parsed.households, parsed.result
    if good:
        households_upsert(records=good, progress=progress)
    result.households = len(good)
    result.members = sum(len(hh.members) for hh in good)
    result.surveys = sum(len(hh.surveys) for hh in good)
    return result


def facts_of(households: list[HouseholdRecord], year: int) -> list[dict[str, Any]]:
    """The policy facts of the parsed households that have a survey in `year`, ordered by
    household number as the registry snapshot is."""
    out = []
    for hh in sorted(households, key=lambda h: h.number):
        survey = hh.surveys.get(year)
        if survey is None or not hh.members:
            continue
        out.append(
            {
                "household_id": hh.number,
                "village_code": hh.values.get("village_code"),
                "year": year,
                "members": len(hh.members),
                "registered_year": hh.values.get("registered_year"),
                "exit_year": hh.values.get("exit_year"),
                **{f.key: survey.get(f.key) for f in layout.SURVEY_FIELDS},
            }
        )
    return out


class _Parser:
    """Validates rows one by one, then the cross-row rules (one head, one household per
    person, existing village, consistent household fields)."""

    def __init__(self, positions: dict[str, int], year: int | None, today: dt.date) -> None:
        self.positions = positions
        self.default_year = year
        self.today = today
        self.households: dict[str, HouseholdRecord] = {}
        self.person_rows: dict[str, tuple[str, int]] = {}
        self.errors: list[RowError] = []
        self.warnings: list[RowError] = []
        self.row_count = 0
        present = set(positions)
        self.width = max(positions.values()) + 1
        self.id_index = positions["household_id"]
        self.year_index = positions.get("year")
        self.household_cols = [
            (positions[f.key], f)
            for f in layout.HOUSEHOLD_FIELDS
            if f.key in present and f.key != "household_id"
        ]
        self.survey_cols = [(positions[f.key], f) for f in layout.SURVEY_FIELDS if f.key in present]
        self.member_cols = [(positions[f.key], f) for f in layout.MEMBER_FIELDS if f.key in present]

    def _error(self, row: int, title: str, reason: str, value: str = "") -> None:
        self.errors.append(RowError(row, title, reason, value))

    def row(self, number: int, row: list[Any]) -> None:
        """Validate one row (cells are None when blank, see `read_table`)."""
        if len(row) < self.width:
            row = row + [None] * (self.width - len(row))
        if row.count(None) == len(row):
            return
        self.row_count += 1
        raw_number = row[self.id_index]
        if raw_number is None:
            self._error(number, "户编号", "required value is empty")
            return
        key = cells.code_text(raw_number)
        hh = self.households.get(key)
        if hh is None:
            hh = self.households[key] = HouseholdRecord(key, number)
        hh.rows.append(number)
        self._household_values(number, row, hh)
        self._survey_values(number, row, hh)
        self._member(number, row, hh)

    def _consistent(
        self,
        number: int,
        title: str,
        raw: Any,
        parse: Callable[[Any], Any],
        seen: dict[Any, tuple[str, int]],
        seen_key: Any,
        target: dict[str, Any],
        key: str,
    ) -> None:
        """Parse a household (or survey) field; a later row of the same household may repeat
        it or leave it blank, but not give another value."""
        text = raw if type(raw) is str else cells.text(raw)
        earlier = seen.get(seen_key)
        if earlier is not None and earlier[0] == text:
            return
        try:
            value = parse(raw)
        except ValueError as exc:
            self._error(number, title, str(exc), text)
            return
        if earlier is None:
            seen[seen_key] = (text, number)
            target[key] = value
        elif target.get(key) != value:
            self._error(
                number,
                title,
                f"differs from row {earlier[1]} of the same household ('{earlier[0]}')",
                text,
            )

    def _household_values(self, number: int, row: list[Any], hh: HouseholdRecord) -> None:
        raw = tuple([row[i] for i, _ in self.household_cols])
        if raw.count(None) == len(raw) or hh.last_raw.get("household") == raw:
            return  # given on the head's row only, or repeated on every row: checked once
        hh.last_raw["household"] = raw
        for (_, f), value in zip(self.household_cols, raw, strict=True):
            if value is not None:
                self._consistent(number, f.title, value, f.parse, hh.seen, f.key, hh.values, f.key)

    def _survey_values(self, number: int, row: list[Any], hh: HouseholdRecord) -> None:
        raw = tuple([row[i] for i, _ in self.survey_cols])
        raw_year = None if self.year_index is None else row[self.year_index]
        if raw_year is None:
            if raw.count(None) == len(raw):
                return
            if self.default_year is None:
                self._error(number, "年度", "year is empty and no --year was given")
                return
            year = self.default_year
        else:
            try:
                year = cells.year(raw_year)
            except ValueError as exc:
                self._error(number, "年度", str(exc), cells.text(raw_year))
                return
        survey = hh.surveys.setdefault(year, {})
        if raw.count(None) == len(raw) or hh.last_raw.get(year) == raw:
            return
        hh.last_raw[year] = raw
        for (_, f), value in zip(self.survey_cols, raw, strict=True):
            if value is not None:
                self._consistent(
                    number, f.title, value, f.parse, hh.survey_seen, (year, f.key), survey, f.key
                )

    def _member(self, number: int, row: list[Any], hh: HouseholdRecord) -> None:
        values: dict[str, Any] = {}
        ok = True
        for index, f in self.member_cols:
            raw = row[index]
            if raw is None:
                if f.required:
                    self._error(number, f.title, "required value is empty")
                    ok = False
                continue
            try:
                values[f.key] = f.parse(raw)
            except ValueError as exc:
                self._error(number, f.title, str(exc), cells.text(raw))
                ok = False
        if "id_number" in values:
            ok = self._id_number(number, values, hh) and ok
        if not ok:
            return
        person = values["id_number"]
        if person in hh.members:
            if hh.members[person] != values:
                first = hh.member_rows[person]
                self._error(
                    number, "证件号码", f"same person as row {first} with other details", person
                )
            return
        hh.members[person] = values
        hh.member_rows[person] = number
        if values["relation"] == Relation.HEAD:
            hh.heads.append(number)

    def _id_number(self, number: int, values: dict[str, Any], hh: HouseholdRecord) -> bool:
        check = check_id_number(values["id_number"], today=self.today)
        for reason in check.errors:
            self._error(number, "证件号码", reason, check.number)
        for reason in check.warnings:
            self.warnings.append(RowError(number, "证件号码", reason, check.number, "warning"))
        if not check.ok:
            return False
        values["id_number"] = check.number
        values["birth_date"] = check.birth_date
        values["sex"] = check.sex or ""
        owner = self.person_rows.get(check.number)
        if owner and owner[0] != hh.number:
            self._error(
                number,
                "证件号码",
                f"person already in household {owner[0]} (row {owner[1]}); a person belongs "
                "to one household only",
                check.number,
            )
            return False
        self.person_rows.setdefault(check.number, (hh.number, number))
        return True

    def finish(self, *, check_database: bool = True) -> None:
        """Rules across rows and (unless told not to) against the database."""
        for hh in self.households.values():
            if not hh.heads:
                self._error(hh.first_row, "与户主关系", f"household {hh.number} has no head (户主)")
            for extra in hh.heads[1:]:
                self._error(
                    extra, "与户主关系", f"second head in household (first on row {hh.heads[0]})"
                )
            if "village_code" not in hh.values and "village_code" not in hh.seen:
                self._error(hh.first_row, "行政区划代码", "required value is empty")
            reg, ex = hh.values.get("registered_year"), hh.values.get("exit_year")
            if reg is not None and ex is not None and ex < reg:
                self._error(
                    hh.seen["exit_year"][1],
                    "脱贫年度",
                    f"exit year {ex} is before the registration year {reg}",
                )
        if check_database:
            self._check_villages()
            self._check_people_elsewhere()

    def _check_villages(self) -> None:
        codes = sorted(
            {
                hh.values["village_code"]
                for hh in self.households.values()
                if "village_code" in hh.values
            }
        )
        known = {
            r[0]
            for r in bulk.select_in(
                "SELECT code FROM regions_region WHERE level = 'village' AND code", codes
            )
        }
        for hh in self.households.values():
            code = hh.values.get("village_code")
            if code is None:
                continue
            if code not in known:
                self._error(
                    hh.seen["village_code"][1],
                    "行政区划代码",
                    "no such village in the division tree",
                    code,
                )

    def _check_people_elsewhere(self) -> None:
        people = list(self.person_rows)
        stored = bulk.select_in(
            "SELECT m.id_number, h.number FROM registry_member m "
            "JOIN registry_household h ON h.id = m.household_id WHERE m.id_number",
            people,
        )
        for person, household in stored:
            number, row = self.person_rows[person]
            if household != number:
                self._error(
                    row,
                    "证件号码",
                    f"person is a member of household {household} in the registry; "
                    "a person belongs to one household only",
                    person,
                )

    def bad_households(self) -> set[str]:
        rows_to_household = {r: hh.number for hh in self.households.values() for r in hh.rows}
        return {rows_to_household[e.row] for e in self.errors if e.row in rows_to_household}
