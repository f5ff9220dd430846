"""What the assistance API's viewsets share: query parameters, the `?unit=` narrowing of their
lists, the fields of their write bodies, and a service's reason as a field error."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from decimal import Decimal
from typing import Any

from django.db.models import QuerySet
from drf_spectacular.utils import OpenApiParameter
from rest_framework import serializers
from rest_framework.exceptions import ValidationError
from rest_framework.fields import empty
from rest_framework.request import Request

from fupin.assistance import access
from fupin.assistance.models import Unit
from fupin.core.errors import FupinError, InvalidInput
from fupin.core.identifiers import ascii_digits
from fupin.core.messages import translated
from fupin.regions.selectors import region_get

ID = r"\d{1,18}"
MAX_ID = 2**63 - 1

UNIT = OpenApiParameter("unit", int, description="a unit id: the unit and its subsidiaries")
YEAR = OpenApiParameter("year", int)


def int_param(params: Any, name: str) -> int | None:
    """An id or year filter; 400 when it is not a whole number in range."""
    raw = params.get(name, "")
    if raw == "":
        return None
    if not ascii_digits(raw):
        raise ValidationError({name: ["not a whole number"]})
    return int(raw)


def date_param(params: Any, name: str) -> Any:
    raw = params.get(name, "")
    if raw == "":
        return None
    field = serializers.DateField()
    try:
        return field.to_internal_value(raw)
    except ValidationError as exc:
        raise ValidationError({name: exc.detail}) from None


def plain(value: Any) -> Any:
    """`value` as JSON: decimals as exact strings, nested dicts and lists alike."""
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [plain(v) for v in value]
    if isinstance(value, Decimal):
        return str(value)
    return value


class UnitTreeList:
    """A viewset mixin for objects of a unit: `scoped()` is what the caller may see; a list
    is narrowed to `?unit=` (the unit and its subsidiaries, 404 outside the caller's units),
    then by `narrowed`; every action orders by `ordering`."""

    request: Request
    action: str | None
    ordering: tuple[str, ...] = ()
    get_object: Callable[[], Any]  # GenericAPIView's
    scoped: Callable[[], QuerySet[Any]]  # each viewset's: access.<objects>_for(user), joined

    def narrowed(self, qs: QuerySet[Any], params: Any) -> QuerySet[Any]:
        return qs

    def get_queryset(self) -> QuerySet[Any]:
        qs = self.scoped()
        if self.action == "list":
            params = self.request.query_params
            unit_id = int_param(params, "unit")
            if unit_id is not None:
                unit = access.unit_for(self.request.user, unit_id)
                qs = qs.filter(unit__path__startswith=unit.path)
            qs = self.narrowed(qs, params)
        return qs.order_by(*self.ordering)

    def writable_object(self) -> Any:
        """The object of the URL: 404 unless the caller sees it, 403 unless they may change
        its unit's work."""
        obj = self.get_object()
        access.unit_check_writable(self.request.user, obj.unit)
        return obj


def unit_writable(request: Request, unit_id: int) -> Unit:
    """The unit of a write body: 404 unless the caller sees it, 403 unless they may change
    its work (their units and those under them)."""
    return access.unit_for(request.user, unit_id, write=True)


def service_values(request: Request, data: dict[str, Any]) -> dict[str, Any]:
    """A write body as a service's values: `unit` the unit (writable by the caller), `region`
    as `region_id`."""
    values = dict(data)
    if "unit" in values:
        values["unit"] = unit_writable(request, values["unit"])
    if "region" in values:
        values["region_id"] = values.pop("region")
    return values


@contextmanager
def reasons_on(field: str) -> Iterator[None]:
    """A service's refusal of the input (InvalidInput) as a 400 on `field`, in the reader's
    language; conflicts (409), refusals (403) and missing objects (404) pass on."""
    try:
        yield
    except InvalidInput as exc:
        raise ValidationError({field: [translated(exc.message)]}) from None


def term_check(values: dict[str, Any], start: str = "start", end: str = "end") -> None:
    """400 on `end` when it comes before `start` (the database refuses such a term)."""
    first, last = values.get(start), values.get(end)
    if first is not None and last is not None and last < first:
        raise ValidationError({end: [translated("ends before it starts")]})


class UnitIdField(serializers.IntegerField):
    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("help_text", "unit id")
        super().__init__(min_value=1, max_value=MAX_ID, **kwargs)


class RegionCodeField(serializers.RegexField):
    """A region by its 2- to 12-digit code: the stored code (None when empty and optional)."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("help_text", "region code")
        super().__init__(r"^\d{2,12}$", **kwargs)

    def run_validation(self, data: Any = empty) -> str | None:
        code = super().run_validation(data)
        if not code:
            return None
        try:
            return region_get(code=code).code
        except FupinError:  # not a code (3 digits), or no such region
            raise ValidationError(translated("no such region")) from None


class MoneyField(serializers.DecimalField):
    """Yuan (or a quantity) with two places, never negative, as an exact decimal string."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("min_value", Decimal(0))
        super().__init__(max_digits=16, decimal_places=2, **kwargs)
