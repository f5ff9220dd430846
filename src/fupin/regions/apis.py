"""/api/regions/: the division tree within the caller's scope."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, viewsets
from rest_framework.request import Request
from rest_framework.response import Response

from fupin.accounts.scope import scope_of
from fupin.regions import access
from fupin.regions.models import Region


class RegionSerializer(serializers.ModelSerializer):
    class Meta:
        model = Region
        fields = [
            "code",
            "name",
            "short_name",
            "level",
            "parent",
            "is_western",
            "longitude",
            "latitude",
        ]


class RegionViewSet(viewsets.ReadOnlyModelViewSet):
    """Regions: ?parent=CODE lists the children of a region (the caller's top regions
    without it); /api/regions/CODE/ is one region."""

    serializer_class = RegionSerializer
    lookup_field = "code"
    lookup_value_regex = r"\d{2,12}"

    def get_queryset(self) -> Any:
        return Region.objects.filter(scope_of(self.request.user).codes_q("code")).order_by("code")

    @extend_schema(parameters=[OpenApiParameter("parent", str, description="region code")])
    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        parent = request.query_params.get("parent")
        if parent:
            region = access.region_for(request.user, parent)
            queryset = Region.objects.filter(parent_id=region.code).filter(
                scope_of(request.user).codes_q("code")
            )
        else:
            queryset = Region.objects.filter(
                code__in=[r.code for r in access.regions_top(request.user)]
            )
        page = self.paginate_queryset(queryset.order_by("code"))
        return self.get_paginated_response(self.get_serializer(page, many=True).data)

    def get_object(self) -> Region:
        return access.region_for(self.request.user, self.kwargs["code"])
