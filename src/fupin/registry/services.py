"""Writes to the registry. Every path (import, demo, later forms and API) goes through
`registry_tables_write`, which writes households, members and surveys in one transaction."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc
from django.db import connection, transaction
from django.utils import timezone

from fupin.core import bulk
from fupin.core.errors import FupinError, InvalidInput, NotFound
from fupin.core.models import Source
from fupin.registry import history, layout
from fupin.registry.enums import Relation
from fupin.registry.history import changes_insert
from fupin.registry.models import Household, Member, Survey

Progress = Callable[[str, int], None]


@dataclass
class HouseholdRecord:
    """A household built in Python (demo, forms): its fields by layout key, surveys by year,
    members by ID number."""

    number: str
    values: dict[str, Any] = field(default_factory=dict)
    surveys: dict[int, dict[str, Any]] = field(default_factory=dict)
    members: dict[str, dict[str, Any]] = field(default_factory=dict)


HOUSEHOLD_SCHEMA = pa.schema(
    [
        pa.field("number", pa.string(), nullable=False),
        *(pa.field(f.key, f.arrow) for f in layout.HOUSEHOLD_FIELDS if f.key != "household_id"),
    ]
)
MEMBER_SCHEMA = pa.schema(
    [
        pa.field("household", pa.string(), nullable=False),
        pa.field("id_number", pa.string(), nullable=False),
        pa.field("birth_date", pa.date32()),
        pa.field("sex", pa.string()),
        *(pa.field(f.key, f.arrow) for f in layout.MEMBER_FIELDS if f.key != "id_number"),
    ]
)
SURVEY_SCHEMA = pa.schema(
    [
        pa.field("household", pa.string(), nullable=False),
        pa.field("year", pa.int16(), nullable=False),
        *(pa.field(f.key, f.arrow) for f in layout.SURVEY_FIELDS),
    ]
)


@dataclass
class RegistryTables:
    """Validated households, members and surveys as Arrow tables (HOUSEHOLD_SCHEMA, …):
    what an import hands to the writer. Members and surveys name their household by number."""

    households: pa.Table
    members: pa.Table
    surveys: pa.Table

    def without(self, numbers: Iterable[str]) -> RegistryTables:
        """The tables without the households numbered `numbers`."""
        drop = pa.array(sorted(set(numbers)), pa.string())
        if not len(drop):
            return self
        return RegistryTables(
            self.households.filter(pc.invert(pc.is_in(self.households["number"], drop))),
            self.members.filter(pc.invert(pc.is_in(self.members["household"], drop))),
            self.surveys.filter(pc.invert(pc.is_in(self.surveys["household"], drop))),
        )


def records_tables(records: Iterable[HouseholdRecord]) -> RegistryTables:
    """The tables of households built in Python (demo, forms)."""
    households: list[dict[str, Any]] = []
    members: list[dict[str, Any]] = []
    surveys: list[dict[str, Any]] = []
    for hh in records:
        households.append({**hh.values, "number": hh.number})
        members.extend({**m, "id_number": p, "household": hh.number} for p, m in hh.members.items())
        surveys.extend({**v, "year": y, "household": hh.number} for y, v in hh.surveys.items())
    return RegistryTables(
        pa.Table.from_pylist(households, schema=HOUSEHOLD_SCHEMA),
        pa.Table.from_pylist(members, schema=MEMBER_SCHEMA),
        pa.Table.from_pylist(surveys, schema=SURVEY_SCHEMA),
    )


# Stored columns: (database column, table column, value for a blank cell).
HOUSEHOLD_COLUMNS: tuple[tuple[str, str, Any], ...] = (
    ("number", "number", None),
    ("village_id", "village_code", None),
    ("group_name", "group_name", ""),
    ("attribute", "attribute", ""),
    ("main_cause", "main_cause", ""),
    ("other_causes", "other_causes", "[]"),
    ("standard", "standard", "national"),
    ("registered_year", "registered_year", None),
    ("exit_year", "exit_year", None),
    ("phone", "phone", ""),
    ("housing_grade", "housing_grade", ""),
    ("cultivated_land_mu", "cultivated_land_mu", None),
    ("forest_land_mu", "forest_land_mu", None),
    ("road_distance_km", "road_distance_km", None),
    ("has_sanitary_toilet", "has_sanitary_toilet", None),
    ("is_relocated", "is_relocated", False),
    ("is_military_family", "is_military_family", False),
    ("is_only_child", "is_only_child", False),
    ("is_two_daughters", "is_two_daughters", False),
    ("in_cooperative", "in_cooperative", False),
    ("has_electricity", "has_electricity", None),
    ("helper_name", "helper_name", ""),
    ("helper_unit", "helper_unit", ""),
    ("helper_phone", "helper_phone", ""),
    ("helper_id_number", "helper_id_number", ""),
)
MEMBER_COLUMNS: tuple[tuple[str, str, Any], ...] = (
    ("id_number", "id_number", None),
    ("household_id", "household", None),  # replaced by the household's id
    ("name", "name", None),
    ("relation", "relation", None),
    ("sex", "sex", ""),
    ("birth_date", "birth_date", None),
    ("ethnicity", "ethnicity", ""),
    ("education", "education", ""),
    ("student_status", "student_status", ""),
    ("health", "health", ""),
    ("disability_certificate", "disability_certificate", ""),
    ("labour_skill", "labour_skill", ""),
    ("work_months", "work_months", None),
    ("has_medical_insurance", "has_medical_insurance", None),
    ("has_pension_insurance", "has_pension_insurance", None),
    ("on_dibao", "on_dibao", None),
)
_ZERO = Decimal("0.00")
SURVEY_COLUMNS: tuple[tuple[str, str, Any], ...] = (
    ("household_id", "household", None),  # replaced by the household's id
    ("year", "year", None),
    ("wage_income", "wage_income", _ZERO),
    ("business_income", "business_income", _ZERO),
    ("property_income", "property_income", _ZERO),
    ("transfer_income", "transfer_income", _ZERO),
    ("business_expense", "business_expense", _ZERO),
    ("dibao_payment", "dibao_payment", None),
    ("destitute_payment", "destitute_payment", None),
    ("food_clothing_ok", "food_clothing_ok", None),
    ("education_ok", "education_ok", None),
    ("medical_ok", "medical_ok", None),
    ("housing_ok", "housing_ok", None),
    ("water_ok", "water_ok", None),
    ("claim_income", "claim_income", _ZERO),
    ("compliant_expense", "compliant_expense", _ZERO),
    ("disaster", "disaster", None),
    ("accident", "accident", None),
)


def _column_values(table: pa.Table, name: str, blank: Any) -> list[Any]:
    """One column as the Python values the database driver takes: decimals and dates as text,
    lists as JSON, blanks replaced by `blank`."""
    column = table[name].combine_chunks()
    kind = column.type
    if pa.types.is_list(kind):
        return [blank if not v else json.dumps(v, ensure_ascii=False) for v in column.to_pylist()]
    if pa.types.is_decimal(kind) or pa.types.is_date(kind):
        column = column.cast(pa.string())
        if isinstance(blank, Decimal):
            blank = str(blank)
    if blank is not None and column.null_count:
        column = column.fill_null(pa.scalar(blank, column.type))
    return column.to_pylist()


def _table_rows(
    table: pa.Table,
    columns: tuple[tuple[str, str, Any], ...],
    ids: dict[str, int] | None = None,
    batch: int = 50_000,
) -> Iterator[tuple[Any, ...]]:
    """The rows to store, made a batch at a time so that a million members never exist as
    Python tuples all at once."""
    for start in range(0, table.num_rows, batch):
        part = table.slice(start, batch)
        lists = []
        for db_column, name, blank in columns:
            values = _column_values(part, name, blank)
            if db_column == "household_id" and ids is not None:
                values = [ids[n] for n in values]
            lists.append(values)
        yield from zip(*lists, strict=True)


def households_upsert(
    *,
    records: list[HouseholdRecord],
    progress: Progress | None = None,
    actor: Any = None,
    source: str = Source.DEMO,
) -> None:
    """Write households built in Python; see `registry_tables_write`."""
    registry_tables_write(
        tables=records_tables(records), progress=progress, actor=actor, source=source
    )


def registry_tables_write(
    *,
    tables: RegistryTables,
    progress: Progress | None = None,
    actor: Any = None,
    source: str = Source.IMPORT,
    job: str = "",
) -> int:
    """Insert or update validated households with their members and surveys, in one
    transaction. A household's stored members that `tables` no longer lists are removed.
    A household whose fields, members or surveys change gets its version raised by one and
    one history entry (who, when, each changed field before and after); unchanged rows are
    not touched, so writing the same tables twice changes nothing. Returns the number of
    history entries written. Registry writes take turns (`_registry_write_lock`), so two
    imports of the same file at once write its history once."""
    now = connection.ops.adapt_datetimefield_value(timezone.now())
    hh_table = Household._meta.db_table
    stamp = "updated_at = excluded.updated_at"
    numbers = tables.households["number"].to_pylist()
    household_columns = tuple(c for c, _, _ in HOUSEHOLD_COLUMNS)
    with transaction.atomic():
        _registry_write_lock()
        stored = dict(bulk.select_in(f"SELECT number, id FROM {hh_table} WHERE number", numbers))
        before = _stored_states(stored)
        bulk.upsert(
            hh_table,
            (*household_columns, "version", "created_at", "updated_at"),
            ((*row, 1, now, now) for row in _table_rows(tables.households, HOUSEHOLD_COLUMNS)),
            key=("number",),
            update=household_columns,
            also_set=f"version = {hh_table}.version + 1, {stamp}",
        )
        new = [n for n in numbers if n not in stored]
        ids = {
            **stored,
            **dict(bulk.select_in(f"SELECT number, id FROM {hh_table} WHERE number", new)),
        }
        if progress:
            progress("households written", len(numbers))
        emptied = _prepare_members(tables.members, stored) if stored else set()
        member_columns = tuple(c for c, _, _ in MEMBER_COLUMNS)
        bulk.upsert(
            Member._meta.db_table,
            (*member_columns, "updated_at"),
            ((*row, now) for row in _table_rows(tables.members, MEMBER_COLUMNS, ids)),
            key=("id_number",),
            update=member_columns,
            also_set=stamp,
        )
        if progress:
            progress("members written", tables.members.num_rows)
        survey_columns = tuple(c for c, _, _ in SURVEY_COLUMNS)
        bulk.upsert(
            Survey._meta.db_table,
            (*survey_columns, "updated_at"),
            ((*row, now) for row in _table_rows(tables.surveys, SURVEY_COLUMNS, ids)),
            key=("household_id", "year"),
            update=survey_columns,
            also_set=stamp,
        )
        if stored:
            _bump_versions(list(stored.values()), emptied, now)
        entries = _history(tables, stored, ids, before)
        return changes_insert(
            entries,
            at=now,
            actor_id=getattr(actor, "pk", None),
            source=source,
            job=job,
        )


def _registry_write_lock() -> None:
    """Wait for any other registry write to commit before reading what is stored: the
    history is the difference from that state, and a write that read it before another
    committed would record the other's households as created again. SQLite's writers take
    turns already (transactions begin IMMEDIATE); on PostgreSQL a transaction-scoped
    advisory lock does it."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(hashtext('fupin registry write'))")


