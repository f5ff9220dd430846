"""The one way a request reaches households and their members, surveys and results."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from fupin.accounts.scope import scope_of
from fupin.core.errors import NotAllowed, NotFound
from fupin.registry.models import Household, HouseholdResult, RegionResult


def households_for(user: Any) -> QuerySet[Household]:
    """The households in the user's scope."""
    return Household.objects.filter(scope_of(user).codes_q("village_id"))


def household_for(user: Any, number: str, *, write: bool = False) -> Household:
    """One household by number, in scope; `write` also needs a role that edits the registry."""
    household = households_for(user).filter(number=number).first()
    if household is None:
        raise NotFound(f"no household {number}")
    if write and not scope_of(user).can_edit_registry:
        raise NotAllowed("your role may not change the registry")
    return household


def household_results_for(user: Any) -> QuerySet[HouseholdResult]:
    return HouseholdResult.objects.filter(scope_of(user).codes_q("village_id"))


def region_results_for(user: Any) -> QuerySet[RegionResult]:
    return RegionResult.objects.filter(scope_of(user).codes_q("region_id"))


def may_see_id_numbers(user: Any) -> bool:
    return scope_of(user).can_see_id_numbers


def may_evaluate(user: Any) -> bool:
    """Whether the user may run the evaluation of their regions."""
    return scope_of(user).can_evaluate


def evaluation_regions_for(user: Any) -> tuple[str, ...] | None:
    """The regions whose evaluation the user may run: None for the whole registry
    (administrators); NotAllowed for roles that may not run it."""
    scope = scope_of(user)
    if not scope.can_evaluate:
        raise NotAllowed("your role may not run the evaluation")
    return None if scope.everything else scope.regions


def evaluation_villages_for(user: Any) -> list[str] | None:
    """The villages with households in the regions whose evaluation the user may run
    (None: the whole registry)."""
    if evaluation_regions_for(user) is None:
        return None
    villages = households_for(user).values_list("village_id", flat=True).distinct().order_by()
    return sorted(villages)
