"""/api/leading-groups/ and /api/responsibilities/: a unit's leading groups with their members
and who answers for what; a unit adds groups, adds and removes members and adds
responsibilities, as on its groups page."""

from __future__ import annotations

from typing import Any

from django.db.models import Prefetch, Q, QuerySet
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.request import Request
from rest_framework.response import Response

from fupin.accounts.scope import scope_of
from fupin.assistance import access, selectors, services
from fupin.assistance.apis.common import (
    ID,
    UNIT,
    RegionCodeField,
    UnitIdField,
    UnitTreeList,
    int_param,
    reasons_on,
    term_check,
    unit_writable,
)
from fupin.assistance.enums import GroupRole, ResponsibilityKind
from fupin.assistance.models import GroupMember, LeadingGroup, Responsibility
from fupin.core.errors import NotAllowed, NotFound
from fupin.core.messages import translated
from fupin.core.models import Source


class GroupMemberSerializer(serializers.ModelSerializer):
    class Meta:
        model = GroupMember
        fields = ["id", "person", "post", "role", "member_unit", "order"]


class LeadingGroupSerializer(serializers.ModelSerializer):
    members = GroupMemberSerializer(many=True, read_only=True)

    class Meta:
        model = LeadingGroup
        fields = ["id", "name", "unit", "region", "established", "members"]


class LeadingGroupWriteSerializer(serializers.Serializer):
    unit = UnitIdField(help_text="the caller's unit or one under it")
    name = serializers.CharField(max_length=200)
    established = serializers.DateField(required=False, allow_null=True)


class GroupMemberWriteSerializer(serializers.Serializer):
    person = serializers.CharField(max_length=60)
    role = serializers.ChoiceField(choices=GroupRole.choices)
    post = serializers.CharField(max_length=200, required=False, allow_blank=True)
    member_unit = UnitIdField(
        required=False, allow_null=True, help_text="a member unit among the caller's units"
    )


def members_in_order() -> Prefetch:
    return Prefetch("members", queryset=GroupMember.objects.order_by("order", "id"))


@extend_schema_view(list=extend_schema(parameters=[UNIT]))
class LeadingGroupViewSet(UnitTreeList, viewsets.ReadOnlyModelViewSet):
    """Leading groups with their members in order: ?unit=. POST adds a unit's group, POST
    {id}/members/ adds a member and DELETE {id}/members/{member_id}/ removes one (403 unless
    the caller may change the group's unit's work; a region's group is changed on its
    pages)."""

    serializer_class = LeadingGroupSerializer
    lookup_value_regex = ID
    ordering = ("name", "id")

    def scoped(self) -> QuerySet[LeadingGroup]:
        return access.groups_for(self.request.user).prefetch_related(members_in_order())

    def get_serializer_class(self) -> Any:
        return {
            "create": LeadingGroupWriteSerializer,
            "members": GroupMemberWriteSerializer,
        }.get(self.action or "", LeadingGroupSerializer)

    def writable_object(self) -> LeadingGroup:
        group = self.get_object()
        if group.unit is None:
            raise NotAllowed("a region's leading group is changed on the region's pages")
        access.unit_check_writable(self.request.user, group.unit)
        return group

    def _shown(self, pk: int) -> Any:
        return LeadingGroupSerializer(self.scoped().get(pk=pk)).data

    @extend_schema(request=LeadingGroupWriteSerializer, responses={201: LeadingGroupSerializer})
    def create(self, request: Request) -> Response:
        data = LeadingGroupWriteSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        values["unit"] = unit_writable(request, values["unit"])
        with reasons_on("unit"):
            group = services.leading_group_save(source=Source.API, actor=request.user, **values)
        return Response(self._shown(group.pk), status=status.HTTP_201_CREATED)

    @extend_schema(request=GroupMemberWriteSerializer, responses={201: LeadingGroupSerializer})
    @action(detail=True, methods=["post"])
    def members(self, request: Request, pk: str) -> Response:
        """Add a member, listed after the others; answers the group."""
        group = self.writable_object()
        data = GroupMemberWriteSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        unit_id = values.pop("member_unit", None)
        if unit_id is not None:
            values["member_unit"] = access.units_for(request.user).filter(pk=unit_id).first()
            if values["member_unit"] is None:
                raise ValidationError({"member_unit": [translated("no such unit")]})
        services.group_member_add(source=Source.API, group=group, actor=request.user, **values)
        return Response(self._shown(group.pk), status=status.HTTP_201_CREATED)

    @extend_schema(
        request=None,
        responses={204: None},
        parameters=[OpenApiParameter("member_id", int, OpenApiParameter.PATH)],
    )
    @action(detail=True, methods=["delete"], url_path=rf"members/(?P<member_id>{ID})")
    def member(self, request: Request, pk: str, member_id: str) -> Response:
        """Remove a member of the group."""
        group = self.writable_object()
        member = group.members.filter(pk=int(member_id)).first()
        if member is None:
            raise NotFound(f"no member {member_id} in the group")
        services.group_member_remove(source=Source.API, member=member, actor=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)


