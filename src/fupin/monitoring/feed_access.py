"""The one way a request reaches department feeds, their batches and rows.

Offices (county, prefecture, province) and administrators import feed files; a matched row is
seen by whoever's regions hold the person's village; a batch by its importer, administrators
and anyone with a matched row of it in their regions. The rows whose ID number is not in the
registry (no village) are shown to the importer, administrators and offices whose regions
cover all of the importer's."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from fupin.accounts.scope import Scope, scope_of
from fupin.core.errors import NotAllowed, NotFound
from fupin.monitoring import access
from fupin.monitoring.models import Feed, FeedBatch, FeedRow


def feeds_for(user: Any) -> QuerySet[Feed]:
    """Whoever works with regions reads the definitions (NotAllowed for the others)."""
    if not access.may_see_monitoring(user):
        raise NotAllowed("your role may not see department feeds")
    return Feed.objects.all()


def may_import_feeds(user: Any) -> bool:
    return scope_of(user).can_evaluate


def feeds_importable(user: Any) -> Scope:
    """The scope a user's feed import is limited to; NotAllowed for other roles."""
    if not may_import_feeds(user):
        raise NotAllowed("your role may not import department feeds")
    return scope_of(user)


def feed_rows_for(user: Any) -> QuerySet[FeedRow]:
    """The matched rows in the user's regions (by the person's village; administrators: all)."""
    return access.feed_rows_for(user)


def batches_for(user: Any) -> QuerySet[FeedBatch]:
    scope = scope_of(user)
    if not access.may_see_monitoring(user):
        return FeedBatch.objects.none()
    if scope.everything:
        return FeedBatch.objects.all()
    mine = Q(actor=user)
    if scope.regions:
        mine |= Q(pk__in=feed_rows_for(user).values("batch_id"))
    return FeedBatch.objects.filter(mine)


def batch_get(user: Any, pk: int) -> FeedBatch:
    batch = batches_for(user).select_related("feed", "actor").filter(pk=pk).first()
    if batch is None:
        raise NotFound(f"no batch {pk}")
    return batch


def may_see_unmatched(user: Any, batch: FeedBatch) -> bool:
    """Whether the user sees the batch's rows of unknown persons."""
    scope = scope_of(user)
    if scope.everything or (batch.actor_id is not None and batch.actor_id == user.pk):
        return True
    if not scope.can_evaluate or batch.actor is None:
        return False
    theirs = list(batch.actor.regions.values_list("code", flat=True))
    return bool(theirs) and all(scope.covers(code) for code in theirs)


def may_work_flags(user: Any) -> bool:
    """Who rules flags out or opens a case from one: the roles that work on cases, those
    that keep the registry (county offices, township and village cadres, administrators)."""
    return scope_of(user).can_edit_registry


def feed_row_workable(user: Any, pk: int) -> FeedRow:
    """A flag of the user's regions they may work; NotFound outside them, NotAllowed for a
    role that may not."""
    row = feed_rows_for(user).select_related("batch", "household").filter(pk=pk).first()
    if row is None:
        raise NotFound(f"no feed row {pk}")
    if not may_work_flags(user):
        raise NotAllowed("your role may not work department flags")
    return row
