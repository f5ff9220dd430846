"""Reads of the division tree."""

from __future__ import annotations

from fupin.core.errors import NotFound
from fupin.regions import boundaries
from fupin.regions.codes import code_candidates, parent_code
from fupin.regions.models import Region


def resolve_codes(codes: list[str]) -> dict[str, str]:
    """Map typed codes to stored region codes (see `code_candidates`); unknown ones absent."""
    wanted = {c: code_candidates(c) for c in codes}
    every = sorted({cand for cands in wanted.values() for cand in cands})
    known = set(Region.objects.filter(code__in=every).values_list("code", flat=True))
    return {
        typed: next(c for c in cands if c in known)
        for typed, cands in wanted.items()
        if any(c in known for c in cands)
    }


def region_get(*, code: str) -> Region:
    """The region with `code` (any of the 2/4/6/9/12-digit forms)."""
    candidates = code_candidates(code)
    found = {r.code: r for r in Region.objects.filter(code__in=candidates)}
    for candidate in candidates:
        if candidate in found:
            return found[candidate]
    raise NotFound(f"no region with code {code} (run `fupin regions load` first?)")


def region_ancestry(*, code: str) -> list[Region]:
    """The region and its ancestors, from the province down (one query)."""
    return region_path(region=region_get(code=code))


def region_path(*, region: Region) -> list[Region]:
    """`region` and its ancestors, from the province down (one query)."""
    codes: list[str] = []
    current: str | None = region.code
    while current:
        codes.append(current)
        current = parent_code(current)
    by_code = Region.objects.in_bulk(codes)
    return [by_code[c] for c in reversed(codes) if c in by_code]


def region_children(*, code: str | None) -> list[Region]:
    """Child regions of the stored region `code` (the provinces when None), in code order."""
    if code is None:
        return list(Region.objects.filter(parent__isnull=True).order_by("code"))
    return list(Region.objects.filter(parent_id=code).order_by("code"))


def region_outlines(*, region: Region | None) -> bytes:
    """GeoJSON text of the map of `region` (None: the country), features keyed by code: the
    provinces and the South China Sea line for the country; a province's counties with its
    prefectures' borders over them; a prefecture's counties; a county's own outline; nothing
    below. Counties without an outline (development zones inside other counties) are absent.
    Read from the shipped boundaries, no query."""
    if region is None:
        return boundaries.outlines("", None)
    return boundaries.outlines(region.code, region.level)
