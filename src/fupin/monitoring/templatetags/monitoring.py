"""Template tags of monitoring: the section of the registry's household page (the household's
cases and its latest yearly result under a monitoring regime) and whether the header menu
offers the monitoring pages."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django import template
from django.utils.translation import get_language

from fupin.monitoring import access, selectors
from fupin.policy.regimes import load_regime
from fupin.registry import marks
from fupin.registry.enums import Status

register = template.Library()


@register.inclusion_tag("monitoring/household_cases.html")
def household_monitoring(household: Any, results: Sequence[Any]) -> dict[str, Any]:
    """The cases of `household` (one query) and, of its stored `results` (latest year first,
    already read by the page), the latest under a monitoring regime."""
    cases = selectors.household_case_list(household=household)
    for case in cases:
        labels = selectors.scheme_labels(case.regime, get_language() or "zh-hans")
        case.type_label = labels["object_type"].get(case.object_type, case.object_type)
        case.risk_labels = [labels["risk"].get(r, r) for r in case.risks or []]
    result = next((r for r in results if load_regime(r.regime).monitoring), None)
    return {
        "cases": cases,
        "result": result,
        "result_reasons": marks.due_of(result.reasons) if result else [],
        "status": dict(Status.choices).get(result.status, result.status) if result else "",
    }


@register.filter
def works_with_regions(user: Any) -> bool:
    """Whether the header menu offers the monitoring pages to `user` (roles with regions)."""
    return access.may_see_monitoring(user)
