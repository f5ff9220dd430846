"""Pages of monitoring's figures and lists: the dashboard of a region and year, its warning
list (预警名单) with its Excel export, and the village cadre's list of open cases. Thin: the
region through the user's scope, a selector, render."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from fupin.accounts.scope import scope_of
from fupin.core.identifiers import ascii_digits, mask_id_number
from fupin.core.reach import reach
from fupin.monitoring import access, exports, selectors
from fupin.monitoring.selectors import MonitoringDashboard, RegionCount
from fupin.regions import access as region_access
from fupin.regions.enums import Level
from fupin.regions.models import Region
from fupin.regions.selectors import region_path
from fupin.registry import marks
from fupin.registry.access import household_results_for, may_see_id_numbers, region_results_for
from fupin.registry.enums import Status

PAGE_SIZE = 50


def _asked_year(request: HttpRequest) -> int | None:
    raw = request.GET.get("year", "")
    return int(raw) if ascii_digits(raw, max_length=4) else None


def _allowed(request: HttpRequest) -> None:
    if not access.may_see_monitoring(request.user):
        raise PermissionDenied(_("监测帮扶页面只对负责地区的角色开放"))


def _region(request: HttpRequest) -> tuple[Region | None, list[Region]]:
    """The region asked for (?region=, 404 outside the user's scope); without one, the
    user's own region if they have one, else None with their top regions (the provinces for
    administrators)."""
    code = request.GET.get("region", "")
    if code:
        return reach(lambda: region_access.region_for(request.user, code)), []
    top = region_access.regions_top(request.user)
    if len(top) != 1 or scope_of(request.user).everything:
        return None, top
    return top[0], []


def _place(request: HttpRequest) -> tuple[Region | None, list[Region]]:
    """The region (see `_region`) and the regions under it the user may open: its children,
    or the user's top regions under no region."""
    region, top = _region(request)
    if region is None:
        return None, top
    return region, region_access.region_children_for(request.user, region)


def _year(request: HttpRequest) -> int:
    return selectors.monitoring_year(
        _asked_year(request),
        cases=access.cases_for(request.user),
        region_results=region_results_for(request.user),
    )


def _crumbs(request: HttpRequest, region: Region | None) -> list[tuple[Region, bool]]:
    """The regions above `region`, each with whether the user may open it."""
    if region is None:
        return []
    scope = scope_of(request.user)
    return [(r, scope.covers(r.code)) for r in region_path(region=region)[:-1]]


@login_required
def dashboard_page(request: HttpRequest) -> HttpResponse:
    """Monitored households of a region in a year by type, risk, phase and child region, with
    the map, the rule warnings of the year and the pending department flags."""
    _allowed(request)
    region, children = _place(request)
    year = _year(request)
    dashboard = selectors.monitoring_dashboard(
        region=region,
        children=children,
        cases=access.cases_for(request.user),
        results=household_results_for(request.user),
        region_results=region_results_for(request.user),
        flags=access.feed_rows_for(request.user),
        year=year,
    )
    path = _crumbs(request, region)
    return render(
        request,
        "monitoring/dashboard.html",
        {
            "region": region,
            "path": path,
            "d": dashboard,
            "places": _places(path, region, children),
            "chart": _chart(region, dashboard),
        },
    )


def _places(
    path: list[tuple[Region, bool]], region: Region | None, children: list[Region]
) -> list[tuple[str, str]]:
    """The region selector's choices: the regions above (those open to the user), the region
    and its children; the user's top regions when no region is chosen."""
    above = [(r.code, r.name) for r, open_ in path if open_]
    here = [(region.code, region.name)] if region is not None else []
    return above + here + [(c.code, "　" * bool(region) + c.name) for c in children]


