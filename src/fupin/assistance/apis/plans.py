"""/api/plans/: a unit's multi-year plans with their yearly amounts; a unit adds a plan and sets
its amounts, as on its targets page."""

from __future__ import annotations

from typing import Any

from django.db.models import Prefetch, QuerySet
from drf_spectacular.utils import extend_schema, extend_schema_view
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
    unit_writable,
)
from fupin.assistance.models import Indicator, Plan, PlanAmount, Unit
from fupin.core.messages import translated
from fupin.core.models import Source

YEARS = {"min_value": 1949, "max_value": 2100}


class PlanAmountSerializer(serializers.Serializer):
    year = serializers.IntegerField()
    indicator = serializers.CharField(source="indicator.code")
    value = serializers.DecimalField(max_digits=18, decimal_places=2)


class PlanSerializer(serializers.ModelSerializer):
    amounts = PlanAmountSerializer(many=True, read_only=True)

    class Meta:
        model = Plan
        fields = ["id", "unit", "region", "title", "first_year", "last_year", "amounts"]


class PlanWriteSerializer(serializers.Serializer):
    unit = UnitIdField(help_text="the caller's unit or one under it")
    title = serializers.CharField(max_length=200)
    region = RegionCodeField(required=False, allow_blank=True, allow_null=True)
    first_year = serializers.IntegerField(**YEARS)
    last_year = serializers.IntegerField(**YEARS)


class PlanAmountWriteSerializer(serializers.Serializer):
    year = serializers.IntegerField(**YEARS, help_text="one of the plan's years")
    indicator = serializers.CharField(
        max_length=100, help_text="indicator code or Chinese name, one the unit may use"
    )
    value = MoneyField(help_text="counts are whole numbers")


def indicator_of(unit: Unit, name: str) -> Indicator:
    """The indicator by code or Chinese name among those the unit may use; 400 otherwise."""
    for indicator in selectors.indicators_for(unit):
        if name in (indicator.code, indicator.name):
            return indicator
    reason = "unknown indicator (use its code or Chinese name)"
    raise ValidationError({"indicator": [translated(reason)]})


def amounts_in_order() -> Prefetch:
    return Prefetch(
        "amounts",
        queryset=PlanAmount.objects.select_related("indicator").order_by(
            "year", "indicator__order", "indicator__code"
        ),
    )


@extend_schema_view(list=extend_schema(parameters=[UNIT]))
class PlanViewSet(UnitTreeList, viewsets.ReadOnlyModelViewSet):
    """Multi-year plans with their yearly amounts: ?unit=. POST adds a plan and POST
    {id}/amounts/ sets one amount of an indicator in one of its years (201 when new, 200 when
    it replaces one; 403 unless the caller may change the unit's work)."""

    serializer_class = PlanSerializer
    lookup_value_regex = ID
    ordering = ("unit__path", "-first_year", "id")

    def scoped(self) -> QuerySet[Plan]:
        return access.plans_for(self.request.user).prefetch_related(amounts_in_order())

    def get_serializer_class(self) -> Any:
        return {
            "create": PlanWriteSerializer,
            "amounts": PlanAmountWriteSerializer,
        }.get(self.action or "", PlanSerializer)

    def _shown(self, pk: int) -> Any:
        return PlanSerializer(self.scoped().get(pk=pk)).data

    @extend_schema(request=PlanWriteSerializer, responses={201: PlanSerializer})
    def create(self, request: Request) -> Response:
        data = PlanWriteSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        values["unit"] = unit_writable(request, values["unit"])
        values["region"] = values.get("region") or None
        with reasons_on("last_year"):
            plan = services.plan_create(source=Source.API, actor=request.user, **values)
        return Response(self._shown(plan.pk), status=status.HTTP_201_CREATED)

    @extend_schema(
        request=PlanAmountWriteSerializer, responses={200: PlanSerializer, 201: PlanSerializer}
    )
    @action(detail=True, methods=["post"])
    def amounts(self, request: Request, pk: str) -> Response:
        """Set the plan's amount of an indicator in a year; answers the plan."""
        plan = self.writable_object()
        data = PlanAmountWriteSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        year = values["year"]
        if not plan.first_year <= year <= plan.last_year:
            reason = (
                f"must be at least {plan.first_year}"
                if year < plan.first_year
                else f"must be at most {plan.last_year}"
            )
            raise ValidationError({"year": [translated(reason)]})
        indicator = indicator_of(plan.unit, values["indicator"])
        with reasons_on("value"):
            amount = services.amount_check(indicator, values["value"])
        stored = plan.amounts.filter(year=year, indicator=indicator).exists()
        with reasons_on("value"):
            services.plan_amount_set(
                source=Source.API,
                plan=plan,
                year=year,
                indicator=indicator,
                value=amount,
                actor=request.user,
            )
        code = status.HTTP_200_OK if stored else status.HTTP_201_CREATED
        return Response(self._shown(plan.pk), status=code)
