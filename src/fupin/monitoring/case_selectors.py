"""Reads of monitoring cases: the filtered list, the names a case shows in the reader's
language, its due date and overdue mark, its steps, notices, measures and history."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import OuterRef, Q, QuerySet, Subquery

from fupin.core.models import Change
from fupin.monitoring import procedure
from fupin.monitoring.enums import Phase, Procedure
from fupin.monitoring.models import Case, Measure, Notice, Step
from fupin.policy.errors import PolicyError
from fupin.policy.regimes import Scheme, list_regimes, load_regime
from fupin.registry.enums import Relation
from fupin.registry.models import Member


@dataclass(frozen=True)
class CaseFilters:
    """The filters of a case list; empty values do not filter."""

    phase: str = ""
    object_type: str = ""
    next_step: str = ""
    overdue: bool = False
    region: str = ""  # a region code: the cases of the villages under it


def overdue_q(today: dt.date) -> Q:
    """Cases still being identified after their due date (20 working days, the scheme's),
    as a filter on the report date per regime."""
    condition = Q(pk__in=[])
    for name in list_regimes():
        regime = load_regime(name)
        if regime.scheme is None:
            continue
        last = procedure.overdue_reported_by(today, regime.scheme.working_days)
        condition |= Q(regime=name, reported_on__lte=last)
    return Q(phase=Phase.IDENTIFYING) & condition


def case_list(*, cases: QuerySet[Case], filters: CaseFilters, today: dt.date) -> QuerySet[Case]:
    """The cases (the user's, from access.cases_for) that pass the filters, latest report
    first, with the household's number, village and head's name."""
    if filters.phase:
        cases = cases.filter(phase=filters.phase)
    if filters.object_type:
        cases = cases.filter(object_type=filters.object_type)
    if filters.next_step:
        cases = cases.filter(next_step=filters.next_step)
    if filters.overdue:
        cases = cases.filter(overdue_q(today))
    if filters.region:
        cases = cases.filter(village_id__gte=filters.region, village_id__lt=filters.region + "~")
    head = Member.objects.filter(household=OuterRef("household_id"), relation=Relation.HEAD)
    return (
        cases.select_related("household", "village")
        .annotate(head_name=Subquery(head.values("name")[:1]))
        .order_by("-reported_on", "-pk")
    )


def risk_label(scheme: Scheme, code: str, language: str) -> str:
    """A risk code's name: 因自然灾害（洪涝） for ``disaster:flood``."""
    main, _, sub = code.partition(":")
    try:
        name = scheme.risk_type(main).label(language)
        if sub:
            sub_name = scheme.risk_type(code).label(language)
            return f"{name}（{sub_name}）" if language.startswith("zh") else f"{name} ({sub_name})"
    except PolicyError:
        return code
    return name


def case_labels(case: Case, language: str, today: dt.date) -> dict[str, Any]:
    """What a list or page shows of a case beyond its fields: the names of its object type,
    risks and next step in `language`, its due date and whether it is overdue."""
    scheme = load_regime(case.regime).monitoring_scheme()
    try:
        object_type = scheme.object_type(case.object_type).label(language)
    except PolicyError:
        object_type = case.object_type
    procedure_ = (
        Procedure.ELIMINATION if case.phase == Phase.ELIMINATING else Procedure.IDENTIFICATION
    )
    steps = {s.code: s.label(language) for s in scheme.steps(procedure_)}
    due = procedure.due_on(case.reported_on, scheme.working_days)
    return {
        "object_type": object_type,
        "risks": [risk_label(scheme, r, language) for r in case.risks],
        "next_step": steps.get(case.next_step, case.next_step),
        "due_on": due,
        "overdue": procedure.overdue(
            phase=case.phase,
            reported_on=case.reported_on,
            working_days=scheme.working_days,
            today=today,
        ),
    }


def case_history(*, case: Case, limit: int = 100) -> list[Change]:
    """The case's history rows, newest first."""
    return list(
        Change.objects.filter(subject="monitoring_case", subject_id=case.pk)
        .select_related("actor")
        .order_by("-at", "-id")[:limit]
    )


def case_steps(case: Case) -> QuerySet[Step]:
    return case.steps.select_related("actor").order_by("done_on", "pk")


def case_notices(case: Case) -> QuerySet[Notice]:
    return case.notices.prefetch_related("objections").order_by("start_on", "pk")


def case_measures(case: Case) -> QuerySet[Measure]:
    return case.measures.select_related("unit", "cadre", "project", "ledger_entry").order_by(
        "start_on", "pk"
    )
