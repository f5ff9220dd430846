"""The one way a request reaches texts read for facts and their proposals. A user sees the
texts of the units they see (a regional user: the units paired with their regions, read
only) and the texts they submitted; a proposal is decided only by a user who may write its
unit's work (`assistance.access.unit_check_writable`)."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from fupin.accounts.scope import scope_of
from fupin.assistance.access import unit_check_writable, units_for
from fupin.assistance.models import Unit
from fupin.core.errors import NotAllowed, NotFound
from fupin.reports.models import FactProposal, FactText


def texts_for(user: Any) -> QuerySet[FactText]:
    if scope_of(user).everything:
        return FactText.objects.all()
    condition = Q(unit__in=units_for(user))
    if getattr(user, "pk", None):
        condition |= Q(unit__isnull=True, created_by=user)
    return FactText.objects.filter(condition)


def text_get(user: Any, pk: int) -> FactText:
    text = texts_for(user).select_related("unit", "created_by").filter(pk=pk).first()
    if text is None:
        raise NotFound(f"no text {pk}")
    return text


def proposal_get(user: Any, text_pk: int, pk: int) -> FactProposal:
    """A proposal of a text the user sees."""
    text = text_get(user, text_pk)
    proposal = (
        FactProposal.objects.select_related("indicator", "unit", "region", "entry")
        .filter(source=text, pk=pk)
        .first()
    )
    if proposal is None:
        raise NotFound(f"no proposal {pk} of text {text_pk}")
    proposal.source = text
    return proposal


def units_writable(user: Any) -> QuerySet[Unit]:
    """The units a text may be submitted for by the user: those whose work they may change."""
    scope = scope_of(user)
    if scope.everything:
        return Unit.objects.all()
    if not scope.can_edit_assistance:
        return Unit.objects.none()
    condition = Q(pk__in=[])
    for path in scope.unit_paths:
        condition |= Q(path__startswith=path)
    return Unit.objects.filter(condition)


def may_submit(user: Any) -> bool:
    scope = scope_of(user)
    return scope.everything or (scope.can_edit_assistance and bool(scope.unit_paths))


def may_decide(user: Any, text: FactText) -> bool:
    """Whether the user may accept or reject the text's proposals."""
    try:
        text_check_decidable(user, text)
    except NotAllowed:
        return False
    return True


def text_check_decidable(user: Any, text: FactText) -> None:
    if text.unit is None:
        if not scope_of(user).everything:
            raise NotAllowed("only an administrator decides the proposals of a text of no unit")
        return
    unit_check_writable(user, text.unit)
