"""The ledger's rules about where and when an entry is, written once. The page, the API and
the file import reach them through `services.ledger_record`, `services.ledger_reverse` and
`ledger_file` / `ledger_rows`; a rule over many entries runs column by column, and one entry
is checked by running the same function on a one-row column.

Where: an entry's region is one its unit is paired with on the entry's date — the paired
region itself or a region under it — or the entry names an exception reason its indicator
takes (`REASONS`). "Its unit" is read over the group tree: the pairings of the unit itself,
of the units above it (a group's pairing covers its subsidiaries' work there) and of the
units under it (a group's own work in a county one of its subsidiaries is paired with is the
group's work there; the group's summary counts that pairing as the group's). A sister
company's pairing does not count: a subsidiary working in its sister's county needs a pairing
of its own or of a unit above both. An entry with no region is not checked.

When (a reversal): dated on the entry's date unless another date is given; never after
today, never before the entry, and in the entry's year unless the user says it is in another
year (a 2020 mistake corrected in 2026 would change both years' figures)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
from django.db.models import Q

from fupin.assistance.enums import LedgerReason
from fupin.assistance.models import Pairing, Unit
from fupin.core.errors import InvalidInput

# the indicators each exception reason goes with (a reason is not a way around the pairings
# for anything else)
REASONS: dict[str, frozenset[str]] = {
    LedgerReason.CONSUMPTION: frozenset({"produce_bought", "produce_sold"}),
    LedgerReason.DONATION: frozenset({"donations"}),
}


class RuleError(InvalidInput):
    """An entry a ledger rule refuses: each problem as (field, reason). The fields are the
    form's and the API's names (`region`, `reason`, `date`); the file maps them to its
    columns."""

    def __init__(self, problems: Sequence[tuple[str, str]]) -> None:
        super().__init__(problems[0][1])
        self.problems = list(problems)


# where ---------------------------------------------------------------------------------


class Pairings:
    """The pairings entries of some units may belong to, loaded once (an import finds them
    for thousands of entries with one query): for each unit, first its own and those of the
    units above it, then those of the units under it."""

    def __init__(self, units: Iterable[Unit]) -> None:
        units = list(units)
        roots = {f"/{unit.tree_ids[0]}/" for unit in units}
        within = Q(pk__in=[])
        for root in roots:
            within |= Q(unit__path__startswith=root)
        stored = list(Pairing.objects.filter(within).select_related("unit"))
        stored.sort(key=lambda p: (p.unit.path, p.region_id, p.start, p.pk))
        self.by_id = {p.pk: p for p in stored}
        self.tiers: dict[int, tuple[list[Pairing], list[Pairing]]] = {}
        for unit in units:
            order = {uid: n for n, uid in enumerate(unit.tree_ids)}
            up = sorted(
                (p for p in stored if p.unit_id in order),
                key=lambda p: order[p.unit_id],  # stable: then region, start, id
            )
            down = [p for p in stored if p.unit.path.startswith(unit.path) and p.unit_id != unit.pk]
            self.tiers[unit.pk] = (up, down)

    def find_all(self, unit_ids: np.ndarray, regions: pa.Array, dates: np.ndarray) -> pa.Array:
        """Each entry's pairing id, null where it has none: of the entry's unit or a unit
        above it, in force on the entry's date, with the entry's region or a region above it,
        the most specific winning (a tie goes to the unit higher up); only when there is none,
        the same of the units under it. `unit_ids` are ids of the units given; `dates`
        datetime64[D] (NaT: none)."""
        best = np.zeros(len(unit_ids), dtype=np.int64)
        length = np.zeros(len(unit_ids), dtype=np.int64)  # of the best pairing's region
        order = np.argsort(unit_ids, kind="stable")
        ids, starts = np.unique(unit_ids[order], return_index=True)
        groups = np.split(order, starts[1:]) if len(ids) else []
        for uid, rows in zip(ids.tolist(), groups, strict=True):
            region, date = regions.take(pa.array(rows)), dates[rows]
            for tier in self.tiers[uid]:
                open_ = length[rows] == 0  # not found in an earlier tier
                if not tier or not open_.any():
                    continue
                for pairing in tier:
                    size = len(pairing.region_id)
                    fits = open_ & (length[rows] < size)
                    fits &= date >= np.datetime64(pairing.start, "D")
                    if pairing.end is not None:
                        fits &= date <= np.datetime64(pairing.end, "D")
                    within = pc.fill_null(pc.starts_with(region, pairing.region_id), False)
                    fits &= within.to_numpy(zero_copy_only=False)
                    best[rows[fits]] = pairing.pk
                    length[rows[fits]] = size
        return pa.array(best, mask=length == 0)

    def find(self, unit: Unit, region: str | None, date: dt.date) -> Pairing | None:
        """`find_all` for one entry."""
        if not region:
            return None
        found = self.find_all(
            np.array([unit.pk], dtype=np.int64),
            pa.array([region], pa.string()),
            np.array([date], dtype="datetime64[D]"),
        )[0].as_py()
        return None if found is None else self.by_id[found]


@dataclass(frozen=True)
class Places:
    """What the region rule finds for some entries: each one's pairing id (null where none),
    the entries whose region no pairing covers and no reason excuses (`unpaired`), and those
    naming a reason their indicator does not take (`misreasoned`)."""

    pairing: pa.Array
    unpaired: np.ndarray
    misreasoned: np.ndarray


def places_check(
    *,
    pairings: Pairings,
    unit_ids: np.ndarray,
    regions: pa.Array,
    dates: np.ndarray,
    indicators: pa.Array,
    reasons: pa.Array,
) -> Places:
    """The region rule (module docstring) over columns: unit ids (of the units `pairings`
    was made for), stored region codes (null: none), datetime64[D] dates, indicator codes and
    reasons (null or empty: none)."""
    found = pairings.find_all(unit_ids, regions, dates)
    reasons = pc.if_else(pc.equal(reasons, ""), pa.scalar(None, pa.string()), reasons)
    given = _numpy(reasons.is_valid())
    fits = np.zeros(len(unit_ids), dtype=bool)
    for reason, codes in REASONS.items():
        fits |= _numpy(pc.fill_null(pc.equal(reasons, reason), False)) & _numpy(
            pc.fill_null(pc.is_in(indicators, value_set=pa.array(sorted(codes))), False)
        )
    unpaired = _numpy(regions.is_valid()) & _numpy(found.is_null()) & ~fits
    return Places(found, unpaired, given & ~fits)


def unpaired_reason(region: str, date: dt.date) -> str:
    return (
        f"neither the unit nor a unit above or under it is paired with region {region} on "
        f"{date}; name an exception reason if one applies"
    )


def misreasoned_reason(reason: str) -> str:
    if reason not in REASONS:
        return f"unknown exception reason {reason}"
    codes = ", ".join(sorted(REASONS[reason]))
    return f"the exception reason {reason} goes with the indicators {codes} only"


def place_check(
    *, unit: Unit, region: str | None, date: dt.date, indicator_code: str, reason: str = ""
) -> int | None:
    """The region rule for one entry: its pairing id (None: none), or RuleError on `reason`
    and `region`."""
    places = places_check(
        pairings=Pairings([unit]),
        unit_ids=np.array([unit.pk], dtype=np.int64),
        regions=pa.array([region or None], pa.string()),
        dates=np.array([date], dtype="datetime64[D]"),
        indicators=pa.array([indicator_code], pa.string()),
        reasons=pa.array([reason or None], pa.string()),
    )
    problems = []
    if places.misreasoned[0]:
        problems.append(("reason", misreasoned_reason(reason)))
    if places.unpaired[0]:
        problems.append(("region", unpaired_reason(str(region), date)))
    if problems:
        raise RuleError(problems)
    found: int | None = places.pairing[0].as_py()
    return found


def _numpy(values: pa.Array | pa.ChunkedArray) -> np.ndarray:
    return np.asarray(values.to_numpy(zero_copy_only=False))


# when ----------------------------------------------------------------------------------


def reversal_date(
    *, entry_date: dt.date, date: dt.date | None, other_year: bool, today: dt.date
) -> dt.date:
    """The date of the reversal of an entry dated `entry_date`: `date`, or the entry's own
    when none is given. RuleError on `date` when it is after today, before the entry, or in
    another year than the entry's without `other_year`."""
    on = entry_date if date is None else date
    if on > today:
        raise RuleError([("date", f"dated after today ({on})")])
    if on < entry_date:
        raise RuleError(
            [("date", f"a reversal is dated on or after the entry it reverses ({entry_date})")]
        )
    if on.year != entry_date.year and not other_year:
        raise RuleError(
            [
                (
                    "date",
                    f"a reversal is dated in its entry's year ({entry_date.year}); mark it as "
                    "in another year if it must be",
                )
            ]
        )
    return on
