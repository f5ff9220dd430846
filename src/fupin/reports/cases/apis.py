"""/api/reports/cases/: the typical cases the caller sees, searched as on the list page
(?q=&year=&region=&unit=&tag=), each with its photos, projects and households (masked as the
registry's rules would for the caller); POST adds a case, PATCH changes one and DELETE
(?version=) deletes one against its version (409 when it changed meanwhile), through the
same services as the pages."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import serializers, status, viewsets
from rest_framework.exceptions import ValidationError
from rest_framework.request import Request
from rest_framework.response import Response

from fupin.assistance import access as assistance_access
from fupin.assistance.apis.common import ID, RegionCodeField, UnitIdField, int_param
from fupin.core.errors import FieldInvalid
from fupin.core.identifiers import ascii_digits
from fupin.core.messages import translated
from fupin.core.models import Source
from fupin.reports.cases import access, selectors, services
from fupin.reports.cases.forms import MAX_NAMED
from fupin.reports.models import CasePhoto, TypicalCase

FILTERS = [
    OpenApiParameter("q", str, description="words in the title, text, tags, region or unit"),
    OpenApiParameter("year", int),
    OpenApiParameter("region", str, description="a region code: cases in it and under it"),
    OpenApiParameter("unit", int, description="a unit id: cases of it and its subsidiaries"),
    OpenApiParameter("tag", str, description="a tag's name"),
]
VERSION = OpenApiParameter(
    "version", int, required=True, description="the version the case was read at"
)


class CasePhotoSerializer(serializers.ModelSerializer):
    url = serializers.SerializerMethodField()

    class Meta:
        model = CasePhoto
        fields = ["id", "name", "caption", "order", "url"]

    def get_url(self, photo: CasePhoto) -> str:
        """The photo's path (a page, for a logged-in user)."""
        return f"/reports/cases/{photo.case_id}/photos/{photo.pk}"


class TypicalCaseSerializer(serializers.ModelSerializer):
    region_name = serializers.CharField(source="region.name", read_only=True)
    unit = serializers.CharField(source="unit.credit_code", default=None)
    unit_name = serializers.CharField(source="unit.name", default=None)
    tags = serializers.SerializerMethodField()
    photos = CasePhotoSerializer(many=True, read_only=True)

    class Meta:
        model = TypicalCase
        fields = [
            "id", "title", "year", "region", "region_name", "unit", "unit_name", "summary",
            "text", "tags", "photos", "version", "created_at", "updated_at",
        ]  # fmt: skip

    def get_tags(self, case: TypicalCase) -> list[str]:
        return [t.name for t in case.tags.all()]


class CaseHouseholdSerializer(serializers.Serializer):
    number = serializers.CharField()
    village = serializers.CharField()
    head = serializers.CharField(help_text="masked (surname only) unless the caller sees it")
    id_number = serializers.CharField(help_text="masked unless the caller sees ID numbers")
    linked = serializers.BooleanField(help_text="the caller sees the household in the registry")


class TypicalCaseDetailSerializer(TypicalCaseSerializer):
    projects = serializers.SerializerMethodField()
    households = serializers.SerializerMethodField()

    class Meta(TypicalCaseSerializer.Meta):
        fields = [*TypicalCaseSerializer.Meta.fields, "projects", "households"]

    def get_projects(self, case: TypicalCase) -> list[str]:
        return sorted(p.code for p in case.projects.all())

    def get_households(self, case: TypicalCase) -> list[dict[str, Any]]:
        shown = access.households_shown(case, self.context["request"].user)
        return list(CaseHouseholdSerializer(shown, many=True).data)


class TypicalCaseWriteSerializer(serializers.Serializer):
    """A case's fields: title, year, region and text to add one (POST); any of them, with the
    version it was read at, to change one (PATCH)."""

    title = serializers.CharField(max_length=200)
    year = serializers.IntegerField(min_value=services.YEARS[0], max_value=services.YEARS[1])
    region = RegionCodeField(help_text="region code of the case")
    unit = UnitIdField(required=False, allow_null=True, help_text="the caller's unit or under it")
    summary = serializers.CharField(max_length=300, required=False, allow_blank=True)
    text = serializers.CharField()
    tags = serializers.ListField(
        child=serializers.CharField(max_length=services.TAG_LIMIT), required=False, max_length=50
    )
    projects = serializers.ListField(
        child=serializers.CharField(max_length=40), required=False, max_length=MAX_NAMED
    )
    households = serializers.ListField(
        child=serializers.CharField(max_length=40),
        required=False,
        max_length=MAX_NAMED,
        help_text="household numbers (户编号) in the case's region",
    )
    version = serializers.IntegerField(min_value=1, required=False, help_text="PATCH: required")


def _detail() -> QuerySet[TypicalCase]:
    return TypicalCase.objects.select_related("region", "unit").prefetch_related(
        "tags", "photos", "projects"
    )


