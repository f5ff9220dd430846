"""Starting risk elimination (风险消除): refused and recorded when a condition fails."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction

from fupin.core.errors import InvalidInput
from fupin.core.models import Source
from fupin.monitoring import procedure
from fupin.monitoring.cases.common import (
    EliminationRefused,
    case_scheme,
    history_write,
    language,
    locked,
    phase_label,
    role_check,
)
from fupin.monitoring.cases.conditions import conditions
from fupin.monitoring.cases.steps import advance, step_date_check
from fupin.monitoring.enums import (
    Phase,
    Procedure,
    StepResult,
)
from fupin.monitoring.models import Case, Step


def elimination_start(
    *, case: Case, done_on: dt.date, note: str = "", actor: Any, source: str = Source.FORM
) -> Case:
    """Start risk elimination (风险消除) of a monitored case with its first step (the home
    visit) on `done_on`, after checking the conditions at that date. When one fails the
    attempt is recorded as a refused step whose note names each failed condition (in
    Chinese, the record's language) — the record stays, the case stays monitored — and
    EliminationRefused is raised with the reasons in the reader's language. A fast-track
    case first needs all its identification steps."""
    failures: list[procedure.Failure] = []
    with transaction.atomic():
        case = locked(case)
        scheme = case_scheme(case)
        steps = list(case.steps.order_by("done_on", "pk"))
        if case.phase != Phase.MONITORING:
            raise InvalidInput(
                f"risk elimination starts from monitoring; the case is {phase_label(case.phase)}"
            )
        pending = procedure.step_due(
            scheme, phase=case.phase, fast_track=case.fast_track, steps=steps
        )
        if pending is not None:
            raise InvalidInput(
                "the fast track's identification steps are not all recorded "
                f"(next: {pending.step.label(language())})"
            )
        first = scheme.elimination[0]
        role_check(actor, first)
        step_date_check(case, done_on, None)
        if case.identified_on is not None and done_on < case.identified_on:
            raise InvalidInput(f"dated before the household was identified ({case.identified_on})")
        failures, zh_note = conditions(case, scheme, done_on)
        round_ = procedure.elimination_round(steps) + 1
        step = Step.objects.create(
            case=case,
            procedure=Procedure.ELIMINATION,
            round=round_,
            code=first.code,
            done_on=done_on,
            actor=actor if getattr(actor, "pk", None) else None,
            result=StepResult.REFUSED if failures else StepResult.PASSED,
            note="\n".join(filter(None, [zh_note, note])) if failures else note,
        )
        changes: dict[str, Any] = {
            f"{Procedure.ELIMINATION}:{first.code}": [None, f"{done_on} {step.result}"]
        }
        if failures:
            changes["refused"] = [None, [f.code for f in failures]]
        else:
            due = procedure.Due(Procedure.ELIMINATION, round_, 0, first)
            case.phase = Phase.ELIMINATING
            changes |= {"phase": [Phase.MONITORING.value, Phase.ELIMINATING.value]}
            changes |= advance(case, scheme, due, step, [*steps, step])
        case.version += 1
        case.save()
        history_write(case, changes, actor, source)
    if failures:
        raise EliminationRefused(failures)
    return case
