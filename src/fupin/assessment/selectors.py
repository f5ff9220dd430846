"""Reads of assessments: grades by threshold, the rates and points of computed items, a
subject's grades (a unit, a department or a prefecture), a subject's assessments of a year as
its page shows them, and a year's responsibility assessment of a province."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import F, Prefetch

from fupin.assessment.enums import RESPONSIBILITY, ItemSource, Stage, Subject
from fupin.assessment.models import Assessment, Deduction, Grade, Item, Scheme, Score
from fupin.assistance import selectors as assistance
from fupin.assistance.models import Project, Unit
from fupin.assistance.selectors import Progress
from fupin.regions.enums import Level
from fupin.regions.models import Region
from fupin.supervision import finding_selectors as findings

RATE = Decimal("0.0001")
CENT = Decimal("0.01")


def grade_for(scheme: Scheme, total: Decimal) -> Grade | None:
    """The best grade whose threshold the total reaches (total ≥ min_total)."""
    for grade in scheme.grades.order_by("rank"):
        if total >= grade.min_total:
            return grade
    return None


def subject_filter(subject: Unit | Region) -> dict[str, Any]:
    """The filter of the assessments of a unit (an assisting unit, a department) or of a
    region (a prefecture)."""
    return {"region": subject} if isinstance(subject, Region) else {"unit": subject}


def final_grades(
    subject: Unit | Region, years: Iterable[int], *, kind: str | None = None
) -> dict[int, str | None]:
    """The subject's final grade per year (None where it has none) under the schemes of
    `kind`: by default a unit's as an assisting unit (a government unit may also be assessed as
    a department), a region's as a prefecture."""
    years = list(years)
    if kind is None:
        kind = Subject.PREFECTURE if isinstance(subject, Region) else Subject.UNIT
    found_in = Assessment.objects.filter(
        stage=Stage.FINAL,
        scheme__year__in=years,
        scheme__subject=kind,
        grade__isnull=False,
        **subject_filter(subject),
    )
    found = dict(found_in.values_list("scheme__year", "grade__label"))
    return {year: found.get(year) for year in years}


def unit_assessments(unit: Any) -> list[Assessment]:
    """Every assessment of the unit, latest year first, for the year-over-year table."""
    return list(
        Assessment.objects.filter(unit=unit)
        .select_related("scheme", "grade")
        .order_by("-scheme__year", "stage")
    )


def rectification_rate(subject: Unit | Region, year: int) -> tuple[Decimal | None, str]:
    """问题整改完成率: the signed-off share of the due rectification tasks of the year's
    findings concerning the subject; not applicable (None) when none is due."""
    signed_off, due = findings.rectification_rate(year=year, **subject_filter(subject))
    if not due:
        return None, "no rectification due"
    return min(Decimal(1), Decimal(signed_off) / due).quantize(RATE), f"{signed_off} / {due}"


def item_rate(
    item: Item, subject: Unit | Region, year: int, progress: dict[int, Progress] | None = None
) -> tuple[Decimal | None, str]:
    """The rate (0–1, capped at 1) of a computed item for the subject in `year` (a unit's
    items for its tree), and a note; None when the item has nothing to measure (no target, no
    project due, no paired county, no rectification due; a region has no pledges, projects or
    cadres of its own), which makes it not applicable (see `Tally`), the note saying why.
    `progress` (per indicator id, from `unit_progress` of the year) spares recomputing it for
    each target item."""
    if item.source == ItemSource.RECTIFICATION:
        return rectification_rate(subject, year)
    if item.source == ItemSource.SCORED:
        return None, ""
    if isinstance(subject, Region):
        return None, "not computed for a region"
    unit = subject
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
    return None, ""


@dataclass(frozen=True)
class Computed:
    """A computed item's rate, its points and a note. An item with nothing to measure (no
    target for the unit and year, no project due, no paired county) is not applicable: its
    rate and points are None and the note says why."""

    rate: Decimal | None
    points: Decimal | None
    note: str


def computed_scores(
    subject: Unit | Region, year: int, items: Iterable[Item]
) -> dict[int, Computed]:
    """Per item id, the computed items' scores for the subject in `year`: weight × rate, or
    not applicable (None) where there is nothing to measure. The year's progress is read once
    for all target items."""
    computed = [i for i in items if i.source != ItemSource.SCORED]
    progress = None
    targets = any(i.source == ItemSource.TARGET_COMPLETION for i in computed)
    if targets and not isinstance(subject, Region):
        start, end = dt.date(year, 1, 1), dt.date(year, 12, 31)
        progress = {p.indicator.pk: p for p in assistance.unit_progress(subject, start, end)}
    out = {}
    for item in computed:
        rate, note = item_rate(item, subject, year, progress)
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


def schemes_of_year(year: int, kind: str = Subject.UNIT) -> list[Scheme]:
    """The year's schemes that assess subjects of `kind`, with their items and grades."""
    return list(
        Scheme.objects.filter(year=year, subject=kind)
        .select_related("region")
        .prefetch_related("items", "grades")
    )


def scheme_years(kinds: Iterable[str] = (Subject.UNIT,)) -> list[int]:
    """The years that have a scheme assessing subjects of `kinds`, latest first."""
    return list(
        Scheme.objects.filter(subject__in=list(kinds))
        .order_by("-year")
        .values_list("year", flat=True)
        .distinct()
    )


