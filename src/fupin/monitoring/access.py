"""The one way a request reaches the monitoring ranges."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from fupin.accounts.scope import scope_of
from fupin.core.errors import NotAllowed
from fupin.monitoring.models import MonitoringRange


def ranges_for(user: Any) -> QuerySet[MonitoringRange]:
    """The ranges of the user's regions and of the regions above them (a county office sees
    the province's range that applies to it)."""
    scope = scope_of(user)
    return MonitoringRange.objects.filter(
        scope.codes_q("region_id") | scope.ancestors_q("region_id")
    )


def may_set_ranges(user: Any) -> bool:
    """Offices (and administrators) set the ranges of their regions."""
    return scope_of(user).can_evaluate


def ranges_writable(user: Any) -> Any:
    """The scope a user's range import is limited to; NotAllowed for other roles."""
    if not may_set_ranges(user):
        raise NotAllowed("your role may not set monitoring ranges")
    return scope_of(user)
