"""The assessment tab of a unit: the schemes of a year with the unit's self and final
assessments; the unit's editors compute its self assessment, administrators record the final
grade. Thin: access, a selector or a service, render."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from fupin.assessment import access, selectors, services
from fupin.assessment.enums import Stage
from fupin.assessment.forms import FinalGradeForm, SelfAssessmentForm
from fupin.assessment.models import Assessment, Scheme
from fupin.assistance.access import NotAllowed
from fupin.assistance.models import Unit
from fupin.assistance.pages import crumbs_of, may_change, unit_reached, year_chosen, year_options
from fupin.core.errors import FupinError
from fupin.core.messages import translated


def _scheme(request: HttpRequest, pk: int) -> Scheme:
    try:
        return access.scheme_for(request.user, pk)
    except FupinError as exc:
        raise Http404(exc.message) from None


def _back(unit: Unit, scheme: Scheme) -> HttpResponse:
    url = reverse("assistance-assessment", args=[unit.pk])
    return redirect(f"{url}?year={scheme.year}")


def _label(assessment: Assessment) -> str:
    return assessment.grade.label if assessment.grade else "—"


def _render(
    request: HttpRequest,
    unit: Unit,
    year: int,
    bound: dict[tuple[str, int], Any] | None = None,
    years: list[int] | None = None,
) -> HttpResponse:
    """The page of `year`; `bound` holds a submitted form by (stage, scheme id), shown with
    its errors in place of a fresh one; `years` are those with a scheme, if already read."""
    bound = bound or {}
    years = selectors.scheme_years() if years is None else years
    sheets = selectors.assessment_sheets(unit, year)
    may_write = may_change(request, unit)
    may_record = access.may_record_final(request.user)
    computed: dict[int, selectors.Computed] = {}
    if may_write and sheets:
        items = [i for sheet in sheets for i in sheet.scheme.items.all()]
        computed = selectors.computed_scores(unit, year, items)
    forms = []
    for sheet in sheets:
        scheme = sheet.scheme
        own = final = None
        if may_write:
            own = bound.get((Stage.SELF, scheme.pk)) or SelfAssessmentForm(
                scheme=scheme,
                stored=sheet.own,
                initial={"decided_on": timezone.localdate()},
            )
        if may_record:
            final = bound.get((Stage.FINAL, scheme.pk)) or FinalGradeForm(
                scheme=scheme, stored=sheet.final
            )
        forms.append({"sheet": sheet, "own": own, "final": final})
    return render(
        request,
        "assessment/unit_assessment.html",
        {
            "unit": unit,
            "crumbs": crumbs_of(request, unit),
            "year": year,
            "years": year_options(years, year),
            "previous": selectors.final_grades(unit, [year - 1])[year - 1],
            "sheets": forms,
            "computed": computed,
            "may_write": may_write,
        },
    )


@login_required
def assessment_page(request: HttpRequest, pk: int) -> HttpResponse:
    unit = unit_reached(request, pk)
    years = selectors.scheme_years()
    return _render(request, unit, year_chosen(request, years), years=years)


@login_required
@require_POST
def self_assessment_compute(request: HttpRequest, pk: int, scheme: int) -> HttpResponse:
    """Compute the unit's self assessment under the scheme from the data and the scores."""
    unit = unit_reached(request, pk, write=True)
    found = _scheme(request, scheme)
    form = SelfAssessmentForm(request.POST, scheme=found)
    if form.is_valid():
        try:
            done = services.assessment_compute(
                scheme=found,
                unit=unit,
                stage=Stage.SELF,
                scores=form.scores(),
                deductions=form.deductions(),
                decided_on=form.cleaned_data["decided_on"],
                actor=request.user,
            )
        except FupinError as exc:
            form.add_error(None, translated(exc.message))
        else:
            if done.total is None:
                said = _("已计算%(scheme)s自评：没有适用的考核项目，不计总分和等次。")
            else:
                said = _("已计算%(scheme)s自评：总分 %(total)s，等次 %(grade)s。")
            shown = {"scheme": found.name, "total": done.total, "grade": _label(done)}
            messages.success(request, said % shown)
            return _back(unit, found)
    return _render(request, unit, found.year, {(Stage.SELF, found.pk): form})


@login_required
@require_POST
def final_grade_record(request: HttpRequest, pk: int, scheme: int) -> HttpResponse:
    """Record the final grade the assessing body gave the unit (administrators only)."""
    unit = unit_reached(request, pk)
    try:
        access.final_check_allowed(request.user)
    except NotAllowed as exc:
        raise PermissionDenied(translated(exc.message)) from None
    found = _scheme(request, scheme)
    form = FinalGradeForm(request.POST, scheme=found)
    if form.is_valid():
        try:
            done = services.assessment_record(
                scheme=found,
                unit=unit,
                grade=form.cleaned_data["grade"],
                decided_on=form.cleaned_data["decided_on"],
                note=form.cleaned_data["note"],
                actor=request.user,
            )
        except FupinError as exc:
            form.add_error("grade", translated(exc.message))
        else:
            shown = {"scheme": found.name, "grade": _label(done)}
            messages.success(request, _("已登记%(scheme)s终评等次：%(grade)s。") % shown)
            return _back(unit, found)
    return _render(request, unit, found.year, {(Stage.FINAL, found.pk): form})
