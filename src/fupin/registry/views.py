"""Household pages: list with filters and export, detail. Thin: access, selector, render."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from fupin.accounts.scope import scope_of
from fupin.core.errors import NotFound, RowError, RowErrors
from fupin.core.identifiers import mask_id_number
from fupin.core.jobs import job_enqueue
from fupin.core.messages import translated
from fupin.core.reach import reach
from fupin.regions.selectors import region_get
from fupin.registry import access, marks
from fupin.registry.checks import finding_lines, registry_check
from fupin.registry.editing import error_places, household_save, household_values
from fupin.registry.enums import Attribute, Cause, Reason, Status
from fupin.registry.forms import (
    EvaluationForm,
    HouseholdFilterForm,
    HouseholdForm,
    ImportForm,
    MemberFormSet,
    SurveyForm,
    form_initial,
)
from fupin.registry.jobs import import_enqueue
from fupin.registry.selectors import (
    HouseholdFilters,
    household_count,
    household_detail,
    household_history,
    household_list,
)
from fupin.registry.services import Conflict, survey_update

PAGE_SIZE = 50


def _latest_year(request: HttpRequest) -> int | None:
    return (
        access.household_results_for(request.user)
        .order_by("-year")
        .values_list("year", flat=True)
        .first()
    )


def _filters(request: HttpRequest, data: Any) -> tuple[HouseholdFilterForm, HouseholdFilters]:
    form = HouseholdFilterForm(data or None)
    return form, form.filters(default_year=_latest_year(request))


@login_required
def household_list_page(request: HttpRequest) -> HttpResponse:
    form, filters = _filters(request, request.GET)
    households = household_list(households=access.households_for(request.user), filters=filters)
    paginator = Paginator(households, PAGE_SIZE)
    paginator.count = household_count(  # type: ignore[misc]
        households=access.households_for(request.user),
        results=access.household_results_for(request.user),
        filters=filters,
    )
    page = paginator.get_page(request.GET.get("page"))
    see_ids = access.may_see_id_numbers(request.user)
    for household in page:
        number = household.head_id_number or ""
        household.shown_id = number if see_ids else mask_id_number(number) if number else ""
        evaluated = household.status is not None
        household.marks = marks.marks_of(household.reasons or "") if evaluated else []
        household.due = marks.due_of(household.reasons or "") if evaluated else []
        household.below_line = "below_line" in (household.reasons or "")
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "registry/household_list.html",
        {
            "form": form,
            "filters": filters,
            "page": page,
            "query": query.urlencode(),
            "export_filters": [(k, v) for k, v in query.items() if v],
            "may_import": scope_of(request.user).can_edit_registry,
            "may_evaluate": access.may_evaluate(request.user),
            "statuses": dict(Status.choices),
            "attributes": dict(Attribute.choices),
            "causes": dict(Cause.choices),
            "legend": marks.legend(),
        },
    )


@login_required
@require_POST
def household_export(request: HttpRequest) -> HttpResponse:
    """The filtered list, exported to xlsx by a background job."""
    _form, filters = _filters(request, request.POST)
    job = job_enqueue(
        kind="households_export", params={"filters": asdict(filters)}, actor=request.user
    )
    return redirect("job-detail", pk=job.pk)


@login_required
def household_import_page(request: HttpRequest) -> HttpResponse:
    """Upload a registry file; a background job validates and imports it."""
    if not scope_of(request.user).can_edit_registry:
        raise PermissionDenied(_("你的角色不能修改建档立卡数据"))
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        job = import_enqueue(
            upload=form.cleaned_data["file"],
            year=form.cleaned_data["year"],
            mode=form.cleaned_data["mode"],
            actor=request.user,
        )
        return redirect("job-detail", pk=job.pk)
    return render(request, "registry/import.html", {"form": form})


@login_required
def evaluation_page(request: HttpRequest) -> HttpResponse:
    """Administrators start the evaluation of a year for the whole registry, offices for
    their own regions (stored for the dashboards)."""
    regions = reach(lambda: access.evaluation_regions_for(request.user))
    form = EvaluationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        job = job_enqueue(
            kind="evaluation", params={"year": form.cleaned_data["year"]}, actor=request.user
        )
        return redirect("job-detail", pk=job.pk)
    names = [(r.code, r.name) for r in (region_get(code=code) for code in regions or ())]
    return render(
        request,
        "registry/evaluate.html",
        {"form": form, "everything": regions is None, "regions": names},
    )


@login_required
def household_detail_page(request: HttpRequest, number: str) -> HttpResponse:
    household = reach(lambda: access.household_for(request.user, number))
    detail = household_detail(household=household)
    see_ids = access.may_see_id_numbers(request.user)
    for member in detail.members:
        member.shown_id = member.id_number if see_ids else mask_id_number(member.id_number)
    reasons = dict(Reason.choices)
    for result in detail.results:
        result.reason_labels = [str(reasons.get(r, r)) for r in result.reasons.split(";") if r]
    names = {m.id_number: m.name for m in detail.members}
    findings = finding_lines(registry_check(household=household.number), names)
    years = sorted(
        {s.year for s in detail.surveys} | {r.year for r in detail.results}, reverse=True
    )
    return render(
        request,
        "registry/household_detail.html",
        {
            "h": household,
            "d": detail,
            "findings": findings,
            "statuses": dict(Status.choices),
            "may_edit": scope_of(request.user).can_edit_registry,
            "history": household_history(household=household),
            "years": years,
        },
    )


def _writable(request: HttpRequest, number: str) -> Any:
    """The household `number` if the user may edit it: 403 outside their role, 404 outside
    their regions."""
    return reach(lambda: access.household_for(request.user, number, write=True))


@login_required
def household_create_page(request: HttpRequest) -> HttpResponse:
    if not scope_of(request.user).can_edit_registry:
        raise PermissionDenied(_("你的角色不能修改建档立卡数据"))
    return _household_form(request, None)


@login_required
def household_edit_page(request: HttpRequest, number: str) -> HttpResponse:
    """Edit a household's fields and members; checked as an import is, with each error on
    its field, and a conflict message for a second editor."""
    return _household_form(request, _writable(request, number))


def _household_form(request: HttpRequest, household: Any) -> HttpResponse:
    creating = household is None
    if request.method == "POST":
        form = HouseholdForm(request.POST, creating=creating)
        members = MemberFormSet(request.POST, prefix="m")
        if form.is_valid() and members.is_valid():
            rows = [(i, f.values()) for i, f in enumerate(members.forms)]
            given = [(i, v) for i, v in rows if v is not None]
            try:
                saved = household_save(
                    number=form.cleaned_data["number"] if creating else household.number,
                    values=form.values(),
                    members=[v for _, v in given],
                    expected_version=None if creating else form.cleaned_data["version"],
                    actor=request.user,
                    scope=scope_of(request.user),
                )
            except RowErrors as exc:
                _errors_attach(exc.errors, form, members, [i for i, _ in given])
            except (Conflict, NotFound) as exc:
                form.add_error(None, translated(exc.message))
            else:
                messages.success(request, _("已保存，评估已更新。"))
                return redirect("household-detail", number=saved.number)
    elif creating:
        form = HouseholdForm(creating=True, initial={"standard": "national"})
        members = MemberFormSet(prefix="m", initial=[{"relation": "head"}])
    else:
        values, stored = household_values(household)
        initial = {k: form_initial(v) for k, v in values.items()}
        form = HouseholdForm(initial={**initial, "version": household.version})
        members = MemberFormSet(
            prefix="m", initial=[{k: form_initial(v) for k, v in m.items()} for m in stored]
        )
    return render(
        request,
        "registry/household_form.html",
        {"h": household, "form": form, "members": members, "creating": creating},
    )


def _errors_attach(
    errors: list[RowError], form: HouseholdForm, members: Any, positions: list[int]
) -> None:
    """Put each validation error on its field: household fields on the household form,
    member fields on the member's row."""
    for key, index, message in error_places(errors):
        if key == "number" and "number" not in form.fields:
            key = None
        if index is not None and key is not None and index < len(positions):
            members.forms[positions[index]].add_error(key, message)
        elif index is None:
            form.add_error(key, message)
        else:
            form.add_error(None, message)


@login_required
def survey_edit_page(request: HttpRequest, number: str, year: int) -> HttpResponse:
    """Edit a household's survey of `year`; a second editor gets a conflict message, not a
    silent overwrite."""
    household = _writable(request, number)
    survey = household.surveys.filter(year=year).first()
    if request.method == "POST":
        form = SurveyForm(request.POST)
        if form.is_valid():
            try:
                survey_update(
                    household=household,
                    year=year,
                    values=form.survey_values(),
                    expected_version=form.cleaned_data["version"],
                    actor=request.user,
                )
            except Conflict as exc:
                form.add_error(None, translated(exc.message))
            else:
                messages.success(
                    request, _("已保存 %(year)s 年度收入调查，评估已更新。") % {"year": year}
                )
                return redirect("household-detail", number=household.number)
    else:
        initial: dict[str, Any] = {"version": household.version}
        if survey is not None:
            for name in SurveyForm.base_fields:
                if name != "version":
                    value = getattr(survey, name)
                    initial[name] = form_initial(value)
        form = SurveyForm(initial=initial)
    return render(
        request,
        "registry/survey_edit.html",
        {"h": household, "year": year, "form": form, "is_new": survey is None},
    )
