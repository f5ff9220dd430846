"""The elimination conditions of a case at a date: the facts the rules of
:mod:`fupin.monitoring.procedure` read (months, measures, the latest survey, labour)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db.models import Max
from django.utils import translation

from fupin.core.errors import NotFound
from fupin.monitoring import procedure
from fupin.monitoring.cases.common import case_scheme
from fupin.monitoring.models import Case
from fupin.policy.errors import PolicyError
from fupin.policy.regimes import Scheme, regime_for_year
from fupin.registry.models import Household
from fupin.registry.selectors import household_evaluate


def survey_outcome(household: Household, on: dt.date) -> procedure.SurveyOutcome | None:
    """The evaluation of the household's latest survey up to `on`'s year under the regime in
    force that year (the rule SQL on its one-row facts, as its page shows it); None when it
    has no such survey or it cannot be evaluated (no members)."""
    year = household.surveys.filter(year__lte=on.year).aggregate(y=Max("year"))["y"]
    if year is None:
        return None
    try:
        regime = regime_for_year(year)
        fresh = household_evaluate(number=household.number, year=year, regime=regime)
    except (PolicyError, NotFound):
        return None
    return procedure.SurveyOutcome(
        year=year,
        regime=regime,
        per_capita_income=Decimal(str(fresh["per_capita_income"])),
        range=Decimal(str(fresh["poverty_line"])),
        guarantees_met=bool(fresh["guarantees_met"]),
        reasons=tuple(r for r in (fresh["reasons"] or "").split(";") if r),
    )


def elimination_check(case: Case, on: dt.date) -> list[procedure.Failure]:
    """The elimination conditions of the case that fail on `on`, in the reader's language."""
    return conditions(case, case_scheme(case), on)[0]


def conditions(case: Case, scheme: Scheme, on: dt.date) -> tuple[list[procedure.Failure], str]:
    """The failed conditions in the reader's language, and the same reasons in Chinese, one a
    line, as a refused step keeps them."""
    household = case.household
    facts = {
        "on": on,
        "identified_on": case.identified_on,
        "measures_started": case.measures.filter(start_on__lte=on).count(),
        "outcome": survey_outcome(household, on),
        "labour": household.members.filter(labour_skill__in=procedure.ABLE).exists(),
    }
    failures = procedure.elimination_failures(scheme, **facts)
    with translation.override("zh-hans"):
        note = "\n".join(f.message for f in procedure.elimination_failures(scheme, **facts))
    return failures, note