_HH_STATE = tuple(c for c, _, _ in HOUSEHOLD_COLUMNS[1:])
_MEMBER_STATE = tuple(c for c, _, _ in MEMBER_COLUMNS if c != "household_id")
_SURVEY_STATE = tuple(c for c, _, _ in SURVEY_COLUMNS if c != "household_id")
_KEYS = {"fields": ["number"], "members": ["number", "id_number"], "surveys": ["number", "year"]}


def _stored_states(stored: dict[str, int]) -> dict[str, pa.Table]:
    """The stored households as they are before a write, in history's canonical form."""
    if not stored:
        return {}
    ids = list(stored.values())

    def columns(names: tuple[str, ...], alias: str) -> str:
        return ", ".join(history.stored_sql(c, alias) for c in names)

    part = "JOIN registry_household h ON h.id = x.household_id WHERE x.household_id"
    return {
        "fields": history.stored_table(
            f"SELECT h.number, {columns(_HH_STATE, 'h')} FROM registry_household h WHERE h.id",
            ids,
            _HH_STATE,
        ),
        "members": history.stored_table(
            f"SELECT h.number, {columns(_MEMBER_STATE, 'x')} FROM registry_member x {part}",
            ids,
            _MEMBER_STATE,
        ),
        "surveys": history.stored_table(
            f"SELECT h.number, {columns(_SURVEY_STATE, 'x')} FROM registry_survey x {part}",
            ids,
            _SURVEY_STATE,
        ),
    }


