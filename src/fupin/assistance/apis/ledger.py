"""/api/ledger/: the ledger of delivery, recording entries and reversing them (entries are
never edited)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.db.models import Q, QuerySet
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.request import Request
from rest_framework.response import Response

from fupin.assistance import access, services
from fupin.assistance.apis.common import (
    ID,
    UNIT,
    RegionCodeField,
    UnitIdField,
    UnitTreeList,
    date_param,
)
from fupin.assistance.enums import LedgerReason
from fupin.assistance.ledger_rules import RuleError
from fupin.assistance.models import Indicator, LedgerEntry
from fupin.core.errors import NotFound
from fupin.core.messages import translated


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
            "reason",
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
    unit = UnitIdField()
    indicator = serializers.CharField(max_length=100, help_text="indicator code or Chinese name")
    amount = serializers.DecimalField(
        max_digits=16, decimal_places=2, min_value=Decimal("0.01"), help_text="above zero"
    )
    date = serializers.DateField()
    region = RegionCodeField(
        required=False,
        allow_blank=True,
        allow_null=True,
        help_text="a region the unit (or a unit above or under it) is paired with on the date, "
        "or one under it; any region with a reason",
    )
    reason = serializers.ChoiceField(
        choices=LedgerReason.choices,
        required=False,
        allow_blank=True,
        help_text="例外原因: consumption (produce_bought, produce_sold) or donation "
        "(donations), for a region the unit is not paired with",
    )
    evidence = serializers.CharField(max_length=300, required=False, allow_blank=True)
    note = serializers.CharField(max_length=300, required=False, allow_blank=True)

    def validate_indicator(self, value: str) -> Indicator:
        indicator = Indicator.objects.filter(Q(code=value) | Q(name=value)).first()
        if indicator is None:
            raise serializers.ValidationError(
                translated("unknown indicator (use its code or Chinese name)")
            )
        return indicator


class EntryReverseSerializer(serializers.Serializer):
    entry_id = serializers.RegexField(
        r"^[\w.\-/]+$", max_length=40, required=False, allow_blank=True
    )
    date = serializers.DateField(
        required=False, allow_null=True, help_text="the entry's date when not given"
    )
    other_year = serializers.BooleanField(
        default=False, help_text="跨年度冲销: dated in another year than the entry"
    )
    evidence = serializers.CharField(max_length=300, required=False, allow_blank=True)
    note = serializers.CharField(max_length=300, required=False, allow_blank=True)


@extend_schema_view(
    list=extend_schema(
        parameters=[
            UNIT,
            OpenApiParameter("indicator", str, description="indicator code"),
            OpenApiParameter("date_from", OpenApiTypes.DATE),
            OpenApiParameter("date_to", OpenApiTypes.DATE),
        ]
    )
)
class LedgerViewSet(UnitTreeList, viewsets.ReadOnlyModelViewSet):
    """Ledger entries, newest first: ?unit=&indicator=&date_from=&date_to=. POST records an
    entry (403 unless the caller may change the unit's work); entries are never edited: POST
    {id}/reverse/ adds the reversing entry."""

    lookup_value_regex = ID
    ordering = ("-date", "-id")

    def get_serializer_class(self) -> Any:
        if self.action == "create":
            return EntryRecordSerializer
        if self.action == "reverse":
            return EntryReverseSerializer
        return LedgerEntrySerializer

    def scoped(self) -> QuerySet[LedgerEntry]:
        return access.entries_for(self.request.user).select_related(
            "indicator", "reverses", "created_by"
        )

    def narrowed(self, qs: QuerySet[LedgerEntry], params: Any) -> QuerySet[LedgerEntry]:
        indicator = params.get("indicator", "")
        if indicator:  # a code is a slug: anything else (a NUL byte too) matches nothing
            slug = indicator[:40]
            qs = (
                qs.filter(indicator__code=slug)
                if slug.isascii() and "\x00" not in slug
                else qs.none()
            )
        start, end = date_param(params, "date_from"), date_param(params, "date_to")
        if start is not None:
            qs = qs.filter(date__gte=start)
        if end is not None:
            qs = qs.filter(date__lte=end)
        return qs

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
                reason=values.get("reason", ""),
                evidence=values.get("evidence", ""),
                note=values.get("note", ""),
                actor=request.user,
            )
        except services.InvalidAmount as exc:
            raise ValidationError({"amount": [translated(exc.message)]}) from None
        except RuleError as exc:
            raise _by_field(exc) from None
        return Response(self._shown(entry), status=status.HTTP_201_CREATED)

    @extend_schema(request=EntryReverseSerializer, responses={201: LedgerEntrySerializer})
    @action(detail=True, methods=["post"])
    def reverse(self, request: Request, pk: str) -> Response:
        """Reverse the entry: a new entry with the negated amount, on the entry's date unless
        `date` is given (not after today, not before the entry, in its year unless
        `other_year`)."""
        entry = self.get_queryset().filter(pk=int(pk)).select_related("unit").first()
        if entry is None:
            raise NotFound(f"no ledger entry {pk}")
        access.unit_check_writable(request.user, entry.unit)
        data = EntryReverseSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        try:
            reversal = services.ledger_reverse(
                entry=entry,
                entry_id=values.get("entry_id") or services.entry_id_new("R"),
                date=values.get("date"),
                other_year=values["other_year"],
                evidence=values.get("evidence", ""),
                note=values.get("note", ""),
                actor=request.user,
            )
        except RuleError as exc:
            raise _by_field(exc) from None
        return Response(self._shown(reversal), status=status.HTTP_201_CREATED)

    def _shown(self, entry: LedgerEntry) -> Any:
        fresh = self.get_queryset().get(pk=entry.pk)
        return LedgerEntrySerializer(fresh, context={"request": self.request}).data


def _by_field(exc: RuleError) -> ValidationError:
    """A ledger rule's reasons as a 400 by field, in the reader's language."""
    fields: dict[str, list[str]] = {}
    for field, reason in exc.problems:
        fields.setdefault(field, []).append(translated(reason))
    return ValidationError(fields)
