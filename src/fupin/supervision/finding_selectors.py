"""Reads of findings and their rectification tasks (问题整改): the filtered lists, the
overdue tasks a region's or a unit's dashboard shows, and the rectification rate the annual
assessment computes an item from.

Overdue is always relative to an explicit `today`: a task is overdue when it is not signed
off (整改中 or 待销号) and its deadline is before that day."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Q, QuerySet, Window

from fupin.core.models import Change
from fupin.supervision.enums import TaskStatus
from fupin.supervision.models import Finding, Rectification

#: the task states that still count as not done (not signed off)
UNDONE = (TaskStatus.OPEN, TaskStatus.SUBMITTED)
#: the overdue tasks a dashboard lists (the count covers all of them)
DASHBOARD_SHOWN = 5


def _region_code(region: Any) -> str:
    return region if isinstance(region, str) else region.code


def _under(field: str, code: str) -> Q:
    """`field` (a region-code column) lies under `code`, as a range an index serves."""
    return Q(**{f"{field}__gte": code, f"{field}__lt": code + "~"})


def rectification_rate(*, year: int, unit: Any = None, region: Any = None) -> tuple[int, int]:
    """(tasks signed off, tasks due) of the findings of `year` concerning `unit` (the unit or
    a unit under it) or `region` (a Region or its code: the region or one under it); with
    both, the findings concerning either; with neither, every finding of the year. Every task
    of such a finding is due to be rectified; a reopened task counts as not signed off until
    it is signed off again. The assessment's 问题整改 item is signed off ÷ due (nothing due:
    not applicable). One query."""
    findings = Finding.objects.filter(year=year)
    concerning = Q()
    if unit is not None:
        concerning |= Q(unit__path__startswith=unit.path)
    if region is not None:
        concerning |= _under("region_id", _region_code(region))
    if concerning:
        findings = findings.filter(concerning)
    counted = Rectification.objects.filter(finding__in=findings.values("pk")).aggregate(
        due=Count("pk"), signed=Count("pk", filter=Q(status=TaskStatus.SIGNED_OFF))
    )
    return counted["signed"], counted["due"]


def overdue_q(today: dt.date, prefix: str = "") -> Q:
    """Tasks not signed off whose deadline is before `today` (on the (status, deadline)
    index); `prefix` names the relation to the task (``tasks__`` from a finding)."""
    return Q(**{f"{prefix}status__in": UNDONE, f"{prefix}deadline__lt": today})


def task_overdue(task: Rectification, today: dt.date) -> bool:
    return task.status in UNDONE and task.deadline < today


@dataclass(frozen=True)
class Overdue:
    """A dashboard's overdue tasks: how many there are and the first few (earliest deadline
    first), each with its finding."""

    count: int
    tasks: Sequence[Rectification]


def _overdue(tasks: QuerySet[Rectification], today: dt.date) -> Overdue:
    """The count and the first `DASHBOARD_SHOWN` overdue tasks in one query: the count is a
    window over the filtered rows, computed before the limit."""
    rows = list(
        tasks.filter(overdue_q(today))
        .select_related("finding", "owner_region", "owner_unit")
        .annotate(total=Window(Count("pk")))
        .order_by("deadline", "pk")[:DASHBOARD_SHOWN]
    )
    return Overdue(rows[0].total if rows else 0, rows)


def overdue_for_region(code: str, today: dt.date) -> Overdue:
    """The overdue tasks owned by the region `code` or a region under it: a county's own, and
    on the page of the region above (a prefecture) its counties' too."""
    return _overdue(Rectification.objects.filter(_under("owner_region_id", code)), today)


def overdue_for_unit(unit: Any, today: dt.date) -> Overdue:
    """The overdue tasks owned by the unit or a unit under it."""
    return _overdue(Rectification.objects.filter(owner_unit__path__startswith=unit.path), today)


