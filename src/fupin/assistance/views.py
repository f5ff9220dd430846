"""Assistance pages: units, a unit's year, its ledger (record, reverse), cadres, projects and
the xlsx exports. Thin: access, a selector or a service, render."""

from __future__ import annotations

import tempfile
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Page, Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from fupin.accounts.scope import scope_of
from fupin.assessment.selectors import unit_assessments
from fupin.assistance import access, selectors, services
from fupin.assistance.enums import Measure
from fupin.assistance.forms import LedgerEntryForm, ReverseForm, YearForm
from fupin.assistance.models import Indicator, LedgerEntry, Unit
from fupin.core.errors import FupinError
from fupin.core.messages import translated
from fupin.exchange.writers import write_table
from fupin.web.templatetags.fupin import num, yuan

PAGE_SIZE = 50
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _unit(request: HttpRequest, pk: int, *, write: bool = False) -> Unit:
    """The unit `pk` if the user may see it (404 otherwise) and, for `write`, change its work
    (403 otherwise)."""
    try:
        return access.unit_for(request.user, pk, write=write)
    except access.NotAllowed as exc:
        raise PermissionDenied(translated(exc.message)) from None
    except FupinError as exc:
        raise Http404(exc.message) from None


def _may_write(request: HttpRequest, unit: Unit) -> bool:
    try:
        access.unit_check_writable(request.user, unit)
    except access.NotAllowed:
        return False
    return True


def _page(request: HttpRequest, items: Any, size: int = PAGE_SIZE) -> Page:
    return Paginator(items, size).get_page(request.GET.get("page"))


def _indicator_name(code: str, name: str, english: dict[str, str]) -> str:
    if (get_language() or "").startswith("en") and english.get(code):
        return english[code]
    return name


def _crumbs(request: HttpRequest, unit: Unit) -> list[Unit]:
    """The units above `unit` that the user may open, from the top."""
    above = [uid for uid in unit.tree_ids if uid != unit.pk]
    return list(access.units_for(request.user).filter(pk__in=above).order_by("path"))


def _years(request: HttpRequest, unit: Unit) -> list[int]:
    """Years with pledges or ledger entries of the unit's tree."""
    tree = {"unit__path__startswith": unit.path}
    pledged = set(access.pledges_for(request.user).filter(**tree).values_list("year", flat=True))
    recorded = {
        d.year for d in access.entries_for(request.user).filter(**tree).dates("date", "year")
    }
    return sorted(pledged | recorded, reverse=True)


def _year(request: HttpRequest, years: list[int]) -> int:
    form = YearForm(request.GET)
    if form.is_valid():
        return form.cleaned_data["year"]
    return years[0] if years else timezone.localdate().year


# units -----------------------------------------------------------------------------------


@login_required
def unit_list_page(request: HttpRequest) -> HttpResponse:
    units = access.units_for(request.user).select_related("parent").order_by("path")
    page = _page(request, units, 200)
    depths = [u.path.count("/") for u in page]
    top = min(depths, default=2)
    for unit, depth in zip(page, depths, strict=True):
        unit.indent = (depth - top) * 2  # em
    return render(request, "assistance/unit_list.html", {"page": page})


@login_required
def unit_page(request: HttpRequest, pk: int) -> HttpResponse:
    unit = _unit(request, pk)
    years = _years(request, unit)
    year = _year(request, years)
    start, end = selectors.year_period(year)
    summary = selectors.unit_summary(unit, start, end)
    english = dict(selectors.indicators_for(unit).values_list("code", "name_en"))
    rows = [
        {
            **value,
            "code": code,
            "name": _indicator_name(code, value["name"], english),
            "count": isinstance(value["delivered"], int),
        }
        for code, value in summary.items()
        if code not in services.RESERVED_CODES
    ]
    return render(
        request,
        "assistance/unit_detail.html",
        {
            "unit": unit,
            "crumbs": _crumbs(request, unit),
            "year": year,
            "years": sorted({*years, year}, reverse=True),
            "summary": summary,
            "rows": rows,
            "subsidiaries": access.units_for(request.user).filter(parent=unit).order_by("path"),
            "findings": _findings(unit, year, english),
            "assessments": unit_assessments(unit),
            "may_write": _may_write(request, unit),
            "whole_unit": scope_of(request.user).covers_unit(unit.path),
        },
    )


def _findings(unit: Unit, year: int, english: dict[str, str]) -> list[dict[str, Any]]:
    """The pledge cascade findings with their figures as the page shows them."""
    out = []
    for finding in selectors.pledge_cascade_check(unit, year):
        shown = num if finding.indicator.measure == Measure.COUNT else yuan
        out.append(
            {
                "pledge": str(finding.pledge),
                "indicator": _indicator_name(
                    finding.indicator.code, finding.indicator.name, english
                ),
                "target": shown(finding.target),
                "parts": shown(finding.parts),
                "over": finding.over,
            }
        )
    return out


# ledger ----------------------------------------------------------------------------------


def _entries(request: HttpRequest, unit: Unit) -> Any:
    return (
        access.entries_for(request.user)
        .filter(unit__path__startswith=unit.path)
        .select_related("unit", "indicator", "region", "reverses", "reversed_by")
    )


@login_required
def ledger_page(request: HttpRequest, pk: int) -> HttpResponse:
    """A unit's ledger, newest first; editors record an entry here (POST, then back here)."""
    unit = _unit(request, pk, write=request.method == "POST")
    may_write = request.method == "POST" or _may_write(request, unit)
    form = None
    if may_write:
        form = LedgerEntryForm(
            request.POST or None, unit=unit, initial={"date": timezone.localdate()}
        )
        if request.method == "POST" and form.is_valid() and _record(request, unit, form):
            return redirect("assistance-ledger", pk=unit.pk)
    page = _page(request, _entries(request, unit).order_by("-date", "-id"))
    return render(
        request,
        "assistance/ledger.html",
        {
            "unit": unit,
            "crumbs": _crumbs(request, unit),
            "page": page,
            "form": form,
            "may_write": may_write,
            "today": timezone.localdate(),
        },
    )


