"""Pages. Thin: check the login, reach objects through the access functions, call a
selector, render."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.cache import cache_control
from django.views.decorators.gzip import gzip_page

from fupin.accounts.enums import Role
from fupin.accounts.scope import scope_of
from fupin.assistance.selectors import region_assistance, region_leadership
from fupin.core.identifiers import ascii_digits
from fupin.core.reach import reach
from fupin.policy.rules import MONITORING_STATUSES, STATUSES
from fupin.regions import access as region_access
from fupin.regions import selectors as regions
from fupin.regions.enums import Level
from fupin.regions.models import Region
from fupin.registry.access import region_results_for
from fupin.registry.enums import Status
from fupin.registry.selectors import Dashboard, dashboard_get


def _year(request: HttpRequest) -> int | None:
    raw = request.GET.get("year", "")
    return int(raw) if ascii_digits(raw, max_length=4) else None


@login_required
def home(request: HttpRequest) -> HttpResponse:
    if request.user.role == Role.EVALUATOR and not request.user.is_superuser:
        return redirect("supervision:campaign-list")  # evaluators work on their campaigns
    top = region_access.regions_top(request.user)
    if len(top) == 1 and not scope_of(request.user).everything:
        return redirect("region-detail", code=top[0].code)
    dashboard = dashboard_get(
        region=None, children=top, results=region_results_for(request.user), year=_year(request)
    )
    return render(request, "web/region.html", _context(None, [], dashboard))


@login_required
def region_detail(request: HttpRequest, code: str) -> HttpResponse:
    region = reach(lambda: region_access.region_for(request.user, code))
    scope = scope_of(request.user)
    path = [(r, scope.covers(r.code)) for r in regions.region_path(region=region)[:-1]]
    dashboard = dashboard_get(
        region=region,
        children=region_access.region_children_for(request.user, region),
        results=region_results_for(request.user),
        year=_year(request),
    )
    context = _context(region, path, dashboard)
    year = dashboard.year or _year(request) or timezone.localdate().year
    context["assistance"] = region_assistance(region.code, year)
    on = min(dt.date(year, 12, 31), timezone.localdate())  # those in post in the year shown
    context["groups"], context["duties"] = region_leadership(region.code, on)
    return render(request, "web/region.html", context)


@login_required
@gzip_page
@cache_control(private=True, max_age=86400)  # outlines change only with a release
def home_map(request: HttpRequest) -> HttpResponse:
    """GeoJSON of the national map: the provinces' outlines."""
    return HttpResponse(regions.region_outlines(region=None), content_type="application/json")


@login_required
@gzip_page
@cache_control(private=True, max_age=86400)
def region_map(request: HttpRequest, code: str) -> HttpResponse:
    """GeoJSON of a region's map: the outlines under it, keyed by code."""
    region = reach(lambda: region_access.region_for(request.user, code))
    return HttpResponse(regions.region_outlines(region=region), content_type="application/json")


def _map(region: Region | None, dashboard: Dashboard) -> dict[str, Any] | None:
    """What the map shows: where its outlines come from and the figures that colour them (the
    provinces on the national page, the counties of a province or prefecture, a county itself).
    None where no map is drawn (townships, villages, a scope that is not whole provinces)."""
    if region is None:
        if not dashboard.rows or any(c.level != Level.PROVINCE for c, _ in dashboard.rows):
            return None
        url, shown = reverse("home-map"), dashboard.rows
    elif region.level in (Level.PROVINCE, Level.PREFECTURE):
        url, shown = (
            reverse("region-map", args=[region.code]),
            [(r.region, r) for r in dashboard.counties],
        )
    elif region.level == Level.COUNTY:
        url, shown = reverse("region-map", args=[region.code]), [(region, dashboard.own)]
    else:
        return None
    areas = [
        {
            "code": where.code,
            "name": where.short_name,
            "incidence": None if r.incidence is None else float(r.incidence) * 100,
            "poor": r.poor_members,
        }
        for where, r in shown
        if r is not None
    ]
    return {"url": url, "code": region.code if region else "", "areas": areas}


def _context(
    region: Region | None, path: list[tuple[Region, bool]], dashboard: Dashboard
) -> dict[str, Any]:
    bars = [
        {
            "name": child.short_name,
            "incidence": None if r is None or r.incidence is None else float(r.incidence) * 100,
            "poor": None if r is None else r.poor_members,
        }
        for child, r in dashboard.rows
    ]
    return {
        "region": region,
        "path": path,
        "d": dashboard,
        "statuses": [
            (value, label)
            for value, label in Status.choices
            if value in (MONITORING_STATUSES if dashboard.monitoring else STATUSES)
        ],
        "chart": {"bars": bars, "map": _map(region, dashboard)},
    }
