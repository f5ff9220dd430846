"""Writes to the registry. Every path (import, demo, later forms and API) goes through
`households_upsert`, which writes households, members and surveys in one transaction."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db import connection, transaction
from django.utils import timezone

from fupin.core import bulk
from fupin.core.money import parse_yuan
from fupin.registry.enums import Relation
from fupin.registry.models import Household, Member, Survey

Progress = Callable[[str, int], None]


@dataclass
class HouseholdRecord:
    """A household as imported or generated: its fields, surveys by year, members by ID."""

    number: str
    first_row: int
    values: dict[str, Any] = field(default_factory=dict)
    seen: dict[str, tuple[str, int]] = field(default_factory=dict)  # key -> (raw text, row)
    surveys: dict[int, dict[str, Any]] = field(default_factory=dict)
    survey_seen: dict[tuple[int, str], tuple[str, int]] = field(default_factory=dict)
    members: dict[str, dict[str, Any]] = field(default_factory=dict)
    member_rows: dict[str, int] = field(default_factory=dict)
    heads: list[int] = field(default_factory=list)
    last_raw: dict[object, tuple[Any, ...]] = field(default_factory=dict)
    rows: list[int] = field(default_factory=list)


HOUSEHOLD_COLUMNS = (
    "number",
    "village_id",
    "group_name",
    "attribute",
    "main_cause",
    "other_causes",
    "standard",
    "registered_year",
    "exit_year",
    "phone",
    "housing_grade",
    "cultivated_land_mu",
    "forest_land_mu",
    "road_distance_km",
    "has_sanitary_toilet",
    "is_relocated",
    "is_military_family",
    "is_only_child",
    "is_two_daughters",
    "in_cooperative",
    "has_electricity",
    "helper_name",
    "helper_unit",
    "helper_phone",
)
MEMBER_COLUMNS = (
    "id_number",
    "household_id",
    "name",
    "relation",
    "sex",
    "birth_date",
    "ethnicity",
    "education",
    "student_status",
    "health",
    "disability_certificate",
    "labour_skill",
    "work_months",
    "has_medical_insurance",
    "has_pension_insurance",
    "on_dibao",
)
SURVEY_COLUMNS = (
    "household_id",
    "year",
    "wage_income",
    "business_income",
    "property_income",
    "transfer_income",
    "business_expense",
    "food_clothing_ok",
    "education_ok",
    "medical_ok",
    "housing_ok",
    "water_ok",
)
_HOUSEHOLD_BLANKS: dict[str, Any] = {
    "standard": "national",
    "is_relocated": False,
    "registered_year": None,
    "exit_year": None,
    "cultivated_land_mu": None,
    "forest_land_mu": None,
    "road_distance_km": None,
    "has_sanitary_toilet": None,
    "has_electricity": None,
    "is_military_family": False,
    "is_only_child": False,
    "is_two_daughters": False,
    "in_cooperative": False,
}


def _household_row(hh: HouseholdRecord) -> tuple[Any, ...]:
    v = hh.values
    out: list[Any] = [hh.number, v["village_code"]]
    for col in HOUSEHOLD_COLUMNS[2:]:
        if col == "other_causes":
            out.append(json.dumps(v.get(col, []), ensure_ascii=False))
        else:
            out.append(v.get(col, _HOUSEHOLD_BLANKS.get(col, "")))
    return tuple(out)


def households_upsert(*, records: list[HouseholdRecord], progress: Progress | None = None) -> None:
    """Insert or update validated households with their members and surveys, in one
    transaction. A household's stored members that `records` no longer lists are removed.
    A household whose fields, members or surveys change gets its version raised by one;
    unchanged rows are not touched, so writing the same records twice changes nothing."""
    now = connection.ops.adapt_datetimefield_value(timezone.now())
    hh_table = Household._meta.db_table
    stamp = "updated_at = excluded.updated_at"
    numbers = [hh.number for hh in records]
    with transaction.atomic():
        stored = dict(bulk.select_in(f"SELECT number, id FROM {hh_table} WHERE number", numbers))
        bulk.upsert(
            hh_table,
            (*HOUSEHOLD_COLUMNS, "version", "created_at", "updated_at"),
            ((*_household_row(hh), 1, now, now) for hh in records),
            key=("number",),
            update=HOUSEHOLD_COLUMNS,
            also_set=f"version = {hh_table}.version + 1, {stamp}",
        )
        new = [n for n in numbers if n not in stored]
        ids = {
            **stored,
            **dict(bulk.select_in(f"SELECT number, id FROM {hh_table} WHERE number", new)),
        }
        if progress:
            progress("households written", len(records))
        existing = [hh for hh in records if hh.number in stored]
        emptied = _prepare_members(existing, ids) if existing else set()
        bulk.upsert(
            Member._meta.db_table,
            (*MEMBER_COLUMNS, "updated_at"),
            ((*row, now) for row in _member_rows(records, ids)),
            key=("id_number",),
            update=MEMBER_COLUMNS,
            also_set=stamp,
        )
        if progress:
            progress("members written", sum(len(h.members) for h in records))
        bulk.upsert(
            Survey._meta.db_table,
            (*SURVEY_COLUMNS, "updated_at"),
            ((*row, now) for row in _survey_rows(records, ids)),
            key=("household_id", "year"),
            update=SURVEY_COLUMNS,
            also_set=stamp,
        )
        if stored:
            _bump_versions(list(stored.values()), emptied, now)


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


def _prepare_members(households: list[HouseholdRecord], ids: dict[str, int]) -> set[int]:
    """Remove stored members the file no longer lists, and step down a stored head the file
    replaces, so the one-head constraint holds while rows are upserted. Returns the ids of
    households that lost members."""
    wanted = {ids[hh.number]: hh for hh in households}
    stored = bulk.select_in(
        "SELECT id, household_id, id_number, relation "
        f"FROM {Member._meta.db_table} WHERE household_id",
        list(wanted),
    )
    gone = [(mid, hid) for mid, hid, person, _ in stored if person not in wanted[hid].members]
    demote = [
        mid
        for mid, hid, person, rel in stored
        if rel == Relation.HEAD
        and person in wanted[hid].members
        and wanted[hid].members[person]["relation"] != Relation.HEAD
    ]
    if gone:
        bulk.delete_where_in(Member._meta.db_table, "id", [mid for mid, _ in gone])
    if demote:
        bulk.update_where_in(Member._meta.db_table, "relation = 'other'", "id", demote)
    return {hid for _, hid in gone}


def _member_rows(
    households: Iterable[HouseholdRecord], ids: dict[str, int]
) -> Iterable[tuple[Any, ...]]:
    for hh in households:
        hid = ids[hh.number]
        for person, v in hh.members.items():
            yield (
                person,
                hid,
                v["name"],
                v["relation"],
                v.get("sex", ""),
                _iso(v.get("birth_date")),
                v.get("ethnicity", ""),
                v.get("education", ""),
                v.get("student_status", ""),
                v.get("health", ""),
                v.get("disability_certificate", ""),
                v.get("labour_skill", ""),
                v.get("work_months"),
                v.get("has_medical_insurance"),
                v.get("has_pension_insurance"),
                v.get("on_dibao"),
            )


def _iso(day: dt.date | None) -> str | None:
    return day.isoformat() if day else None


def _survey_rows(
    households: Iterable[HouseholdRecord], ids: dict[str, int]
) -> Iterable[tuple[Any, ...]]:
    zero = parse_yuan(0)
    for hh in households:
        hid = ids[hh.number]
        for year, s in hh.surveys.items():
            yield (
                hid,
                year,
                s.get("wage_income", zero),
                s.get("business_income", zero),
                s.get("property_income", zero),
                s.get("transfer_income", zero),
                s.get("business_expense", zero),
                s.get("food_clothing_ok"),
                s.get("education_ok"),
                s.get("medical_ok"),
                s.get("housing_ok"),
                s.get("water_ok"),
            )
