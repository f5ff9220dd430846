"""/api/verification/…: exit verification campaigns and their sampled households, through
the same access rules and services as the pages and the command line.

- campaigns/ (list, retrieve): the campaigns the caller may open; {id}/rates/ the four rates
  of each county the caller reaches, exact, with thresholds and the decision;
  {id}/workbook/ GET the field workbook (?evaluator=, ?county=), POST a filled one back
  (all or nothing: 400 naming each bad row and column, 409 listing the verdicts changed
  since the export with both sides; send `choices` to keep theirs or take mine);
- samples/ (list, retrieve; ?campaign=, ?county=, ?village=): the sampled households the
  caller reaches, with their verdict; PUT {id}/verdict/ records one against its `version`
  (0 for none yet): 409 with both versions when it changed meanwhile.
"""

from __future__ import annotations

import json
from typing import Any

from django.db.models import Prefetch, QuerySet
from django.http import HttpResponse
from django.utils import timezone
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.request import Request
from rest_framework.response import Response

from fupin.accounts.models import User
from fupin.api.parsers import MultiPartParser
from fupin.core.errors import InvalidInput, RowErrors
from fupin.core.identifiers import ascii_digits
from fupin.core.jobs import upload_keep
from fupin.core.messages import translated
from fupin.core.models import Source
from fupin.supervision import verification
from fupin.supervision.enums import Approval
from fupin.supervision.models import Campaign, CampaignCounty, SampleHousehold, Verdict
from fupin.supervision.verification_access import (
    campaign_counties_for,
    campaigns_for,
    sample_check_writable,
    samples_for,
)
from fupin.supervision.verification_imports import (
    KEEP_THEIRS,
    TAKE_MINE,
    conflict_json,
    values_json,
    workbook_import,
)
from fupin.supervision.verification_rates import campaign_rates_data
from fupin.supervision.verification_workbook import XLSX, workbook_place, workbook_write

ID = r"\d{1,18}"
SAMPLE_FILTERS = [
    OpenApiParameter("campaign", int, description="a campaign id"),
    OpenApiParameter("county", str, description="a county code (6 digits)"),
    OpenApiParameter("village", str, description="a village code (12 digits)"),
]
WORKBOOK_FILTERS = [
    OpenApiParameter("evaluator", str, description="only this evaluator's households (username)"),
    OpenApiParameter("county", str, description="only this county's households (code)"),
]


class CampaignCountySerializer(serializers.Serializer):
    id = serializers.IntegerField()
    county = serializers.CharField(source="county_id")
    name = serializers.CharField(source="county.name")
    may_exit = serializers.BooleanField(allow_null=True)
    failing = serializers.ListField(child=serializers.CharField())
    decided_on = serializers.DateField(allow_null=True)


class CampaignSerializer(serializers.ModelSerializer):
    institution = serializers.CharField(source="institution.name", default=None)
    counties = CampaignCountySerializer(many=True, read_only=True)
    evaluators = serializers.SlugRelatedField(slug_field="username", many=True, read_only=True)

    class Meta:
        model = Campaign
        fields = [
            "id", "name", "kind", "year", "regime", "institution", "preset", "seed", "status",
            "starts_on", "ends_on", "counties", "evaluators", "version",
        ]  # fmt: skip


class VerdictSerializer(serializers.ModelSerializer):
    evaluator = serializers.CharField(source="evaluator.username", default=None)

    class Meta:
        model = Verdict
        fields = [*verification.VERDICT_FIELDS, "evaluator", "version", "updated_at"]


class SampleSerializer(serializers.ModelSerializer):
    campaign = serializers.IntegerField(source="campaign_county.campaign_id")
    county = serializers.CharField(source="campaign_county.county_id")
    village = serializers.CharField(source="sample_village.village_id")
    village_name = serializers.CharField(source="sample_village.village.name")
    village_stratum = serializers.CharField(source="sample_village.stratum")
    household = serializers.CharField(source="household.number")
    evaluator = serializers.CharField(source="evaluator.username", default=None)
    verdict = serializers.SerializerMethodField()

    class Meta:
        model = SampleHousehold
        fields = [
            "id", "campaign", "county", "village", "village_name", "village_stratum",
            "household", "order", "stratum", "members", "per_capita_income", "registry_status",
            "guarantees_met", "evaluator", "verdict",
        ]  # fmt: skip

    def get_verdict(self, sample: SampleHousehold) -> dict[str, Any] | None:
        verdict = getattr(sample, "verdict", None)
        return VerdictSerializer(verdict).data if verdict is not None else None


