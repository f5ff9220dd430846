"""Template tags of monitoring: whether the header menu offers the monitoring pages."""

from __future__ import annotations

from typing import Any

from django import template

from fupin.monitoring import access

register = template.Library()


@register.filter
def works_with_regions(user: Any) -> bool:
    """Whether the header menu offers the monitoring pages to `user` (roles with regions)."""
    return access.may_see_monitoring(user)
