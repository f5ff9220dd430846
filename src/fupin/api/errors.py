"""Every API error as JSON: {"error": {"code", "message", "fields"?}} — never a traceback."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_handler

from fupin.core.errors import FupinError, NotFound, RowErrors
from fupin.core.messages import translated

_STATUS = {"not_found": 404, "forbidden": 403, "conflict": 409}


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    if isinstance(exc, FupinError):
        code = exc.code
        body: dict[str, Any] = {"code": code, "message": translated(exc.message)}
        if isinstance(exc, RowErrors):
            body["rows"] = [
                {
                    "row": e.row,
                    "column": e.column,
                    "reason": translated(e.reason),
                    "value": e.value,
                }
                for e in exc.errors
            ]
        return Response({"error": body}, status=_STATUS.get(code, status.HTTP_400_BAD_REQUEST))
    if isinstance(exc, Http404 | NotFound):
        exc = exceptions.NotFound()
    elif isinstance(exc, PermissionDenied):
        exc = exceptions.PermissionDenied()
    response = drf_handler(exc, context)
    if response is None:
        return None
    detail = response.data
    if isinstance(exc, exceptions.ValidationError):
        fields = detail if isinstance(detail, dict) else {"non_field_errors": detail}
        body = {
            "code": "invalid",
            "message": translated("the request has invalid fields"),
            "fields": fields,
        }
    else:
        message = detail.get("detail", detail) if isinstance(detail, dict) else detail
        code = getattr(exc, "default_code", "error")
        body = {"code": code, "message": str(message)}
    response.data = {"error": body}
    return response
