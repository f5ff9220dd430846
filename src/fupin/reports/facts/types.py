"""What the reading of a text yields, before anything is resolved against the database."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal


@dataclass(frozen=True)
class Quantity:
    """A quantity as written ("3300万元", "33 million yuan", "416人", "more than 2,000 people")
    and normalised: `value` in the base unit (yuan, not 万元), `unit` one of the normalised
    unit names ("yuan", "person", "person_time", "ton", "household", "village", "county",
    "project", "item", "" when none is written); `high` the upper end of a range;
    `qualifier` "" (exact), "more_than", "less_than", "about" or "range"."""

    value: Decimal
    unit: str
    text: str
    high: Decimal | None = None
    qualifier: str = ""


@dataclass(frozen=True)
class Fact:
    """One fact found in a text: `kind` "ledger", "pairing" or "cadres"; the sentence and the
    character offsets of the quantity in the whole text; the indicator code (a standard one,
    DESIGN.md "Indicator codes", or None when the text names no known indicator); the
    organisation and place as written near it; the date the text gives for it, if any."""

    kind: str
    sentence: str
    start: int
    end: int
    quantity: Quantity
    indicator: str | None = None
    organisation: str = ""
    place: str = ""
    date: dt.date | None = None
