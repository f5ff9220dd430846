"""/api/units/, /api/pairings/, /api/pledges/, /api/ledger/, /api/cadres/, /api/projects/:
assistance work within the caller's scope (access.py), recording and reversing entries."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.db.models import Q, QuerySet
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field
from rest_framework import serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.request import Request
from rest_framework.response import Response

from fupin.assistance import access, selectors, services
from fupin.assistance.enums import ProjectStatus
from fupin.assistance.models import Cadre, Indicator, LedgerEntry, Pairing, Pledge, Project, Unit
from fupin.core.errors import FupinError, NotFound
from fupin.core.identifiers import ascii_digits
from fupin.core.messages import translated
from fupin.regions.selectors import region_get

ID = r"\d{1,18}"
MAX_ID = 2**63 - 1


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
        return _plain(value)


def _plain(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, Decimal):
        return str(value)
    return value


class UnitDetailSerializer(UnitSerializer):
    year = serializers.IntegerField(read_only=True)
    summary = SummaryField(read_only=True)

    class Meta(UnitSerializer.Meta):
        fields = [*UnitSerializer.Meta.fields, "year", "summary"]


class PairingSerializer(serializers.ModelSerializer):
    unit_name = serializers.CharField(source="unit.name", read_only=True)
    region_name = serializers.CharField(source="region.name", read_only=True)

    class Meta:
        model = Pairing
        fields = ["id", "unit", "unit_name", "region", "region_name", "kind", "start", "end"]


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


class LedgerEntrySerializer(serializers.ModelSerializer):
    indicator = serializers.CharField(source="indicator.code")
    reverses = serializers.CharField(source="reverses.entry_id", allow_null=True)
    created_by = serializers.CharField(source="created_by.username", allow_null=True)

    class Meta:
        model = LedgerEntry
        fields = [
            "id",
            "entry_id",
            "unit",
            "date",
            "indicator",
            "amount",
            "region",
            "pairing",
            "project",
            "evidence",
            "note",
            "reverses",
            "created_at",
            "created_by",
        ]


class EntryRecordSerializer(serializers.Serializer):
    entry_id = serializers.RegexField(
        r"^[\w.\-/]+$",
        max_length=40,
        required=False,
        allow_blank=True,
        help_text="编号; generated when empty",
    )
    unit = serializers.IntegerField(min_value=1, max_value=MAX_ID, help_text="unit id")
    indicator = serializers.CharField(max_length=100, help_text="indicator code or Chinese name")
    amount = serializers.DecimalField(
        max_digits=16, decimal_places=2, min_value=Decimal("0.01"), help_text="above zero"
    )
    date = serializers.DateField()
    region = serializers.RegexField(
        r"^\d{2,12}$", required=False, allow_blank=True, allow_null=True, help_text="region code"
    )
    evidence = serializers.CharField(max_length=300, required=False, allow_blank=True)
    note = serializers.CharField(max_length=300, required=False, allow_blank=True)

    def validate_indicator(self, value: str) -> Indicator:
        indicator = Indicator.objects.filter(Q(code=value) | Q(name=value)).first()
        if indicator is None:
            raise serializers.ValidationError("unknown indicator (use its code or Chinese name)")
        return indicator

    def validate_region(self, value: str | None) -> str | None:
        if not value:
            return None
        try:
            return region_get(code=value).code
        except FupinError:  # not a code (3 digits), or no such region
            raise serializers.ValidationError("no such region") from None


class EntryReverseSerializer(serializers.Serializer):
    entry_id = serializers.RegexField(
        r"^[\w.\-/]+$", max_length=40, required=False, allow_blank=True
    )
    date = serializers.DateField()
    evidence = serializers.CharField(max_length=300, required=False, allow_blank=True)
    note = serializers.CharField(max_length=300, required=False, allow_blank=True)


class CadreSerializer(serializers.ModelSerializer):
    unit_name = serializers.CharField(source="unit.name", read_only=True)

    class Meta:
        model = Cadre
        fields = ["id", "name", "unit", "unit_name", "region", "role", "post", "start", "end"]


class CadreDetailSerializer(CadreSerializer):
    warnings = serializers.ListField(child=serializers.CharField(), read_only=True)

    class Meta(CadreSerializer.Meta):
        fields = [*CadreSerializer.Meta.fields, "warnings"]


class ProjectSerializer(serializers.ModelSerializer):
    class Meta:
        model = Project
        exclude = ["beneficiaries"]


def _int(params: Any, name: str) -> int | None:
    """An id or year filter; 400 when it is not a whole number in range."""
    raw = params.get(name, "")
    if raw == "":
        return None
    if not ascii_digits(raw):
        raise ValidationError({name: ["not a whole number"]})
    return int(raw)


def _date(params: Any, name: str) -> Any:
    raw = params.get(name, "")
    if raw == "":
        return None
    field = serializers.DateField()
    try:
        return field.to_internal_value(raw)
    except ValidationError as exc:
        raise ValidationError({name: exc.detail}) from None


def _tree(qs: QuerySet[Any], user: Any, unit_id: int | None, field: str = "unit") -> Any:
    """Narrow `qs` to the unit `unit_id` and its subsidiaries (404 outside the caller's)."""
    if unit_id is None:
        return qs
    unit = access.unit_for(user, unit_id)
    return qs.filter(**{f"{field}__path__startswith": unit.path})


UNIT = OpenApiParameter("unit", int, description="a unit id: the unit and its subsidiaries")
YEAR = OpenApiParameter("year", int)


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
        year = _int(request.query_params, "year")
        if year is None:
            year = timezone.localdate().year
        if not 1949 <= year <= 2100:
            raise ValidationError({"year": ["must be between 1949 and 2100"]})
        start, end = selectors.year_period(year)
        unit.year = year
        unit.summary = selectors.unit_summary(unit, start, end)
        return Response(UnitDetailSerializer(unit).data)


class PairingViewSet(viewsets.ReadOnlyModelViewSet):
    """Pairings of units with regions: ?unit=."""

    serializer_class = PairingSerializer
    lookup_value_regex = ID

    def get_queryset(self) -> QuerySet[Pairing]:
        qs = access.pairings_for(self.request.user).select_related("unit", "region")
        unit = _int(self.request.query_params, "unit") if self.action == "list" else None
        return _tree(qs, self.request.user, unit).order_by("unit__path", "region_id", "start", "id")

    @extend_schema(parameters=[UNIT])
    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().list(request, *args, **kwargs)


class PledgeViewSet(viewsets.ReadOnlyModelViewSet):
    """Pledges with their targets: ?unit=&year=."""

    serializer_class = PledgeSerializer
    lookup_value_regex = ID

    def get_queryset(self) -> QuerySet[Pledge]:
        qs = access.pledges_for(self.request.user).prefetch_related("targets__indicator")
        if self.action == "list":
            params = self.request.query_params
            qs = _tree(qs, self.request.user, _int(params, "unit"))
            year = _int(params, "year")
            if year is not None:
                qs = qs.filter(year=year)
        return qs.order_by("year", "unit__path", "id")

    @extend_schema(parameters=[UNIT, YEAR])
    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().list(request, *args, **kwargs)


class LedgerViewSet(viewsets.ReadOnlyModelViewSet):
    """Ledger entries, newest first: ?unit=&indicator=&date_from=&date_to=. POST records an
    entry (403 unless the caller may change the unit's work); entries are never edited: POST
    {id}/reverse/ adds the reversing entry."""

    lookup_value_regex = ID

    def get_serializer_class(self) -> Any:
        if self.action == "create":
            return EntryRecordSerializer
        if self.action == "reverse":
            return EntryReverseSerializer
        return LedgerEntrySerializer

    def get_queryset(self) -> QuerySet[LedgerEntry]:
        qs = access.entries_for(self.request.user).select_related(
            "indicator", "reverses", "created_by"
        )
        if self.action == "list":
            params = self.request.query_params
            qs = _tree(qs, self.request.user, _int(params, "unit"))
            indicator = params.get("indicator", "")
            if indicator:  # a code is a slug: anything else (a NUL byte too) matches nothing
                slug = indicator[:40]
                qs = (
                    qs.filter(indicator__code=slug)
                    if slug.isascii() and "\x00" not in slug
                    else qs.none()
                )
            start, end = _date(params, "date_from"), _date(params, "date_to")
            if start is not None:
                qs = qs.filter(date__gte=start)
            if end is not None:
                qs = qs.filter(date__lte=end)
        return qs.order_by("-date", "-id")

    @extend_schema(
        parameters=[
            UNIT,
            OpenApiParameter("indicator", str, description="indicator code"),
            OpenApiParameter("date_from", OpenApiTypes.DATE),
            OpenApiParameter("date_to", OpenApiTypes.DATE),
        ]
    )
    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().list(request, *args, **kwargs)

    @extend_schema(request=EntryRecordSerializer, responses={201: LedgerEntrySerializer})
    def create(self, request: Request) -> Response:
        data = EntryRecordSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        unit = access.unit_for(request.user, values["unit"], write=True)
        try:
            entry = services.ledger_record(
                entry_id=values.get("entry_id") or services.entry_id_new("A"),
                unit=unit,
                date=values["date"],
                indicator=values["indicator"],
                amount=values["amount"],
                region=values.get("region"),
                evidence=values.get("evidence", ""),
                note=values.get("note", ""),
                actor=request.user,
            )
        except services.InvalidAmount as exc:
            raise ValidationError({"amount": [translated(exc.message)]}) from None
        return Response(self._shown(entry), status=status.HTTP_201_CREATED)

    @extend_schema(request=EntryReverseSerializer, responses={201: LedgerEntrySerializer})
    @action(detail=True, methods=["post"])
    def reverse(self, request: Request, pk: str) -> Response:
        """Reverse the entry: a new entry with the negated amount, dated on or after it."""
        entry = self.get_queryset().filter(pk=int(pk)).select_related("unit").first()
        if entry is None:
            raise NotFound(f"no ledger entry {pk}")
        access.unit_check_writable(request.user, entry.unit)
        data = EntryReverseSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        reversal = services.ledger_reverse(
            entry=entry,
            entry_id=values.get("entry_id") or services.entry_id_new("R"),
            date=values["date"],
            evidence=values.get("evidence", ""),
            note=values.get("note", ""),
            actor=request.user,
        )
        return Response(self._shown(reversal), status=status.HTTP_201_CREATED)

    def _shown(self, entry: LedgerEntry) -> Any:
        fresh = self.get_queryset().get(pk=entry.pk)
        return LedgerEntrySerializer(fresh, context={"request": self.request}).data


class CadreViewSet(viewsets.ReadOnlyModelViewSet):
    """Dispatched cadres: ?unit=; a cadre's detail carries its warnings (term, team size)
    as of today."""

    lookup_value_regex = ID

    def get_serializer_class(self) -> Any:
        return CadreDetailSerializer if self.action == "retrieve" else CadreSerializer

    def get_queryset(self) -> QuerySet[Cadre]:
        qs = access.cadres_for(self.request.user).select_related("unit")
        unit = _int(self.request.query_params, "unit") if self.action == "list" else None
        return _tree(qs, self.request.user, unit).order_by("unit__path", "start", "name", "id")

    @extend_schema(parameters=[UNIT])
    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().list(request, *args, **kwargs)

    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        cadre = self.get_object()
        cadre.warnings = selectors.cadre_warnings(cadre, as_of=timezone.localdate())
        return Response(CadreDetailSerializer(cadre).data)


class ProjectViewSet(viewsets.ReadOnlyModelViewSet):
    """Assistance projects: ?unit=&status=."""

    serializer_class = ProjectSerializer
    lookup_value_regex = ID

    def get_queryset(self) -> QuerySet[Project]:
        qs = access.projects_for(self.request.user)
        if self.action == "list":
            params = self.request.query_params
            qs = _tree(qs, self.request.user, _int(params, "unit"))
            if params.get("status") in ProjectStatus.values:
                qs = qs.filter(status=params["status"])
        return qs.order_by("code")

    @extend_schema(parameters=[UNIT, OpenApiParameter("status", str, enum=ProjectStatus.values)])
    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().list(request, *args, **kwargs)
