"""403, 404, 500 and 503 answers: pages in the site's layout and the reader's language; under
/api/ the API's JSON error body ({"error": {"code", "message"}}) with the messages its views
give (fupin.api.errors). 503 is the answer when the database is stopped or unreachable
(fupin.core.outage): `DatabaseOutage` gives it for a view that met the outage, `server_error`
for a middleware that did."""

from __future__ import annotations

import logging
import sys
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.template import loader
from django.utils import translation
from django.utils.translation import gettext
from rest_framework import exceptions

from fupin.core.outage import Outage, unreachable

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


def _language(request: HttpRequest) -> str:
    """The reader's language from the cookie and Accept-Language only (no session, no user)."""
    try:
        return translation.get_language_from_request(request)
    except Exception:  # a broken request still gets the page, in the default language
        return translation.get_language()


def server_error(request: HttpRequest) -> HttpResponse:
    """500. Renders without the request's context (no user, no session, no query), so it
    answers when the database or a context processor is what failed. When what failed was
    the database being away, the answer is the 503 instead."""
    error = sys.exc_info()[1]  # Django calls this while handling the exception
    if error is not None and unreachable(error):
        return unavailable(request, error)
    if _api(request):
        return _json("server_error", gettext("服务器内部错误"), 500)
    language = _language(request)
    try:
        with translation.override(language):
            html = loader.get_template("500.html").render({"LANGUAGE_CODE": language})
    except Exception:
        log.exception("the 500 page could not be rendered")
        html = _BARE_500
    return HttpResponse(html, status=500)


RETRY_AFTER = 30  # seconds: what the 503 asks a client to wait before it tries again
PAGES = Outage("pages answer 503 until it is back", "request(s) answered 503 meanwhile")

_BARE_503 = (
    "<!doctype html><meta charset='utf-8'><title>503</title>"
    "<h1>服务暂时不可用 · Service unavailable</h1>"
    "<p>数据库暂时无法连接，请稍后再试。 · The database cannot be reached at the moment; "
    "please try again later.</p>"
)


def unavailable(request: HttpRequest, error: BaseException) -> HttpResponse:
    """503 for a request that met the database stopped or unreachable: the page web/503.html
    (rendered without the request's context, so nothing on it asks the database), or under
    /api/ the API's JSON error; Retry-After on both. Logged once per outage (PAGES), not a
    traceback per request."""
    PAGES.down(error)
    language = _language(request)
    with translation.override(language):
        if _api(request):
            message = gettext("数据库暂时无法连接，请稍后再试。")
            response: HttpResponse = _json("database_unavailable", message, 503)
        else:
            response = HttpResponse(_page_503(request, language), status=503)
    response["Retry-After"] = str(RETRY_AFTER)
    response["Cache-Control"] = "no-store"
    response._has_been_logged = True  # type: ignore[attr-defined]  # Django logs it no more
    response._database_unavailable = True  # type: ignore[attr-defined]
    return response


def _page_503(request: HttpRequest, language: str) -> str:
    context = {
        "LANGUAGE_CODE": language,
        "posted": request.method not in ("GET", "HEAD"),
        "again": request.get_full_path() if request.method in ("GET", "HEAD") else "",
        "retry_after": RETRY_AFTER,
    }
    try:
        return loader.get_template("web/503.html").render(context)
    except Exception:
        log.exception("the 503 page could not be rendered")
        return _BARE_503


class DatabaseOutage:
    """Answers 503 for a view that met the database stopped or unreachable, and notes in the
    log when the database is back. Last in MIDDLEWARE, so its process_exception is the first
    to see a view's exception; what a middleware meets reaches `server_error`."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if not getattr(response, "_database_unavailable", False):
            PAGES.up()
        return response

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if unreachable(exception) is None:
            return None
        return unavailable(request, exception)
