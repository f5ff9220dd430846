"""The rows of a ledger file that depend on other rows, checked one at a time: a reversing
row against the entry it reverses (stored, or on an earlier row of the file), and a row that
gives a stored entry again. `fupin.assistance.ledger_file` calls these for the few rows that
need them."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from fupin.assistance.ledger_rules import RuleError, reversal_date
from fupin.assistance.models import Indicator, LedgerEntry
from fupin.core import bulk

Report = Callable[[str, str, Any], None]  # the row's error: column key, reason, value shown
NOT_REVERSED = "a reversal is not reversed; record the delivery again"


@dataclass(frozen=True)
class StoredEntry:
    """What the checks use of a stored entry the file names."""

    entry_id: str
    unit_code: str
    date: dt.date
    indicator: Indicator
    amount: Decimal
    reverses: str | None
    reversed_by: str | None
    region_id: str | None
    project_code: str | None
    reason: str


def reversal_check(
    v: dict[str, Any],
    *,
    row: int,
    stored: dict[str, StoredEntry],
    earlier: dict[str, Any] | None,
    reversed_on: dict[str, int],
    error: Report,
    today: dt.date,
) -> Any:
    """Check a reversing row (`v`, its parsed values; file row `row`) against the entry it
    reverses: stored, else `earlier`, the values of the first row of the file giving that
    number when it is above this one. Fills the row's unit, indicator, amount and (when
    empty) date from that entry, and notes in `reversed_on` the row reversing it. Returns
    the reversed entry (stored, or the row's values), None when there is none to reverse."""
    ref = v["reverses"]
    if ref == v["entry_id"]:
        error("reverses", "an entry does not reverse itself", ref)
        return None
    if ref in reversed_on:
        error("reverses", f"entry {ref} is already reversed on row {reversed_on[ref]}", ref)
        return None
    original: Any
    if ref in stored:
        entry = stored[ref]
        if entry.reverses is not None:
            error("reverses", NOT_REVERSED, ref)
            return None
        if entry.reversed_by is not None and entry.reversed_by != v["entry_id"]:
            error("reverses", f"entry {ref} is already reversed by {entry.reversed_by}", ref)
            return None
        unit_code, indicator, amount, date = (
            entry.unit_code,
            entry.indicator,
            entry.amount,
            entry.date,
        )
        original = entry
    elif earlier is not None:
        if earlier["reverses"]:
            error("reverses", NOT_REVERSED, ref)
            return None
        unit_code, indicator, amount, date = (
            earlier[k] for k in ("unit_code", "indicator", "amount", "date")
        )
        original = earlier
    else:
        error("reverses", "no such entry (stored or on an earlier row)", ref)
        return None
    reversed_on[ref] = row
    _fill(v, unit_code, indicator, amount, date, error, today)
    return original


def _fill(
    v: dict[str, Any],
    unit_code: str | None,
    indicator: Indicator | None,
    amount: Decimal | None,
    date: dt.date | None,
    error: Report,
    today: dt.date,
) -> None:
    """A reversing row takes the reversed entry's unit, indicator and negated amount; given,
    they must be those. Its date is the entry's unless given (`ledger_rules.reversal_date`,
    with 跨年度冲销 other_year)."""
    if v["unit_code"] is None:
        v["unit_code"] = unit_code
    elif v["unit_code"] != unit_code:
        error("unit_code", f"the reversed entry's unit is {unit_code}", v["unit_code"])
    if v["indicator"] is None:
        v["indicator"] = indicator
    elif indicator is not None and v["indicator"].pk != indicator.pk:
        error("indicator", f"the reversed entry's indicator is {indicator.code}", "")
    if amount is not None:
        if v["amount"] is None:
            v["amount"] = -amount
        elif v["amount"] != -amount:
            error("amount", f"a reversal negates the amount: {-amount}", v["amount"])
    if date is None:  # the reversed entry's own date did not parse
        return
    try:
        v["date"] = reversal_date(
            entry_date=date, date=v["date"], other_year=bool(v["other_year"]), today=today
        )
    except RuleError as exc:
        for _field, reason in exc.problems:
            error("date", reason, v["date"])


def same(entry: StoredEntry, v: dict[str, Any], region: str | None) -> bool:
    """A row gives the stored entry again (a row without a region, project or exception reason
    leaves the entry's as they are)."""
    return (
        entry.unit_code == v["unit_code"]
        and entry.date == v["date"]
        and v["indicator"] is not None
        and entry.indicator.pk == v["indicator"].pk
        and v["amount"] is not None
        and entry.amount == v["amount"]
        and (v["reverses"] or None) == entry.reverses
        and (region is None or entry.region_id == region)
        and (not v["project"] or entry.project_code == v["project"])
        and (not v.get("reason") or entry.reason == v["reason"])
    )


def stored_entries(names: list[str], indicators: dict[int, Indicator]) -> dict[str, StoredEntry]:
    """The stored entries among `names`: which exist in one pass of plain queries, then
    what the checks use of those (none, for a file of new entries)."""
    table = LedgerEntry._meta.db_table
    found = [
        row[0] for row in bulk.select_in(f"SELECT entry_id FROM {table} WHERE entry_id", names)
    ]
    out: dict[str, StoredEntry] = {}
    for start in range(0, len(found), 5000):
        for row in (
            LedgerEntry.objects.filter(entry_id__in=found[start : start + 5000])
            .order_by()
            .values_list(
                "entry_id",
                "unit__credit_code",
                "date",
                "indicator_id",
                "amount",
                "reverses__entry_id",
                "reversed_by__entry_id",
                "region_id",
                "project__code",
                "reason",
            )
        ):
            out[row[0]] = StoredEntry(row[0], row[1], row[2], indicators[row[3]], *row[4:])
    return out
