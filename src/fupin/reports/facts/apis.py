"""/api/reports/facts/: texts read for facts and their proposals. POST a text (JSON
{"title", "unit", "text"} or a multipart form with `file`) → the text with its proposals;
GET a text with its proposals; POST {id}/proposals/{proposal}/accept/ (with `version` and
the edits: indicator, amount, region, date, entry_id, pairing_kind) and …/reject/ (with
`version` and `reason`): 409 when the version is stale, 400 naming the refused field."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.db.models import QuerySet
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.request import Request
from rest_framework.response import Response

from fupin.assistance.access import unit_for
from fupin.assistance.apis.common import ID, UnitIdField
from fupin.assistance.enums import PairingKind
from fupin.core.errors import FieldInvalid, NotFound
from fupin.core.messages import translated
from fupin.core.models import Source
from fupin.reports.facts import access, selectors, services
from fupin.reports.models import FactProposal, FactText


class FactProposalSerializer(serializers.ModelSerializer):
    indicator = serializers.CharField(source="indicator.code", default=None)
    unit = serializers.IntegerField(source="unit_id", default=None)
    region = serializers.CharField(source="region_id", default=None)
    entry = serializers.CharField(source="entry.entry_id", default=None)

    class Meta:
        model = FactProposal
        fields = [
            "id", "kind", "sentence", "start", "end", "written", "amount", "high", "amount_unit",
            "qualifier", "indicator", "organisation", "unit", "place", "region", "candidates",
            "date", "status", "entry", "pairing", "reason", "decided_at", "version",
        ]  # fmt: skip


class FactTextSerializer(serializers.ModelSerializer):
    unit = serializers.IntegerField(source="unit_id", default=None)
    proposals = serializers.SerializerMethodField()
    counts = serializers.SerializerMethodField()

    class Meta:
        model = FactText
        fields = ["id", "title", "kind", "name", "language", "unit", "digest", "created_at",
                  "text", "counts", "proposals"]  # fmt: skip

    def _proposals(self, text: FactText) -> list[FactProposal]:
        if not hasattr(text, "_listed"):
            text._listed = selectors.fact_proposals(text)  # type: ignore[attr-defined]
        return text._listed  # type: ignore[attr-defined]

    def get_proposals(self, text: FactText) -> list[dict[str, Any]]:
        return FactProposalSerializer(self._proposals(text), many=True).data  # type: ignore[return-value]

    def get_counts(self, text: FactText) -> dict[str, int]:
        return selectors.status_counts(self._proposals(text))


class FactTextListSerializer(serializers.ModelSerializer):
    unit = serializers.IntegerField(source="unit_id", default=None)
    proposals = serializers.IntegerField(source="proposal_count")
    proposed = serializers.IntegerField(source="proposed_count")
    accepted = serializers.IntegerField(source="accepted_count")
    rejected = serializers.IntegerField(source="rejected_count")

    class Meta:
        model = FactText
        fields = ["id", "title", "kind", "language", "unit", "created_at",
                  "proposals", "proposed", "accepted", "rejected"]  # fmt: skip


class FactSubmitSerializer(serializers.Serializer):
    title = serializers.CharField(max_length=200)
    unit = UnitIdField()
    text = serializers.CharField(
        required=False, allow_blank=True, default="", trim_whitespace=False
    )
    file = serializers.FileField(required=False, allow_null=True, default=None)


class FactAcceptSerializer(serializers.Serializer):
    version = serializers.IntegerField(min_value=1)
    indicator = serializers.CharField(required=False, allow_blank=True, max_length=40)
    amount = serializers.DecimalField(
        max_digits=18, decimal_places=2, required=False, allow_null=True
    )
    region = serializers.RegexField(
        r"^\d{2,12}$", required=False, allow_blank=True, allow_null=True
    )
    date = serializers.DateField(required=False, allow_null=True)
    entry_id = serializers.CharField(required=False, allow_blank=True, max_length=40)
    pairing_kind = serializers.ChoiceField(
        choices=PairingKind.choices, required=False, allow_blank=True
    )


class FactRejectSerializer(serializers.Serializer):
    version = serializers.IntegerField(min_value=1)
    reason = serializers.CharField(required=False, allow_blank=True, default="", max_length=300)


class FactTextViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Texts read for facts that the caller sees (of their units, or of the units paired
    with their regions), each with its proposals; the caller who may change a unit's work
    submits its texts and decides their proposals."""

    lookup_value_regex = ID

    def get_queryset(self) -> QuerySet[FactText]:
        seen = access.texts_for(self.request.user)
        if self.action == "list":
            return selectors.fact_text_list(texts=seen)
        return seen.select_related("unit").order_by("-pk")

    def get_serializer_class(self) -> Any:
        return FactTextListSerializer if self.action == "list" else FactTextSerializer

    @extend_schema(request=FactSubmitSerializer, responses={201: FactTextSerializer})
    def create(self, request: Request) -> Response:
        """Submit a text (pasted in `text`, or a .txt, .docx or .pdf `file`)."""
        body = FactSubmitSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = body.validated_data
        unit = unit_for(request.user, data["unit"], write=True)
        try:
            text = services.fact_text_submit(
                title=data["title"],
                text=data["text"] or None,
                upload=data["file"],
                unit=unit,
                actor=request.user,
                source=Source.API,
            )
        except FieldInvalid as exc:
            field = "file" if exc.field == "upload" else exc.field
            raise ValidationError({field: [translated(exc.message)]}) from None
        return Response(FactTextSerializer(text).data, status=status.HTTP_201_CREATED)

    def _decide(
        self, request: Request, proposal: str, serializer: Any, work: Callable[..., Any]
    ) -> Response:
        text: FactText = self.get_object()
        found = FactProposal.objects.filter(source=text, pk=int(proposal)).first()
        if found is None:
            raise NotFound(f"no proposal {proposal} of text {text.pk}")
        found.source = text
        access.text_check_decidable(request.user, text)
        body = serializer(data=request.data)
        body.is_valid(raise_exception=True)
        try:
            done = work(found, request.user, dict(body.validated_data))
        except FieldInvalid as exc:
            raise ValidationError({exc.field: [translated(exc.message)]}) from None
        fresh = FactProposal.objects.select_related("indicator", "entry").get(pk=done.pk)
        return Response(FactProposalSerializer(fresh).data)

    @extend_schema(request=FactAcceptSerializer, responses={200: FactProposalSerializer})
    @action(detail=True, methods=["post"], url_path=rf"proposals/(?P<proposal>{ID})/accept",
            url_name="proposal-accept")  # fmt: skip
    def accept(self, request: Request, pk: str, proposal: str) -> Response:
        """Accept a proposal, edited first by the fields given."""

        def work(found: FactProposal, user: Any, data: dict[str, Any]) -> Any:
            version = data.pop("version")
            return services.fact_accept(
                proposal=found, actor=user, version=version, changes=data, source=Source.API
            )

        return self._decide(request, proposal, FactAcceptSerializer, work)

    @extend_schema(request=FactRejectSerializer, responses={200: FactProposalSerializer})
    @action(detail=True, methods=["post"], url_path=rf"proposals/(?P<proposal>{ID})/reject",
            url_name="proposal-reject")  # fmt: skip
    def reject(self, request: Request, pk: str, proposal: str) -> Response:
        """Reject a proposal with a reason."""

        def work(found: FactProposal, user: Any, data: dict[str, Any]) -> Any:
            return services.fact_reject(
                proposal=found, reason=data["reason"], actor=user, version=data["version"],
                source=Source.API,
            )  # fmt: skip

        return self._decide(request, proposal, FactRejectSerializer, work)


__all__ = ["FactTextViewSet"]
