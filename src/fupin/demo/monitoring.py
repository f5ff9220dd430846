"""The monitoring ranges the demo holds: the county figures DOMAIN.md §5.2 cites, with their
sources and confidence (provinces set their own each year; these are two published examples)."""

from __future__ import annotations

from decimal import Decimal

from fupin.core.models import Source
from fupin.monitoring.services import monitoring_range_save
from fupin.regions.selectors import resolve_codes

#: (county code, year, yuan per person, basis, source, confidence)
RANGES = (
    (
        "350121",  # 闽侯县, Fujian
        2023,
        Decimal("10560.00"),
        "县定监测范围：不低于10,560元",
        "闽侯县人民政府 2023-04-21 公告",
        "C",
    ),
    (
        "350526",  # 德化县, Fujian
        2024,
        Decimal("19560.00"),
        "农村低保标准的2倍：815元 × 12 × 2",
        "德化县人民政府 2024-03-12 公告",
        "C",
    ),
)


def monitoring_ranges_build() -> int:
    """Record the ranges whose counties are loaded; returns how many were written."""
    known = resolve_codes([code for code, *_ in RANGES])
    written = 0
    for code, year, amount, basis, source, confidence in RANGES:
        if code not in known:
            continue
        record = {
            "code": known[code],
            "year": year,
            "amount": amount,
            "basis": basis,
            "source": source,
            "confidence": confidence,
        }
        written += monitoring_range_save(record=record, actor=None, origin=Source.DEMO)
    return written
