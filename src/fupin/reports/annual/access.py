"""The one way a request reaches the subject of a work report: a unit the user may see
(`fupin.assistance.access`), or a region in their scope (`fupin.regions.access`); and the
units and regions a user may choose from."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from fupin.accounts.scope import scope_of
from fupin.assistance import access as assistance_access
from fupin.assistance.models import Unit
from fupin.core.identifiers import ascii_digits
from fupin.regions import access as region_access
from fupin.regions.enums import Level
from fupin.regions.models import Region

#: the levels a leading-group report is made for
REPORT_LEVELS = (Level.PROVINCE, Level.PREFECTURE, Level.COUNTY)
MAX_REGION_CHOICES = 1500


def report_unit_for(user: Any, pk: int) -> Unit:
    """The unit, if the user may see it; NotFound otherwise."""
    return assistance_access.unit_for(user, pk)


def report_region_for(user: Any, code: str) -> Region:
    """The region, if it lies in the user's scope; NotFound otherwise."""
    return region_access.region_for(user, code)


def report_subject_for(
    user: Any, *, unit: Any = None, region: Any = None
) -> tuple[Unit | None, Region | None]:
    """The unit (its id) or else the region (its code) a report is asked of, if the user may
    see it; NotFound otherwise (an id that is no number too). (None, None) when neither is
    given."""
    if unit not in (None, ""):
        raw = ascii_digits(str(unit))
        return report_unit_for(user, int(raw) if raw else 0), None
    if region not in (None, ""):
        return None, report_region_for(user, str(region))
    return None, None


def report_units(user: Any) -> QuerySet[Unit]:
    return assistance_access.units_for(user).order_by("path")


def report_regions(user: Any) -> list[Region]:
    """The provinces, prefectures and counties in the user's scope that a report may be made
    for: their own regions and those under them (for administrators the provinces and the
    regions that have a leading group or a pairing), at most MAX_REGION_CHOICES."""
    scope = scope_of(user)
    regions = Region.objects.filter(level__in=REPORT_LEVELS)
    if scope.everything:
        from fupin.assistance.models import LeadingGroup, Pairing

        with_work = set(LeadingGroup.objects.values_list("region_id", flat=True))
        for code in Pairing.objects.values_list("region_id", flat=True).distinct():
            with_work.update(code[:n] for n in (2, 4, 6) if n <= len(code))
        chosen = regions.filter(level=Level.PROVINCE) | regions.filter(code__in=with_work)
    elif scope.regions:
        chosen = regions.filter(scope.codes_q("code"))
    else:
        return []
    return list(chosen.order_by("code")[:MAX_REGION_CHOICES])
