"""/api/projects/: assistance projects; a unit adds and changes its projects, moves them on
through their lifecycle and changes their beneficiaries, as on the project pages."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.request import Request
from rest_framework.response import Response

from fupin.assistance import access, selectors, services
from fupin.assistance.apis.common import (
    ID,
    UNIT,
    MoneyField,
    RegionCodeField,
    UnitIdField,
    UnitTreeList,
    reasons_on,
    service_values,
)
from fupin.assistance.enums import ProjectKind, ProjectStatus
from fupin.assistance.models import Project
from fupin.core.models import Source

MAX_NUMBERS = 10_000  # households in one change of a project's beneficiaries


class ProjectSerializer(serializers.ModelSerializer):
    class Meta:
        model = Project
        exclude = ["beneficiaries"]


class ProjectWriteSerializer(serializers.Serializer):
    """A project's particulars: code to budget to add a project (POST, status planned), any
    of them to change one (PATCH); the status moves only through advance/."""

    code = serializers.RegexField(r"^[\w.\-/]+$", max_length=40)
    name = serializers.CharField(max_length=200)
    kind = serializers.ChoiceField(choices=ProjectKind.choices)
    unit = UnitIdField(help_text="the caller's unit or one under it")
    region = RegionCodeField(help_text="region code where it is carried out")
    budget = MoneyField(help_text="yuan")
    planned_end = serializers.DateField(required=False, allow_null=True)
    notice_start = serializers.DateField(required=False, allow_null=True)
    notice_days = serializers.IntegerField(min_value=1, max_value=90, required=False)
    jobs_created = serializers.IntegerField(min_value=0, max_value=2**31 - 1, required=False)
    income_per_year = MoneyField(required=False, help_text="yuan a year")


class ProjectAdvanceSerializer(serializers.Serializer):
    status = serializers.ChoiceField(choices=ProjectStatus.choices, help_text="a later stage")
    on = serializers.DateField(help_text="no later than today")


class BeneficiariesSerializer(serializers.Serializer):
    add = serializers.ListField(
        child=serializers.CharField(max_length=40),
        required=False,
        max_length=MAX_NUMBERS,
        help_text="household numbers (户编号) registered in the project's region",
    )
    remove = serializers.ListField(
        child=serializers.CharField(max_length=40), required=False, max_length=MAX_NUMBERS
    )


class BeneficiariesChangedSerializer(serializers.Serializer):
    added = serializers.IntegerField()
    removed = serializers.IntegerField()
    beneficiaries = serializers.ListField(child=serializers.CharField())


@extend_schema_view(
    list=extend_schema(
        parameters=[UNIT, OpenApiParameter("status", str, enum=ProjectStatus.values)]
    )
)
class ProjectViewSet(UnitTreeList, viewsets.ReadOnlyModelViewSet):
    """Assistance projects: ?unit=&status=. POST adds a project and PATCH changes one (409
    for a code another project has), POST {id}/advance/ moves it on, POST
    {id}/beneficiaries/ adds and removes beneficiary households (403 unless the caller may
    change the unit's work)."""

    serializer_class = ProjectSerializer
    lookup_value_regex = ID
    ordering = ("code",)

    def scoped(self) -> QuerySet[Project]:
        return access.projects_for(self.request.user)

    def narrowed(self, qs: QuerySet[Project], params: Any) -> QuerySet[Project]:
        if params.get("status") in ProjectStatus.values:
            qs = qs.filter(status=params["status"])
        return qs

    def get_serializer_class(self) -> Any:
        return {
            "create": ProjectWriteSerializer,
            "partial_update": ProjectWriteSerializer,
            "advance": ProjectAdvanceSerializer,
            "beneficiaries": BeneficiariesSerializer,
        }.get(self.action or "", ProjectSerializer)

    @extend_schema(request=ProjectWriteSerializer, responses={201: ProjectSerializer})
    def create(self, request: Request) -> Response:
        data = ProjectWriteSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = service_values(request, data.validated_data)
        project = self._saved(values, None)
        return Response(ProjectSerializer(project).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=ProjectWriteSerializer, responses=ProjectSerializer)
    def partial_update(self, request: Request, pk: str) -> Response:
        project = self.writable_object()
        data = ProjectWriteSerializer(data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        values = service_values(request, data.validated_data)
        project = self._saved(values, project)
        return Response(ProjectSerializer(project).data)

    @extend_schema(request=ProjectAdvanceSerializer, responses=ProjectSerializer)
    @action(detail=True, methods=["post"])
    def advance(self, request: Request, pk: str) -> Response:
        """Move the project on to a later stage on a date (approval once its public notice
        has run)."""
        project = self.writable_object()
        data = ProjectAdvanceSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        with reasons_on("on"):
            services.date_check(values["on"])
        with reasons_on("status"):
            project = services.project_advance(
                source=Source.API,
                project=project,
                status=values["status"],
                on=values["on"],
                actor=request.user,
            )
        return Response(ProjectSerializer(project).data)

    @extend_schema(request=BeneficiariesSerializer, responses=BeneficiariesChangedSerializer)
    @action(detail=True, methods=["post"])
    def beneficiaries(self, request: Request, pk: str) -> Response:
        """Add households of the registry registered in the project's region (400 naming
        those that are not) and remove beneficiaries."""
        project = self.writable_object()
        data = BeneficiariesSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        add = list(dict.fromkeys(data.validated_data.get("add", [])))
        remove = list(dict.fromkeys(data.validated_data.get("remove", [])))
        found, missing = (
            selectors.households_in_region(
                add, project.region_id, selectors.paired_regions(project.unit)
            )
            if add
            else ([], [])
        )
        if missing:
            reason = gettext("以下户编号不在项目实施地（%(region)s）的建档立卡户中：%(numbers)s")
            shown = {"region": project.region.name, "numbers": "、".join(missing)}
            raise ValidationError({"add": [reason % shown]})
        gone = list(project.beneficiaries.filter(number__in=remove)) if remove else []
        added, removed = services.project_beneficiaries_change(
            source=Source.API, project=project, add=found, remove=gone, actor=request.user
        )
        numbers = project.beneficiaries.order_by("number").values_list("number", flat=True)
        body = {"added": added, "removed": removed, "beneficiaries": list(numbers)}
        return Response(BeneficiariesChangedSerializer(body).data)

    def _saved(self, values: dict[str, Any], project: Project | None) -> Project:
        with reasons_on("budget"):
            return services.project_save(
                values=values, project=project, actor=self.request.user, source=Source.API
            )
