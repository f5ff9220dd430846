"""Creating and editing one household with its members (web form, API).

The values are checked by the import's validation (`registry_sheet_read`) on a one-household
sheet, so a household entered by hand meets exactly the rules of one imported from a file
(ID numbers, one head, a person in one household, a village in the division tree and in the
editor's scope), and it is written by the one writer, with its history, in one transaction.
Its evaluation, and the region figures above it, are brought up to date for every year it
has a survey.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
import pyarrow as pa
from django.db import transaction

from fupin.accounts.scope import Scope
from fupin.core.errors import RowError, RowErrors
from fupin.core.messages import translated
from fupin.core.models import Source
from fupin.exchange.columns import Sheet
from fupin.registry import layout
from fupin.registry.enums import Relation
from fupin.registry.evaluations import evaluations_refresh
from fupin.registry.imports import registry_sheet_read
from fupin.registry.models import Household
from fupin.registry.services import household_locked, household_tables, registry_tables_write

HOUSEHOLD_KEYS = tuple(f.key for f in layout.HOUSEHOLD_FIELDS if f.key != "household_id")
MEMBER_KEYS = tuple(f.key for f in layout.MEMBER_FIELDS)
NUMBER_TITLE = layout.BY_KEY["household_id"].title


def household_save(
    *,
    number: str,
    values: Mapping[str, Any],
    members: Sequence[Mapping[str, Any]],
    expected_version: int | None = None,
    actor: Any = None,
    scope: Scope | None = None,
    source: str = Source.FORM,
    today: dt.date | None = None,
) -> Household:
    """Create the household `number` (`expected_version` None) or replace the fields and
    members of the stored one (its version must still be `expected_version`, else
    Conflict). `values` are the household's fields by layout key, `members` one mapping per
    member; values may be texts as typed or Python values. Invalid values raise RowErrors
    whose rows count members from 2 (row 1 is the header) and whose columns are the
    layout's titles; nothing is written then. Surveys are kept as stored."""
    _known(values, HOUSEHOLD_KEYS, 1)
    for position, member in enumerate(members):
        _known(member, MEMBER_KEYS, position + 2)
    if not members:
        raise RowErrors(
            [RowError(2, layout.BY_KEY["relation"].title, "a household needs its head (户主)")]
        )
    sheet = _sheet(number, values, members)
    parsed = registry_sheet_read(sheet=sheet, mode="strict", today=today, scope=scope)
    stored_number = parsed.tables.households["number"][0].as_py()
    with transaction.atomic():
        if expected_version is None:
            current = None
            if Household.objects.filter(number=stored_number).exists():
                raise RowErrors(
                    [RowError(1, NUMBER_TITLE, "a household with this number exists", number)]
                )
        else:
            current = household_locked(number=stored_number, expected_version=expected_version)
        registry_tables_write(tables=parsed.tables, actor=actor, source=source)
        household = Household.objects.get(number=stored_number)
        evaluations_refresh(
            household=household,
            years=sorted(household.surveys.values_list("year", flat=True)),
            villages={household.village_id, current.village_id if current else ""},
        )
    return household


def _known(values: Mapping[str, Any], keys: tuple[str, ...], row: int) -> None:
    unknown = sorted(set(values) - set(keys))
    if unknown:
        raise RowErrors([RowError(row, key, "not a field of this form") for key in unknown])


def _text(value: Any) -> str | None:
    """A value as the cell text the import parsers read."""
    if value is None:
        return None
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, list | tuple):
        return ",".join(str(v) for v in value) or None
    text = str(value).strip()
    return text or None


def _sheet(number: str, values: Mapping[str, Any], members: Sequence[Mapping[str, Any]]) -> Sheet:
    """One row per member; the household's fields on every row."""
    count = len(members)
    titles = [NUMBER_TITLE]
    columns = [pa.array([_text(number)] * count, pa.string())]
    for key in HOUSEHOLD_KEYS:
        titles.append(layout.BY_KEY[key].title)
        columns.append(pa.array([_text(values.get(key))] * count, pa.string()))
    for key in MEMBER_KEYS:
        titles.append(layout.BY_KEY[key].title)
        columns.append(pa.array([_text(m.get(key)) for m in members], pa.string()))
    return Sheet(titles, columns, np.arange(2, count + 2))


def household_values(household: Household) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """A stored household's fields and members (the head first) by layout key: what the
    edit form starts from."""
    tables = household_tables(household=household)
    values = {key: tables.households[key][0].as_py() for key in HOUSEHOLD_KEYS}
    rows = tables.members.to_pylist()
    rows.sort(key=lambda m: m["relation"] != Relation.HEAD)  # stable: stored order otherwise
    return values, [{key: m[key] for key in MEMBER_KEYS} for m in rows]


def error_places(errors: Sequence[RowError]) -> list[tuple[str | None, int | None, str]]:
    """Where each blocking error of `household_save` belongs: (household field or "number",
    None, message), (member field, member index, message), or (None, None, message) for
    the whole form."""
    key_of = {f.title: f.key for f in layout.FIELDS}
    places: list[tuple[str | None, int | None, str]] = []
    for error in errors:
        if error.severity != "error":
            continue
        key = key_of.get(error.column, error.column)
        message = translated(error.reason)  # the value is in the field it belongs to
        if key == "household_id":
            places.append(("number", None, message))
        elif key in HOUSEHOLD_KEYS:
            places.append((key, None, message))
        elif key in MEMBER_KEYS and error.row >= 2:
            places.append((key, error.row - 2, message))
        else:
            places.append((None, None, f"{error.column}: {message}"))
    return places
