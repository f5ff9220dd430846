"""Job pages: the list of the user's jobs, one job with its progress, its files."""

from __future__ import annotations

from pathlib import Path

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from fupin.core.access import job_for, jobs_for
from fupin.core.models import Job
from fupin.core.reach import reach


def _job(request: HttpRequest, pk: int) -> Job:
    return reach(lambda: job_for(request.user, pk))


@login_required
def job_list_page(request: HttpRequest) -> HttpResponse:
    jobs = jobs_for(request.user).select_related("created_by").order_by("-id")[:100]
    return render(request, "core/job_list.html", {"jobs": jobs})


@login_required
def job_page(request: HttpRequest, pk: int) -> HttpResponse:
    return render(request, "core/job.html", {"job": _job(request, pk)})


@login_required
def job_file(request: HttpRequest, pk: int, which: str) -> FileResponse:
    return job_file_response(_job(request, pk), which)


def job_file_response(job: Job, which: str) -> FileResponse:
    """A job's result ("result") or error ("errors") file as a download."""
    name = job.result_file if which == "result" else job.error_file
    if not name or not Path(name).exists():
        raise Http404("no such file")
    return FileResponse(Path(name).open("rb"), as_attachment=True, filename=Path(name).name)
