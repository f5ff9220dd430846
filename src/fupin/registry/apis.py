"""/api/households/, /api/members/, /api/results/, /api/region-results/: the registry and
its stored evaluations within the caller's scope, and the survey update."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied, ValidationError
from rest_framework.request import Request
from rest_framework.response import Response

from fupin.accounts.scope import scope_of
from fupin.api.jobs import JobSerializer
from fupin.api.parsers import MultiPartParser
from fupin.core.errors import RowErrors
from fupin.core.identifiers import ascii_digits, mask_id_number
from fupin.core.models import Source
from fupin.registry import access, layout
from fupin.registry.editing import HOUSEHOLD_KEYS, MEMBER_KEYS, error_places, household_save
from fupin.registry.enums import Attribute, Cause, Status
from fupin.registry.jobs import import_enqueue
from fupin.registry.models import Household, HouseholdResult, Member, RegionResult, Survey
from fupin.registry.selectors import HouseholdFilters, household_history, household_list
from fupin.registry.services import survey_update


class MaskedIdField(serializers.CharField):
    """An ID number, masked unless the caller's role may see it."""

    def to_representation(self, value: Any) -> str:
        request = self.context.get("request")
        if not value or (request and access.may_see_id_numbers(request.user)):
            return str(value or "")
        return mask_id_number(str(value))


class MemberSerializer(serializers.ModelSerializer):
    id_number = MaskedIdField()
    household = serializers.CharField(source="household.number")

    class Meta:
        model = Member
        fields = [
            "household",
            "id_number",
            "name",
            "relation",
            "sex",
            "birth_date",
            "ethnicity",
            "education",
            "student_status",
            "health",
            "labour_skill",
            "work_months",
            "on_dibao",
        ]


class SurveySerializer(serializers.ModelSerializer):
    class Meta:
        model = Survey
        fields = ["year", *(f.key for f in layout.SURVEY_FIELDS)]


class HouseholdSerializer(serializers.ModelSerializer):
    village = serializers.CharField(source="village_id")
    head_name = serializers.CharField(read_only=True, allow_null=True)
    member_count = serializers.IntegerField(read_only=True, allow_null=True)
    status = serializers.CharField(read_only=True, allow_null=True)

    class Meta:
        model = Household
        fields = [
            "number",
            "village",
            "attribute",
            "main_cause",
            "registered_year",
            "exit_year",
            "head_name",
            "member_count",
            "status",
            "version",
        ]


class HouseholdDetailSerializer(serializers.ModelSerializer):
    village = serializers.CharField(source="village_id")
    members = MemberSerializer(many=True, read_only=True)
    surveys = SurveySerializer(many=True, read_only=True)

    class Meta:
        model = Household
        exclude = ["id", "helper_id_number", "created_at"]


class SurveyUpdateSerializer(SurveySerializer):
    version = serializers.IntegerField(min_value=1, help_text="the household version you read")
    business_expense = serializers.DecimalField(max_digits=14, decimal_places=2, min_value=0)

    class Meta(SurveySerializer.Meta):
        fields = [f for f in SurveySerializer.Meta.fields if f != "year"] + ["version"]
        extra_kwargs = {
            "dibao_payment": {"min_value": 0},
            "destitute_payment": {"min_value": 0},
            "claim_income": {"min_value": 0},
            "compliant_expense": {"min_value": 0},
        }


def _layout_field(key: str) -> serializers.Field:
    """A write field for a layout column. Values are checked by the import's validation
    (`household_save`); the serializer only documents and shapes them."""
    f = layout.BY_KEY[key]
    common: dict[str, Any] = {"required": f.required, "help_text": f.title}
    if f.kind == "flag":
        return serializers.BooleanField(allow_null=True, **common)
    if f.kind == "choice":
        return serializers.ChoiceField(
            choices=f.enum.choices, allow_blank=True, allow_null=True, **common
        )
    if f.kind == "choices":
        return serializers.ListField(
            child=serializers.ChoiceField(choices=f.enum.choices), **common
        )
    return serializers.CharField(allow_blank=True, allow_null=True, max_length=200, **common)


class MemberWriteSerializer(serializers.Serializer):
    def get_fields(self) -> dict[str, serializers.Field]:
        return {key: _layout_field(key) for key in MEMBER_KEYS}


class HouseholdWriteSerializer(serializers.Serializer):
    """A household with all its members: what POST creates and PUT replaces (surveys are
    written per year at surveys/{year}/)."""

    number = serializers.CharField(max_length=40, required=False, help_text="户编号 (POST)")
    version = serializers.IntegerField(
        min_value=1, required=False, help_text="the household version you read (PUT)"
    )
    members = MemberWriteSerializer(many=True)

    def get_fields(self) -> dict[str, serializers.Field]:
        fields = super().get_fields()
        for key in HOUSEHOLD_KEYS:
            fields[key] = _layout_field(key)
        fields["village_code"].required = True
        return fields