# lists ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class FindingFilters:
    """The filters of a finding list; empty values do not filter. `status`: findings with a
    task in that state; `overdue`: findings with an overdue task."""

    source: str = ""
    category: str = ""
    status: str = ""
    year: int | None = None
    overdue: bool = False
    region: str = ""  # a region code: findings concerning it or a region under it, or with a
    # task owned there


def finding_filtered(
    *, findings: QuerySet[Finding], filters: FindingFilters, today: dt.date
) -> QuerySet[Finding]:
    """The findings (the user's, from finding_access.findings_for) that pass the filters."""
    if filters.source:
        findings = findings.filter(source=filters.source)
    if filters.category:
        findings = findings.filter(category=filters.category)
    if filters.year is not None:
        findings = findings.filter(year=filters.year)
    if filters.region:
        owned = Rectification.objects.filter(_under("owner_region_id", filters.region))
        findings = findings.filter(
            _under("region_id", filters.region) | Q(pk__in=owned.values("finding_id"))
        )
    if filters.status:
        findings = findings.filter(
            pk__in=Rectification.objects.filter(status=filters.status).values("finding_id")
        )
    if filters.overdue:
        findings = findings.filter(
            pk__in=Rectification.objects.filter(overdue_q(today)).values("finding_id")
        )
    return findings


def finding_list(
    *, findings: QuerySet[Finding], filters: FindingFilters, today: dt.date
) -> QuerySet[Finding]:
    """The filtered findings, latest first, each with its task count, signed-off count and
    overdue count, its subject and issuer."""
    return (
        finding_filtered(findings=findings, filters=filters, today=today)
        .select_related("region", "unit", "issuer_region", "issuer_unit")
        .annotate(
            task_count=Count("tasks"),
            signed_count=Count("tasks", filter=Q(tasks__status=TaskStatus.SIGNED_OFF)),
            overdue_count=Count("tasks", filter=overdue_q(today, "tasks__")),
        )
        .order_by("-found_on", "-pk")
    )


def status_counts(*, findings: QuerySet[Finding]) -> dict[str, int]:
    """The tasks of `findings` by state, every state present (0 when none)."""
    rows = (
        Rectification.objects.filter(finding__in=findings.values("pk"))
        .values("status")
        .annotate(n=Count("pk"))
        .order_by()
    )
    found = {r["status"]: r["n"] for r in rows}
    return {value: found.get(value, 0) for value in TaskStatus.values}


def overdue_count(*, findings: QuerySet[Finding], today: dt.date) -> int:
    """How many tasks of `findings` are overdue on `today`."""
    return Rectification.objects.filter(overdue_q(today), finding__in=findings.values("pk")).count()


def task_list(
    *, tasks: QuerySet[Rectification], status: str = "", overdue: bool = False, today: dt.date
) -> QuerySet[Rectification]:
    """Tasks (the user's, from finding_access.tasks_for) by state and overdue, earliest
    deadline first, with their finding and owner."""
    if status:
        tasks = tasks.filter(status=status)
    if overdue:
        tasks = tasks.filter(overdue_q(today))
    return tasks.select_related("finding", "owner_region", "owner_unit").order_by("deadline", "pk")


def finding_tasks(finding: Finding) -> QuerySet[Rectification]:
    """A finding's tasks with their owners and evidence counts, earliest deadline first."""
    return (
        finding.tasks.select_related("owner_region", "owner_unit", "signed_off_by")
        .annotate(evidence_count=Count("evidence"))
        .order_by("deadline", "pk")
    )


def task_evidence(task: Rectification) -> list[Any]:
    return list(task.evidence.select_related("uploaded_by").order_by("uploaded_at", "pk"))


def history(*, subject: str, obj_id: int) -> QuerySet[Change]:
    """The history rows of a finding (subject ``finding``) or a task (``rectification``),
    latest first."""
    return (
        Change.objects.filter(subject=subject, subject_id=obj_id)
        .select_related("actor")
        .order_by("-at", "-pk")
    )
