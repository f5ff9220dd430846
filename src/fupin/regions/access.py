"""The one way a request reaches regions: through the user's scope."""

from __future__ import annotations

from typing import Any

from fupin.accounts.scope import scope_of
from fupin.core.errors import NotFound
from fupin.regions import selectors
from fupin.regions.models import Region


def region_for(user: Any, code: str) -> Region:
    """The region `code` if the user's scope covers it; NotFound otherwise (the same answer
    as for a code that does not exist, so scope does not leak what exists)."""
    region = selectors.region_get(code=code)
    if not scope_of(user).covers(region.code):
        raise NotFound(f"no region with code {code}")
    return region


def regions_top(user: Any) -> list[Region]:
    """Where the user starts: the provinces for a national scope, else their own regions."""
    scope = scope_of(user)
    if scope.everything:
        return selectors.region_children(code=None)
    return list(Region.objects.filter(code__in=scope.regions).order_by("code"))


def region_children_for(user: Any, region: Region) -> list[Region]:
    """The children of a region the user may open (all of them when the region is in scope)."""
    scope = scope_of(user)
    return [r for r in selectors.region_children(code=region.code) if scope.covers(r.code)]
