"""/api/pledges/: responsibility pledges with their targets; a unit sets its pledge of a year
(towards a region, or its superior) with targets, as on its targets page."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.db.models import QuerySet
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import serializers, status, viewsets
from rest_framework.exceptions import ValidationError
from rest_framework.request import Request
from rest_framework.response import Response

from fupin.assistance import access, selectors, services
from fupin.assistance.apis.common import (
    ID,
    UNIT,
    YEAR,
    MoneyField,
    RegionCodeField,
    UnitIdField,
    UnitTreeList,
    int_param,
    reasons_on,
    unit_writable,
)
from fupin.assistance.models import Indicator, Pledge, Unit
from fupin.core.messages import translated
from fupin.core.models import Source


class TargetSerializer(serializers.Serializer):
    indicator = serializers.CharField(source="indicator.code")
    name = serializers.CharField(source="indicator.name")
    value = serializers.DecimalField(max_digits=18, decimal_places=2)


class PledgeSerializer(serializers.ModelSerializer):
    targets = TargetSerializer(many=True, read_only=True)

    class Meta:
        model = Pledge
        fields = [
            "id",
            "unit",
            "year",
            "region",
            "parent",
            "cadre",
            "title",
            "signed_on",
            "targets",
        ]


class TargetWriteSerializer(serializers.Serializer):
    indicator = serializers.CharField(
        max_length=100, help_text="indicator code or Chinese name, one the unit may use"
    )
    value = MoneyField(help_text="counts are whole numbers")


class PledgeWriteSerializer(serializers.Serializer):
    """A unit's pledge of a year towards `region` (empty: towards its superior); the targets
    given are set, the others left as they are."""

    unit = UnitIdField()
    year = serializers.IntegerField(min_value=1949, max_value=2100)
    region = RegionCodeField(required=False, allow_blank=True, allow_null=True)
    title = serializers.CharField(max_length=200, required=False, allow_blank=True)
    signed_on = serializers.DateField(required=False, allow_null=True)
    targets = TargetWriteSerializer(many=True, required=False, max_length=200)


def targets_of(unit: Unit, rows: list[dict[str, Any]]) -> dict[Indicator, Decimal]:
    """The targets of a write body by indicator (by code or Chinese name, among those the unit
    may use), each amount as its indicator takes it; 400 naming the bad items."""
    usable: dict[str, Indicator] = {}
    for indicator in selectors.indicators_for(unit):
        usable.setdefault(indicator.code, indicator)
        usable.setdefault(indicator.name, indicator)
    values: dict[Indicator, Decimal] = {}
    seen: dict[int, int] = {}
    errors: list[dict[str, list[str]]] = [{} for _ in rows]
    for index, row in enumerate(rows):
        indicator = usable.get(row["indicator"])
        if indicator is None:
            reason = "unknown indicator (use its code or Chinese name)"
            errors[index]["indicator"] = [translated(reason)]
        elif indicator.pk in seen:
            reason = f"target already given on row {seen[indicator.pk]}"
            errors[index]["indicator"] = [translated(reason)]
        else:
            seen[indicator.pk] = index + 1  # the first item is row 1
            try:
                values[indicator] = services.amount_check(indicator, row["value"])
            except services.InvalidAmount as exc:
                errors[index]["value"] = [translated(exc.message)]
    if any(errors):
        raise ValidationError({"targets": errors})
    return values


@extend_schema_view(list=extend_schema(parameters=[UNIT, YEAR]))
class PledgeViewSet(UnitTreeList, viewsets.ReadOnlyModelViewSet):
    """Pledges with their targets: ?unit=&year=. POST sets a unit's pledge of a year with its
    targets (201 when the pledge is new, 200 when it was stored; 403 unless the caller may
    change the unit's work)."""

    serializer_class = PledgeSerializer
    lookup_value_regex = ID
    ordering = ("year", "unit__path", "id")

    def scoped(self) -> QuerySet[Pledge]:
        return access.pledges_for(self.request.user).prefetch_related("targets__indicator")

    def narrowed(self, qs: QuerySet[Pledge], params: Any) -> QuerySet[Pledge]:
        year = int_param(params, "year")
        return qs if year is None else qs.filter(year=year)

    @extend_schema(
        request=PledgeWriteSerializer, responses={200: PledgeSerializer, 201: PledgeSerializer}
    )
    def create(self, request: Request) -> Response:
        data = PledgeWriteSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        unit = unit_writable(request, values["unit"])
        targets = targets_of(unit, values.get("targets", []))
        key = {"unit": unit, "year": values["year"], "region_id": values.get("region")}
        own = self.scoped().filter(cadre__isnull=True, **key)
        stored = own.exists()
        with reasons_on("targets"):
            services.pledge_targets_save(
                source=Source.API,
                unit=unit,
                year=values["year"],
                region=values.get("region"),
                title=values.get("title", ""),
                signed_on=values.get("signed_on"),
                values=targets,
                actor=request.user,
            )
        code = status.HTTP_200_OK if stored else status.HTTP_201_CREATED
        return Response(PledgeSerializer(own.order_by("id").first()).data, status=code)
