"""The one way a request reaches assessment: schemes are open to every user who may see a
unit (the unit itself is reached through `assistance.access`); a unit's own editors compute its
self assessment, and only administrators record the final grade the assessing body gave."""

from __future__ import annotations

from typing import Any

from fupin.accounts.scope import scope_of
from fupin.assessment.models import Scheme
from fupin.assistance.access import NotAllowed
from fupin.core.errors import NotFound


def scheme_for(user: Any, pk: int) -> Scheme:
    """A scheme with its items and grades (schemes are public to logged-in users)."""
    scheme = (
        Scheme.objects.filter(pk=pk).prefetch_related("items", "grades").first()
        if user.is_authenticated
        else None
    )
    if scheme is None:
        raise NotFound(f"no scheme {pk}")
    return scheme


def may_record_final(user: Any) -> bool:
    return scope_of(user).everything


def final_check_allowed(user: Any) -> None:
    if not may_record_final(user):
        raise NotAllowed("only administrators record final grades")
