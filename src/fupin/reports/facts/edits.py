"""The user's edits of a proposal before it is accepted (indicator, amount, unit, region,
date, entry id, pairing kind), each parsed and checked: a refusal raises FieldInvalid naming
the field, before anything is written."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from decimal import Decimal, InvalidOperation
from typing import Any

from fupin.assistance.access import indicators_for, units_for
from fupin.assistance.enums import PairingKind
from fupin.assistance.models import Indicator, LedgerEntry, Unit
from fupin.core.errors import FieldInvalid, FupinError
from fupin.core.history import shown
from fupin.regions.models import Region
from fupin.regions.selectors import region_get
from fupin.reports.models import FactProposal

MAX_AMOUNT = Decimal("9999999999999999.99")  # 18 digits, two of them decimals


def proposal_edits(
    proposal: FactProposal, changes: Mapping[str, Any], actor: Any
) -> dict[str, Any]:
    """Apply the user's edits to the (locked) proposal; the changed fields as
    {field: [before, after]}, and the entry id and pairing kind given."""
    out: dict[str, Any] = {}

    def put(name: str, value: Any) -> None:
        before = getattr(proposal, name)
        if before != value:
            out[name] = [shown(before), shown(value)]
            setattr(proposal, name, value)

    if "indicator" in changes:
        put("indicator", _indicator(changes["indicator"], actor))
    if "amount" in changes:
        put("amount", _amount(changes["amount"]))
    if "unit" in changes:
        put("unit", _unit(changes["unit"], actor))
    if "region" in changes:
        put("region", _region(changes["region"]))
    if "date" in changes:
        put("date", _date(changes["date"]))
    entry_id = str(changes.get("entry_id") or "").strip()
    if entry_id:
        if len(entry_id) > int(LedgerEntry._meta.get_field("entry_id").max_length or 0):
            raise FieldInvalid("entry_id", "longer than 40 characters")
        out["entry_id"] = entry_id
    kind = str(changes.get("pairing_kind") or "").strip()
    if kind:
        if kind not in PairingKind.values:
            raise FieldInvalid(
                "pairing_kind", f"unknown value; expected one of {', '.join(PairingKind.values)}"
            )
        out["pairing_kind"] = kind
    return out


def _indicator(value: Any, actor: Any) -> Indicator | None:
    if value in (None, ""):
        return None
    if isinstance(value, Indicator):
        return value
    found = indicators_for(actor).filter(code=str(value).strip()).first() if actor else None
    if found is None and actor is None:
        found = Indicator.objects.filter(code=str(value).strip()).first()
    if found is None:
        raise FieldInvalid("indicator", f"no indicator {value}")
    return found


def _amount(value: Any) -> Decimal | None:
    if value in (None, ""):
        return None
    try:
        amount = value if isinstance(value, Decimal) else Decimal(str(value).replace(",", ""))
    except InvalidOperation:
        raise FieldInvalid("amount", "not a number") from None
    if not amount.is_finite() or abs(amount) > MAX_AMOUNT:
        raise FieldInvalid("amount", "too large")
    return amount.quantize(Decimal("0.01"))


def _unit(value: Any, actor: Any) -> Unit | None:
    if value in (None, ""):
        return None
    if isinstance(value, Unit):
        return value
    seen = units_for(actor) if actor else Unit.objects.all()
    text = str(value).strip()
    found = (
        seen.filter(pk=int(text)).first() if text.isdigit() and len(text) < 18 else None
    ) or seen.filter(credit_code=text.upper()).first()
    if found is None:
        raise FieldInvalid("unit", f"no unit {value}")
    return found


def _region(value: Any) -> Region | None:
    if value in (None, ""):
        return None
    if isinstance(value, Region):
        return value
    code = str(value).strip()
    try:
        return region_get(code=code)
    except FupinError:
        raise FieldInvalid("region", f"no region with code {code}") from None


def _date(value: Any) -> dt.date | None:
    if value in (None, ""):
        return None
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value).strip())
    except ValueError:
        raise FieldInvalid("date", "not a date (use YYYY-MM-DD)") from None
