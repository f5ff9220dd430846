"""The work-report page: choose a unit or a region the user may see, then the period,
language, format and typical cases; the report is queued as a job and the user is sent to
its page. The user's recent work-report jobs are listed with their downloads."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from fupin.core.access import jobs_for
from fupin.core.errors import InvalidInput, NotFound
from fupin.core.messages import translated
from fupin.core.reach import reach
from fupin.reports.annual import access
from fupin.reports.annual.compose import cases_offered
from fupin.reports.annual.forms import SubjectForm, WorkReportForm
from fupin.reports.annual.jobs import KIND, work_report_enqueue
from fupin.reports.cases.access import cases_for

RECENT = 20


def _subject(request: HttpRequest, data: Any) -> tuple[SubjectForm, Any, Any]:
    """The subject form and the unit or region it names (404 when out of the user's reach)."""
    form = SubjectForm(
        data if (data.get("unit") or data.get("region")) else None,
        units=list(access.report_units(request.user)),
        regions=access.report_regions(request.user),
    )
    unit = region = None
    if data.get("unit"):
        raw = str(data["unit"])
        unit = reach(lambda: access.report_unit_for(request.user, int(raw) if raw.isdigit() else 0))
    elif data.get("region"):
        region = reach(lambda: access.report_region_for(request.user, str(data["region"])))
    return form, unit, region


@login_required
def work_page(request: HttpRequest) -> HttpResponse:
    data = request.POST if request.method == "POST" else request.GET
    subject_form, unit, region = _subject(request, data)
    report_form = None
    if unit is not None or region is not None:
        offered = cases_offered(unit=unit, region=region) & cases_for(request.user)
        report_form = WorkReportForm(
            request.POST if request.method == "POST" else None, cases=list(offered)
        )
        if request.method == "POST" and report_form.is_valid():
            values = report_form.cleaned_data
            try:
                job = work_report_enqueue(
                    unit=unit.pk if unit is not None else None,
                    region=region.code if region is not None else None,
                    start=values["start"],
                    end=values["end"],
                    language=values["language"],
                    fmt=values["fmt"],
                    cases=values["cases"],
                    actor=request.user,
                )
            except NotFound as exc:
                raise Http404(exc.message) from None
            except InvalidInput as exc:
                report_form.add_error(None, translated(exc.message))
            else:
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
