"""Assistance test data built through the services, with valid credit codes."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from stdnum.cn import uscc

from fupin.assistance import services
from fupin.assistance.models import Indicator, Unit


def code(n: int) -> str:
    """The n-th test credit code (valid check character)."""
    base = f"91110000{n:09d}"
    return base + uscc.calc_check_digit(base)


def units(*specs: tuple[int, str, int | None]) -> dict[int, Unit]:
    """Units from (number, name, parent number) specs."""
    rows = [
        {"code": code(n), "name": name, "parent_code": code(p) if p else None}
        for n, name, p in specs
    ]
    services.units_save(rows, actor=None)
    return {n: Unit.objects.get(credit_code=code(n)) for n, _, _ in specs}


def indicator(code_: str) -> Indicator:
    return Indicator.objects.get(code=code_)


def pledge(unit: Unit, year: int, region: str | None = None, **targets: str) -> None:
    p = services.pledge_get_or_create(unit=unit, year=year, region=region)
    services.targets_set(
        pledge=p, values={indicator(k): Decimal(v) for k, v in targets.items()}, actor=None
    )


def entry(
    entry_id: str,
    unit: Unit,
    date: str,
    indicator_code: str,
    amount: str,
    region=None,
    reason: str = "",
):
    return services.ledger_record(
        entry_id=entry_id,
        unit=unit,
        date=dt.date.fromisoformat(date),
        indicator=indicator(indicator_code),
        amount=Decimal(amount),
        region=region,
        reason=reason,
    )


def pair(unit: Unit, region: str, start: str = "2015-01-01", end: str | None = None) -> None:
    """Pair `unit` with `region` (fixed-point) from `start`: its ledger may name the region
    and the regions under it."""
    services.pairings_save(
        [
            {
                "unit": unit,
                "region": region,
                "kind": "fixed_point",
                "start": dt.date.fromisoformat(start),
                "end": dt.date.fromisoformat(end) if end else None,
            }
        ],
        actor=None,
    )
