"""Responsibility assessment pages (seed 004): a province office's list of its departments and
prefectures of a year with their grades and last year's; the page of one prefecture or one
department with its assessments, where the assessing office computes or records the final
assessment and the subject's own office computes its self assessment. Thin: access, a
selector or a service, render."""

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
from fupin.assessment.enums import RESPONSIBILITY, Stage, Subject
from fupin.assessment.forms import FinalGradeForm, SelfAssessmentForm
from fupin.assessment.models import Assessment, Scheme
from fupin.assistance.models import Unit
from fupin.assistance.pages import year_chosen, year_options
from fupin.core.errors import FupinError
from fupin.core.messages import translated
from fupin.core.reach import reach
from fupin.regions.models import Region

Subjected = Unit | Region


def _kind(subject: Subjected) -> str:
    return Subject.PREFECTURE if isinstance(subject, Region) else Subject.DEPARTMENT


def _page(subject: Subjected) -> str:
    if isinstance(subject, Region):
        return reverse("responsibility-region", args=[subject.code])
    return reverse("responsibility-department", args=[subject.pk])


def _schemes(request: HttpRequest, subject: Subjected, year: int) -> list[Scheme]:
    """The year's schemes assessing the subject that the user may see."""
    if isinstance(subject, Region):
        found = selectors.prefecture_schemes(subject, year)
    else:
        assessed = {s.pk for s in selectors.department_schemes(subject, year)}
        found = [
            s
            for s in selectors.schemes_of_year(year, Subject.DEPARTMENT)
            if s.pk in assessed or access.may_assess(request.user, s)
        ]
    return access.schemes_seen(request.user, found, subject)


def _scheme(request: HttpRequest, subject: Subjected, pk: int) -> Scheme:
    """A scheme of the subject's kind the user may see for it (404 otherwise)."""
    try:
        scheme = access.scheme_for(request.user, pk)
    except FupinError as exc:
        raise Http404(exc.message) from None
    if scheme.subject != _kind(subject) or not access.may_see(request.user, scheme, subject):
        raise Http404(f"no scheme {pk}")
    return scheme


def _label(assessment: Assessment) -> str:
    return assessment.grade.label if assessment.grade else "—"


def _render(
    request: HttpRequest,
    subject: Subjected,
    year: int,
    bound: dict[tuple[str, int], Any] | None = None,
) -> HttpResponse:
    """The subject's page of `year`; `bound` holds a submitted form by (form, scheme id), shown
    with its errors in place of a fresh one."""
    bound = bound or {}
    kind = _kind(subject)
    user = request.user
    sheets = selectors.assessment_sheets(subject, year, schemes=_schemes(request, subject, year))
    forms: list[dict[str, Any]] = []
    items: list[Any] = []
    for sheet in sheets:
        scheme = sheet.scheme
        own = scores = final = None
        if access.may_self_assess(user, scheme, subject):
            own = bound.get(("self", scheme.pk)) or SelfAssessmentForm(
                scheme=scheme, stored=sheet.own, initial={"decided_on": timezone.localdate()}
            )
        if access.may_assess(user, scheme):
            stored = sheet.final if sheet.final and not sheet.final.recorded else None
            scores = bound.get(("score", scheme.pk)) or SelfAssessmentForm(
                scheme=scheme,
                stored=stored,
                prefix=f"score-{scheme.pk}",
                initial={"decided_on": timezone.localdate()},
            )
            final = bound.get(("final", scheme.pk)) or FinalGradeForm(
                scheme=scheme, stored=sheet.final
            )
        if own or scores:
            items.extend(scheme.items.all())
        forms.append({"sheet": sheet, "own": own, "scores": scores, "final": final})
    years = selectors.scheme_years([kind])
    return render(
        request,
        "assessment/subject_assessment.html",
        {
            "subject": subject,
            "region": subject if isinstance(subject, Region) else None,
            "kind": kind,
            "page": _page(subject),
            "year": year,
            "years": year_options(years, year),
            "previous": selectors.final_grades(subject, [year - 1], kind=kind)[year - 1],
            "sheets": forms,
            "computed": selectors.computed_scores(subject, year, items) if items else {},
        },
    )


def _prefecture(request: HttpRequest, code: str) -> Region:
    return reach(lambda: access.prefecture_for(request.user, code))


def _department(request: HttpRequest, pk: int) -> Unit:
    return reach(lambda: access.department_for(request.user, pk))


def _year(request: HttpRequest, subject: Subjected) -> int:
    return year_chosen(request, selectors.scheme_years([_kind(subject)]))


@login_required
def prefecture_page(request: HttpRequest, code: str) -> HttpResponse:
    subject = _prefecture(request, code)
    return _render(request, subject, _year(request, subject))


