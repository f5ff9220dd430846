"""/api/units/, /api/pairings/, /api/indicators/: units in the caller's scope with a year's
summary, their pairings with regions (administrators add them) and the indicators (a unit adds
its own)."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    extend_schema,
    extend_schema_field,
    extend_schema_view,
)
from rest_framework import serializers, status, viewsets
from rest_framework.exceptions import PermissionDenied, ValidationError
from rest_framework.request import Request
from rest_framework.response import Response

from fupin.accounts.scope import scope_of
from fupin.assistance import access, selectors, services
from fupin.assistance.apis.common import (
    ID,
    UNIT,
    YEAR,
    RegionCodeField,
    UnitIdField,
    UnitTreeList,
    int_param,
    plain,
    reasons_on,
    term_check,
    unit_writable,
)
from fupin.assistance.enums import Measure, PairingKind
from fupin.assistance.models import Indicator, Pairing, Unit
from fupin.core.models import Source


class UnitSerializer(serializers.ModelSerializer):
    parent = serializers.PrimaryKeyRelatedField(read_only=True, allow_null=True)
    parent_name = serializers.CharField(source="parent.name", read_only=True, allow_null=True)

    class Meta:
        model = Unit
        fields = ["id", "credit_code", "name", "kind", "parent", "parent_name", "path", "version"]


@extend_schema_field(OpenApiTypes.OBJECT)
class SummaryField(serializers.Field):
    """`fupin units summary` of the year: per indicator code {name, unit, target, delivered,
    completion} (decimals as strings), pairings by kind, counties, cadres and grades."""

    def to_representation(self, value: Any) -> Any:
        return plain(value)


class UnitDetailSerializer(UnitSerializer):
    year = serializers.IntegerField(read_only=True)
    summary = SummaryField(read_only=True)

    class Meta(UnitSerializer.Meta):
        fields = [*UnitSerializer.Meta.fields, "year", "summary"]


class UnitViewSet(viewsets.ReadOnlyModelViewSet):
    """Units in the caller's scope, by tree path; a unit's detail carries its summary of
    `?year=` (default: this year)."""

    lookup_value_regex = ID

    def get_serializer_class(self) -> Any:
        return UnitDetailSerializer if self.action == "retrieve" else UnitSerializer

    def get_queryset(self) -> QuerySet[Unit]:
        return access.units_for(self.request.user).select_related("parent").order_by("path")

    def get_object(self) -> Unit:
        return access.unit_for(self.request.user, int(self.kwargs["pk"]))

    @extend_schema(parameters=[YEAR])
    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        unit = self.get_object()
        year = int_param(request.query_params, "year")
        if year is None:
            year = timezone.localdate().year
        if not 1949 <= year <= 2100:
            raise ValidationError({"year": ["must be between 1949 and 2100"]})
        start, end = selectors.year_period(year)
        unit.year = year
        unit.summary = selectors.unit_summary(unit, start, end)
        return Response(UnitDetailSerializer(unit).data)


# pairings ------------------------------------------------------------------------------


class PairingSerializer(serializers.ModelSerializer):
    unit_name = serializers.CharField(source="unit.name", read_only=True)
    region_name = serializers.CharField(source="region.name", read_only=True)

    class Meta:
        model = Pairing
        fields = ["id", "unit", "unit_name", "region", "region_name", "kind", "start", "end"]


class PairingWriteSerializer(serializers.Serializer):
    """A pairing of a unit with a region; the same unit, region, kind and start again sets
    the stored pairing's end."""

    unit = UnitIdField()
    region = RegionCodeField()
    kind = serializers.ChoiceField(choices=PairingKind.choices)
    start = serializers.DateField()
    end = serializers.DateField(required=False, allow_null=True, help_text="empty: in force")

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        term_check(attrs)
        return attrs


@extend_schema_view(list=extend_schema(parameters=[UNIT]))
class PairingViewSet(UnitTreeList, viewsets.ReadOnlyModelViewSet):
    """Pairings of units with regions: ?unit=. Administrators POST a pairing (201, or 200
    when it was stored already: its end is set)."""

    serializer_class = PairingSerializer
    lookup_value_regex = ID
    ordering = ("unit__path", "region_id", "start", "id")

    def scoped(self) -> QuerySet[Pairing]:
        return access.pairings_for(self.request.user).select_related("unit", "region")

    @extend_schema(
        request=PairingWriteSerializer, responses={200: PairingSerializer, 201: PairingSerializer}
    )
    def create(self, request: Request) -> Response:
        data = PairingWriteSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        unit = access.unit_for(request.user, values["unit"])
        if not scope_of(request.user).everything:
            raise PermissionDenied(gettext("只有系统管理员可以修改帮扶单位和结对关系"))
        row = {**values, "unit": unit, "end": values.get("end")}
        created, _ = services.pairings_save([row], actor=request.user, source=Source.API)
        pairing = self.scoped().get(
            unit=unit, region_id=row["region"], kind=row["kind"], start=row["start"]
        )
        code = status.HTTP_201_CREATED if created else status.HTTP_200_OK
        return Response(PairingSerializer(pairing).data, status=code)


# indicators ----------------------------------------------------------------------------


class IndicatorSerializer(serializers.ModelSerializer):
    class Meta:
        model = Indicator
        fields = ["id", "code", "name", "name_en", "measure", "unit_label", "standard", "owner"]


class IndicatorWriteSerializer(serializers.Serializer):
    unit = UnitIdField(help_text="the unit whose own indicator it is")
    code = serializers.SlugField(max_length=40)
    name = serializers.CharField(max_length=100)
    measure = serializers.ChoiceField(choices=Measure.choices)
    unit_label = serializers.CharField(max_length=20, help_text="元, 人, 吨 …")


class IndicatorViewSet(viewsets.ReadOnlyModelViewSet):
    """Indicators: the standard ones and the own indicators of the units in the caller's
    scope. POST adds a unit's own indicator (409 when the code or the name is taken)."""

    serializer_class = IndicatorSerializer
    lookup_value_regex = ID

    def get_queryset(self) -> QuerySet[Indicator]:
        return access.indicators_for(self.request.user).order_by("order", "code")

    @extend_schema(request=IndicatorWriteSerializer, responses={201: IndicatorSerializer})
    def create(self, request: Request) -> Response:
        data = IndicatorWriteSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        owner = unit_writable(request, values.pop("unit"))
        with reasons_on("code"):
            indicator = services.indicator_create(
                owner=owner, actor=request.user, source=Source.API, **values
            )
        return Response(IndicatorSerializer(indicator).data, status=status.HTTP_201_CREATED)
