"""Department feeds (部门筛查预警): the import of a department's file into a batch of rows
matched to registry persons by ID number, and ruling a flag out. The definitions are in
feed_definitions (their names are also reachable from here).

A feed file is an event: importing it again makes a second batch. A row whose evidence (same
feed, same ID number, same values) an earlier row already flagged is kept but not flagged
again; the result says how many rows repeat earlier evidence.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pyarrow as pa
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone
from stdnum.cn import ric

from fupin.accounts.scope import Scope
from fupin.core.bulk import insert, select_in
from fupin.core.errors import InvalidInput, RowError, RowErrors
from fupin.core.history import change_record
from fupin.core.identifiers import check_id_numbers
from fupin.core.models import Change, Source
from fupin.exchange import cells
from fupin.exchange.layouts import map_header
from fupin.exchange.readers import read_table_at
from fupin.exchange.records import MODES
from fupin.monitoring.feed_definitions import (
    DEFAULTS,
    FeedInvalid,
    SyncResult,
    feed_define,
    feed_definition,
    feed_get,
    feed_save,
    feeds_sync,
    risk_codes,
)
from fupin.monitoring.feed_rules import ID_KEY, Definition, cell_parse, stored
from fupin.monitoring.models import Case, Feed, FeedBatch, FeedRow

CHUNK = 5000  # ID numbers per query on SQLite (PostgreSQL takes 100,000 as one array)
ROW_COLUMNS = (
    "batch_id",
    "row_number",
    "id_number",
    "member_id",
    "household_id",
    "village_id",
    '"values"',
    "flagged",
    "dismissed",
)
#: a row's evidence, comparable and hashable: its kept values as sorted (key, text) pairs
Evidence = tuple[tuple[str, str], ...]


# ------------------------------------------------------------------------------ the import


@dataclass
class FeedResult:
    """What an import did. `unmatched_rows`: (row number, ID number) of the rows whose person
    is not in the registry (kept, never dropped); `outside`: matched persons outside the
    importer's regions (kept, not flagged); `repeated`: rows whose evidence an earlier row of
    the feed already holds (not flagged again when that row was flagged)."""

    batch: int | None = None
    rows: int = 0
    matched: int = 0
    unmatched: int = 0
    flagged: int = 0
    held: int = 0  # rows for which the rule holds, matched or not
    unmatched_held: int = 0
    outside: int = 0
    repeated: int = 0
    skipped: int = 0
    unmatched_rows: list[tuple[int, str]] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    warnings: list[RowError] = field(default_factory=list)

    def counts(self) -> dict[str, int]:
        names = ("rows", "matched", "unmatched", "flagged", "held", "unmatched_held")
        return {n: getattr(self, n) for n in (*names, "outside", "repeated", "skipped")}


@dataclass
class _Row:
    number: int
    id_number: str
    key: str  # the 18-character form the registry is searched by as well
    values: dict[str, Any]  # parsed, blank cells left out


def feed_import(
    *,
    feed: Feed | str,
    path: str | Path,
    actor: Any = None,
    scope: Scope | None = None,
    mode: str = "strict",
    file_name: str = "",
    progress: Callable[[str, int], None] | None = None,
) -> FeedResult:
    """Import a department's file (xlsx/csv) of feed `feed` as one batch.

    Every row is checked first: a valid GB 11643 ID number, numbers and dates that parse,
    required values present. Strict: any invalid row → nothing written, RowErrors naming row
    and column; skip-invalid: the invalid rows are left out and returned as errors. Then the
    ID numbers are matched to registry members (a query per chunk), the rule is evaluated per
    row, and the batch with all its rows is written in one transaction. A matched row gets
    its member, household and village; a row whose ID is not in the registry is kept with no
    member and reported. A row is flagged when the rule holds, the person is matched, lies
    within `scope` (the importing office's regions; outside it the row is kept, not flagged)
    and no earlier row of the feed with the same evidence was flagged."""
    if mode not in MODES:
        raise InvalidInput(f"unknown mode {mode} (use strict or skip-invalid)")
    feed = feed_get(feed) if isinstance(feed, str) else feed
    if not feed.active:
        raise InvalidInput(f"feed {feed.code} is not active")
    definition = feed_definition(feed)
    report = progress or (lambda stage, done: None)
    result = FeedResult()
    rows = _rows_read(definition, path, result, report)
    if result.errors and mode == "strict":
        raise RowErrors(sorted(result.errors + result.warnings, key=lambda e: e.row))
    result.skipped = len({e.row for e in result.errors})
    report("match", 0)
    members = _members_find({n for r in rows for n in (r.id_number, r.key)})
    with transaction.atomic():
        # one import of a feed at a time: the evidence read here is that of every earlier
        # batch, so two imports of one file never both flag it
        Feed.objects.select_for_update().filter(pk=feed.pk).first()
        report("evidence", 0)
        earlier = _evidence_find(feed, {r.id_number for r in rows})
        feed_rows = _rows_judge(definition, rows, members, earlier, scope, result)
        report("write", 0)
        batch = FeedBatch.objects.create(
            feed=feed,
            file_name=(file_name or Path(path).name)[:200],
            imported_at=timezone.now(),
            actor=actor if getattr(actor, "pk", None) else None,
            rows=result.rows,
            matched=result.matched,
            unmatched=result.unmatched,
            flagged=result.flagged,
        )
        insert(
            FeedRow._meta.db_table,
            ROW_COLUMNS,
            ((batch.pk, *r[:5], json.dumps(r[5], ensure_ascii=False), r[6], "") for r in feed_rows),
        )
        change_record(
            subject="feed_batch",
            obj_id=batch.pk,
            label=f"{feed.code} {batch.file_name}",
            changes={"imported": [None, {"feed_version": feed.version, **result.counts()}]},
            actor=actor,
            source=Source.IMPORT,
        )
    result.batch = batch.pk
    report("done", result.rows)
    return result


def _rows_read(
    definition: Definition, path: str | Path, result: FeedResult, report: Callable[[str, int], None]
) -> list[_Row]:
    """Every data row parsed; the problems go to `result` (errors and warnings)."""
    layout = definition.layout()
    header, data, header_row = read_table_at(path, layout)
    positions = map_header(header, layout, row=header_row)
    titles = {
        c.key: header[positions[c.key]] if c.key in positions else c.title
        for c in definition.columns
    }
    numbers: list[int] = []
    raw_ids: list[str | None] = []
    parsed: list[dict[str, Any]] = []
    bad: set[int] = set()
    id_at = positions[ID_KEY]
    others = [
        (c, positions[c.key]) for c in definition.columns if c.key != ID_KEY and c.key in positions
    ]
    for number, row in enumerate(data, start=header_row + 1):
        if all(cells.is_blank(c) for c in row):
            continue
        cell = row[id_at] if id_at < len(row) else None
        raw_ids.append(None if cells.is_blank(cell) else cells.code_text(cell))
        numbers.append(number)
        values: dict[str, Any] = {}
        for column, index in others:
            raw = row[index] if index < len(row) else None
            if cells.is_blank(raw):
                if column.required:
                    result.errors.append(
                        RowError(number, titles[column.key], "required value is empty")
                    )
                    bad.add(number)
                continue
            try:
                values[column.key] = cell_parse(column, raw)
            except ValueError as exc:
                result.errors.append(
                    RowError(number, titles[column.key], str(exc), cells.text(raw))
                )
                bad.add(number)
        parsed.append(values)
        if len(numbers) % 10000 == 0:
            report("read", len(numbers))
    checks = check_id_numbers(pa.array(raw_ids, pa.string()))
    id_title = titles[ID_KEY]
    for position, reason in checks.errors:
        number = numbers[position]
        result.errors.append(RowError(number, id_title, reason, raw_ids[position] or ""))
        bad.add(number)
    for position, reason in checks.warnings:
        result.warnings.append(
            RowError(numbers[position], id_title, reason, raw_ids[position] or "", "warning")
        )
    for position, raw in enumerate(raw_ids):
        if raw is None:
            result.errors.append(RowError(numbers[position], id_title, "ID number is empty"))
            bad.add(numbers[position])
    cleaned = checks.number.to_pylist()
    rows = [
        _Row(number, cleaned[i], _key18(cleaned[i]), parsed[i])
        for i, number in enumerate(numbers)
        if number not in bad
    ]
    result.errors.sort(key=lambda e: e.row)
    return rows


def _key18(number: str) -> str:
    """The 18-character form of an ID number: a 15-digit one upgraded (19 inserted before the
    birth year, the check character computed), a disability certificate's first 18."""
    if len(number) == 15:
        body = number[:6] + "19" + number[6:]
        return body + ric.calc_check_digit(body + "0")
    return number[:18]


@dataclass(frozen=True)
class _Person:
    member: int
    household: int
    village: str
    name: str


def _members_find(numbers: set[str]) -> dict[str, _Person]:
    """The registry members with these ID numbers, one query per chunk."""
    rows = select_in(
        "SELECT m.id_number, m.id, m.household_id, h.village_id, m.name FROM registry_member m"
        " JOIN registry_household h ON h.id = m.household_id WHERE m.id_number",
        sorted(numbers),
        chunk=CHUNK,
    )
    return {number: _Person(pk, hh, village, name) for number, pk, hh, village, name in rows}


def _evidence_find(feed: Feed, numbers: set[str]) -> dict[tuple[str, Evidence], bool]:
    """The evidence earlier rows of the feed hold for these ID numbers: (ID number, values)
    → whether one of those rows was flagged."""
    rows = select_in(
        'SELECT r.id_number, r."values", r.flagged FROM monitoring_feedrow r'
        " JOIN monitoring_feedbatch b ON b.id = r.batch_id WHERE b.feed_id = %s AND r.id_number",
        sorted(numbers),
        chunk=CHUNK,
        params=[feed.pk],
    )
    found: dict[tuple[str, Evidence], bool] = {}
    for number, values, flagged in rows:
        key = (number, _evidence(json.loads(values) if isinstance(values, str) else values))
        found[key] = found.get(key, False) or bool(flagged)
    return found


def _evidence(values: dict[str, str]) -> Evidence:
    return tuple(sorted(values.items()))


def _rows_judge(
    definition: Definition,
    rows: list[_Row],
    members: dict[str, _Person],
    earlier: dict[tuple[str, Evidence], bool],
    scope: Scope | None,
    result: FeedResult,
) -> list[tuple[Any, ...]]:
    """The feed rows of the file as (row_number, id_number, member, household, village,
    values, flagged), with the counts and warnings in `result`."""
    name_title = definition.column("name").title if _has(definition, "name") else ""
    out = []
    for row in rows:
        kept = {k: stored(v) for k, v in row.values.items()}
        evidence = (row.id_number, _evidence(kept))
        person = members.get(row.id_number) or members.get(row.key)
        holds = definition.holds(row.values)
        seen = earlier.get(evidence)
        inside = person is not None and (scope is None or scope.covers(person.village))
        flagged = holds and inside and not seen
        result.rows += 1
        result.held += holds
        result.repeated += seen is not None
        result.flagged += flagged
        earlier[evidence] = bool(seen) or flagged  # the same evidence later in the file repeats it
        if person is None:
            result.unmatched += 1
            result.unmatched_held += holds
            result.unmatched_rows.append((row.number, row.id_number))
            out.append((row.number, row.id_number, None, None, None, kept, flagged))
            continue
        result.matched += 1
        result.outside += not inside
        name = row.values.get("name")
        if inside and name and name_title and name != person.name:
            result.warnings.append(
                RowError(
                    row.number,
                    name_title,
                    f"name differs from the registry ({person.name})",
                    name,
                    "warning",
                )
            )
        out.append(
            (
                row.number,
                row.id_number,
                person.member,
                person.household,
                person.village,
                kept,
                flagged,
            )
        )
    result.warnings.sort(key=lambda e: e.row)
    return out


def _has(definition: Definition, key: str) -> bool:
    return any(c.key == key for c in definition.columns)


# ------------------------------------------------------------------------------ flags


def feed_row_dismiss(*, row: FeedRow, reason: str, actor: Any) -> FeedRow:
    """Rule a flag out (排除) with its reason, with a history row. Refused for a row that is
    not a flag, one already ruled out and one a case was opened from."""
    reason = (reason or "").strip()
    if not reason:
        raise InvalidInput("a reason is needed to rule out a flag")
    if len(reason) > 300:
        raise InvalidInput("longer than 300 characters")
    with transaction.atomic():
        locked = FeedRow.objects.select_for_update().get(pk=row.pk)
        if not locked.flagged:
            raise InvalidInput(f"row {locked.row_number} is not a flag")
        if locked.dismissed:
            raise InvalidInput("this flag was ruled out already")
        if Case.objects.filter(feed_row=locked).exists():
            raise InvalidInput("a case was opened from this flag")
        locked.dismissed = reason
        locked.save(update_fields=["dismissed"])
        change_record(
            subject="feed_row",
            obj_id=locked.pk,
            label=f"{locked.batch_id}:{locked.row_number}",
            changes={"dismissed": ["", reason]},
            actor=actor,
            source=Source.FORM,
        )
    return locked


def feed_rows_open(rows: QuerySet[FeedRow]) -> QuerySet[FeedRow]:
    """Of `rows`, the flags still to be worked: not ruled out, no case opened from them."""
    return rows.filter(flagged=True, dismissed="").exclude(
        Q(pk__in=Case.objects.filter(feed_row__isnull=False).values("feed_row_id"))
    )


@dataclass
class BatchSections:
    """What a batch page lists: the import's counts, the open flags (the first `limit` of
    `open_count`), the flags turned into cases, those ruled out, and the rows of persons not
    in the registry (None: not for this reader)."""

    summary: dict[str, Any]
    open: list[FeedRow]
    open_count: int
    cases: list[FeedRow]
    dismissed: list[FeedRow]
    unmatched: list[FeedRow] | None


def batch_sections(
    batch: FeedBatch, rows: QuerySet[FeedRow], *, unmatched: bool, limit: int
) -> BatchSections:
    """The sections of `batch` from `rows` (its rows the reader may see)."""
    imported = (
        Change.objects.filter(subject="feed_batch", subject_id=batch.pk).order_by("at").first()
    )
    summary: dict[str, Any] = {
        "rows": batch.rows,
        "matched": batch.matched,
        "unmatched": batch.unmatched,
        "flagged": batch.flagged,
    }
    if imported is not None:
        summary = {**imported.changes.get("imported", [None, {}])[1], **summary}
    open_rows = feed_rows_open(rows).select_related("household")
    return BatchSections(
        summary=summary,
        open=list(open_rows[:limit]),
        open_count=open_rows.count(),
        cases=list(rows.filter(cases__isnull=False).distinct().select_related("household")[:limit]),
        dismissed=list(rows.exclude(dismissed="").select_related("household")[:limit]),
        unmatched=list(batch.feed_rows.filter(village__isnull=True)[:limit]) if unmatched else None,
    )


__all__ = [
    "DEFAULTS",
    "BatchSections",
    "FeedInvalid",
    "FeedResult",
    "SyncResult",
    "batch_sections",
    "feed_define",
    "feed_definition",
    "feed_get",
    "feed_import",
    "feed_row_dismiss",
    "feed_rows_open",
    "feed_save",
    "feeds_sync",
    "risk_codes",
]
