"""The work-report page: choose a unit or a region the user may see, then the period,
language, format and typical cases; the report is queued as a job and the user is sent to
its page. The user's recent work-report jobs are listed with their downloads."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from fupin.core.access import jobs_for
from fupin.core.reach import reach
from fupin.reports.annual import access
from fupin.reports.annual.forms import SubjectForm, work_report_form, work_report_queue
from fupin.reports.annual.jobs import KIND

RECENT = 20


def _subject(request: HttpRequest, data: Any) -> tuple[SubjectForm, Any, Any]:
    """The subject form and the unit or region it names (404 when out of the user's reach)."""
    form = SubjectForm(
        data if (data.get("unit") or data.get("region")) else None,
        units=list(access.report_units(request.user)),
        regions=access.report_regions(request.user),
    )
    unit, region = reach(
        lambda: access.report_subject_for(
            request.user, unit=data.get("unit"), region=data.get("region")
        )
    )
    return form, unit, region


@login_required
def work_page(request: HttpRequest) -> HttpResponse:
    data = request.POST if request.method == "POST" else request.GET
    subject_form, unit, region = _subject(request, data)
    report_form = None
    if unit is not None or region is not None:
        report_form = work_report_form(
            request.POST if request.method == "POST" else None,
            user=request.user,
            unit=unit,
            region=region,
        )
        if request.method == "POST" and report_form.is_valid():
            job = reach(
                lambda: work_report_queue(report_form, unit=unit, region=region, actor=request.user)
            )
            if job is not None:
                return redirect("job-detail", pk=job.pk)
    jobs = jobs_for(request.user).filter(kind=KIND, created_by=request.user).order_by("-id")
    return render(
        request,
        "reports/work_report.html",
        {
            "subject_form": subject_form,
            "report_form": report_form,
            "unit": unit,
            "region": region,
            "jobs": jobs[:RECENT],
        },
    )
