"""Reads of assessments: grades by threshold, the rates and points of computed items, a unit's
grades, and a unit's assessments of a year as its page shows them."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import F, Prefetch

from fupin.assessment.enums import ItemSource, Stage
from fupin.assessment.models import Assessment, Deduction, Grade, Item, Scheme, Score
from fupin.assistance import selectors as assistance
from fupin.assistance.models import Project
from fupin.assistance.selectors import Progress

RATE = Decimal("0.0001")
CENT = Decimal("0.01")


def grade_for(scheme: Scheme, total: Decimal) -> Grade | None:
    """The best grade whose threshold the total reaches (total ≥ min_total)."""
    for grade in scheme.grades.order_by("rank"):
        if total >= grade.min_total:
            return grade
    return None


def final_grades(unit: Any, years: Iterable[int]) -> dict[int, str | None]:
    """The unit's final grade per year (None where it has none)."""
    years = list(years)
    found = {
        year: label
        for year, label in Assessment.objects.filter(
            unit=unit, stage=Stage.FINAL, scheme__year__in=years, grade__isnull=False
        ).values_list("scheme__year", "grade__label")
    }
    return {year: found.get(year) for year in years}


def unit_assessments(unit: Any) -> list[Assessment]:
    """Every assessment of the unit, latest year first, for the year-over-year table."""
    return list(
        Assessment.objects.filter(unit=unit)
        .select_related("scheme", "grade")
        .order_by("-scheme__year", "stage")
    )


def item_rate(
    item: Item, unit: Any, year: int, progress: dict[int, Progress] | None = None
) -> tuple[Decimal | None, str]:
    """The rate (0–1, capped at 1) of a computed item for the unit's tree in `year`, and a note;
    None when the item has nothing to measure. `progress` (per indicator id, from
    `unit_progress` of the year) spares recomputing it for each target item."""
    start, end = dt.date(year, 1, 1), dt.date(year, 12, 31)
    if item.source == ItemSource.TARGET_COMPLETION:
        if progress is None:
            progress = {p.indicator.pk: p for p in assistance.unit_progress(unit, start, end)}
        row = progress.get(item.indicator_id or 0)
        if row is None or not row.target:
            return None, "no target"
        return min(Decimal(1), row.delivered / row.target).quantize(RATE), (
            f"{row.shown(row.delivered):,} / {row.shown(row.target):,}"
        )
    if item.source == ItemSource.PROJECTS_ON_SCHEDULE:
        due = Project.objects.filter(
            unit__path__startswith=unit.path, planned_end__isnull=False, planned_end__lte=end
        )
        total = due.count()
        if not total:
            return None, "no project due"
        on_time = due.filter(completed_on__isnull=False, completed_on__lte=F("planned_end")).count()
        return (Decimal(on_time) / total).quantize(RATE), f"{on_time} / {total}"
    if item.source == ItemSource.CADRES_IN_POST:
        counties = {p.region_id[:6] for p in assistance.pairings_in_period(unit, end, end)}
        if not counties:
            return None, "no paired county"
        staffed = {
            c.region_id[:6]
            for c in assistance.cadres_in_period(unit, end, end)
            if c.region_id[:6] in counties
        }
        return (Decimal(len(staffed)) / len(counties)).quantize(RATE), (
            f"{len(staffed)} / {len(counties)}"
        )
    if item.source == ItemSource.RECTIFICATIONS_CLOSED:
        return None, "supervision is not recorded yet"
    return None, ""


@dataclass(frozen=True)
class Computed:
    """A computed item's rate (None: nothing to measure), its points and a note."""

    rate: Decimal | None
    points: Decimal
    note: str


def computed_scores(unit: Any, year: int, items: Iterable[Item]) -> dict[int, Computed]:
    """Per item id, the computed items' scores for the unit in `year`: weight × rate, 0 where
    there is nothing to measure. The year's progress is read once for all target items."""
    computed = [i for i in items if i.source != ItemSource.SCORED]
    progress = None
    if any(i.source == ItemSource.TARGET_COMPLETION for i in computed):
        start, end = dt.date(year, 1, 1), dt.date(year, 12, 31)
        progress = {p.indicator.pk: p for p in assistance.unit_progress(unit, start, end)}
    out = {}
    for item in computed:
        rate, note = item_rate(item, unit, year, progress)
        points = (item.weight * rate).quantize(CENT) if rate is not None else Decimal(0)
        out[item.pk] = Computed(rate, points, note)
    return out


def schemes_of_year(year: int) -> list[Scheme]:
    return list(Scheme.objects.filter(year=year).prefetch_related("items", "grades"))


def scheme_years() -> list[int]:
    """The years that have a scheme, latest first."""
    return list(Scheme.objects.order_by("-year").values_list("year", flat=True).distinct())


@dataclass(frozen=True)
class Sheet:
    """A scheme of the year with the unit's self and final assessments of it (None: not yet)."""

    scheme: Scheme
    own: Assessment | None
    final: Assessment | None


def assessment_sheets(unit: Any, year: int) -> list[Sheet]:
    """The schemes of `year`, each with the unit's assessments, their scores (in the items'
    order) and deductions: a fixed number of queries however many items and assessments."""
    schemes = schemes_of_year(year)
    if not schemes:
        return []
    scores = Score.objects.select_related("item").order_by("item__order", "item_id")
    found = {
        (a.scheme_id, a.stage): a
        for a in Assessment.objects.filter(unit=unit, scheme__in=schemes)
        .select_related("grade", "assessor")
        .prefetch_related(
            Prefetch("scores", queryset=scores),
            Prefetch("deductions", queryset=Deduction.objects.order_by("id")),
        )
    }
    return [
        Sheet(s, found.get((s.pk, Stage.SELF)), found.get((s.pk, Stage.FINAL))) for s in schemes
    ]
