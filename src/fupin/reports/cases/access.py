"""The one way a request reaches typical cases (典型案例), and who may write them.

A regional user sees the cases in their regions and the regions under them; a unit user sees
the cases of their units and the units under them, and the cases in the regions those units
are paired with (and under them). Administrators see all.

Writing a case needs an administrator, a unit user whose units' tree holds the case's unit,
or the office (province, prefecture, county) whose scope covers the case's region.

The households a case names are shown as the registry shows them: to a user who may see the
household there, with its head's name and a link (the ID number masked unless the role sees
ID numbers); to anyone else, with the head's surname only and the ID number masked."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Q, QuerySet

from fupin.accounts.scope import scope_of
from fupin.assistance.models import Pairing
from fupin.core.errors import NotAllowed, NotFound
from fupin.core.identifiers import mask_id_number
from fupin.registry import access as registry_access
from fupin.registry.enums import Relation
from fupin.registry.models import Member
from fupin.reports.models import CasePhoto, TypicalCase


def _tree_q(paths: tuple[str, ...] | list[str], field: str) -> Q:
    condition = Q(pk__in=[])
    for path in paths:
        condition |= Q(**{f"{field}__startswith": path})
    return condition


def _codes_q(codes: list[str], field: str) -> Q:
    condition = Q(pk__in=[])
    for code in codes:
        condition |= Q(**{f"{field}__gte": code, f"{field}__lt": code + "~"})
    return condition


def _paired_codes(unit_paths: tuple[str, ...]) -> list[str]:
    """The regions the units of these trees are paired with."""
    if not unit_paths:
        return []
    pairings = Pairing.objects.filter(_tree_q(unit_paths, "unit__path"))
    return sorted(set(pairings.values_list("region_id", flat=True)))


def cases_for(user: Any) -> QuerySet[TypicalCase]:
    """The cases the user sees (see the module's docstring)."""
    scope = scope_of(user)
    if scope.everything:
        return TypicalCase.objects.all()
    condition = _tree_q(scope.unit_paths, "unit__path")
    condition |= _codes_q(_paired_codes(scope.unit_paths), "region_id")
    if scope.regions:
        condition |= scope.codes_q("region_id")
    return TypicalCase.objects.filter(condition)


def may_write(user: Any, *, region: str, unit: Any = None) -> bool:
    """Whether `user` may write a case in `region` (a code) of `unit` (or of no unit)."""
    scope = scope_of(user)
    if scope.everything:
        return True
    if unit is not None and scope.can_edit_assistance and scope.covers_unit(unit.path):
        return True
    return bool(region and scope.can_evaluate and scope.covers(region))


def may_create(user: Any) -> bool:
    """Whether the user's role writes cases at all (an office, a unit user, an administrator)."""
    scope = scope_of(user)
    return scope.everything or scope.can_evaluate or bool(scope.unit_paths)


def case_for(user: Any, pk: int, *, write: bool = False) -> TypicalCase:
    """One case the user sees (NotFound otherwise); `write` also needs them to write it."""
    case = (
        cases_for(user)
        .select_related("region", "unit", "created_by")
        .prefetch_related("tags")
        .filter(pk=pk)
        .first()
    )
    if case is None:
        raise NotFound(f"no typical case {pk}")
    if write:
        case_check_writable(user, case)
    return case


def case_check_writable(user: Any, case: TypicalCase) -> None:
    if not may_write(user, region=case.region_id, unit=case.unit):
        raise NotAllowed("your role may not change this typical case")


def photo_for(user: Any, case_pk: int, pk: int) -> CasePhoto:
    """A photo of a case the user sees; NotFound otherwise."""
    case = case_for(user, case_pk)
    photo = CasePhoto.objects.filter(case=case, pk=pk).first()
    if photo is None:
        raise NotFound(f"no photo {pk}")
    return photo


@dataclass(frozen=True)
class ShownHousehold:
    """A household of a case as the user may see it: `linked` when they see it in the
    registry (its page is theirs to open)."""

    number: str
    village: str
    head: str
    id_number: str
    linked: bool


def _masked_name(name: str) -> str:
    return f"{name[:1]}*" if name else ""


def households_shown(case: TypicalCase, user: Any) -> list[ShownHousehold]:
    """Each household of the case with its number and head, masked where the registry's
    rules would not show it to `user` (three queries)."""
    households = list(case.households.select_related("village").order_by("number"))
    if not households:
        return []
    ids = [h.pk for h in households]
    seen = set(registry_access.households_for(user).filter(pk__in=ids).values_list("pk", flat=True))
    heads: dict[int, tuple[str, str]] = {}
    for hid, name, number in Member.objects.filter(
        household_id__in=ids, relation=Relation.HEAD
    ).values_list("household_id", "name", "id_number"):
        heads.setdefault(hid, (name, number))
    full_ids = registry_access.may_see_id_numbers(user)
    shown = []
    for h in households:
        name, number = heads.get(h.pk, ("", ""))
        linked = h.pk in seen
        shown.append(
            ShownHousehold(
                number=h.number,
                village=h.village.name,
                head=name if linked else _masked_name(name),
                id_number=number if linked and full_ids else mask_id_number(number),
                linked=linked,
            )
        )
    return shown