def _invalid(exc: RowErrors) -> ValidationError:
    """The errors of `household_save` by field: `village_code`, `members.0.id_number`, …"""
    fields: dict[str, list[str]] = {}
    for key, index, message in error_places(exc.errors):
        name = key or "non_field_errors"
        if index is not None:
            name = f"members.{index}.{key}"
        fields.setdefault(name, []).append(message)
    return ValidationError(fields)


class ImportSerializer(serializers.Serializer):
    file = serializers.FileField(help_text="xlsx or csv, one row per member")
    year = serializers.IntegerField(
        required=False,
        allow_null=True,
        min_value=1949,
        max_value=2100,
        help_text="survey year of rows without a 年度 column",
    )
    mode = serializers.ChoiceField(choices=["strict", "skip-invalid"], default="strict")


class HistorySerializer(serializers.Serializer):
    at = serializers.DateTimeField()
    actor = serializers.CharField()
    source = serializers.CharField()
    lines = serializers.ListField(child=serializers.CharField())


FILTERS = [
    OpenApiParameter("region", str, description="region code: households of its villages"),
    OpenApiParameter("year", int, description="year of `status` (default: latest evaluated)"),
    OpenApiParameter("status", str, enum=Status.values),
    OpenApiParameter("attribute", str, enum=Attribute.values),
    OpenApiParameter("cause", str, enum=Cause.values),
    OpenApiParameter("q", str, description="start of the number, or part of a member's name"),
]


class HouseholdViewSet(viewsets.ReadOnlyModelViewSet):
    """Households in the caller's scope, looked up by 户编号. POST creates a household with
    its members, PUT replaces its fields and members (409 when `version` is not the stored
    one), both checked as an import is."""

    lookup_field = "number"
    lookup_value_regex = r"[^/]{1,40}"

    def get_serializer_class(self) -> Any:
        if self.action == "retrieve":
            return HouseholdDetailSerializer
        if self.action == "survey":
            return SurveyUpdateSerializer
        if self.action in ("create", "update"):
            return HouseholdWriteSerializer
        return HouseholdSerializer

    @extend_schema(request=HouseholdWriteSerializer, responses={201: HouseholdDetailSerializer})
    def create(self, request: Request) -> Response:
        if not scope_of(request.user).can_edit_registry:
            raise PermissionDenied("your role may not change the registry")
        data = HouseholdWriteSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        if not data.validated_data.get("number"):
            raise ValidationError({"number": ["required when creating a household"]})
        household = self._save(request, data.validated_data, creating=True)
        return Response(self._detail(request, household), status=status.HTTP_201_CREATED)

    @extend_schema(request=HouseholdWriteSerializer, responses=HouseholdDetailSerializer)
    def update(self, request: Request, number: str) -> Response:
        try:
            household = access.household_for(request.user, number, write=True)
        except access.NotAllowed as exc:
            raise PermissionDenied(exc.message) from None
        data = HouseholdWriteSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        if not data.validated_data.get("version"):
            raise ValidationError({"version": ["required when changing a household"]})
        values = {**data.validated_data, "number": household.number}
        household = self._save(request, values, creating=False)
        return Response(self._detail(request, household))

    @extend_schema(
        request={"multipart/form-data": ImportSerializer}, responses={202: JobSerializer}
    )
    @action(detail=False, methods=["post"], url_path="import", parser_classes=[MultiPartParser])
    def registry_import(self, request: Request) -> Response:
        """Upload a registry file (xlsx/csv, one row per member); a background job validates
        and imports it. Poll the returned job at /api/jobs/{id}/; its errors file lists
        every bad row."""
        if not scope_of(request.user).can_edit_registry:
            raise PermissionDenied("your role may not change the registry")
        data = ImportSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        job = import_enqueue(
            upload=values["file"],
            year=values.get("year"),
            mode=values["mode"],
            actor=request.user,
        )
        body = JobSerializer(job, context={"request": request}).data
        return Response(body, status=status.HTTP_202_ACCEPTED)

    @extend_schema(responses=HistorySerializer(many=True))
    @action(detail=True, methods=["get"])
    def history(self, request: Request, number: str) -> Response:
        """Who changed what and when, newest first: each change's fields, before and after."""
        household = access.household_for(request.user, number)
        entries = household_history(household=household, limit=500)
        return Response(HistorySerializer(entries, many=True).data)

    def _save(self, request: Request, values: dict[str, Any], *, creating: bool) -> Household:
        try:
            return household_save(
                number=values["number"],
                values={k: values.get(k) for k in HOUSEHOLD_KEYS},
                members=values["members"],
                expected_version=None if creating else values["version"],
                actor=request.user,
                scope=scope_of(request.user),
                source=Source.API,
            )
        except RowErrors as exc:
            raise _invalid(exc) from None

    def _detail(self, request: Request, household: Household) -> Any:
        fresh = Household.objects.prefetch_related("members", "surveys").get(pk=household.pk)
        return HouseholdDetailSerializer(fresh, context={"request": request}).data

    def get_queryset(self) -> QuerySet[Household]:
        params = self.request.query_params
        year = params.get("year", "")
        filters = HouseholdFilters(
            region=ascii_digits(params.get("region"), max_length=12) or "",
            status=params.get("status", "") if params.get("status") in Status.values else "",
            attribute=params.get("attribute", "")
            if params.get("attribute") in Attribute.values
            else "",
            cause=params.get("cause", "") if params.get("cause") in Cause.values else "",
            q=params.get("q", "")[:40],
            year=int(year) if ascii_digits(year, max_length=4) else None,
        )
        return household_list(households=access.households_for(self.request.user), filters=filters)

    @extend_schema(parameters=FILTERS)
    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().list(request, *args, **kwargs)

    def get_object(self) -> Household:
        household = access.household_for(self.request.user, self.kwargs["number"])
        return Household.objects.prefetch_related("members", "surveys").get(pk=household.pk)

    @extend_schema(request=SurveyUpdateSerializer, responses=HouseholdDetailSerializer)
    @action(detail=True, methods=["put"], url_path=r"surveys/(?P<year>\d{4})")
    def survey(self, request: Request, number: str, year: str) -> Response:
        """Set the household's survey of a year; 409 when `version` is not the stored one."""
        try:
            household = access.household_for(request.user, number, write=True)
        except access.NotAllowed as exc:
            raise PermissionDenied(exc.message) from None
        data = SurveyUpdateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        version = values.pop("version")
        survey_update(
            household=household,
            year=int(year),
            values=values,
            expected_version=version,
            actor=request.user,
            source=Source.API,
        )
        fresh = Household.objects.prefetch_related("members", "surveys").get(pk=household.pk)
        return Response(HouseholdDetailSerializer(fresh, context={"request": request}).data)


