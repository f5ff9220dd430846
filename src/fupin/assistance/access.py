"""The one way a request reaches assistance work. A unit user sees their units, the units
under them and everything of those units; a regional user sees the units paired with their
regions (or with a region above them) and the entries delivered in their regions, read-only;
the unit's totals on its page are the unit's own figures, which it reports publicly."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from fupin.accounts.scope import scope_of
from fupin.assistance.models import (
    Cadre,
    Indicator,
    LeadingGroup,
    LedgerEntry,
    Pairing,
    Plan,
    Pledge,
    Project,
    Responsibility,
    Unit,
)
from fupin.core.errors import NotAllowed, NotFound


def _tree_q(paths: tuple[str, ...], field: str) -> Q:
    condition = Q(pk__in=[])
    for path in paths:
        condition |= Q(**{f"{field}__startswith": path})
    return condition


def units_for(user: Any) -> QuerySet[Unit]:
    scope = scope_of(user)
    if scope.everything:
        return Unit.objects.all()
    paired = Pairing.objects.filter(scope.codes_q("region_id") | scope.ancestors_q("region_id"))
    condition = _tree_q(scope.unit_paths, "path")
    if scope.regions:
        condition |= Q(pk__in=paired.values("unit_id"))
    return Unit.objects.filter(condition)


def unit_for(user: Any, pk: int, *, write: bool = False) -> Unit:
    """One unit in scope; `write` needs it to be the user's own or under it."""
    unit = units_for(user).filter(pk=pk).first()
    if unit is None:
        raise NotFound(f"no unit {pk}")
    if write:
        unit_check_writable(user, unit)
    return unit


def unit_check_writable(user: Any, unit: Unit) -> None:
    scope = scope_of(user)
    if not (scope.can_edit_assistance and scope.covers_unit(unit.path)):
        raise NotAllowed("your role may not change this unit's work")


def _unit_or_region(user: Any, unit_field: str, region_field: str) -> Q:
    scope = scope_of(user)
    if scope.everything:
        return Q()
    condition = _tree_q(scope.unit_paths, f"{unit_field}__path")
    if scope.regions:
        condition |= scope.codes_q(region_field) & Q(**{f"{region_field}__isnull": False})
    return condition


def entries_for(user: Any) -> QuerySet[LedgerEntry]:
    """Ledger entries of the user's units, or delivered in the user's regions."""
    return LedgerEntry.objects.filter(_unit_or_region(user, "unit", "region_id"))


def pairings_for(user: Any) -> QuerySet[Pairing]:
    scope = scope_of(user)
    if scope.everything:
        return Pairing.objects.all()
    condition = _tree_q(scope.unit_paths, "unit__path")
    if scope.regions:
        condition |= scope.codes_q("region_id") | scope.ancestors_q("region_id")
    return Pairing.objects.filter(condition)


def cadres_for(user: Any) -> QuerySet[Cadre]:
    return Cadre.objects.filter(_unit_or_region(user, "unit", "region_id"))


def projects_for(user: Any) -> QuerySet[Project]:
    return Project.objects.filter(_unit_or_region(user, "unit", "region_id"))


def groups_for(user: Any) -> QuerySet[LeadingGroup]:
    """Leading groups of the user's units, and of the user's regions and the regions above."""
    scope = scope_of(user)
    if scope.everything:
        return LeadingGroup.objects.all()
    condition = Q(unit__in=units_for(user))
    if scope.regions:
        condition |= scope.codes_q("region_id") | scope.ancestors_q("region_id")
    return LeadingGroup.objects.filter(condition)


def responsibilities_for(user: Any) -> QuerySet[Responsibility]:
    """Who answers for the user's units and the regions they are paired with, and for the
    user's regions and those above them."""
    scope = scope_of(user)
    if scope.everything:
        return Responsibility.objects.all()
    units = units_for(user)
    paired = Pairing.objects.filter(unit__in=units).values("region_id")
    condition = Q(unit__in=units) | Q(region_id__in=paired)
    if scope.regions:
        condition |= scope.codes_q("region_id") | scope.ancestors_q("region_id")
    return Responsibility.objects.filter(condition)


def plans_for(user: Any) -> QuerySet[Plan]:
    """Multi-year plans of the user's units (of the units paired with a regional user)."""
    return Plan.objects.filter(unit__in=units_for(user))


def pledges_for(user: Any) -> QuerySet[Pledge]:
    """Pledges of the user's units (regional users see those of the units paired with them)."""
    return Pledge.objects.filter(unit__in=units_for(user))


def indicators_for(user: Any) -> QuerySet[Indicator]:
    """The standard indicators, those no unit owns, and the own indicators of the units the
    user sees."""
    return Indicator.objects.filter(
        Q(standard=True) | Q(owner__isnull=True) | Q(owner__in=units_for(user))
    )
