"""What the assistance and assessment pages share: reaching a unit (404 when the user may
not see it, 403 when they may not change its work), the crumbs above it, the year chosen."""

from __future__ import annotations

from django.http import HttpRequest

from fupin.assistance import access
from fupin.assistance.forms import YearForm
from fupin.assistance.models import Unit
from fupin.core.reach import reach
from fupin.registry.selectors import year_default, years_to_present


def unit_reached(request: HttpRequest, pk: int, *, write: bool = False) -> Unit:
    """The unit `pk` if the user may see it (404 otherwise) and, for `write`, change its work
    (403 otherwise)."""
    return reach(lambda: access.unit_for(request.user, pk, write=write))


def may_change(request: HttpRequest, unit: Unit) -> bool:
    try:
        access.unit_check_writable(request.user, unit)
    except access.NotAllowed:
        return False
    return True


def crumbs_of(request: HttpRequest, unit: Unit) -> list[Unit]:
    """The units above `unit` that the user may open, from the top."""
    above = [uid for uid in unit.tree_ids if uid != unit.pk]
    return list(access.units_for(request.user).filter(pk__in=above).order_by("path"))


def year_chosen(request: HttpRequest, years: list[int]) -> int:
    """The year asked for, else the latest of `years` (the years with data) up to the
    present, as every page chooses it."""
    form = YearForm(request.GET)
    if form.is_valid():
        return form.cleaned_data["year"]
    return year_default(years)


def year_options(years: list[int], year: int) -> list[int]:
    """The years a page's year selector offers: to the present from the first one with data
    (or the first year of the policy regimes), and the year shown; latest first."""
    return sorted({*years_to_present(years), year}, reverse=True)
