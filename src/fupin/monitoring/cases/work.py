"""Objections to a case's notices, and its assistance measures."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.db import transaction

from fupin.core.errors import InvalidInput
from fupin.core.models import Source
from fupin.monitoring.cases.common import (
    case_scheme,
    history_write,
    locked,
    not_future,
    phase_label,
)
from fupin.monitoring.enums import Phase
from fupin.monitoring.models import Case, Measure, Notice, Objection
from fupin.policy.errors import PolicyError

# objections ---------------------------------------------------------------------------------


def objection_raise(
    *,
    notice: Notice,
    case: Case,
    text: str,
    raised_on: dt.date,
    actor: Any,
    source: str = Source.FORM,
) -> Objection:
    """An objection (异议) to a notice concerning one of the cases it lists; until it is
    resolved the step after the notice waits."""
    text = text.strip()
    if not text:
        raise InvalidInput("the objection's text is empty")
    not_future(raised_on)
    if raised_on < notice.start_on:
        raise InvalidInput(f"dated before the notice started ({notice.start_on})")
    with transaction.atomic():
        case = locked(case)
        if not notice.cases.filter(pk=case.pk).exists():
            raise InvalidInput("the case is not listed on this notice")
        objection = Objection.objects.create(
            notice=notice, case=case, text=text, raised_on=raised_on
        )
        case.version += 1
        case.save(update_fields=["version", "updated_at"])
        history_write(case, {"objection": [None, f"{raised_on} {text[:40]}"]}, actor, source)
    return objection


def objection_resolve(
    *,
    objection: Objection,
    resolved_on: dt.date,
    resolution: str,
    actor: Any,
    source: str = Source.FORM,
) -> Objection:
    """Resolve an objection with its outcome (处理结果), dated from its raising to today."""
    resolution = resolution.strip()
    if not resolution:
        raise InvalidInput("the resolution is empty")
    not_future(resolved_on)
    if resolved_on < objection.raised_on:
        raise InvalidInput(f"dated before the objection was raised ({objection.raised_on})")
    with transaction.atomic():
        objection = Objection.objects.select_for_update().get(pk=objection.pk)
        if objection.resolved_on is not None:
            raise InvalidInput("the objection is already resolved")
        objection.resolved_on = resolved_on
        objection.resolution = resolution
        objection.save()
        case = objection.case
        if case is not None:
            case = locked(case)
            case.version += 1
            case.save(update_fields=["version", "updated_at"])
            history_write(
                case,
                {
                    "objection resolved": [
                        str(objection.raised_on),
                        f"{resolved_on} {resolution[:40]}",
                    ]
                },
                actor,
                source,
            )
    return objection


# measures -----------------------------------------------------------------------------------


def measure_add(
    *,
    case: Case,
    category: str,
    content: str,
    start_on: dt.date,
    end_on: dt.date | None = None,
    responsible: str = "",
    cadre: Any = None,
    unit: Any = None,
    ledger_entry: Any = None,
    project: Any = None,
    amount: Decimal | None = None,
    actor: Any,
    source: str = Source.FORM,
) -> Measure:
    """An assistance measure (帮扶措施) of a category of the case's scheme, while the household
    is monitored (at once on the fast track) or its risk is being eliminated; a ledger entry
    or project it links to is one of the measure's unit."""
    scheme = case_scheme(case)
    try:
        scheme.measure_category(category)
    except PolicyError:
        raise InvalidInput(f"unknown measure category {category}") from None
    content = content.strip()
    if not content:
        raise InvalidInput("the measure's content is empty")
    if end_on is not None and end_on < start_on:
        raise InvalidInput(f"the end {end_on} is before the start {start_on}")
    if amount is not None and amount < 0:
        raise InvalidInput("must not be negative")
    if ledger_entry is not None:
        if unit is None:
            raise InvalidInput("a ledger entry goes with its unit")
        if ledger_entry.unit_id != unit.pk:
            raise InvalidInput("the ledger entry is of another unit")
    if project is not None:
        if unit is None:
            raise InvalidInput("a project goes with its unit")
        if project.unit_id != unit.pk:
            raise InvalidInput("the project is of another unit")
    if cadre is not None and not responsible:
        responsible = cadre.name
    with transaction.atomic():
        case = locked(case)
        if case.phase not in (Phase.MONITORING, Phase.ELIMINATING):
            raise InvalidInput(
                "measures are recorded while the household is monitored "
                f"(the case is {phase_label(case.phase)})"
            )
        measure = Measure.objects.create(
            case=case,
            category=category,
            content=content,
            start_on=start_on,
            end_on=end_on,
            responsible=responsible[:60],
            cadre=cadre,
            unit=unit,
            ledger_entry=ledger_entry,
            project=project,
            amount=amount,
            created_by=actor if getattr(actor, "pk", None) else None,
        )
        case.version += 1
        case.save(update_fields=["version", "updated_at"])
        history_write(
            case, {"measure": [None, f"{start_on} {category} {content[:40]}"]}, actor, source
        )
    return measure