class ResultSerializer(serializers.ModelSerializer):
    household = serializers.CharField(source="household.number")

    class Meta:
        model = HouseholdResult
        exclude = ["id"]


class ResultViewSet(viewsets.ReadOnlyModelViewSet):
    """Stored household evaluations: ?year=&status=&household=."""

    serializer_class = ResultSerializer

    def get_queryset(self) -> QuerySet[HouseholdResult]:
        qs = access.household_results_for(self.request.user).select_related("household")
        params = self.request.query_params
        if ascii_digits(params.get("year"), max_length=4):
            qs = qs.filter(year=int(params["year"]))
        if params.get("status") in Status.values:
            qs = qs.filter(status=params["status"])
        if params.get("household"):
            qs = qs.filter(household__number=params["household"])
        return qs.order_by("household__number", "year")

    @extend_schema(
        parameters=[
            OpenApiParameter("year", int),
            OpenApiParameter("status", str, enum=Status.values),
            OpenApiParameter("household", str),
        ]
    )
    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().list(request, *args, **kwargs)


class RegionResultSerializer(serializers.ModelSerializer):
    class Meta:
        model = RegionResult
        exclude = ["id"]


class RegionResultViewSet(viewsets.ReadOnlyModelViewSet):
    """Stored region figures: ?year=&region= (the region and the regions under it)."""

    serializer_class = RegionResultSerializer

    def get_queryset(self) -> QuerySet[RegionResult]:
        qs = access.region_results_for(self.request.user)
        params = self.request.query_params
        if ascii_digits(params.get("year"), max_length=4):
            qs = qs.filter(year=int(params["year"]))
        region = params.get("region", "")
        if ascii_digits(region, max_length=12):
            qs = qs.filter(region_id__gte=region, region_id__lt=region + "~")
        return qs.order_by("region_id", "year")

    @extend_schema(parameters=[OpenApiParameter("year", int), OpenApiParameter("region", str)])
    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().list(request, *args, **kwargs)


class MemberViewSet(viewsets.ReadOnlyModelViewSet):
    """Members in the caller's scope: ?household=NUMBER."""

    serializer_class = MemberSerializer

    def get_queryset(self) -> QuerySet[Member]:
        qs = Member.objects.filter(
            household__in=access.households_for(self.request.user)
        ).select_related("household")
        if self.request.query_params.get("household"):
            qs = qs.filter(household__number=self.request.query_params["household"])
        return qs.order_by("household__number", "id")

    @extend_schema(parameters=[OpenApiParameter("household", str)])
    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().list(request, *args, **kwargs)
