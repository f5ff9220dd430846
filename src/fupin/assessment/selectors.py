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
    None when the item has nothing to measure (no target, no project due, no paired county),
    which makes it not applicable (see `Tally`), the note saying why. `progress` (per
    indicator id, from `unit_progress` of the year) spares recomputing it for each target
    item."""
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
    """A computed item's rate, its points and a note. An item with nothing to measure (no
    target for the unit and year, no project due, no paired county) is not applicable: its
    rate and points are None and the note says why."""

    rate: Decimal | None
    points: Decimal | None
    note: str


def computed_scores(unit: Any, year: int, items: Iterable[Item]) -> dict[int, Computed]:
    """Per item id, the computed items' scores for the unit in `year`: weight × rate, or not
    applicable (None) where there is nothing to measure. The year's progress is read once for
    all target items."""
    computed = [i for i in items if i.source != ItemSource.SCORED]
    progress = None
    if any(i.source == ItemSource.TARGET_COMPLETION for i in computed):
        start, end = dt.date(year, 1, 1), dt.date(year, 12, 31)
        progress = {p.indicator.pk: p for p in assistance.unit_progress(unit, start, end)}
    out = {}
    for item in computed:
        rate, note = item_rate(item, unit, year, progress)
        points = (item.weight * rate).quantize(CENT) if rate is not None else None
        out[item.pk] = Computed(rate, points, note)
    return out


@dataclass(frozen=True)
class Tally:
    """How an assessment's total follows from its items: `weight` W is the sum of every item's
    weight (the scheme's full marks), `applicable_weight` A that of the applicable items,
    `points` P the applicable items' points, `deducted` D the deductions. Items that are not
    applicable are left out of the weights and the points are rescaled to the full marks:
    total = max(0, P × W ÷ A − D), to two places; with every item applicable (A = W) it is
    P − D. With no applicable item (A = 0) there is no total and no grade."""

    weight: Decimal
    applicable_weight: Decimal
    points: Decimal
    deducted: Decimal
    not_applicable: int

    @property
    def scaled(self) -> Decimal | None:
        """The applicable items' points on the scale of the full marks (None: none applies)."""
        if not self.applicable_weight:
            return None
        if self.applicable_weight == self.weight:
            return self.points.quantize(CENT)
        return (self.points * self.weight / self.applicable_weight).quantize(CENT)

    @property
    def total(self) -> Decimal | None:
        scaled = self.scaled
        if scaled is None:
            return None
        return max(scaled - self.deducted, Decimal(0)).quantize(CENT)

    @property
    def rescaled(self) -> bool:
        """Whether some items were left out and the others rescaled to the full marks."""
        return bool(self.not_applicable and self.applicable_weight)


def tally_of(
    items: Iterable[tuple[Decimal, Decimal | None]], deductions: Iterable[Decimal]
) -> Tally:
    """The tally of (weight, points or None when not applicable) per item and the deductions."""
    weight = applicable = points = Decimal(0)
    missing = 0
    for item_weight, item_points in items:
        weight += item_weight
        if item_points is None:
            missing += 1
        else:
            applicable += item_weight
            points += item_points
    return Tally(weight, applicable, points, sum(deductions, Decimal(0)), missing)


def assessment_tally(assessment: Assessment) -> Tally:
    """The tally of a computed assessment from its stored scores and deductions (prefetched
    by `assessment_sheets`: no query)."""
    return tally_of(
        ((s.item.weight, s.points) for s in assessment.scores.all()),
        (d.points for d in assessment.deductions.all()),
    )


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

    @property
    def own_tally(self) -> Tally | None:
        return assessment_tally(self.own) if self.own and not self.own.recorded else None

    @property
    def final_tally(self) -> Tally | None:
        return assessment_tally(self.final) if self.final and not self.final.recorded else None


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
