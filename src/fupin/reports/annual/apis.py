"""/api/reports/work/: the work reports as the page makes them. POST asks for the report of a
unit or a region the caller may see and answers 202 with the queued job (poll it at its
`url`, /api/jobs/{id}/, and download its file from its `result_file` when done); GET lists
the caller's work-report jobs, newest first. The body is checked by the page's own form and
access functions, so a refusal is the page's: 404 for a subject out of reach, 400 naming the
field otherwise, and nothing queued."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext, gettext_lazy
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.exceptions import ValidationError
from rest_framework.request import Request
from rest_framework.response import Response

from fupin.api.jobs import JobSerializer
from fupin.core.access import jobs_for
from fupin.core.identifiers import ascii_digits
from fupin.core.messages import translated
from fupin.core.models import Job
from fupin.reports.annual import access
from fupin.reports.annual.forms import LANGUAGE_CHOICES, work_report_form, work_report_queue
from fupin.reports.annual.jobs import KIND
from fupin.reports.enums import ReportFormat

#: the body's names of the form's fields where they differ
BODY_NAMES = {"fmt": "format", "__all__": "non_field_errors"}
YEARS = (1949, 2100)


class WorkReportRequestSerializer(serializers.Serializer):
    """A report of `unit` or of `region` (one of them) for `start`–`end` or the whole
    `year`, in `language` and `format`, with the typical cases `cases` (ids of the subject's
    cases the caller sees). Documents the body; the page's form checks it."""

    unit = serializers.IntegerField(required=False, help_text="a unit id (or give region)")
    region = serializers.CharField(required=False, help_text="a region code (or give unit)")
    start = serializers.DateField(required=False, help_text="first day (or give year)")
    end = serializers.DateField(required=False, help_text="last day (or give year)")
    year = serializers.IntegerField(required=False, help_text="instead of start and end")
    language = serializers.ChoiceField(choices=[c[0] for c in LANGUAGE_CHOICES])
    format = serializers.ChoiceField(choices=ReportFormat.values)
    cases = serializers.ListField(child=serializers.IntegerField(), required=False)


class WorkReportJobSerializer(JobSerializer):
    url = serializers.SerializerMethodField()

    class Meta(JobSerializer.Meta):
        fields = ["id", "url", *JobSerializer.Meta.fields[1:], "params"]

    def get_url(self, job: Job) -> str:
        """The job in the API, to poll until its status is done or failed."""
        request = self.context.get("request")
        path = f"/api/jobs/{job.pk}/"
        return request.build_absolute_uri(path) if request else path


def _refused(field: str, message: Any) -> ValidationError:
    return ValidationError({field: [translated(str(message))]})


def _text(body: dict[str, Any], name: str) -> str:
    """A scalar of the body as the form's text (a list or an object is no value)."""
    value = body.get(name)
    if value is None:
        return ""
    if isinstance(value, list | dict | bool):
        raise _refused(name, gettext_lazy("值无效"))
    return str(value)


def _period(body: dict[str, Any]) -> tuple[str, str, bool]:
    """start and end as given, or those of `year`; whether they came from the year."""
    if body.get("year") in (None, ""):
        return _text(body, "start"), _text(body, "end"), False
    if body.get("start") not in (None, "") or body.get("end") not in (None, ""):
        raise _refused("year", gettext_lazy("请给出年度，或者开始日期和结束日期，不要同时给出"))
    raw = _text(body, "year")
    if not ascii_digits(raw, max_length=4) or not YEARS[0] <= int(raw) <= YEARS[1]:
        reason = gettext("年度应在 %(low)s 至 %(high)s 之间")
        raise _refused("year", reason % {"low": YEARS[0], "high": YEARS[1]})
    return f"{raw}-01-01", f"{raw}-12-31", True


def _subject(request: Request, body: dict[str, Any]) -> tuple[Any, Any]:
    """The unit or the region of the body: 400 unless exactly one is given, 404 when the
    caller does not see it."""
    unit, region = body.get("unit"), body.get("region")
    if (unit in (None, "")) == (region in (None, "")):
        raise _refused("unit", gettext_lazy("请选择一个单位或一个地区（二者选一）"))
    if unit not in (None, "") and not (
        isinstance(unit, int | str) and not isinstance(unit, bool) and ascii_digits(str(unit))
    ):
        raise _refused("unit", "not a whole number")
    if region not in (None, "") and not isinstance(region, str):
        raise _refused("region", gettext_lazy("值无效"))
    return access.report_subject_for(request.user, unit=unit, region=region)


def _form_data(body: dict[str, Any]) -> tuple[dict[str, Any], bool]:
    start, end, from_year = _period(body)
    cases = body.get("cases") or []
    if not isinstance(cases, list) or any(isinstance(c, list | dict | bool) for c in cases):
        raise _refused("cases", gettext_lazy("应为典型案例编号的列表"))
    data = {
        "start": start,
        "end": end,
        "language": _text(body, "language"),
        "fmt": _text(body, "format"),
        "cases": [str(c) for c in cases],
    }
    return data, from_year


def _errors(form: Any, from_year: bool) -> dict[str, list[str]]:
    fields: dict[str, list[str]] = {}
    for name, errors in form.errors.items():
        shown = "year" if from_year and name in ("start", "end") else BODY_NAMES.get(name, name)
        fields.setdefault(shown, []).extend(str(e) for e in errors)
    return fields


def _body(request: Request) -> dict[str, Any]:
    """The JSON object (or the form fields, `cases` repeated) of the request."""
    data = request.data
    if hasattr(data, "getlist"):
        return {**data.dict(), "cases": data.getlist("cases")}
    if not isinstance(data, dict):
        raise ValidationError({"non_field_errors": [translated("not a JSON object")]})
    return data


class WorkReportViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    """Work reports (工作报告) of a unit or a region: POST queues one (202 with its job),
    GET lists the caller's work-report jobs, newest first."""

    serializer_class = WorkReportJobSerializer

    def get_queryset(self) -> QuerySet[Job]:
        user = self.request.user
        mine = jobs_for(user).filter(kind=KIND, created_by=user)
        return mine.select_related("created_by").order_by("-id")

    @extend_schema(
        request=WorkReportRequestSerializer,
        responses={202: WorkReportJobSerializer, 400: None, 404: None},
    )
    def create(self, request: Request) -> Response:
        body = _body(request)
        unit, region = _subject(request, body)
        data, from_year = _form_data(body)
        form = work_report_form(data, user=request.user, unit=unit, region=region)
        job = None
        if form.is_valid():
            job = work_report_queue(form, unit=unit, region=region, actor=request.user)
        if job is None:
            raise ValidationError(_errors(form, from_year))
        answer = WorkReportJobSerializer(job, context={"request": request}).data
        headers = {"Location": answer["url"]}
        return Response(answer, status=status.HTTP_202_ACCEPTED, headers=headers)


__all__ = ["WorkReportViewSet"]
