"""The one way a request reaches findings and rectification tasks, and who may do what with
them.

A user sees the findings concerning a region of their scope (or one under it) or one of their
units (or a unit under it), those their office issued (督办: the issuing region or unit is
theirs), and those with a task their region or unit owns. Administrators see all.

Who acts: the issuer (an office whose scope covers the finding's issuing region, a unit user
of the issuing unit's tree, an administrator) sets tasks, signs them off (销号) and reopens
them; the owner (an office or cadre whose scope covers the owning region, a unit user of the
owning unit's tree, an administrator) records measures and evidence and reports a task done.
An owner does not sign off its own task: a user whose region is the owning region or one
under it, or whose unit is the owning unit or one under it, is the owner itself."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from fupin.accounts.scope import Scope, scope_of
from fupin.core.errors import NotFound
from fupin.supervision.models import Evidence, Finding, Rectification


def _tree_q(paths: tuple[str, ...], field: str) -> Q:
    condition = Q(pk__in=[])
    for path in paths:
        condition |= Q(**{f"{field}__startswith": path})
    return condition


def _seen_q(scope: Scope, prefix: str = "") -> Q:
    """The findings a scope sees, as a filter (`prefix`: the relation to the finding)."""
    p = prefix
    condition = _tree_q(scope.unit_paths, f"{p}unit__path")
    condition |= _tree_q(scope.unit_paths, f"{p}issuer_unit__path")
    condition |= _tree_q(scope.unit_paths, f"{p}tasks__owner_unit__path")
    if scope.regions:
        condition |= scope.codes_q(f"{p}region_id") & Q(**{f"{p}region__isnull": False})
        condition |= scope.codes_q(f"{p}issuer_region_id") & Q(
            **{f"{p}issuer_region__isnull": False}
        )
        condition |= scope.codes_q(f"{p}tasks__owner_region_id") & Q(
            **{f"{p}tasks__owner_region__isnull": False}
        )
    return condition


def findings_for(user: Any) -> QuerySet[Finding]:
    """The findings the user sees (see the module's docstring)."""
    scope = scope_of(user)
    if scope.everything:
        return Finding.objects.all()
    return Finding.objects.filter(pk__in=Finding.objects.filter(_seen_q(scope)).values("pk"))


def tasks_for(user: Any) -> QuerySet[Rectification]:
    """The tasks of the findings the user sees."""
    scope = scope_of(user)
    if scope.everything:
        return Rectification.objects.all()
    return Rectification.objects.filter(finding__in=findings_for(user))


def finding_get(user: Any, pk: int) -> Finding:
    """One finding the user sees; NotFound otherwise."""
    finding = (
        findings_for(user)
        .select_related("region", "unit", "issuer_region", "issuer_unit", "created_by")
        .filter(pk=pk)
        .first()
    )
    if finding is None:
        raise NotFound(f"no finding {pk}")
    return finding


def task_get(user: Any, pk: int) -> Rectification:
    """One task of a finding the user sees; NotFound otherwise."""
    task = (
        tasks_for(user)
        .select_related(
            "finding__region",
            "finding__unit",
            "finding__issuer_region",
            "finding__issuer_unit",
            "owner_region",
            "owner_unit",
            "signed_off_by",
        )
        .filter(pk=pk)
        .first()
    )
    if task is None:
        raise NotFound(f"no rectification task {pk}")
    return task


def evidence_get(user: Any, task_pk: int, pk: int) -> Evidence:
    task = task_get(user, task_pk)
    evidence = task.evidence.filter(pk=pk).first()
    if evidence is None:
        raise NotFound(f"no evidence {pk}")
    return evidence


# who may act --------------------------------------------------------------------------------


def may_issue(user: Any, *, region: str | None, unit: Any) -> bool:
    """Whether `user` acts for the issuer `region` (a code) or `unit`: an office whose scope
    covers the region, a unit user of the unit's tree, or an administrator."""
    scope = scope_of(user)
    if scope.everything:
        return True
    if region and scope.can_evaluate and scope.covers(region):
        return True
    return bool(unit is not None and scope.can_edit_assistance and scope.covers_unit(unit.path))


def is_issuer(user: Any, finding: Finding) -> bool:
    return may_issue(user, region=finding.issuer_region_id, unit=finding.issuer_unit)


def may_create(user: Any) -> bool:
    """Whether the user's role records findings at all (offices, unit users, administrators)."""
    scope = scope_of(user)
    return scope.everything or scope.can_evaluate or scope.can_edit_assistance


def is_owner(user: Any, task: Rectification) -> bool:
    """Whether `user` works for the task's owner: a region or unit of theirs is the owning
    one or lies under it (an administrator is nobody's owner)."""
    scope = scope_of(user)
    if scope.everything:
        return False
    if task.owner_region_id and any(r.startswith(task.owner_region_id) for r in scope.regions):
        return True
    owner = task.owner_unit
    return owner is not None and any(p.startswith(owner.path) for p in scope.unit_paths)


def may_work(user: Any, task: Rectification) -> bool:
    """Whether `user` records the task's measures and evidence and reports it done: an
    administrator, an office or cadre whose scope covers the owning region, or a unit user of
    the owning unit's tree."""
    scope = scope_of(user)
    if scope.everything:
        return True
    region = task.owner_region_id
    if region and (scope.can_evaluate or scope.can_edit_registry) and scope.covers(region):
        return True
    unit = task.owner_unit
    return bool(unit is not None and scope.can_edit_assistance and scope.covers_unit(unit.path))


def may_sign_off(user: Any, task: Rectification) -> bool:
    """The issuer signs off, never the owner itself (administrators may)."""
    scope = scope_of(user)
    if scope.everything:
        return True
    return is_issuer(user, task.finding) and not is_owner(user, task)
