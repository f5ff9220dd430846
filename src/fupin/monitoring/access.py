"""The one way a request reaches the monitoring ranges and the monitoring cases."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from fupin.accounts.scope import scope_of
from fupin.core.errors import NotAllowed, NotFound
from fupin.monitoring.models import Case, FeedRow, MonitoringRange


def ranges_for(user: Any) -> QuerySet[MonitoringRange]:
    """The ranges of the user's regions and of the regions above them (a county office sees
    the province's range that applies to it)."""
    scope = scope_of(user)
    return MonitoringRange.objects.filter(
        scope.codes_q("region_id") | scope.ancestors_q("region_id")
    )


def may_set_ranges(user: Any) -> bool:
    """Offices (and administrators) set the ranges of their regions."""
    return scope_of(user).can_evaluate


def ranges_writable(user: Any) -> Any:
    """The scope a user's range import is limited to; NotAllowed for other roles."""
    if not may_set_ranges(user):
        raise NotAllowed("your role may not set monitoring ranges")
    return scope_of(user)


def cases_for(user: Any) -> QuerySet[Case]:
    """The monitoring cases of the households in the user's regions."""
    return Case.objects.filter(scope_of(user).codes_q("village_id"))


def feed_rows_for(user: Any) -> QuerySet[FeedRow]:
    """The department-feed rows matched to households in the user's regions (an unmatched
    row has no village: administrators see it)."""
    return FeedRow.objects.filter(scope_of(user).codes_q("village_id"))


def may_see_monitoring(user: Any) -> bool:
    """Whether the user works with regions (the monitoring pages are about regions): all
    roles but the assisting units', whose scope is their units."""
    scope = scope_of(user)
    return scope.everything or bool(scope.regions)


# cases ----------------------------------------------------------------------------------------


def may_work_cases(user: Any) -> bool:
    """Whether the user's role works on cases (reports, steps, measures): the roles that edit
    the registry (administrators, county offices, township and village cadres)."""
    return scope_of(user).can_edit_registry


def case_get(user: Any, pk: int, *, write: bool = False) -> Case:
    """One case in the user's regions (NotFound outside them); `write` also needs a role that
    works on cases (NotAllowed)."""
    case = cases_for(user).select_related("household", "village").filter(pk=pk).first()
    if case is None:
        raise NotFound(f"no case {pk}")
    if write:
        case_check_writable(user, case)
    return case


def case_check_writable(user: Any, case: Case) -> None:
    scope = scope_of(user)
    if not (scope.can_edit_registry and scope.covers(case.village_id)):
        raise NotAllowed("your role may not work on monitoring cases")
