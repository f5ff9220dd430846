"""Reads of typical cases: the searched list a user sees, the cases of a unit's tree or a
region in a period (for the work reports), a case's photos, history and named objects."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db.models import Prefetch, Q, QuerySet

from fupin.assistance.access import projects_for
from fupin.assistance.models import Project, Unit
from fupin.assistance.selectors import households_in_region, paired_regions
from fupin.core.models import Change
from fupin.regions.models import Region
from fupin.registry.models import Household
from fupin.reports.cases import access
from fupin.reports.cases.services import SUBJECT
from fupin.reports.models import CasePhoto, CaseTag, TypicalCase

SEARCHED = (
    "title",
    "summary",
    "text",
    "tags__name",
    "region__name",
    "unit__name",
)


def _listed(cases: QuerySet[TypicalCase]) -> QuerySet[TypicalCase]:
    """With what a list shows: region, unit, tags and the photos in their order."""
    return cases.select_related("region", "unit").prefetch_related(
        "tags", Prefetch("photos", CasePhoto.objects.order_by("order", "pk"))
    )


def _words_q(q: str) -> Q:
    """Each word of `q` in one of the searched texts, case-insensitive (icontains is UPPER()
    LIKE on PostgreSQL and LIKE, ASCII case-folded, on SQLite)."""
    condition = Q()
    for word in q.split()[:10]:
        one = Q(pk__in=[])
        for field in SEARCHED:
            one |= Q(**{f"{field}__icontains": word})
        condition &= one
    return condition


def case_list(
    *,
    user: Any,
    q: str = "",
    year: int | None = None,
    region: str | None = None,
    unit: Unit | None = None,
    tag: str | int | None = None,
) -> QuerySet[TypicalCase]:
    """The cases the user sees, searched by the words of `q` (every word in the title, summary,
    text, a tag's name, the region's or the unit's name) and narrowed to a year, a region
    (code: the region and those under it), a unit's tree and a tag (its id or name); latest
    year first."""
    cases = access.cases_for(user)
    if q.strip():
        matching = TypicalCase.objects.filter(_words_q(q.strip())).values("pk")
        cases = cases.filter(pk__in=matching)
    if year is not None:
        cases = cases.filter(year=year)
    if region:
        cases = cases.filter(region_id__gte=region, region_id__lt=region + "~")
    if unit is not None:
        cases = cases.filter(unit__path__startswith=unit.path)
    if tag not in (None, ""):
        by = {"tags__pk": tag} if isinstance(tag, int) else {"tags__name": tag}
        cases = cases.filter(pk__in=TypicalCase.objects.filter(**by).values("pk"))
    return _listed(cases).order_by("-year", "-pk")


def cases_of(
    *,
    unit: Unit | None = None,
    region: Region | str | None = None,
    year_from: int,
    year_to: int,
) -> QuerySet[TypicalCase]:
    """The cases of a unit's tree (the unit and those under it) or in a region (and under
    it), of the years `year_from` to `year_to`, oldest first: what a work report may choose
    from. Not narrowed to a user: the report's own access applies."""
    cases = TypicalCase.objects.filter(year__gte=year_from, year__lte=year_to)
    if unit is not None:
        cases = cases.filter(unit__path__startswith=unit.path)
    if region is not None:
        code = region.code if isinstance(region, Region) else str(region)
        cases = cases.filter(region_id__gte=code, region_id__lt=code + "~")
    return _listed(cases).order_by("year", "pk")


def case_tags() -> QuerySet[CaseTag]:
    """The tags in use, for the filters."""
    return CaseTag.objects.filter(cases__isnull=False).distinct().order_by("name")


def case_years(cases: QuerySet[TypicalCase]) -> list[int]:
    return sorted(set(cases.values_list("year", flat=True)), reverse=True)


def case_photos(case: TypicalCase) -> list[CasePhoto]:
    return list(case.photos.select_related("uploaded_by").order_by("order", "pk"))


def case_projects(case: TypicalCase, user: Any) -> list[tuple[Project, bool]]:
    """The case's projects, each with whether the user may open its page."""
    projects = list(case.projects.select_related("unit", "region").order_by("code"))
    seen = set(
        projects_for(user).filter(pk__in=[p.pk for p in projects]).values_list("pk", flat=True)
    )
    return [(p, p.pk in seen) for p in projects]


def case_history(case: TypicalCase) -> QuerySet[Change]:
    """The history rows of the case, latest first."""
    return (
        Change.objects.filter(subject=SUBJECT, subject_id=case.pk)
        .select_related("actor")
        .order_by("-at", "-pk")
    )


def projects_named(codes: Iterable[str], user: Any) -> tuple[list[Project], list[str]]:
    """The projects with these codes the user sees, and the codes not found among them."""
    codes = list(dict.fromkeys(codes))
    found = list(projects_for(user).filter(code__in=codes).select_related("unit"))
    known = {p.code for p in found}
    return found, [c for c in codes if c not in known]


def households_named(
    numbers: Iterable[str], region: str, unit: Unit | None
) -> tuple[list[Household], list[str]]:
    """The registry households with these numbers in `region` (and, with a unit, in the
    regions its tree is paired with), and the numbers not found there: one answer for a
    number that does not exist and one that lives elsewhere."""
    within = paired_regions(unit) if unit is not None else [region]
    return households_in_region(numbers, region, within)
