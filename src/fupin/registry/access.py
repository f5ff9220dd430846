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
