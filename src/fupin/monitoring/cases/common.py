"""What the case services share: the errors they raise, the scheme of a case, dates, roles,
the history row and the locked case."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone
from django.utils.translation import get_language

from fupin.accounts.enums import Role
from fupin.core.errors import FupinError, InvalidInput, NotAllowed
from fupin.core.history import change_record
from fupin.monitoring import procedure
from fupin.monitoring.enums import Phase
from fupin.monitoring.models import Case
from fupin.policy.errors import PolicyError
from fupin.policy.regimes import Scheme, load_regime, regime_for_year
from fupin.policy.regimes import Step as SchemeStep

SUBJECT = "monitoring_case"
#: the step of either procedure whose date is the decision (识别日期, 风险消除日期) and at
#: which elimination checks its conditions again
APPROVAL = "county_approval"


class OpenCaseExists(FupinError):
    """The household already has an open case (one open case per household)."""

    code = "conflict"


class EliminationRefused(InvalidInput):
    """Risk elimination refused: `failures` are the conditions that failed (code and reason
    in the reader's language). The refusal is recorded on the case before this is raised."""

    code = "elimination_refused"

    def __init__(self, failures: list[procedure.Failure]) -> None:
        self.failures = failures
        reasons = "；".join(f.message for f in failures)
        super().__init__(f"the risk elimination conditions are not met: {reasons}")


def language() -> str:
    return get_language() or "zh-hans"


def phase_label(phase: str) -> str:
    return str(Phase(phase).label)


def case_scheme(case: Case) -> Scheme:
    """The scheme of the regime the case was opened under."""
    return load_regime(case.regime).monitoring_scheme()


def scheme_for(day: dt.date) -> tuple[str, Scheme]:
    """The regime in force on `day` and its monitoring scheme; InvalidInput when no
    monitoring regime covers that year."""
    try:
        name = regime_for_year(day.year)
        regime = load_regime(name)
    except PolicyError:
        raise InvalidInput(f"no monitoring regime covers {day.year}") from None
    if not regime.monitoring:
        raise InvalidInput(f"no monitoring regime covers {day.year}")
    return name, regime.monitoring_scheme()


def today() -> dt.date:
    return timezone.localdate()


def not_future(day: dt.date) -> None:
    if day > today():
        raise InvalidInput(f"dated after today ({day})")


def history_write(case: Case, changes: dict[str, Any], actor: Any, source: str) -> None:
    change_record(
        subject=SUBJECT,
        obj_id=case.pk,
        label=case.household.number,
        changes=changes,
        actor=actor,
        source=source,
    )


def role_of(actor: Any) -> str | None:
    """The actor's role; None for the system (commands, the demo)."""
    if actor is None:
        return None
    return Role.ADMINISTRATOR if actor.is_superuser else actor.role


def role_may_record(actor: Any, step: SchemeStep) -> bool:
    """Whether the actor's role may record the step (administrators record any)."""
    role = role_of(actor)
    return role is None or role == Role.ADMINISTRATOR or role in step.roles


def role_check(actor: Any, step: SchemeStep) -> None:
    if not role_may_record(actor, step):
        raise NotAllowed(f"your role may not record {step.label(language())}")


def locked(case: Case) -> Case:
    locked = Case.objects.select_for_update().select_related("household").get(pk=case.pk)
    return locked
