"""Writes of assessments: compute a unit's assessment from the data and the assessors'
scores, or record a grade given by the assessing body."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from decimal import Decimal
from typing import Any

from django.db import transaction

from fupin.assessment.enums import ItemSource, Stage
from fupin.assessment.models import Assessment, Deduction, Grade, Item, Scheme, Score
from fupin.assessment.selectors import computed_scores, grade_for, tally_of
from fupin.core.errors import InvalidInput
from fupin.core.history import change_record
from fupin.core.models import Source

CENT = Decimal("0.01")


def scheme_create(
    *,
    year: int,
    name: str,
    items: Iterable[Mapping[str, Any]],
    grades: Iterable[tuple[str, Decimal]],
    source: str = "",
) -> Scheme:
    """A scheme with its items (code, name, weight, source, indicator) and its grades as
    (label, min_total), best first."""
    with transaction.atomic():
        scheme = Scheme.objects.create(year=year, name=name, source=source)
        for order, item in enumerate(items):
            scheme.items.create(order=order, **item)
        previous = None
        for rank, (label, minimum) in enumerate(grades, start=1):
            if previous is not None and minimum >= previous:
                raise InvalidInput("grades go from the best down, each threshold lower")
            scheme.grades.create(label=label, min_total=minimum, rank=rank)
            previous = minimum
    return scheme


def assessment_compute(
    *,
    scheme: Scheme,
    unit: Any,
    stage: str = Stage.SELF,
    scores: Mapping[str, Decimal] | None = None,
    deductions: Iterable[tuple[Decimal, str]] = (),
    decided_on: dt.date | None = None,
    actor: Any = None,
) -> Assessment:
    """Score every item, take off the deductions (each above zero, with its reason), grade the
    total. Replaces an earlier assessment of the same stage; writes nothing when an input is
    refused.

    A scored item gets the assessors' points, 0 to its weight. A computed item gets weight ×
    rate, or is not applicable when there is nothing to measure: its indicator has no target
    for the unit and year, no project is due, the unit has no paired county. A not-applicable
    item has no points (stored as None with the reason) and is left out of the weights; the
    applicable items' points are rescaled to the scheme's full marks (`selectors.Tally`):

        total = max(0, P × W ÷ A − D), to two places

    with W the sum of every item's weight, A that of the applicable items, P their points and
    D the deductions. With every item applicable it is P − D. When no item is applicable
    there is no total and no grade (a grade is never made from nothing)."""
    scores = dict(scores or {})
    items = list(scheme.items.all())
    unknown = set(scores) - {i.code for i in items if i.source == ItemSource.SCORED}
    if unknown:
        raise InvalidInput(f"not a scored item of the scheme: {', '.join(sorted(unknown))}")
    computed = computed_scores(unit, scheme.year, items)
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
        Assessment.objects.filter(scheme=scheme, unit=unit, stage=stage).delete()
        assessment = Assessment.objects.create(
            scheme=scheme,
            unit=unit,
            stage=stage,
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
            label=f"{unit} {scheme.year}",
            changes={
                "total": [None, "" if total is None else str(total)],
                "grade": [None, str(assessment.grade or "")],
            },
            actor=actor,
            source=Source.FORM,
        )
    return assessment


def assessment_record(
    *,
    scheme: Scheme,
    unit: Any,
    grade: str,
    stage: str = Stage.FINAL,
    decided_on: dt.date | None = None,
    note: str = "",
    actor: Any = None,
    source: str = Source.FORM,
) -> Assessment:
    """Record the grade the assessing body gave (e.g. the State Council Leading Group's
    rating of a central unit), without item scores."""
    found = Grade.objects.filter(scheme=scheme, label=grade).first()
    if found is None:
        labels = "、".join(scheme.grades.values_list("label", flat=True))
        raise InvalidInput(f"{grade} is not a grade of {scheme} ({labels})")
    with transaction.atomic():
        assessment, _ = Assessment.objects.update_or_create(
            scheme=scheme,
            unit=unit,
            stage=stage,
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
            label=f"{unit} {scheme.year}",
            changes={"grade": [None, grade]},
            actor=actor,
            source=source,
        )
    return assessment
