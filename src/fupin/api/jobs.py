"""/api/jobs/: the caller's background jobs (administrators: all), their progress and files."""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import FileResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request

from fupin.core.access import job_for, jobs_for
from fupin.core.models import Job
from fupin.core.views import job_file_response


class JobSerializer(serializers.ModelSerializer):
    created_by = serializers.CharField(source="created_by.username", allow_null=True)
    result_file = serializers.SerializerMethodField()
    error_file = serializers.SerializerMethodField()

    class Meta:
        model = Job
        fields = [
            "id",
            "kind",
            "status",
            "stage",
            "done",
            "total",
            "message",
            "result",
            "result_file",
            "error_file",
            "created_by",
            "created_at",
            "started_at",
            "finished_at",
        ]

    def _url(self, job: Job, which: str) -> str | None:
        request = self.context.get("request")
        path = f"/api/jobs/{job.pk}/{which}/"
        return request.build_absolute_uri(path) if request else path

    def get_result_file(self, job: Job) -> str | None:
        return self._url(job, "result") if job.result_file else None

    def get_error_file(self, job: Job) -> str | None:
        return self._url(job, "errors") if job.error_file else None


class JobViewSet(viewsets.ReadOnlyModelViewSet):
    """Jobs started by the caller, newest first; poll one until `status` is done or failed."""

    serializer_class = JobSerializer
    lookup_value_regex = r"\d{1,18}"

    def get_queryset(self) -> QuerySet[Job]:
        return jobs_for(self.request.user).select_related("created_by").order_by("-id")

    def get_object(self) -> Job:
        return job_for(self.request.user, int(self.kwargs["pk"]))

    @extend_schema(responses={(200, "application/octet-stream"): OpenApiTypes.BINARY})
    @action(detail=True, methods=["get"])
    def result(self, request: Request, pk: str) -> FileResponse:
        """The job's result file (an export)."""
        return job_file_response(self.get_object(), "result")

    @extend_schema(responses={(200, "application/octet-stream"): OpenApiTypes.BINARY})
    @action(detail=True, methods=["get"])
    def errors(self, request: Request, pk: str) -> FileResponse:
        """The job's error list (an import's rows with their errors)."""
        return job_file_response(self.get_object(), "errors")
