"""What a user may see and do: the regions of their scope and the rights of their role.

Region codes are natural-length (2/4/6/9/12 digits), so a region's descendants are exactly the
codes that start with its code; a scope is a set of such prefixes. Every app's `access.py`
applies it through `Scope.codes_q`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Q

from fupin.accounts.enums import Role

EDITORS = frozenset(
    {Role.ADMINISTRATOR, Role.COUNTY_OFFICE, Role.TOWNSHIP_CADRE, Role.VILLAGE_CADRE}
)
SEE_ID_NUMBERS = frozenset(
    {
        Role.ADMINISTRATOR,
        Role.PROVINCE_OFFICE,
        Role.PREFECTURE_OFFICE,
        Role.COUNTY_OFFICE,
        Role.TOWNSHIP_CADRE,
        Role.VILLAGE_CADRE,
    }
)

#: Roles that may run the evaluation of their regions (administrators: of the whole registry).
EVALUATORS = frozenset(
    {Role.ADMINISTRATOR, Role.PROVINCE_OFFICE, Role.PREFECTURE_OFFICE, Role.COUNTY_OFFICE}
)


@dataclass(frozen=True)
class Scope:
    everything: bool
    regions: tuple[str, ...]  # stored region codes; their descendants are in scope too
    can_edit_registry: bool
    can_see_id_numbers: bool
    unit_paths: tuple[str, ...] = ()  # tree paths of the user's units; their subtrees are in scope
    can_edit_assistance: bool = False  # the units of `unit_paths` (everything: all units)
    can_evaluate: bool = False  # run the evaluation of the scope's regions

    def covers_unit(self, path: str) -> bool:
        """Whether the unit with tree path `path` is one of the user's units or under one."""
        return self.everything or any(path.startswith(p) for p in self.unit_paths)

    def ancestors_q(self, field: str) -> Q:
        """A filter on a region-code column: the code is one of the scope's regions or above
        one (a county's pairing concerns the cadres of its villages)."""
        if self.everything:
            return Q()
        codes = {r[:n] for r in self.regions for n in (2, 4, 6, 9, 12) if n <= len(r)}
        return Q(**{f"{field}__in": sorted(codes)})

    def covers(self, code: str) -> bool:
        """Whether the region `code` (or a descendant of it) is in scope."""
        return self.everything or any(code.startswith(r) for r in self.regions)

    def codes_q(self, field: str) -> Q:
        """A filter on a region-code column: the code lies under one of the scope's regions.
        Written as ranges (code >= prefix AND code < prefix + '~') so that indexes serve it
        on SQLite and PostgreSQL alike."""
        if self.everything:
            return Q()
        condition = Q(pk__in=[])
        for prefix in self.regions:
            condition |= Q(**{f"{field}__gte": prefix, f"{field}__lt": prefix + "~"})
        return condition


NOTHING = Scope(False, (), False, False)


def scope_of(user: Any) -> Scope:
    """The scope of a logged-in user (nothing for anyone else), computed once per request."""
    if user is None or not user.is_authenticated or not user.is_active:
        return NOTHING
    cached = getattr(user, "_fupin_scope", None)
    if cached is not None:
        return cached
    role = Role.ADMINISTRATOR if user.is_superuser else Role(user.role)
    everything = role == Role.ADMINISTRATOR
    codes = () if everything else tuple(sorted(user.regions.values_list("code", flat=True)))
    paths: tuple[str, ...] = ()
    if role == Role.ASSISTING_UNIT:  # only unit users have units: no query for the others
        paths = tuple(sorted(user.units.values_list("path", flat=True)))
    scope = Scope(
        everything,
        codes,
        role in EDITORS,
        role in SEE_ID_NUMBERS,
        unit_paths=paths,
        can_edit_assistance=everything or role == Role.ASSISTING_UNIT,
        can_evaluate=role in EVALUATORS,
    )
    user._fupin_scope = scope
    return scope
