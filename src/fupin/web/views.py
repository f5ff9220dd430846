"""Pages. Thin: check the login, call a selector, render."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from fupin.core.errors import FupinError
from fupin.regions import selectors as regions


@login_required
def home(request: HttpRequest) -> HttpResponse:
    return render(request, "web/home.html", {"provinces": regions.region_children(code=None)})


@login_required
def region_detail(request: HttpRequest, code: str) -> HttpResponse:
    try:
        region = regions.region_get(code=code)
    except FupinError as exc:
        raise Http404(exc.message) from None
    path = regions.region_path(region=region)
    return render(
        request,
        "web/region.html",
        {"region": region, "path": path, "children": regions.region_children(code=region.code)},
    )