@extend_schema_view(list=extend_schema(parameters=FILTERS))
class TypicalCaseViewSet(viewsets.ReadOnlyModelViewSet):
    """Typical cases (典型案例) the caller sees: ?q= (every word in the title, summary, text,
    a tag, the region's or the unit's name), ?year=, ?region=, ?unit=, ?tag=. POST adds a
    case, PATCH changes one (with `version`: 409 when the case changed since), DELETE
    deletes one with its photos (?version=, likewise)."""

    lookup_value_regex = ID

    def get_serializer_class(self) -> Any:
        return TypicalCaseSerializer if self.action == "list" else TypicalCaseDetailSerializer

    def get_queryset(self) -> QuerySet[TypicalCase]:
        if self.action != "list":
            return _detail().filter(pk__in=access.cases_for(self.request.user).values("pk"))
        params = self.request.query_params
        region = params.get("region", "")
        if region and not (region.isascii() and region.isdigit() and len(region) <= 12):
            raise ValidationError({"region": [translated("no such region")]})
        unit_id = int_param(params, "unit")
        unit = assistance_access.unit_for(self.request.user, unit_id) if unit_id else None
        return selectors.case_list(
            user=self.request.user,
            q=params.get("q", "")[:100],
            year=int_param(params, "year"),
            region=region or None,
            unit=unit,
            tag=params.get("tag", "")[:40] or None,
        )

    def _values(self, data: dict[str, Any], case: TypicalCase | None) -> dict[str, Any]:
        """The body as the service's values: the unit (one the caller sees), the projects (the
        caller's) and the households (in the case's region and its unit's paired regions)
        resolved; what PATCH leaves out is the case's."""
        values = {k: v for k, v in data.items() if k != "version"}
        if values.get("unit") is not None:
            values["unit"] = assistance_access.unit_for(self.request.user, values["unit"])
        if "projects" in values:
            found, missing = selectors.projects_named(values["projects"], self.request.user)
            if missing:
                reason = gettext("没有以下编号的项目：%(codes)s")
                raise ValidationError({"projects": [reason % {"codes": "、".join(missing)}]})
            values["projects"] = found
        if values.get("households"):
            region = values.get("region") or (case.region_id if case else "")
            unit = values.get("unit", case.unit if case else None)
            homes, missing = selectors.households_named(values["households"], region, unit)
            if missing:
                reason = gettext(
                    "以下户编号不在案例地区（及帮扶单位的结对地区）的建档立卡户中：%(numbers)s"
                )
                raise ValidationError({"households": [reason % {"numbers": "、".join(missing)}]})
            values["households"] = homes
        return values

    def _written(self, write: Any) -> TypicalCase:
        """The service's answer; a field's refusal as a 400 on that field (a conflict: 409)."""
        try:
            return write()
        except FieldInvalid as exc:
            raise ValidationError({exc.field: [translated(exc.message)]}) from None

    @extend_schema(request=TypicalCaseWriteSerializer, responses={201: TypicalCaseDetailSerializer})
    def create(self, request: Request) -> Response:
        data = TypicalCaseWriteSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = self._values(dict(data.validated_data), None)
        case = self._written(
            lambda: services.case_create(actor=request.user, via=Source.API, **values)
        )
        body = TypicalCaseDetailSerializer(_detail().get(pk=case.pk), context={"request": request})
        return Response(body.data, status=status.HTTP_201_CREATED)

    @extend_schema(
        request=TypicalCaseWriteSerializer, responses={200: TypicalCaseDetailSerializer, 409: None}
    )
    def partial_update(self, request: Request, pk: str) -> Response:
        case = self.get_object()
        access.case_check_writable(request.user, case)
        data = TypicalCaseWriteSerializer(data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        if "version" not in data.validated_data:
            raise ValidationError({"version": ["required: the version the case was read at"]})
        values = self._values(dict(data.validated_data), case)
        case = self._written(
            lambda: services.case_update(
                case=case,
                values=values,
                version=data.validated_data["version"],
                actor=request.user,
                via=Source.API,
            )
        )
        body = TypicalCaseDetailSerializer(_detail().get(pk=case.pk), context={"request": request})
        return Response(body.data)

    @extend_schema(
        parameters=[VERSION], request=None, responses={204: None, 403: None, 404: None, 409: None}
    )
    def destroy(self, request: Request, pk: str) -> Response:
        """Delete the case and its photos (their files once committed); a history row stays."""
        case = self.get_object()
        access.case_check_writable(request.user, case)
        raw = request.query_params.get("version", "")
        if not ascii_digits(raw, max_length=9):
            raise ValidationError({"version": ["required: the version the case was read at"]})
        services.case_delete(case=case, version=int(raw), actor=request.user, via=Source.API)
        return Response(status=status.HTTP_204_NO_CONTENT)


__all__ = ["TypicalCaseViewSet"]
