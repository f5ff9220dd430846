"""/api/supervision/findings/: the findings the caller sees, each with its rectification
tasks, and the writes of the task page through the same services: {id}/tasks/{task}/submit/
(the owner reports it done), {id}/tasks/{task}/sign-off/ (the issuer signs it off, refused
without evidence) and {id}/tasks/{task}/reopen/ (the issuer reopens it with a reason)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.db.models import Prefetch, QuerySet
from django.utils import timezone
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.request import Request
from rest_framework.response import Response

from fupin.assistance.apis.common import ID, int_param
from fupin.core.errors import FieldInvalid, NotFound
from fupin.core.messages import translated
from fupin.core.models import Source
from fupin.supervision import finding_access, finding_selectors, findings
from fupin.supervision.enums import FindingCategory, FindingSource, TaskStatus
from fupin.supervision.models import Evidence, Finding, Rectification

FILTERS = [
    OpenApiParameter("source", str, enum=FindingSource.values),
    OpenApiParameter("category", str, enum=FindingCategory.values),
    OpenApiParameter("status", str, enum=TaskStatus.values, description="with a task so"),
    OpenApiParameter("year", int),
    OpenApiParameter("region", str, description="a region code: findings concerning it"),
    OpenApiParameter("overdue", bool, description="true: with a task overdue today"),
]


class EvidenceSerializer(serializers.ModelSerializer):
    uploaded_by = serializers.CharField(
        source="uploaded_by.get_username", read_only=True, default=""
    )
    url = serializers.SerializerMethodField()

    class Meta:
        model = Evidence
        fields = ["id", "name", "note", "uploaded_by", "uploaded_at", "url"]

    def get_url(self, evidence: Evidence) -> str:
        """The download path of the file (a page, for a logged-in user)."""
        return f"/supervision/tasks/{evidence.task_id}/evidence/{evidence.pk}"


class TaskSerializer(serializers.ModelSerializer):
    owner_unit = serializers.CharField(source="owner_unit.credit_code", default=None)
    signed_off_by = serializers.CharField(
        source="signed_off_by.get_username", read_only=True, default=None
    )
    overdue = serializers.SerializerMethodField()
    evidence = EvidenceSerializer(many=True, read_only=True)

    class Meta:
        model = Rectification
        fields = [
            "id", "owner_region", "owner_unit", "requirement", "measures", "deadline",
            "status", "submitted_on", "signed_off_on", "signed_off_by", "reopened",
            "reopen_reason", "overdue", "evidence", "version",
        ]  # fmt: skip

    def get_overdue(self, task: Rectification) -> bool:
        return finding_selectors.task_overdue(task, timezone.localdate())


class FindingSerializer(serializers.ModelSerializer):
    unit = serializers.CharField(source="unit.credit_code", default=None)
    issuer_unit = serializers.CharField(source="issuer_unit.credit_code", default=None)
    tasks = TaskSerializer(many=True, read_only=True)

    class Meta:
        model = Finding
        fields = [
            "id", "source", "found_by", "found_on", "year", "reference", "region", "unit",
            "category", "text", "issuer_region", "issuer_unit", "version", "tasks",
        ]  # fmt: skip


class SubmitSerializer(serializers.Serializer):
    on = serializers.DateField(required=False, allow_null=True, default=None)


class SignOffSerializer(serializers.Serializer):
    on = serializers.DateField(required=False, allow_null=True, default=None)


class ReopenSerializer(serializers.Serializer):
    reason = serializers.CharField(required=False, allow_blank=True, default="", max_length=4000)


def _tasks() -> Prefetch[Any]:
    return Prefetch(
        "tasks",
        queryset=Rectification.objects.select_related("owner_unit", "signed_off_by")
        .prefetch_related(Prefetch("evidence", Evidence.objects.select_related("uploaded_by")))
        .order_by("deadline", "pk"),
    )


@extend_schema_view(list=extend_schema(parameters=FILTERS))
class FindingViewSet(viewsets.ReadOnlyModelViewSet):
    """Findings (问题) the caller sees, each with its rectification tasks and their evidence:
    ?source=, ?category=, ?status= (with a task in that state), ?year=, ?region= (a region
    code), ?overdue=true. The task actions need the owner (submit) or the issuer (sign-off,
    reopen; never the owner itself)."""

    serializer_class = FindingSerializer
    lookup_value_regex = ID

    def get_queryset(self) -> QuerySet[Finding]:
        seen = finding_access.findings_for(self.request.user)
        if self.action != "list":
            return seen.select_related("unit", "issuer_unit").prefetch_related(_tasks())
        params = self.request.query_params
        region = params.get("region", "")
        if region and not (region.isascii() and region.isdigit() and len(region) <= 12):
            raise ValidationError({"region": [translated("no such region")]})
        overdue = params.get("overdue", "").lower()
        if overdue not in ("", "true", "false", "1", "0"):
            raise ValidationError({"overdue": ["true or false"]})
        filters = finding_selectors.FindingFilters(
            source=params.get("source", "")[:20],
            category=params.get("category", "")[:20],
            status=params.get("status", "")[:12],
            year=int_param(params, "year"),
            overdue=overdue in ("true", "1"),
            region=region,
        )
        return (
            finding_selectors.finding_filtered(
                findings=seen, filters=filters, today=timezone.localdate()
            )
            .select_related("unit", "issuer_unit")
            .prefetch_related(_tasks())
            .order_by("-found_on", "-pk")
        )

    def _task(self, task: str) -> Rectification:
        finding: Finding = self.get_object()
        found = next((t for t in finding.tasks.all() if t.pk == int(task)), None)
        if found is None:
            raise NotFound(f"no rectification task {task}")
        found.finding = finding
        return found

    def _shown(self, task: Rectification) -> Response:
        fresh = (
            Rectification.objects.select_related("owner_unit", "signed_off_by")
            .prefetch_related("evidence__uploaded_by")
            .get(pk=task.pk)
        )
        return Response(TaskSerializer(fresh).data, status=status.HTTP_200_OK)

    def _act(
        self, request: Request, task: str, serializer: Any, work: Callable[..., Rectification]
    ) -> Response:
        """Check the body with `serializer`, call `work(task=…, **body)` as the caller through
        the API, and answer the task as it is then (a field's refusal as a 400 on that field)."""
        found = self._task(task)
        data = serializer(data=request.data)
        data.is_valid(raise_exception=True)
        try:
            done = work(task=found, actor=request.user, via=Source.API, **data.validated_data)
        except FieldInvalid as exc:
            raise ValidationError({exc.field: [translated(exc.message)]}) from None
        return self._shown(done)

    @extend_schema(request=SubmitSerializer, responses={200: TaskSerializer})
    @action(
        detail=True,
        methods=["post"],
        url_path=rf"tasks/(?P<task>{ID})/submit",
        url_name="task-submit",
    )
    def submit(self, request: Request, pk: str, task: str) -> Response:
        """The owner reports the task done (its measures recorded first)."""
        return self._act(request, task, SubmitSerializer, findings.rectification_submit)

    @extend_schema(request=SignOffSerializer, responses={200: TaskSerializer})
    @action(
        detail=True,
        methods=["post"],
        url_path=rf"tasks/(?P<task>{ID})/sign-off",
        url_name="task-sign-off",
    )
    def sign_off(self, request: Request, pk: str, task: str) -> Response:
        """The issuer signs the task off (销号): a task reported done, with evidence."""
        return self._act(request, task, SignOffSerializer, findings.rectification_sign_off)

    @extend_schema(request=ReopenSerializer, responses={200: TaskSerializer})
    @action(
        detail=True,
        methods=["post"],
        url_path=rf"tasks/(?P<task>{ID})/reopen",
        url_name="task-reopen",
    )
    def reopen(self, request: Request, pk: str, task: str) -> Response:
        """The issuer reopens the task (重新整改) with its reason."""
        return self._act(request, task, ReopenSerializer, findings.rectification_reopen)


__all__ = ["FindingViewSet"]