@dataclass(frozen=True)
class Sheet:
    """A scheme of the year with the subject's self and final assessments of it (None: not
    yet)."""

    scheme: Scheme
    own: Assessment | None
    final: Assessment | None

    @property
    def own_tally(self) -> Tally | None:
        return assessment_tally(self.own) if self.own and not self.own.recorded else None

    @property
    def final_tally(self) -> Tally | None:
        return assessment_tally(self.final) if self.final and not self.final.recorded else None


def assessment_sheets(
    subject: Unit | Region, year: int, schemes: list[Scheme] | None = None
) -> list[Sheet]:
    """The schemes of `year` (the units' schemes unless `schemes` are given), each with the
    subject's assessments, their scores (in the items' order) and deductions: a fixed number
    of queries however many items and assessments."""
    schemes = schemes_of_year(year) if schemes is None else schemes
    if not schemes:
        return []
    scores = Score.objects.select_related("item").order_by("item__order", "item_id")
    found = {
        (a.scheme_id, a.stage): a
        for a in Assessment.objects.filter(scheme__in=schemes, **subject_filter(subject))
        .select_related("grade", "assessor")
        .prefetch_related(
            Prefetch("scores", queryset=scores),
            Prefetch("deductions", queryset=Deduction.objects.order_by("id")),
        )
    }
    return [
        Sheet(s, found.get((s.pk, Stage.SELF)), found.get((s.pk, Stage.FINAL))) for s in schemes
    ]


def prefecture_schemes(region: Region, year: int) -> list[Scheme]:
    """The year's schemes assessing the prefecture: those of the regions above it."""
    return [s for s in schemes_of_year(year, Subject.PREFECTURE) if s.region_id == region.parent_id]


def department_schemes(unit: Unit, year: int) -> list[Scheme]:
    """The year's schemes assessing departments under which the unit has an assessment."""
    assessed = set(
        Assessment.objects.filter(
            unit=unit, scheme__year=year, scheme__subject=Subject.DEPARTMENT
        ).values_list("scheme_id", flat=True)
    )
    return [s for s in schemes_of_year(year, Subject.DEPARTMENT) if s.pk in assessed]


@dataclass(frozen=True)
class Result:
    """A subject's line in a responsibility assessment: its self and final assessments of the
    scheme (None: not yet) and its final grade of the year before under a scheme of the same
    kind and region."""

    scheme: Scheme
    subject: Unit | Region
    own: Assessment | None
    final: Assessment | None
    previous: str | None

    @property
    def shown(self) -> Assessment | None:
        """The final assessment, else the self assessment."""
        return self.final or self.own


def responsibility_results(year: int) -> list[Result]:
    """The year's responsibility assessments: per scheme of departments or prefectures, every
    prefecture under the scheme's region, and every department assessed under it or under the
    same region's department scheme of the year before; in five queries however many
    subjects."""
    schemes = list(
        Scheme.objects.filter(year=year, subject__in=RESPONSIBILITY)
        .select_related("region")
        .order_by("region_id", "subject", "name")
    )
    if not schemes:
        return []
    regions = {s.region_id for s in schemes}
    both = Assessment.objects.filter(
        scheme__year__in=(year, year - 1),
        scheme__subject__in=RESPONSIBILITY,
        scheme__region_id__in=regions,
    ).select_related("scheme", "grade", "unit", "region")
    now: dict[tuple[int, str, Any], Assessment] = {}
    before: dict[tuple[str, str | None, Any], str] = {}
    departments: dict[int, dict[int, Unit]] = {s.pk: {} for s in schemes}
    for a in both:
        key = a.unit_id or a.region_id
        if a.scheme.year == year:
            now[(a.scheme_id, a.stage, key)] = a
            if a.unit_id and a.scheme_id in departments:
                departments[a.scheme_id][a.unit_id] = a.unit
        elif a.stage == Stage.FINAL and a.grade is not None:
            before[(a.scheme.subject, a.scheme.region_id, key)] = a.grade.label
            for s in schemes:
                if (
                    a.unit_id
                    and s.subject == a.scheme.subject
                    and s.region_id == a.scheme.region_id
                ):
                    departments[s.pk].setdefault(a.unit_id, a.unit)
    prefectures = list(
        Region.objects.filter(level=Level.PREFECTURE, parent_id__in=regions).order_by("code")
    )
    out = []
    for scheme in schemes:
        if scheme.subject == Subject.PREFECTURE:
            subjects: list[Unit | Region] = [
                r for r in prefectures if r.parent_id == scheme.region_id
            ]
        else:
            subjects = sorted(departments[scheme.pk].values(), key=lambda u: u.name)
        for subject in subjects:
            key = subject.pk
            out.append(
                Result(
                    scheme,
                    subject,
                    now.get((scheme.pk, Stage.SELF, key)),
                    now.get((scheme.pk, Stage.FINAL, key)),
                    before.get((scheme.subject, scheme.region_id, key)),
                )
            )
    return out


def responsibility_years() -> list[int]:
    """The years that have a responsibility assessment scheme, latest first."""
    return scheme_years(RESPONSIBILITY)
