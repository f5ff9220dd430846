"""/api/cadres/: dispatched cadres with their warnings; a unit adds and changes its cadres and
adds their work reports and awards, as on the cadre pages (attachments only there)."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.utils import timezone
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from fupin.assistance import access, selectors, services
from fupin.assistance.apis.common import (
    ID,
    UNIT,
    RegionCodeField,
    UnitIdField,
    UnitTreeList,
    reasons_on,
    service_values,
    term_check,
)
from fupin.assistance.enums import CadreGrade, CadreRole
from fupin.assistance.models import Cadre, CadreAward, CadreEvaluation, CadreReport
from fupin.core.models import Source


class CadreSerializer(serializers.ModelSerializer):
    unit_name = serializers.CharField(source="unit.name", read_only=True)

    class Meta:
        model = Cadre
        fields = ["id", "name", "unit", "unit_name", "region", "role", "post", "start", "end"]


class CadreEvaluationSerializer(serializers.ModelSerializer):
    class Meta:
        model = CadreEvaluation
        fields = ["year", "grade", "note"]
        extra_kwargs = {
            "year": {"min_value": 1949, "max_value": 2100, "validators": []},
            "grade": {"choices": CadreGrade.choices},
            "note": {"max_length": 500},
        }
        validators: list[Any] = []  # one a year: a second one replaces it


class CadreDetailSerializer(CadreSerializer):
    warnings = serializers.ListField(child=serializers.CharField(), read_only=True)
    evaluations = CadreEvaluationSerializer(
        source="evaluations_by_year", many=True, read_only=True, help_text="by year"
    )

    class Meta(CadreSerializer.Meta):
        fields = [*CadreSerializer.Meta.fields, "warnings", "evaluations"]


class CadreWriteSerializer(serializers.Serializer):
    """A cadre's particulars: all of them to add a cadre (POST), any of them to change one
    (PATCH)."""

    name = serializers.CharField(max_length=60)
    unit = UnitIdField(help_text="the dispatching unit: the caller's or one under it")
    role = serializers.ChoiceField(choices=CadreRole.choices)
    post = serializers.CharField(max_length=200, required=False, allow_blank=True)
    region = RegionCodeField(help_text="region code of the posting")
    start = serializers.DateField()
    end = serializers.DateField(required=False, allow_null=True, help_text="empty: in post")
    id_number = serializers.CharField(max_length=22, required=False, allow_blank=True)


class CadreReportSerializer(serializers.ModelSerializer):
    class Meta:
        model = CadreReport
        fields = ["id", "cadre", "date", "title", "text", "attachment"]
        read_only_fields = ["cadre", "attachment"]


class CadreAwardSerializer(serializers.ModelSerializer):
    class Meta:
        model = CadreAward
        fields = ["id", "cadre", "year", "title", "awarded_by", "date"]
        read_only_fields = ["cadre"]
        extra_kwargs = {"year": {"min_value": 1949, "max_value": 2100}}


@extend_schema_view(list=extend_schema(parameters=[UNIT]))
class CadreViewSet(UnitTreeList, viewsets.ReadOnlyModelViewSet):
    """Dispatched cadres: ?unit=; a cadre's detail carries its warnings (term, team size)
    as of today. POST adds a cadre and PATCH changes one, POST {id}/reports/ adds a work
    report and {id}/awards/ an award (403 unless the caller may change the unit's work)."""

    lookup_value_regex = ID
    ordering = ("unit__path", "start", "name", "id")

    def get_serializer_class(self) -> Any:
        if self.action in ("create", "partial_update"):
            return CadreWriteSerializer
        if self.action == "reports":
            return CadreReportSerializer
        if self.action == "awards":
            return CadreAwardSerializer
        if self.action == "evaluations":
            return CadreEvaluationSerializer
        return CadreDetailSerializer if self.action == "retrieve" else CadreSerializer

    def scoped(self) -> QuerySet[Cadre]:
        return access.cadres_for(self.request.user).select_related("unit")

    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return Response(self._shown(self.get_object()))

    @extend_schema(request=CadreWriteSerializer, responses={201: CadreDetailSerializer})
    def create(self, request: Request) -> Response:
        data = CadreWriteSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = service_values(request, data.validated_data)
        term_check(values)
        cadre = services.cadre_save(source=Source.API, values=values, actor=request.user)
        return Response(self._shown(cadre), status=status.HTTP_201_CREATED)

    @extend_schema(request=CadreWriteSerializer, responses=CadreDetailSerializer)
    def partial_update(self, request: Request, pk: str) -> Response:
        cadre = self.writable_object()
        data = CadreWriteSerializer(data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        values = service_values(request, data.validated_data)
        term_check({"start": cadre.start, "end": cadre.end, **values})
        cadre = services.cadre_save(
            source=Source.API, values=values, cadre=cadre, actor=request.user
        )
        return Response(self._shown(cadre))

    @extend_schema(request=CadreReportSerializer, responses={201: CadreReportSerializer})
    @action(detail=True, methods=["post"])
    def reports(self, request: Request, pk: str) -> Response:
        """Add a dated work report (no later than today); attachments on the cadre's page."""
        cadre = self.writable_object()
        data = CadreReportSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        with reasons_on("date"):
            report = services.cadre_report_add(
                source=Source.API, cadre=cadre, actor=request.user, **data.validated_data
            )
        return Response(CadreReportSerializer(report).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=CadreAwardSerializer, responses={201: CadreAwardSerializer})
    @action(detail=True, methods=["post"])
    def awards(self, request: Request, pk: str) -> Response:
        """Add an award of a year (its date, if given, no later than today)."""
        cadre = self.writable_object()
        data = CadreAwardSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = {"date": None, **data.validated_data}
        with reasons_on("date"):
            award = services.cadre_award_add(
                source=Source.API, cadre=cadre, actor=request.user, **values
            )
        return Response(CadreAwardSerializer(award).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        request=CadreEvaluationSerializer,
        responses={200: CadreEvaluationSerializer, 201: CadreEvaluationSerializer},
    )
    @action(detail=True, methods=["post"])
    def evaluations(self, request: Request, pk: str) -> Response:
        """Set the cadre's evaluation of a year (201 when new, 200 when it replaces one)."""
        cadre = self.writable_object()
        data = CadreEvaluationSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = {"note": "", **data.validated_data}
        stored = cadre.evaluations.filter(year=values["year"]).exists()
        with reasons_on("grade"):
            evaluation = services.cadre_evaluation_set(
                source=Source.API, cadre=cadre, actor=request.user, **values
            )
        code = status.HTTP_200_OK if stored else status.HTTP_201_CREATED
        return Response(CadreEvaluationSerializer(evaluation).data, status=code)

    def _shown(self, cadre: Cadre) -> Any:
        cadre.warnings = selectors.cadre_warnings(cadre, as_of=timezone.localdate())
        cadre.evaluations_by_year = list(cadre.evaluations.order_by("year"))
        return CadreDetailSerializer(cadre).data
