"""Reads of the monitoring app."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from fupin.monitoring.models import MonitoringRange


def monitoring_range_list(*, year: int | None = None) -> QuerySet[MonitoringRange]:
    """The ranges set by regions, of `year` when given, by region code."""
    ranges = MonitoringRange.objects.select_related("region").order_by("year", "region_id")
    return ranges.filter(year=year) if year is not None else ranges


def monitoring_range_rows(*, year: int) -> list[tuple[Any, ...]]:
    """(region code, year, amount) of the ranges set for `year`: the rules' input."""
    return list(monitoring_range_list(year=year).values_list("region_id", "year", "amount"))