class VerdictWriteSerializer(serializers.Serializer):
    version = serializers.IntegerField(
        min_value=0, help_text="the verdict's version this was filled against (0: none yet)"
    )
    income_found = serializers.DecimalField(
        max_digits=18, decimal_places=2, min_value=0, required=False, allow_null=True
    )
    food_clothing_ok = serializers.BooleanField(required=False, allow_null=True, default=None)
    education_ok = serializers.BooleanField(required=False, allow_null=True, default=None)
    medical_ok = serializers.BooleanField(required=False, allow_null=True, default=None)
    housing_ok = serializers.BooleanField(required=False, allow_null=True, default=None)
    water_ok = serializers.BooleanField(required=False, allow_null=True, default=None)
    wrongly_exited = serializers.BooleanField(
        required=False, allow_null=True, default=None, help_text="null: follows from the figures"
    )
    omitted = serializers.BooleanField(
        required=False, allow_null=True, default=None, help_text="null: follows from the figures"
    )
    approval = serializers.ChoiceField(
        choices=Approval.values, required=False, allow_blank=True, default=""
    )
    visited_on = serializers.DateField()
    note = serializers.CharField(required=False, allow_blank=True, default="", max_length=4000)


class WorkbookUploadSerializer(serializers.Serializer):
    file = serializers.FileField(help_text="the filled workbook (xlsx)")
    choices = serializers.CharField(
        required=False,
        default="",
        max_length=100_000,
        help_text='JSON: {"<sample id>": "theirs" | "mine"} for the conflicts of a first try',
    )


def _conflict(exc: verification.VerdictConflict) -> Response:
    body = {
        "code": exc.code,
        "message": translated(exc.message),
        "sample": exc.sample_id,
        "by": exc.by,
        "version": exc.version,
        "theirs": values_json(exc.theirs),
        "ours": values_json(exc.ours),
    }
    return Response({"error": body}, status=status.HTTP_409_CONFLICT)


def _choices(text: str) -> dict[int, str]:
    if not text:
        return {}
    try:
        raw = json.loads(text)
    except ValueError:
        raise ValidationError({"choices": ["not JSON"]}) from None
    if not isinstance(raw, dict):
        raise ValidationError({"choices": ["a JSON object of sample ids"]})
    choices = {}
    for key, value in raw.items():
        if not ascii_digits(str(key), max_length=18) or value not in (KEEP_THEIRS, TAKE_MINE):
            raise ValidationError({"choices": [f'{key}: "theirs" or "mine" for a sample id']})
        choices[int(key)] = value
    return choices


