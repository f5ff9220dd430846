"""The one way a request reaches jobs: a user sees the jobs they started (administrators all)."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from fupin.accounts.scope import scope_of
from fupin.core.errors import NotFound
from fupin.core.models import Job


def jobs_for(user: Any) -> QuerySet[Job]:
    if scope_of(user).everything:
        return Job.objects.all()
    if not user.is_authenticated:
        return Job.objects.none()
    return Job.objects.filter(created_by=user)


def job_for(user: Any, pk: int) -> Job:
    job = jobs_for(user).filter(pk=pk).first()
    if job is None:
        raise NotFound(f"no job {pk}")
    return job