def _history(
    tables: RegistryTables,
    stored: dict[str, int],
    ids: dict[str, int],
    before: dict[str, pa.Table],
) -> list[tuple[int, str, dict[str, Any]]]:
    """One entry per household: created, or what changed in a stored one."""
    sizes = {
        m["values"]: m["counts"] for m in pc.value_counts(tables.members["household"]).to_pylist()
    }
    years: dict[str, list[int]] = {}
    for number, year in zip(
        tables.surveys["household"].to_pylist(), tables.surveys["year"].to_pylist(), strict=True
    ):
        years.setdefault(number, []).append(year)
    entries: list[tuple[int, str, dict[str, Any]]] = [
        (ids[n], n, {"created": {"members": sizes.get(n, 0), "surveys": sorted(years.get(n, []))}})
        for n in tables.households["number"].to_pylist()
        if n not in stored
    ]
    if stored:
        keep = pa.array(sorted(stored), pa.string())
        after = {
            "fields": history.canonical(
                tables.households.filter(pc.is_in(tables.households["number"], keep)),
                "number",
                HOUSEHOLD_COLUMNS,
            ),
            "members": history.canonical(
                tables.members.filter(pc.is_in(tables.members["household"], keep)),
                "household",
                MEMBER_COLUMNS,
            ),
            "surveys": history.canonical(
                tables.surveys.filter(pc.is_in(tables.surveys["household"], keep)),
                "household",
                SURVEY_COLUMNS,
            ),
        }
        changed = history.differences(before, after, _KEYS, kept=frozenset({"surveys"}))
        entries.extend((stored[n], n, c) for n, c in changed.items())
    return entries


