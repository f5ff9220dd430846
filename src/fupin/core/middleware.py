"""Requests that carry a NUL character are answered 400 before any view runs (see core.nul).

Looked at: the path, the query string (names and values, raw or %00), cookies and headers,
and on pages the form fields. The API's bodies are its parsers'
(`fupin.api.parsers`), which read them when a view asks and keep the API's error shape.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

from django.contrib.auth.models import AnonymousUser
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.translation import pgettext_lazy

from fupin.core.messages import translated
from fupin.core.nul import NUL, REASON, form_places, shown

# what part of the request a place is: its label on the page and its prefix in the API's
# field names (a parameter is named by its name alone, as the API's other errors name it)
PARAMETER, PATH, COOKIE, HEADER = "parameter", "path", "cookie", "header"
LABELS = {
    PARAMETER: pgettext_lazy("part of a request", "参数"),
    PATH: pgettext_lazy("part of a request", "路径"),
    COOKIE: "Cookie",
    HEADER: pgettext_lazy("part of a request", "请求头"),
}


class NulRefusal:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        places = list(dict.fromkeys(nul_places(request)))
        if not places:
            return self.get_response(request)
        reason = translated(REASON)
        if request.path_info.startswith("/api/"):
            body = {
                "code": "invalid",
                "message": translated("the request has invalid fields"),
                "fields": {field_name(kind, name): [reason] for kind, name in places},
            }
            return JsonResponse(
                {"error": body}, status=400, json_dumps_params={"ensure_ascii": False}
            )
        if any(kind == COOKIE for kind, _ in places):
            request.user = AnonymousUser()  # the page must not look the session cookie up
        problems = [
            {"where": str(LABELS[kind]), "name": name, "reason": reason} for kind, name in places
        ]
        return render(request, "400.html", {"problems": problems}, status=400)


def field_name(kind: str, name: str) -> str:
    """How the API names a place: `q`, `path`, `cookie sessionid`, `header User-Agent`."""
    if kind == PARAMETER:
        return name
    return f"{kind} {name}" if name else kind


def nul_places(request: HttpRequest) -> Iterator[tuple[str, str]]:
    """(kind, name) of each part of `request` that contains NUL, names shown with \\0."""
    if NUL in request.path:
        yield PATH, ""
    for name in form_places(request.GET):
        yield PARAMETER, name
    if request.method == "POST" and not request.path_info.startswith("/api/"):
        for name in form_places(request.POST):
            yield PARAMETER, name
    for name, value in request.COOKIES.items():
        if NUL in name or NUL in value:
            yield COOKIE, shown(name)
    for name, value in request.headers.items():
        if NUL in name or NUL in value:
            yield HEADER, shown(name)