def _record(request: HttpRequest, unit: Unit, form: LedgerEntryForm) -> bool:
    """Record the form's entry; False with the reasons on the form's fields."""
    data = form.cleaned_data
    entry_id = data["entry_id"] or services.entry_id_new("W")
    try:
        services.ledger_record(
            entry_id=entry_id,
            unit=unit,
            date=data["date"],
            indicator=data["indicator"],
            amount=data["amount"],
            region=data["region"],
            evidence=data["evidence"],
            note=data["note"],
            actor=request.user,
        )
    except services.Conflict as exc:
        form.add_error("entry_id", translated(exc.message))
        return False
    except (FupinError, ValueError) as exc:
        form.add_error("amount", translated(getattr(exc, "message", str(exc))))
        return False
    messages.success(request, _("已录入台账记录 %(id)s。") % {"id": entry_id})
    return True


@login_required
@require_POST
def ledger_reverse(request: HttpRequest, pk: int, entry: int) -> HttpResponse:
    """Reverse one entry of the unit's tree with a new, negated entry."""
    unit = _unit(request, pk, write=True)
    original: LedgerEntry | None = _entries(request, unit).filter(pk=entry).first()
    if original is None:
        raise Http404("no such entry")
    form = ReverseForm(request.POST, not_before=original.date)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        return redirect("assistance-ledger", pk=unit.pk)
    entry_id = services.entry_id_new("R")
    try:
        services.ledger_reverse(
            entry=original,
            entry_id=entry_id,
            date=form.cleaned_data["date"],
            note=form.cleaned_data["note"],
            actor=request.user,
        )
    except FupinError as exc:
        messages.error(request, translated(exc.message))
    else:
        messages.success(
            request,
            _("已冲销 %(old)s（冲销记录 %(new)s）。") % {"old": original.entry_id, "new": entry_id},
        )
    return redirect("assistance-ledger", pk=unit.pk)


# cadres and projects ---------------------------------------------------------------------


@login_required
def cadre_list_page(request: HttpRequest, pk: int) -> HttpResponse:
    unit = _unit(request, pk)
    cadres = (
        access.cadres_for(request.user)
        .filter(unit__path__startswith=unit.path)
        .select_related("unit", "region")
        .order_by("start", "name", "id")
    )
    page = _page(request, cadres)
    today = timezone.localdate()
    warnings = selectors.cadres_warnings(page, as_of=today)
    for cadre in page:
        cadre.warnings = [translated(w) for w in warnings[cadre.pk]]
    return render(
        request,
        "assistance/cadres.html",
        {"unit": unit, "crumbs": _crumbs(request, unit), "page": page, "today": today},
    )


@login_required
def project_list_page(request: HttpRequest, pk: int) -> HttpResponse:
    unit = _unit(request, pk)
    projects = (
        access.projects_for(request.user)
        .filter(unit__path__startswith=unit.path)
        .select_related("unit", "region")
        .order_by("code")
    )
    return render(
        request,
        "assistance/projects.html",
        {"unit": unit, "crumbs": _crumbs(request, unit), "page": _page(request, projects)},
    )


# exports ---------------------------------------------------------------------------------


def _xlsx(name: str, header: list[str], rows: list[list[Any]], text_columns: list[int]) -> Any:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / name
        write_table(path, header, rows, sheet=Path(name).stem, text_columns=text_columns)
        content = path.read_bytes()
    response = HttpResponse(content, content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def _amount(indicator: Indicator, value: Decimal | None) -> Decimal | int | None:
    if value is None:
        return None
    return int(value) if indicator.measure == Measure.COUNT else value


@login_required
def ledger_export(request: HttpRequest, pk: int) -> HttpResponse:
    """The unit's ledger (what the user may see of it), oldest first; `fupin ledger import`
    reads it back (the names it does not know are ignored with a warning)."""
    unit = _unit(request, pk)
    header = [
        "编号",
        "日期",
        "单位",
        "指标",
        "数值",
        "计量单位",
        "行政区划代码",
        "地区",
        "凭证",
        "说明",
        "冲销",
        "单位信用代码",
    ]
    rows = [
        [
            e.entry_id,
            e.date,
            e.unit.name,
            e.indicator.name,
            _amount(e.indicator, e.amount),
            e.indicator.unit_label,
            e.region_id,
            e.region.name if e.region_id else None,
            e.evidence,
            e.note,
            e.reverses.entry_id if e.reverses_id else None,
            e.unit.credit_code,
        ]
        for e in _entries(request, unit).order_by("date", "id")
    ]
    return _xlsx(f"ledger-{unit.credit_code}.xlsx", header, rows, [0, 6, 10, 11])


@login_required
def targets_export(request: HttpRequest, pk: int) -> HttpResponse:
    """The unit's targets of a year with what was delivered and the completion rate."""
    unit = _unit(request, pk)
    year = _year(request, _years(request, unit))
    start, end = selectors.year_period(year)
    header = ["年度", "指标代码", "指标", "计量单位", "目标", "完成", "完成率（%）"]
    rows = [
        [
            year,
            p.indicator.code,
            p.indicator.name,
            p.indicator.unit_label,
            _amount(p.indicator, p.target),
            _amount(p.indicator, p.delivered),
            None if p.completion is None else p.completion * 100,
        ]
        for p in selectors.unit_progress(unit, start, end)
    ]
    return _xlsx(f"targets-{unit.credit_code}-{year}.xlsx", header, rows, [1])