def _chart(region: Region | None, d: MonitoringDashboard) -> dict[str, Any]:
    """What the charts draw (web/static/fupin/dashboard.js): each child's monitored households
    per 1,000 households (or their count when no evaluation gives the households), and a map
    of the provinces, a province's or prefecture's counties, or the county itself."""

    def rate(c: RegionCount) -> float | None:
        return None if c.per_thousand is None else float(c.per_thousand)

    bars = [{"name": c.region.short_name, "incidence": rate(c), "poor": c.cases} for c in d.rows]
    url, shown = "", list[RegionCount]()
    if region is None:
        if d.rows and all(c.region.level == Level.PROVINCE for c in d.rows):
            url, shown = reverse("home-map"), d.rows
    elif region.level in (Level.PROVINCE, Level.PREFECTURE):
        url, shown = reverse("region-map", args=[region.code]), d.counties
    elif region.level == Level.COUNTY:
        url, shown = reverse("region-map", args=[region.code]), [d.total]
    link = f"{reverse('monitoring-dashboard')}?region={{code}}&year={d.year}"
    chart_map = None
    if shown:
        chart_map = {
            "url": url,
            "code": region.code if region else "",
            "link": link,
            "areas": [
                {
                    "code": c.region.code,
                    "name": c.region.short_name,
                    "incidence": rate(c),
                    "poor": c.cases,
                }
                for c in shown
            ],
        }
    labels = {
        "rate": _("每千户监测户数（‰）"),
        "count": _("监测户数"),
        "mapCount": _("监测户数"),
        "unit": "‰",
        "digits": 1,
        "floor": 1,
    }
    return {"bars": bars, "map": chart_map, "labels": labels}


@login_required
def warnings_page(request: HttpRequest) -> HttpResponse:
    """The early-warning list of a region and year: the households the rules flagged, then
    the department flags waiting to be verified, each paginated."""
    _allowed(request)
    region, _top = _region(request)
    year = _year(request)
    status = request.GET.get("status", "")
    status = status if status in selectors.WARNING_STATUSES else ""
    results = household_results_for(request.user)
    listed = selectors.warning_list(results=results, region=region, year=year, status=status)
    paginator = Paginator(listed, PAGE_SIZE)
    paginator.count = selectors.warning_count(
        results=results, region=region, year=year, status=status
    )
    page = paginator.get_page(request.GET.get("page"))
    see_ids = may_see_id_numbers(request.user)
    for result in page:
        result.shown_id = _shown_id(result.head_id_number, see_ids)
        result.reason_labels = marks.due_of(result.reasons)
    flags = Paginator(
        selectors.flag_list(flags=access.feed_rows_for(request.user), region=region, year=year),
        PAGE_SIZE,
    ).get_page(request.GET.get("fpage"))
    for flag in flags:
        flag.shown_id = _shown_id(flag.id_number, see_ids)
        flag.evidence = exports.flag_evidence(flag)
    query = request.GET.copy()
    for key in ("page", "fpage"):
        query.pop(key, None)
    statuses = dict(Status.choices)
    return render(
        request,
        "monitoring/warnings.html",
        {
            "region": region,
            "path": _crumbs(request, region),
            "year": year,
            "years": selectors.monitoring_years(),
            "status": status,
            "statuses": statuses,
            "warning_statuses": [(s, statuses.get(s, s)) for s in selectors.WARNING_STATUSES],
            "page": page,
            "flags": flags,
            "query": query.urlencode(),
            "export_query": _query(region, year, status),
        },
    )


def _shown_id(number: str | None, see_ids: bool) -> str:
    if not number:
        return ""
    return number if see_ids else mask_id_number(number)


def _query(region: Region | None, year: int, status: str) -> str:
    parts = [f"year={year}"]
    if region is not None:
        parts.append(f"region={region.code}")
    if status:
        parts.append(f"status={status}")
    return "&".join(parts)


@login_required
def warnings_export(request: HttpRequest) -> FileResponse:
    """The warning list of the page as an xlsx file with its title row: the rule warnings,
    then the department flags; ID numbers masked unless the user may see them."""
    _allowed(request)
    region, _top = _region(request)
    year = _year(request)
    status = request.GET.get("status", "")
    status = status if status in selectors.WARNING_STATUSES else ""
    handle = exports.warnings_export(
        results=household_results_for(request.user),
        flags=access.feed_rows_for(request.user),
        region=region,
        places=() if scope_of(request.user).everything else scope_of(request.user).regions,
        year=year,
        status=status,
        unmasked=may_see_id_numbers(request.user),
        made=timezone.localdate(),
    )
    name = f"warnings-{region.code if region else 'all'}-{year}.xlsx"
    return FileResponse(handle, as_attachment=True, filename=name, content_type=exports.XLSX)


@login_required
def mine_page(request: HttpRequest) -> HttpResponse:
    """The open cases of the user's regions, made for a phone: those being identified first,
    the overdue at the top, each with the next step and when it is due."""
    _allowed(request)
    cases = selectors.open_case_list(cases=access.cases_for(request.user)).prefetch_related("steps")
    page = Paginator(cases, PAGE_SIZE).get_page(request.GET.get("page"))
    today = timezone.localdate()
    for case in page:
        case.todo = selectors.case_todo(case, today=today)
    return render(request, "monitoring/mine.html", {"page": page, "today": today})