@login_required
def department_page(request: HttpRequest, pk: int) -> HttpResponse:
    subject = _department(request, pk)
    return _render(request, subject, _year(request, subject))


def _compute(request: HttpRequest, subject: Subjected, pk: int, stage: str) -> HttpResponse:
    """Compute the subject's assessment at `stage` from the data and the scores: the self
    assessment by its own office, the final one by the assessing office."""
    scheme = _scheme(request, subject, pk)
    if stage == Stage.SELF:
        allowed, prefix, key = access.may_self_assess(request.user, scheme, subject), None, "self"
    elif stage == Stage.FINAL:
        allowed, prefix, key = access.may_assess(request.user, scheme), f"score-{pk}", "score"
    else:
        raise Http404(f"no stage {stage}")
    if not allowed:
        raise PermissionDenied(_("您的角色不能评定该考核对象"))
    form = (
        SelfAssessmentForm(request.POST, scheme=scheme, prefix=prefix)
        if prefix
        else SelfAssessmentForm(request.POST, scheme=scheme)
    )
    if form.is_valid():
        try:
            done = services.assessment_compute(
                scheme=scheme,
                stage=stage,
                scores=form.scores(),
                deductions=form.deductions(),
                decided_on=form.cleaned_data["decided_on"],
                actor=request.user,
                **_subject_arguments(subject),
            )
        except FupinError as exc:
            form.add_error(None, translated(exc.message))
        else:
            shown = {
                "scheme": scheme.name,
                "stage": done.get_stage_display(),
                "total": done.total,
                "grade": _label(done),
            }
            if done.total is None:
                said = _("已计算%(scheme)s%(stage)s：没有适用的考核项目，不计总分和等次。")
            else:
                said = _("已计算%(scheme)s%(stage)s：总分 %(total)s，等次 %(grade)s。")
            messages.success(request, said % shown)
            return redirect(f"{_page(subject)}?year={scheme.year}")
    return _render(request, subject, scheme.year, {(key, scheme.pk): form})


def _record(request: HttpRequest, subject: Subjected, pk: int) -> HttpResponse:
    """Record the final grade the assessing office gave the subject."""
    scheme = _scheme(request, subject, pk)
    if not access.may_assess(request.user, scheme):
        raise PermissionDenied(_("您的角色不能评定该考核对象"))
    form = FinalGradeForm(request.POST, scheme=scheme)
    if form.is_valid():
        try:
            done = services.assessment_record(
                scheme=scheme,
                grade=form.cleaned_data["grade"],
                decided_on=form.cleaned_data["decided_on"],
                note=form.cleaned_data["note"],
                actor=request.user,
                **_subject_arguments(subject),
            )
        except FupinError as exc:
            form.add_error("grade", translated(exc.message))
        else:
            shown = {"scheme": scheme.name, "grade": _label(done)}
            messages.success(request, _("已登记%(scheme)s终评等次：%(grade)s。") % shown)
            return redirect(f"{_page(subject)}?year={scheme.year}")
    return _render(request, subject, scheme.year, {("final", scheme.pk): form})


def _subject_arguments(subject: Subjected) -> dict[str, Any]:
    return {"region": subject} if isinstance(subject, Region) else {"unit": subject}


@login_required
@require_POST
def prefecture_compute(request: HttpRequest, code: str, scheme: int, stage: str) -> HttpResponse:
    return _compute(request, _prefecture(request, code), scheme, stage)


@login_required
@require_POST
def department_compute(request: HttpRequest, pk: int, scheme: int, stage: str) -> HttpResponse:
    return _compute(request, _department(request, pk), scheme, stage)


@login_required
@require_POST
def prefecture_record(request: HttpRequest, code: str, scheme: int) -> HttpResponse:
    return _record(request, _prefecture(request, code), scheme)


@login_required
@require_POST
def department_record(request: HttpRequest, pk: int, scheme: int) -> HttpResponse:
    return _record(request, _department(request, pk), scheme)


@login_required
def responsibility_list(request: HttpRequest) -> HttpResponse:
    """The year's responsibility assessments the user may see: per scheme, its departments or
    prefectures with their total, grade and last year's grade."""
    reach(lambda: access.responsibility_list_allowed(request.user))
    years = selectors.responsibility_years()
    year = year_chosen(request, years)
    results = access.responsibility_results_for(request.user, year)
    groups: dict[int, dict[str, Any]] = {}
    for result in results:
        groups.setdefault(result.scheme.pk, {"scheme": result.scheme, "rows": []})
        groups[result.scheme.pk]["rows"].append(result)
    return render(
        request,
        "assessment/responsibility_list.html",
        {
            "year": year,
            "years": year_options(years, year),
            "groups": list(groups.values()),
            "kinds": RESPONSIBILITY,
        },
    )
