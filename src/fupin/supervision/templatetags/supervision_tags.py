"""Template tags of supervision: the overdue rectification tasks on a region's dashboard
(its own and those of the regions under it: a county's on its page and on its prefecture's)
and on a unit's (its own and its subsidiaries'). One query each (the count is a window over
the same rows); nothing is shown when none is overdue."""

from __future__ import annotations

from typing import Any

from django import template
from django.urls import reverse
from django.utils import timezone

from fupin.supervision.finding_selectors import overdue_for_region, overdue_for_unit

register = template.Library()


@register.inclusion_tag("supervision/_overdue.html")
def overdue_tasks(region: Any) -> dict[str, Any]:
    """`{% overdue_tasks region %}`: a Region or its code; nothing for None (the national
    overview)."""
    if not region:
        return {"overdue": None}
    code = region if isinstance(region, str) else region.code
    more = reverse("supervision:finding-list") + f"?overdue=on&region={code}"
    return {"overdue": overdue_for_region(code, timezone.localdate()), "more": more}


@register.inclusion_tag("supervision/_overdue.html")
def overdue_unit_tasks(unit: Any) -> dict[str, Any]:
    """`{% overdue_unit_tasks unit %}`."""
    if unit is None:
        return {"overdue": None}
    return {"overdue": overdue_for_unit(unit, timezone.localdate()), "more": ""}