class CampaignViewSet(viewsets.ReadOnlyModelViewSet):
    """Verification campaigns the caller may open (an evaluator: those naming them)."""

    serializer_class = CampaignSerializer
    lookup_value_regex = ID

    def get_queryset(self) -> QuerySet[Campaign]:
        return (
            campaigns_for(self.request.user)
            .select_related("institution")
            .prefetch_related(
                Prefetch("counties", CampaignCounty.objects.select_related("county")),
                "evaluators",
            )
            .order_by("-year", "name", "pk")
        )

    @extend_schema(responses={200: dict})
    @action(detail=True, methods=["get"])
    def rates(self, request: Request, pk: str) -> Response:
        """Per county the caller reaches: 综合贫困发生率, 错退率, 漏评率 and 群众认可度, each
        exact (numerator, denominator, fraction), with its 95 % interval, threshold and
        result; the decision they give and the one recorded."""
        campaign = self.get_object()
        return Response(
            campaign_rates_data(campaign, campaign_counties_for(request.user, campaign))
        )

    @extend_schema(
        methods=["get"],
        parameters=WORKBOOK_FILTERS,
        responses={(200, XLSX): bytes},
        description="The field workbook of the caller's sampled households of the campaign.",
    )
    @extend_schema(
        methods=["post"],
        request={"multipart/form-data": WorkbookUploadSerializer},
        responses={200: dict, 400: None, 409: None},
        description="Import a filled workbook: all or nothing. 400 lists each bad row and "
        "column; 409 lists the verdicts changed since the export, theirs beside the file's.",
    )
    @action(detail=True, methods=["get", "post"], parser_classes=[MultiPartParser])
    def workbook(self, request: Request, pk: str) -> Any:
        campaign = self.get_object()
        if request.method == "POST":
            return self._import(request, campaign)
        samples = samples_for(request.user, campaign)
        params = request.query_params
        county = evaluator = None
        if params.get("evaluator"):
            evaluator = User.objects.filter(username=params["evaluator"][:150]).first()
            if evaluator is None:
                raise ValidationError({"evaluator": ["no such user"]})
            samples = samples.filter(evaluator=evaluator)
        if params.get("county"):
            row = (
                campaign_counties_for(request.user, campaign)
                .filter(county_id=params["county"][:12])
                .first()
            )
            if row is None:
                raise ValidationError({"county": ["not a county of this campaign"]})
            county = row.county
            samples = samples.filter(campaign_county=row)
        response = HttpResponse(content_type=XLSX)
        workbook_write(
            response,
            campaign=campaign,
            samples=samples,
            place=workbook_place(campaign, county=county, evaluator=evaluator),
        )
        made = timezone.localdate().isoformat()
        response["Content-Disposition"] = (
            f'attachment; filename="verification-{campaign.pk}-{made}.xlsx"'
        )
        return response

    def _import(self, request: Request, campaign: Campaign) -> Response:
        data = WorkbookUploadSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        choices = _choices(data.validated_data["choices"])
        try:
            path = upload_keep(data.validated_data["file"])
        except InvalidInput as exc:
            raise ValidationError({"file": [translated(exc.message)]}) from None
        try:
            result = workbook_import(
                path=path,
                actor=request.user,
                choices=choices,
                campaign=campaign,
                source=Source.API,
            )
        finally:
            path.unlink(missing_ok=True)
        if result.errors:
            raise RowErrors(result.errors)
        counts = {"changed": result.changed, "unchanged": result.unchanged, "kept": result.kept}
        if result.conflicts:
            body = {
                "code": "conflict",
                "message": translated("verdicts changed since the export; nothing was written"),
                "conflicts": [conflict_json(c) for c in result.conflicts],
            }
            return Response({"error": body}, status=status.HTTP_409_CONFLICT)
        return Response(counts)


@extend_schema_view(list=extend_schema(parameters=SAMPLE_FILTERS))
class SampleViewSet(viewsets.ReadOnlyModelViewSet):
    """Sampled households the caller reaches (an evaluator: those assigned to them)."""

    serializer_class = SampleSerializer
    lookup_value_regex = ID

    def get_queryset(self) -> QuerySet[SampleHousehold]:
        rows = samples_for(self.request.user).select_related(
            "campaign_county__campaign",
            "sample_village__village",
            "household",
            "evaluator",
            "verdict__evaluator",
        )
        if self.action != "list":
            return rows
        params = self.request.query_params
        campaign = params.get("campaign", "")
        if campaign:
            if not ascii_digits(campaign, max_length=18):
                raise ValidationError({"campaign": ["not a whole number"]})
            rows = rows.filter(campaign_county__campaign_id=int(campaign))
        for name, length, field in (
            ("county", 6, "campaign_county__county_id"),
            ("village", 12, "sample_village__village_id"),
        ):
            value = params.get(name, "")
            if value:
                if not ascii_digits(value, max_length=length):
                    raise ValidationError({name: [f"not a {length}-digit code"]})
                rows = rows.filter(**{field: value})
        return rows.order_by("campaign_county__campaign_id", "campaign_county__county_id", "order")

    @extend_schema(request=VerdictWriteSerializer, responses={200: VerdictSerializer, 409: None})
    @action(detail=True, methods=["put"])
    def verdict(self, request: Request, pk: str) -> Response:
        """Record the household's verdict against the `version` it was filled against."""
        sample = self.get_object()
        sample_check_writable(request.user, sample)
        data = VerdictWriteSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        version = values.pop("version")
        try:
            verdict = verification.verdict_record(
                sample=sample,
                values=values,
                expected_version=version,
                actor=request.user,
                source=Source.API,
            )
        except verification.VerdictConflict as exc:
            return _conflict(exc)
        except InvalidInput as exc:
            field = getattr(exc, "field", "non_field_errors")
            raise ValidationError({field: [translated(exc.message)]}) from None
        verdict = Verdict.objects.select_related("evaluator").get(pk=verdict.pk)
        return Response(VerdictSerializer(verdict).data)