class ResponsibilitySerializer(serializers.ModelSerializer):
    class Meta:
        model = Responsibility
        fields = ["id", "person", "post", "kind", "unit", "region", "start", "end"]


class ResponsibilityWriteSerializer(serializers.Serializer):
    """Who answers for a unit, or for a region the unit works in (paired with the unit, above
    such a region or under it; an administrator any region)."""

    person = serializers.CharField(max_length=60)
    post = serializers.CharField(max_length=200, required=False, allow_blank=True)
    kind = serializers.ChoiceField(choices=ResponsibilityKind.choices)
    unit = UnitIdField(
        required=False,
        allow_null=True,
        help_text="the caller's unit or one under it (required but for administrators)",
    )
    region = RegionCodeField(
        required=False, allow_blank=True, allow_null=True, help_text="empty: for the unit"
    )
    start = serializers.DateField()
    end = serializers.DateField(required=False, allow_null=True)


@extend_schema_view(list=extend_schema(parameters=[UNIT]))
class ResponsibilityViewSet(viewsets.ReadOnlyModelViewSet):
    """Who answers for what: ?unit= (for the unit and its subsidiaries, or for the regions
    it works in: those it, the units above it or those under it are paired with). POST adds
    a responsibility, for a region when one is given (as on the groups page), else for the
    unit (403 unless the caller may change the unit's work)."""

    serializer_class = ResponsibilitySerializer
    lookup_value_regex = ID

    def get_serializer_class(self) -> Any:
        if self.action == "create":
            return ResponsibilityWriteSerializer
        return ResponsibilitySerializer

    def get_queryset(self) -> QuerySet[Responsibility]:
        user = self.request.user
        qs = access.responsibilities_for(user)
        if self.action == "list":
            unit_id = int_param(self.request.query_params, "unit")
            if unit_id is not None:
                unit = access.unit_for(user, unit_id)
                paired = selectors.paired_regions(unit)
                qs = qs.filter(Q(unit__path__startswith=unit.path) | Q(region_id__in=paired))
        return qs.order_by("start", "id")

    @extend_schema(request=ResponsibilityWriteSerializer, responses={201: ResponsibilitySerializer})
    def create(self, request: Request) -> Response:
        data = ResponsibilityWriteSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        term_check(values)
        administrator = scope_of(request.user).everything
        unit_id, region = values.pop("unit", None), values.pop("region", None) or None
        if unit_id is None and not administrator:
            raise ValidationError({"unit": [translated("required value is empty")]})
        unit = None if unit_id is None else unit_writable(request, unit_id)
        if (
            region
            and unit is not None
            and not administrator
            and not selectors.region_related(region, selectors.paired_regions(unit))
        ):
            reason = translated("not among the regions the unit is paired with")
            raise ValidationError({"region": [reason]})
        with reasons_on("unit" if not region else "region"):
            duty = services.responsibility_add(
                source=Source.API,
                unit=None if region else unit,
                region=region,
                actor=request.user,
                **values,
            )
        return Response(ResponsibilitySerializer(duty).data, status=status.HTTP_201_CREATED)