def _bump_versions(stored: list[int], emptied: set[int], now: Any) -> None:
    """Raise the version of the stored households whose members or surveys were written
    just now (the upserts stamp only rows that changed) unless the household row itself
    changed (it was stamped, and bumped, by its own upsert)."""
    changed = set(emptied)
    for table in (Member._meta.db_table, Survey._meta.db_table):
        changed.update(
            row[0]
            for row in bulk.select_in(
                f"SELECT DISTINCT household_id FROM {table} WHERE updated_at = %s AND household_id",
                stored,
                params=[now],
            )
        )
    stale = [
        row[0]
        for row in bulk.select_in(
            f"SELECT id FROM {Household._meta.db_table} WHERE updated_at <> %s AND id",
            sorted(changed),
            params=[now],
        )
    ]
    if stale:
        bulk.update_where_in(
            Household._meta.db_table,
            "version = version + 1, updated_at = %s",
            "id",
            stale,
            params=[now],
        )


def _prepare_members(members: pa.Table, stored: dict[str, int]) -> set[int]:
    """Remove stored members the tables no longer list, and step down a stored head the
    tables replace, so the one-head constraint holds while rows are upserted. Returns the
    ids of households that lost members."""
    wanted: dict[int, dict[str, str]] = {hid: {} for hid in stored.values()}
    for number, person, relation in zip(
        members["household"].to_pylist(),
        members["id_number"].to_pylist(),
        members["relation"].to_pylist(),
        strict=True,
    ):
        hid = stored.get(number)
        if hid is not None:
            wanted[hid][person] = relation
    rows = bulk.select_in(
        "SELECT id, household_id, id_number, relation "
        f"FROM {Member._meta.db_table} WHERE household_id",
        list(wanted),
    )
    gone = [(mid, hid) for mid, hid, person, _ in rows if person not in wanted[hid]]
    demote = [
        mid
        for mid, hid, person, rel in rows
        if rel == Relation.HEAD and wanted[hid].get(person, Relation.HEAD) != Relation.HEAD
    ]
    if gone:
        bulk.delete_where_in(Member._meta.db_table, "id", [mid for mid, _ in gone])
    if demote:
        bulk.update_where_in(Member._meta.db_table, "relation = 'other'", "id", demote)
    return {hid for _, hid in gone}


