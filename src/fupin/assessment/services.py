"""Writes of assessments: compute the assessment of a unit, a department or a prefecture from
the data and the assessors' scores, or record a grade given by the assessing body."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from decimal import Decimal
from typing import Any

from django.db import transaction

from fupin.assessment.enums import ItemSource, Stage, Subject
from fupin.assessment.models import Assessment, Deduction, Grade, Item, Scheme, Score
from fupin.assessment.selectors import computed_scores, grade_for, subject_filter, tally_of
from fupin.assistance.enums import UnitKind
from fupin.assistance.models import Unit
from fupin.core.errors import InvalidInput
from fupin.core.history import change_record
from fupin.core.models import Source
from fupin.regions.enums import Level
from fupin.regions.models import Region

CENT = Decimal("0.01")


def _scheme_region_check(subject: str, region: Region | None) -> None:
    if subject not in Subject.values:
        raise InvalidInput(
            f"unknown subject {subject}; expected one of {', '.join(Subject.values)}"
        )
    if subject == Subject.UNIT:
        return
    if region is None:
        raise InvalidInput("a responsibility assessment belongs to the region whose office runs it")
    if subject == Subject.PREFECTURE and region.level != Level.PROVINCE:
        raise InvalidInput(f"prefectures are assessed by a province, not by {region.code}")


def scheme_create(
    *,
    year: int,
    name: str,
    items: Iterable[Mapping[str, Any]],
    grades: Iterable[tuple[str, Decimal]],
    source: str = "",
    subject: str = Subject.UNIT,
    region: Region | None = None,
    actor: Any = None,
    via: str = Source.FORM,
) -> Scheme:
    """A scheme with its items (code, name, weight, source, indicator) and its grades as
    (label, min_total), best first. It assesses assisting units (`subject` unit, the
    default), or, for the office of `region`, its departments or its prefectures (a province's
    responsibility assessment)."""
    _scheme_region_check(subject, region)
    with transaction.atomic():
        scheme = Scheme.objects.create(
            year=year, name=name, source=source, subject=subject, region=region
        )
        for order, item in enumerate(items):
            scheme.items.create(order=order, **item)
        previous = None
        for rank, (label, minimum) in enumerate(grades, start=1):
            if previous is not None and minimum >= previous:
                raise InvalidInput("grades go from the best down, each threshold lower")
            scheme.grades.create(label=label, min_total=minimum, rank=rank)
            previous = minimum
        change_record(
            subject="scheme",
            obj_id=scheme.pk,
            label=str(scheme),
            changes={"created": [None, f"{subject} {region.code if region else ''}".strip()]},
            actor=actor,
            source=via,
        )
    return scheme


def scheme_subject_set(
    *, scheme: Scheme, subject: str, region: Region | None, actor: Any, via: str = Source.FORM
) -> Scheme:
    """Say whom a scheme assesses (and for which region's office), while nothing has been
    assessed under it."""
    _scheme_region_check(subject, region)
    before = (scheme.subject, scheme.region_id)
    if before == (subject, region.code if region else None):
        return scheme
    if scheme.assessments.exists():
        raise InvalidInput(f"{scheme} has assessments; its subjects stay as they are")
    with transaction.atomic():
        scheme.subject, scheme.region = subject, region
        scheme.save(update_fields=["subject", "region"])
        change_record(
            subject="scheme",
            obj_id=scheme.pk,
            label=str(scheme),
            changes={
                "subject": [before[0], subject],
                "region": [before[1], region.code if region else None],
            },
            actor=actor,
            source=via,
        )
    return scheme


def _subject(scheme: Scheme, unit: Unit | None, region: Region | None) -> Unit | Region:
    """The one subject given, checked against whom the scheme assesses."""
    if (unit is None) == (region is None):
        raise InvalidInput("an assessment is of one unit or of one region")
    if scheme.subject == Subject.PREFECTURE:
        if region is None or region.level != Level.PREFECTURE:
            raise InvalidInput(f"{scheme} assesses prefectures")
        if region.parent_id != scheme.region_id:
            raise InvalidInput(f"{region} is not a prefecture of {scheme.region_id}")
        return region
    if unit is None:
        raise InvalidInput(f"{scheme} assesses units, not regions")
    if scheme.subject == Subject.DEPARTMENT and unit.kind != UnitKind.GOVERNMENT:
        raise InvalidInput(f"{unit} is not a government department")
    return unit


def assessment_compute(
    *,
    scheme: Scheme,
    unit: Unit | None = None,
    region: Region | None = None,
    stage: str = Stage.SELF,
    scores: Mapping[str, Decimal] | None = None,
    deductions: Iterable[tuple[Decimal, str]] = (),
    decided_on: dt.date | None = None,
    actor: Any = None,
    source: str = Source.FORM,
) -> Assessment:
    """Assess the subject, a unit (an assisting unit, a department) or a prefecture (`region`),
    whichever the scheme assesses. Score every item, take off the deductions (each above
    zero, with its reason), grade the total. Replaces an earlier assessment of the same
    stage; writes nothing when an input is refused.

    A scored item gets the assessors' points, 0 to its weight. A computed item gets weight ×
    rate, or is not applicable when there is nothing to measure: its indicator has no target
    for the unit and year, no project is due, the unit has no paired county. A not-applicable
    item has no points (stored as None with the reason) and is left out of the weights; the
    applicable items' points are rescaled to the scheme's full marks (`selectors.Tally`):

        total = max(0, P × W ÷ A − D), to two places

    with W the sum of every item's weight, A that of the applicable items, P their points and
    D the deductions. With every item applicable it is P − D. When no item is applicable
    there is no total and no grade (a grade is never made from nothing)."""
    subject = _subject(scheme, unit, region)
    scores = dict(scores or {})
    items = list(scheme.items.all())
    unknown = set(scores) - {i.code for i in items if i.source == ItemSource.SCORED}
    if unknown:
        raise InvalidInput(f"not a scored item of the scheme: {', '.join(sorted(unknown))}")
    computed = computed_scores(subject, scheme.year, items)
    rows: list[tuple[Item, Decimal | None, Decimal | None, str]] = []
    for item in items:
        if item.source == ItemSource.SCORED:
            points = Decimal(scores.get(item.code, 0))
            if not 0 <= points <= item.weight:
                raise InvalidInput(f"{item.name}: the score is between 0 and {item.weight}")
            rows.append((item, None, points.quantize(CENT), "scored by the assessors"))
        else:
            found = computed[item.pk]
            rows.append((item, found.rate, found.points, found.note))
    deductions = [(Decimal(p).quantize(CENT), r.strip()) for p, r in deductions]
    for points, reason in deductions:
        if not reason:
            raise InvalidInput(f"a deduction of {points} needs its reason")
        if points <= 0:
            raise InvalidInput(f"a deduction is above zero ({points} {reason})")
    total = tally_of(((i.weight, p) for i, _, p, _ in rows), (p for p, _ in deductions)).total
    with transaction.atomic():
        Assessment.objects.filter(scheme=scheme, stage=stage, **subject_filter(subject)).delete()
        assessment = Assessment.objects.create(
            scheme=scheme,
            stage=stage,
            **subject_filter(subject),
            total=total,
            grade=grade_for(scheme, total) if total is not None else None,
            decided_on=decided_on,
            assessor=actor if getattr(actor, "pk", None) else None,
        )
        Score.objects.bulk_create(
            Score(assessment=assessment, item=i, rate=r, points=p, note=n[:300])
            for i, r, p, n in rows
        )
        Deduction.objects.bulk_create(
            Deduction(assessment=assessment, points=p, reason=r) for p, r in deductions
        )
        change_record(
            subject="assessment",
            obj_id=assessment.pk,
            label=f"{subject} {scheme.year}",
            changes={
                "total": [None, "" if total is None else str(total)],
                "grade": [None, str(assessment.grade or "")],
            },
            actor=actor,
            source=source,
        )
    return assessment


def assessment_record(
    *,
    scheme: Scheme,
    unit: Unit | None = None,
    region: Region | None = None,
    grade: str,
    stage: str = Stage.FINAL,
    decided_on: dt.date | None = None,
    note: str = "",
    actor: Any = None,
    source: str = Source.FORM,
) -> Assessment:
    """Record the grade the assessing body gave (e.g. the State Council Leading Group's
    rating of a central unit, a province's grade of a prefecture), without item scores."""
    subject = _subject(scheme, unit, region)
    found = Grade.objects.filter(scheme=scheme, label=grade).first()
    if found is None:
        labels = "、".join(scheme.grades.values_list("label", flat=True))
        raise InvalidInput(f"{grade} is not a grade of {scheme} ({labels})")
    with transaction.atomic():
        assessment, _ = Assessment.objects.update_or_create(
            scheme=scheme,
            stage=stage,
            **subject_filter(subject),
            defaults={
                "grade": found,
                "recorded": True,
                "total": None,
                "decided_on": decided_on,
                "note": note,
                "assessor": actor if getattr(actor, "pk", None) else None,
            },
        )
        change_record(
            subject="assessment",
            obj_id=assessment.pk,
            label=f"{subject} {scheme.year}",
            changes={"grade": [None, grade]},
            actor=actor,
            source=source,
        )
    return assessment
