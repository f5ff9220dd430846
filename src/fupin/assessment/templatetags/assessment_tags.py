"""Template helpers of assessment: item notes in the reader's language, and the region page's
responsibility assessment of a prefecture (its grade of the year shown and of the year
before)."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.translation import gettext_lazy as _

from fupin.assessment import access, selectors
from fupin.assessment.enums import Subject
from fupin.core.messages import translated
from fupin.regions.enums import Level

register = template.Library()

#: notes of computed items that are not among the input reasons' templates
NOTES = {
    "no rectification due": _("无到期整改任务"),
    "not computed for a region": _("地区不计算此项"),
}


@register.filter
def item_note(value: Any) -> Any:
    """A computed item's note in the reader's language."""
    if value in NOTES:
        return NOTES[value]
    return translated(value) if isinstance(value, str) and value else value


@register.inclusion_tag("assessment/_region_responsibility.html", takes_context=True)
def region_responsibility(context: Any, region: Any, year: int | None = None) -> dict[str, Any]:
    """A prefecture's responsibility assessment in the latest year up to `year` that has a
    scheme for it, as far as the user may see it (its own office, the province's)."""
    request = context.get("request")
    user = getattr(request, "user", None)
    if region is None or user is None:
        return {}
    if region.level != Level.PREFECTURE:  # no query on the other regions' pages
        return {}
    years = selectors.scheme_years([Subject.PREFECTURE])
    shown = max((y for y in years if year is None or y <= year), default=None)
    if shown is None:
        return {}
    schemes = access.schemes_seen(user, selectors.prefecture_schemes(region, shown), region)
    if not schemes:
        return {}
    return {
        "prefecture": region,
        "year": shown,
        "sheets": selectors.assessment_sheets(region, shown, schemes=schemes),
        "previous": selectors.final_grades(region, [shown - 1], kind=Subject.PREFECTURE)[shown - 1],
    }