class Conflict(FupinError):
    """Someone else changed the record since it was read (optimistic locking)."""

    code = "conflict"


def household_tables(*, household: Household) -> RegistryTables:
    """One stored household, its members and surveys, as the writer's tables."""
    record = HouseholdRecord(number=household.number)
    for f in HOUSEHOLD_SCHEMA:
        if f.name != "number":
            column = "village_id" if f.name == "village_code" else f.name
            record.values[f.name] = getattr(household, column)
    for member in household.members.all():
        record.members[member.id_number] = {
            f.name: getattr(member, f.name)
            for f in MEMBER_SCHEMA
            if f.name not in ("household", "id_number")
        }
    for survey in household.surveys.all():
        record.surveys[survey.year] = {
            f.name: getattr(survey, f.name)
            for f in SURVEY_SCHEMA
            if f.name not in ("household", "year")
        }
    return records_tables([record])


def survey_update(
    *,
    household: Household,
    year: int,
    values: dict[str, Any],
    expected_version: int,
    actor: Any,
    source: str = Source.FORM,
) -> Household:
    """Set a household's survey of `year` (incomes, the five guarantees, claims, compliant
    expenses and the disaster and accident flags), through the one
    write path: the version must still be `expected_version` (else Conflict, nothing written),
    the version is raised, the change is recorded with `actor`, and the evaluation of that
    year is refreshed for the household and the regions above it. Returns the household as
    stored."""
    from fupin.registry.evaluations import evaluations_refresh

    unknown = sorted(set(values) - {f.key for f in layout.SURVEY_FIELDS})
    if unknown:
        raise InvalidInput(f"not a survey field: {', '.join(unknown)}")
    with transaction.atomic():
        current = household_locked(number=household.number, expected_version=expected_version)
        tables = household_tables(household=current)
        row = pa.Table.from_pylist(
            [{**_survey_of(tables, year), **values, "household": current.number, "year": year}],
            schema=SURVEY_SCHEMA,
        )
        # the writer keeps the other years' surveys as stored
        registry_tables_write(
            tables=RegistryTables(tables.households, tables.members, row),
            actor=actor,
            source=source,
        )
        current.refresh_from_db()
        evaluations_refresh(household=current, years=[year], villages={current.village_id})
    return current


def household_locked(*, number: str, expected_version: int) -> Household:
    """The stored household `number`, locked until the transaction ends, if its version is
    still `expected_version`; else Conflict: someone saved it since it was read, and nothing
    is written (optimistic locking)."""
    current = Household.objects.select_for_update().filter(number=number).first()
    if current is None:
        raise NotFound(f"no household numbered {number}")
    if current.version != expected_version:
        raise Conflict(
            f"household {current.number} was changed by someone else since you opened it "
            f"(version {current.version}, yours {expected_version}); reload and edit again"
        )
    return current


def _survey_of(tables: RegistryTables, year: int) -> dict[str, Any]:
    rows = tables.surveys.filter(pc.equal(tables.surveys["year"], year)).to_pylist()
    if not rows:
        return {}
    return {k: v for k, v in rows[0].items() if k not in ("household", "year")}
