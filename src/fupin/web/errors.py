"""403, 404 and 500 answers: pages in the site's layout and the reader's language; under
/api/ the API's JSON error body ({"error": {"code", "message"}}) with the messages its views
give (fupin.api.errors)."""

from __future__ import annotations

import logging

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.template import loader
from django.utils import translation
from django.utils.translation import gettext
from rest_framework import exceptions

log = logging.getLogger(__name__)

# The last resort when even the 500 template cannot be rendered: both languages, no markup
# that could fail.
_BARE_500 = (
    "<!doctype html><meta charset='utf-8'><title>500</title>"
    "<h1>服务器内部错误 · Server error</h1>"
    "<p>请稍后再试。 · Please try again later.</p>"
)


def _api(request: HttpRequest) -> bool:
    return request.path_info.startswith("/api/")


def _json(code: str, message: str, status: int) -> JsonResponse:
    return JsonResponse(
        {"error": {"code": code, "message": message}},
        status=status,
        json_dumps_params={"ensure_ascii": False},
    )


def forbidden(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    """403, with the reason the refusal gave (core.reach translates it)."""
    reason = str(exception) if exception is not None and exception.args else ""
    if _api(request):
        message = reason or str(exceptions.PermissionDenied.default_detail)
        return _json("permission_denied", message, 403)
    return render(request, "403.html", {"reason": reason}, status=403)


def not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    """404. The exception's text is not shown: it is written for logs, in English."""
    if _api(request):
        return _json("not_found", str(exceptions.NotFound.default_detail), 404)
    return render(request, "404.html", {"request_path": request.path}, status=404)


def server_error(request: HttpRequest) -> HttpResponse:
    """500. Renders without the request's context (no user, no session, no query), so it
    answers when the database or a context processor is what failed."""
    if _api(request):
        return _json("server_error", gettext("服务器内部错误"), 500)
    try:
        language = translation.get_language_from_request(request)
    except Exception:  # a broken request still gets the page, in the default language
        language = translation.get_language()
    try:
        with translation.override(language):
            html = loader.get_template("500.html").render({"LANGUAGE_CODE": language})
    except Exception:
        log.exception("the 500 page could not be rendered")
        html = _BARE_500
    return HttpResponse(html, status=500)
