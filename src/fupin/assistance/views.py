"""Assistance pages: units (pairings, subsidiaries), a unit's year, its pledges and targets,
its ledger (record, reverse), cadres (reports, awards), projects (lifecycle, beneficiaries,
disbursements), the uploads of the imports and the xlsx exports. Thin: access, a selector or
a service, render."""

from __future__ import annotations

import tempfile
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Page, Paginator
from django.db.models import Q
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone, translation
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from fupin.accounts.scope import scope_of
from fupin.assessment.selectors import unit_assessments
from fupin.assistance import access, selectors, services
from fupin.assistance.enums import PROJECT_ORDER, LedgerReason, Measure
from fupin.assistance.forms import (
    AssistanceImportForm,
    BeneficiariesForm,
    CadreAwardForm,
    CadreEvaluationForm,
    CadreForm,
    CadreReportForm,
    GroupMemberForm,
    IndicatorForm,
    LeadingGroupForm,
    LedgerEntryForm,
    PairingForm,
    PlanAmountForm,
    PlanForm,
    PledgeForm,
    ProjectAdvanceForm,
    ProjectForm,
    ResponsibilityForm,
    ReverseForm,
    SubsidiaryForm,
)
from fupin.assistance.indicators import unit_shown
from fupin.assistance.jobs import assistance_import_enqueue
from fupin.assistance.ledger_rules import RuleError
from fupin.assistance.models import Cadre, Indicator, LedgerEntry, Project, Unit
from fupin.assistance.pages import crumbs_of, may_change, unit_reached, year_chosen, year_options
from fupin.core.errors import FupinError, InvalidInput
from fupin.core.identifiers import ascii_digits
from fupin.core.messages import translated
from fupin.core.models import Source
from fupin.exchange.titles import Title, place_text, year_text, years_text
from fupin.exchange.writers import write_table
from fupin.web.templatetags.fupin import amount

PAGE_SIZE = 50
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _page(request: HttpRequest, items: Any, size: int = PAGE_SIZE) -> Page:
    return Paginator(items, size).get_page(request.GET.get("page"))


def _indicator_name(code: str, name: str, english: dict[str, str]) -> str:
    if (get_language() or "").startswith("en") and english.get(code):
        return english[code]
    return name


def _years(request: HttpRequest, unit: Unit) -> list[int]:
    """Years with pledges or ledger entries of the unit's tree, latest first. A reversal
    does not add its year: it corrects its entry's year (and when the user dated it in
    another year, that year is still not one the unit worked in)."""
    tree = {"unit__path__startswith": unit.path}
    pledged = set(access.pledges_for(request.user).filter(**tree).values_list("year", flat=True))
    entries = access.entries_for(request.user).filter(**tree, reverses__isnull=True)
    recorded = {d.year for d in entries.dates("date", "year")}
    return sorted(pledged | recorded, reverse=True)


# units -----------------------------------------------------------------------------------


@login_required
def unit_list_page(request: HttpRequest) -> HttpResponse:
    units = access.units_for(request.user).select_related("parent").order_by("path")
    page = _page(request, units, 200)
    depths = [u.path.count("/") for u in page]
    top = min(depths, default=2)
    for unit, depth in zip(page, depths, strict=True):
        unit.indent = (depth - top) * 2  # em
    may_import = scope_of(request.user).can_edit_assistance
    return render(request, "assistance/unit_list.html", {"page": page, "may_import": may_import})


@login_required
def unit_page(request: HttpRequest, pk: int) -> HttpResponse:
    unit = unit_reached(request, pk)
    years = _years(request, unit)
    year = year_chosen(request, years)
    start, end = selectors.year_period(year)
    summary = selectors.unit_summary(unit, start, end)
    english = dict(selectors.indicators_for(unit).values_list("code", "name_en"))
    rows = [
        {
            **value,
            "code": code,
            "name": _indicator_name(code, value["name"], english),
            "unit": unit_shown(value["unit"]),
            "measure": Measure.COUNT if isinstance(value["delivered"], int) else Measure.YUAN,
        }
        for code, value in summary.items()
        if code not in services.RESERVED_CODES
    ]
    return render(
        request,
        "assistance/unit_detail.html",
        {
            "unit": unit,
            "crumbs": crumbs_of(request, unit),
            "year": year,
            "years": year_options(years, year),
            "summary": summary,
            "rows": rows,
            "subsidiaries": access.units_for(request.user).filter(parent=unit).order_by("path"),
            "findings": _findings(unit, year, english),
            "assessments": unit_assessments(unit),
            "may_write": may_change(request, unit),
            "whole_unit": scope_of(request.user).covers_unit(unit.path),
            "may_set_up": scope_of(request.user).everything,
        },
    )


def _findings(unit: Unit, year: int, english: dict[str, str]) -> list[dict[str, Any]]:
    """The pledge cascade findings with their figures as the page shows them."""
    out = []
    for finding in selectors.pledge_cascade_check(unit, year):
        out.append(
            {
                "pledge": str(finding.pledge),
                "indicator": _indicator_name(
                    finding.indicator.code, finding.indicator.name, english
                ),
                "target": amount(finding.target, finding.indicator),
                "parts": amount(finding.parts, finding.indicator),
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
    unit = unit_reached(request, pk, write=request.method == "POST")
    may_write = request.method == "POST" or may_change(request, unit)
    form = None
    if may_write:
        form = LedgerEntryForm(
            request.POST or None, unit=unit, initial={"date": timezone.localdate()}
        )
        if request.method == "POST" and form.is_valid() and _record(request, unit, form):
            return redirect("assistance-ledger", pk=unit.pk)
    return _ledger_render(request, unit, form, may_write)


def _ledger_render(
    request: HttpRequest,
    unit: Unit,
    form: LedgerEntryForm | None,
    may_write: bool,
    reversing: tuple[LedgerEntry, ReverseForm] | None = None,
) -> HttpResponse:
    """The ledger page; `reversing`, an entry whose reversal was refused, shows the reasons
    on that entry's row."""
    page = _page(request, _entries(request, unit).order_by("-date", "-id"))
    return render(
        request,
        "assistance/ledger.html",
        {
            "unit": unit,
            "crumbs": crumbs_of(request, unit),
            "page": page,
            "form": form,
            "may_write": may_write,
            "reversing": reversing[0].pk if reversing else None,
            "reverse_form": reversing[1] if reversing else None,
        },
        status=400 if reversing else 200,
    )


def _record(
    request: HttpRequest, unit: Unit, form: LedgerEntryForm, project: Project | None = None
) -> bool:
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
            reason=data["reason"],
            project=project,
            evidence=data["evidence"],
            note=data["note"],
            actor=request.user,
        )
    except services.Conflict as exc:
        form.add_error("entry_id", translated(exc.message))
        return False
    except RuleError as exc:
        _rule_errors(form, exc)
        return False
    except (FupinError, ValueError) as exc:
        form.add_error("amount", translated(getattr(exc, "message", str(exc))))
        return False
    messages.success(request, _("已录入台账记录 %(id)s。") % {"id": entry_id})
    return True


def _rule_errors(form: Any, exc: RuleError) -> None:
    """A ledger rule's reasons, each on its field."""
    for field, reason in exc.problems:
        form.add_error(field if field in form.fields else None, translated(reason))


@login_required
@require_POST
def ledger_reverse(request: HttpRequest, pk: int, entry: int) -> HttpResponse:
    """Reverse one entry of the unit's tree with a new, negated entry (on the entry's date
    unless another is given); a refusal shows the ledger again with the reasons on the row."""
    unit = unit_reached(request, pk, write=True)
    original: LedgerEntry | None = _entries(request, unit).filter(pk=entry).first()
    if original is None:
        raise Http404("no such entry")
    form = ReverseForm(request.POST)
    entry_id = services.entry_id_new("R")
    if form.is_valid():
        try:
            services.ledger_reverse(
                entry=original,
                entry_id=entry_id,
                date=form.cleaned_data["date"],
                other_year=form.cleaned_data["other_year"],
                note=form.cleaned_data["note"],
                actor=request.user,
            )
        except RuleError as exc:  # the date: the user corrects it on the row
            _rule_errors(form, exc)
        except FupinError as exc:  # already reversed, a reversal: nothing to correct
            messages.error(request, translated(exc.message))
            return redirect("assistance-ledger", pk=unit.pk)
    if not form.is_valid():
        record = LedgerEntryForm(unit=unit, initial={"date": timezone.localdate()})
        return _ledger_render(request, unit, record, True, reversing=(original, form))
    messages.success(
        request,
        _("已冲销 %(old)s（冲销记录 %(new)s）。") % {"old": original.entry_id, "new": entry_id},
    )
    return redirect("assistance-ledger", pk=unit.pk)


# cadres and projects ---------------------------------------------------------------------


def _form_error(form: Any, field: str | None, exc: FupinError | ValueError) -> None:
    """A service's reason on the form (on `field`, or above the form for None)."""
    form.add_error(field, translated(getattr(exc, "message", str(exc))))


@login_required
def cadre_list_page(request: HttpRequest, pk: int) -> HttpResponse:
    """A unit's cadres with the DOMAIN.md §6.3 warnings; editors add a cadre here."""
    unit = unit_reached(request, pk, write=request.method == "POST")
    form = None
    if request.method == "POST" or may_change(request, unit):
        form = CadreForm(
            request.POST or None, units=selectors.subtree(unit), initial={"unit": unit}
        )
        if request.method == "POST" and form.is_valid():
            cadre = _written(
                form, lambda: services.cadre_save(values=form.values(), actor=request.user)
            )
            if cadre is not REFUSED:
                messages.success(request, _("已添加选派干部 %(name)s。") % {"name": cadre.name})
                return redirect("assistance-cadre", pk=unit.pk, cadre=cadre.pk)
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
        {
            "unit": unit,
            "crumbs": crumbs_of(request, unit),
            "page": page,
            "today": today,
            "form": form,
        },
    )


@login_required
def project_list_page(request: HttpRequest, pk: int) -> HttpResponse:
    """A unit's projects; editors add a project (status planned) here."""
    unit = unit_reached(request, pk, write=request.method == "POST")
    form = None
    if request.method == "POST" or may_change(request, unit):
        form = ProjectForm(
            request.POST or None, units=selectors.subtree(unit), initial={"unit": unit}
        )
        if request.method == "POST" and form.is_valid():
            project = _written(
                form,
                lambda: services.project_save(values=form.values(), actor=request.user),
                conflicts_on="code",
            )
            if project is not REFUSED:
                messages.success(request, _("已添加项目 %(code)s。") % {"code": project.code})
                return redirect("assistance-project", pk=unit.pk, project=project.pk)
    projects = (
        access.projects_for(request.user)
        .filter(unit__path__startswith=unit.path)
        .select_related("unit", "region")
        .order_by("code")
    )
    return render(
        request,
        "assistance/projects.html",
        {
            "unit": unit,
            "crumbs": crumbs_of(request, unit),
            "page": _page(request, projects),
            "form": form,
        },
    )


# exports ---------------------------------------------------------------------------------


def _xlsx(
    name: str, header: list[str], rows: list[list[Any]], text_columns: list[int], title: Title
) -> Any:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / name
        write_table(
            path, header, rows, sheet=Path(name).stem, text_columns=text_columns, title=title
        )
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
    reads it back (the names it does not know are ignored with a warning), exception reasons
    and reversals in another year included. The reasons are written in Chinese, as the
    import's column reads them."""
    unit = unit_reached(request, pk)
    with translation.override("zh-hans"):
        reasons = {value: str(label) for value, label in LedgerReason.choices}
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
        "例外原因",
        "跨年度冲销",
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
            reasons.get(e.reason),
            "是" if e.reverses_id and e.reverses.date.year != e.date.year else None,
        ]
        for e in _entries(request, unit).order_by("date", "id")
    ]
    title = Title(
        what=_("帮扶台账"),
        made=timezone.localdate(),
        place=place_text(unit.name, unit.credit_code),
        year=years_text([row[1].year for row in rows]),
    )
    return _xlsx(f"ledger-{unit.credit_code}.xlsx", header, rows, [0, 6, 10, 11], title)


@login_required
def targets_export(request: HttpRequest, pk: int) -> HttpResponse:
    """The unit's targets of a year with what was delivered and the completion rate."""
    unit = unit_reached(request, pk)
    year = year_chosen(request, _years(request, unit))
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
    title = Title(
        what=_("帮扶目标完成情况"),
        made=timezone.localdate(),
        place=place_text(unit.name, unit.credit_code),
        year=year_text(year),
    )
    return _xlsx(f"targets-{unit.credit_code}-{year}.xlsx", header, rows, [1], title)


# one cadre: particulars, work reports (with attachments), awards -------------------------


def _cadre(request: HttpRequest, unit: Unit, cadre: int) -> Cadre:
    found: Cadre | None = (
        access.cadres_for(request.user)
        .filter(unit__path__startswith=unit.path, pk=cadre)
        .select_related("unit", "region")
        .first()
    )
    if found is None:
        raise Http404("no such cadre")
    return found


@login_required
def cadre_page(request: HttpRequest, pk: int, cadre: int) -> HttpResponse:
    """A cadre's term, reports and awards; editors change the particulars (action=edit), add
    a work report with an attachment (action=report) or an award (action=award)."""
    unit = unit_reached(request, pk, write=request.method == "POST")
    person = _cadre(request, unit, cadre)
    may_write = request.method == "POST" or may_change(request, unit)
    action = request.POST.get("action") if request.method == "POST" else None
    units = selectors.subtree(unit)
    initial = {
        "name": person.name,
        "unit": person.unit,
        "role": person.role,
        "post": person.post,
        "region": person.region_id,
        "start": person.start,
        "end": person.end,
        "id_number": person.id_number,
    }
    edit = CadreForm(request.POST if action == "edit" else None, units=units, initial=initial)
    report = CadreReportForm(
        request.POST if action == "report" else None,
        request.FILES if action == "report" else None,
        initial={"date": timezone.localdate()},
    )
    award = CadreAwardForm(
        request.POST if action == "award" else None, initial={"year": timezone.localdate().year}
    )
    evaluation = CadreEvaluationForm(
        request.POST if action == "evaluation" else None,
        initial={"year": timezone.localdate().year - 1},
    )
    writes = {
        "edit": (
            edit,
            lambda: services.cadre_save(values=edit.values(), cadre=person, actor=request.user),
            _("已保存。"),
        ),
        "award": (
            award,
            lambda: services.cadre_award_add(
                cadre=person, actor=request.user, **award.cleaned_data
            ),
            _("已添加表彰。"),
        ),
        "evaluation": (
            evaluation,
            lambda: services.cadre_evaluation_set(
                cadre=person, actor=request.user, **evaluation.cleaned_data
            ),
            _("已保存。"),
        ),
    }
    if action == "report" and report.is_valid() and _report_add(request, person, report):
        return redirect("assistance-cadre", pk=unit.pk, cadre=person.pk)
    if action in writes:
        form, write, said = writes[action]
        if form.is_valid() and _written(form, write) is not REFUSED:
            messages.success(request, said)
            return redirect("assistance-cadre", pk=unit.pk, cadre=person.pk)
    warnings = selectors.cadre_warnings(person, as_of=timezone.localdate())
    return render(
        request,
        "assistance/cadre_detail.html",
        {
            "unit": unit,
            "crumbs": crumbs_of(request, unit),
            "cadre": person,
            "warnings": [translated(w) for w in warnings],
            "reports": person.reports.all(),
            "awards": person.awards.all(),
            "evaluations": person.evaluations.all(),
            "may_write": may_write,
            "edit": edit,
            "report": report,
            "award": award,
            "evaluation": evaluation,
        },
    )


def _report_add(request: HttpRequest, cadre: Cadre, form: CadreReportForm) -> bool:
    """Add the report with its attachment; False with the reason on the form."""
    data = form.cleaned_data
    try:
        services.cadre_report_add(
            cadre=cadre,
            date=data["date"],
            title=data["title"],
            text=data["text"],
            upload=data.get("attachment"),
            actor=request.user,
        )
    except FupinError as exc:
        _form_error(form, "attachment" if data.get("attachment") else None, exc)
        return False
    messages.success(request, _("已添加工作报告。"))
    return True


@login_required
def cadre_attachment(request: HttpRequest, pk: int, cadre: int, report: int) -> FileResponse:
    unit = unit_reached(request, pk)
    person = _cadre(request, unit, cadre)
    found = person.reports.filter(pk=report).exclude(attachment="").first()
    root = services.attachments_root().resolve()
    path = (root / found.attachment).resolve() if found else None
    if path is None or root not in path.parents or not path.is_file():
        raise Http404("no such attachment")
    name = path.name.split("-", 1)[-1]
    return FileResponse(path.open("rb"), as_attachment=True, filename=name)


# one project: particulars, lifecycle, beneficiaries, disbursements -----------------------


@login_required
def project_page(request: HttpRequest, pk: int, project: int) -> HttpResponse:
    """A project; editors change its particulars (action=edit), move it on (action=advance),
    add or remove beneficiary households (action=beneficiaries) and record a disbursement
    against it (action=disburse, a ledger entry of the project)."""
    unit = unit_reached(request, pk, write=request.method == "POST")
    found: Project | None = (
        access.projects_for(request.user)
        .filter(unit__path__startswith=unit.path, pk=project)
        .select_related("unit", "region")
        .first()
    )
    if found is None:
        raise Http404("no such project")
    may_write = request.method == "POST" or may_change(request, unit)
    action = request.POST.get("action") if request.method == "POST" else None
    post = request.POST if request.method == "POST" else None
    households = list(found.beneficiaries.select_related("village").order_by("number"))
    forms_ = {
        "edit": ProjectForm(
            post if action == "edit" else None,
            units=selectors.subtree(unit),
            initial={
                **{f: getattr(found, f) for f in services.PROJECT_FIELDS if f != "region_id"},
                "region": found.region_id,
            },
        ),
        "advance": None,
        "beneficiaries": BeneficiariesForm(
            post if action == "beneficiaries" else None, current=[h.number for h in households]
        ),
        "disburse": LedgerEntryForm(
            post if action == "disburse" else None,
            unit=found.unit,
            initial={"date": timezone.localdate(), "region": found.region_id},
        ),
    }
    if found.status != PROJECT_ORDER[-1]:
        forms_["advance"] = ProjectAdvanceForm(
            post if action == "advance" else None,
            current=found.status,
            initial={"on": timezone.localdate()},
        )
    form = forms_.get(action or "")
    if form is not None and form.is_valid() and _project_act(request, found, action, form):
        return redirect("assistance-project", pk=unit.pk, project=found.pk)
    entries = _entries(request, unit).filter(project=found).order_by("-date", "-id")
    return render(
        request,
        "assistance/project_detail.html",
        {
            "unit": unit,
            "crumbs": crumbs_of(request, unit),
            "project": found,
            "households": households,
            "entries": entries,
            "disbursed": selectors.project_disbursed(found),
            "notice_ends": selectors.project_notice_end(found),
            "may_write": may_write,
            **{f"{name}_form": f for name, f in forms_.items()},
        },
    )


def _project_act(request: HttpRequest, project: Project, action: str | None, form: Any) -> bool:
    """Carry out one of the project page's actions; False with the reason on the form."""
    data = form.cleaned_data
    try:
        if action == "edit":
            services.project_save(values=form.values(), project=project, actor=request.user)
            messages.success(request, _("已保存。"))
        elif action == "advance":
            services.project_advance(
                project=project, status=data["status"], on=data["on"], actor=request.user
            )
            messages.success(request, _("项目状态已更新。"))
        elif action == "beneficiaries":
            return _beneficiaries(request, project, form)
        elif action == "disburse":
            return _record(request, project.unit, form, project=project)
    except services.Conflict as exc:
        _form_error(form, "code" if action == "edit" else None, exc)
        return False
    except FupinError as exc:
        _form_error(form, None, exc)
        return False
    return True


def _beneficiaries(request: HttpRequest, project: Project, form: BeneficiariesForm) -> bool:
    numbers = form.cleaned_data["add"]
    found, missing = selectors.households_in_region(
        numbers, project.region_id, selectors.paired_regions(project.unit)
    )
    if missing:
        form.add_error(
            "add",
            _("以下户编号不在项目实施地（%(region)s）的建档立卡户中：%(numbers)s")
            % {"region": project.region.name, "numbers": "、".join(missing)},
        )
        return False
    removed = list(project.beneficiaries.filter(number__in=form.cleaned_data["remove"]))
    added, gone = services.project_beneficiaries_change(
        project=project, add=found, remove=removed, actor=request.user
    )
    messages.success(
        request, _("受益户：新增 %(added)s 户，移除 %(gone)s 户。") % {"added": added, "gone": gone}
    )
    return True


# pledges and targets -----------------------------------------------------------------------


@login_required
def targets_page(request: HttpRequest, pk: int) -> HttpResponse:
    """The unit tree's pledges of a year with their targets; editors set the unit's targets
    (a pledge per region or towards its superior) and add the unit's own indicators."""
    unit = unit_reached(request, pk, write=request.method == "POST")
    years = _years(request, unit)
    year = year_chosen(request, years)
    may_write = request.method == "POST" or may_change(request, unit)
    action = request.POST.get("action") if request.method == "POST" else None
    editing = ascii_digits(request.GET.get("region") or "", max_length=12)
    stored = selectors.pledge_values(unit, year, editing)
    pledge_form = PledgeForm(
        request.POST if action == "pledge" else None,
        unit=unit,
        initial=stored or {"region": editing},
    )
    indicator_form = IndicatorForm(request.POST if action == "indicator" else None)
    plan_form = PlanForm(request.POST if action == "plan" else None)
    amount_form = PlanAmountForm(
        request.POST if action == "plan_amount" else None,
        unit=unit,
        plans=access.plans_for(request.user).filter(unit=unit).order_by("-first_year", "id"),
        initial={"year": year},
    )
    if action == "pledge" and pledge_form.is_valid():
        data = pledge_form.cleaned_data
        changed = _written(
            pledge_form,
            lambda: services.pledge_targets_save(
                unit=unit,
                year=year,
                region=data["region"],
                title=data["title"],
                signed_on=data["signed_on"],
                values=pledge_form.targets(),
                actor=request.user,
            ),
        )
        if changed is not REFUSED:
            messages.success(request, _("已保存 %(n)s 项目标。") % {"n": changed})
            return redirect(f"{request.path}?year={year}")
    elif action == "indicator" and indicator_form.is_valid():
        indicator = _written(
            indicator_form,
            lambda: services.indicator_create(
                owner=unit, actor=request.user, **indicator_form.cleaned_data
            ),
            field="code",
        )
        if indicator is not REFUSED:
            messages.success(request, _("已添加指标 %(name)s。") % {"name": indicator.name})
            return redirect(f"{request.path}?year={year}")
    elif action in ("plan", "plan_amount"):
        form, write = {
            "plan": (
                plan_form,
                lambda: services.plan_create(
                    unit=unit, actor=request.user, **plan_form.cleaned_data
                ),
            ),
            "plan_amount": (
                amount_form,
                lambda: services.plan_amount_set(actor=request.user, **amount_form.cleaned_data),
            ),
        }[action]
        if form.is_valid() and _written(form, write) is not REFUSED:
            messages.success(request, _("已保存。"))
            return redirect(f"{request.path}?year={year}")
    pledges = selectors.pledges_of_year(
        access.pledges_for(request.user).filter(unit__path__startswith=unit.path), year
    )
    return render(
        request,
        "assistance/targets.html",
        {
            "unit": unit,
            "crumbs": crumbs_of(request, unit),
            "year": year,
            "years": year_options(years, year),
            "pledges": pledges,
            "plans": selectors.plans_progress(
                access.plans_for(request.user).filter(
                    unit__path__startswith=unit.path, first_year__lte=year, last_year__gte=year
                )
            ),
            "may_write": may_write,
            "pledge_form": pledge_form,
            "stored": stored is not None,
            "indicator_form": indicator_form,
            "plan_form": plan_form,
            "amount_form": amount_form,
        },
    )


# pairings and subsidiaries (administrators) ------------------------------------------------


def _administrator(request: HttpRequest) -> None:
    if not scope_of(request.user).everything:
        raise PermissionDenied(_("只有系统管理员可以修改帮扶单位和结对关系"))


@login_required
def unit_setup_page(request: HttpRequest, pk: int) -> HttpResponse:
    """Administrators add a pairing (action=pairing) or a subsidiary (action=subsidiary)."""
    unit = unit_reached(request, pk)
    _administrator(request)
    action = request.POST.get("action") if request.method == "POST" else None
    pairing = PairingForm(request.POST if action == "pairing" else None)
    subsidiary = SubsidiaryForm(request.POST if action == "subsidiary" else None)
    if action == "pairing" and pairing.is_valid():
        data = pairing.cleaned_data
        saved = _written(
            pairing,
            lambda: services.pairings_save(
                [{**data, "unit": unit}], actor=request.user, source=Source.FORM
            ),
        )
        if saved is not REFUSED:
            if any(saved):
                messages.success(request, _("已保存结对关系。"))
            else:
                messages.info(request, _("该结对关系已存在，未作修改。"))
            return redirect("assistance-unit-setup", pk=unit.pk)
    elif action == "subsidiary" and subsidiary.is_valid():
        data = subsidiary.cleaned_data
        if selectors.unit_exists(data["code"]):
            subsidiary.add_error("code", _("该信用代码的单位已存在"))
        else:
            services.units_save(
                [{**data, "parent_code": unit.credit_code}],
                actor=request.user,
                source=Source.FORM,
            )
            messages.success(request, _("已添加下属单位 %(name)s。") % {"name": data["name"]})
            return redirect("assistance-unit-setup", pk=unit.pk)
    return render(
        request,
        "assistance/unit_setup.html",
        {
            "unit": unit,
            "crumbs": crumbs_of(request, unit),
            "pairings": access.pairings_for(request.user)
            .filter(unit=unit)
            .select_related("region")
            .order_by("start", "region_id"),
            "pairing_form": pairing,
            "subsidiary_form": subsidiary,
        },
    )


# uploads -------------------------------------------------------------------------------------


@login_required
def import_page(request: HttpRequest) -> HttpResponse:
    """Upload a units, pairings, pledges or ledger file; a background job checks every row
    and writes all or nothing (or skips the bad rows), and offers the list of errors."""
    if not scope_of(request.user).can_edit_assistance:
        raise PermissionDenied(_("你的角色不能修改帮扶工作数据"))
    form = AssistanceImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            job = assistance_import_enqueue(
                upload=data["file"], what=data["what"], mode=data["mode"], actor=request.user
            )
        except InvalidInput as exc:
            _form_error(form, "what", exc)
        else:
            return redirect("job-detail", pk=job.pk)
    return render(request, "assistance/import.html", {"form": form})


# leading groups and responsibilities ---------------------------------------------------------


@login_required
def groups_page(request: HttpRequest, pk: int) -> HttpResponse:
    """The unit's leading groups with their members and who answers for what; editors add a
    group (action=group), a member (action=member, group=id), remove one (action=remove,
    member=id) and add a responsibility (action=duty)."""
    unit = unit_reached(request, pk, write=request.method == "POST")
    may_write = request.method == "POST" or may_change(request, unit)
    action = request.POST.get("action") if request.method == "POST" else None
    own_groups = access.groups_for(request.user).filter(unit=unit)
    groups = selectors.leading_groups(own_groups)
    group_form = LeadingGroupForm(request.POST if action == "group" else None)
    duty_form = ResponsibilityForm(request.POST if action == "duty" else None)
    member_form = GroupMemberForm(
        request.POST if action == "member" else None,
        groups=own_groups.order_by("name", "id"),
        units=access.units_for(request.user).order_by("path"),
    )
    done = None
    if action == "group" and group_form.is_valid():
        done = REFUSED is not _written(
            group_form,
            lambda: services.leading_group_save(
                unit=unit, actor=request.user, **group_form.cleaned_data
            ),
        )
    elif action == "member" and member_form.is_valid():
        done = REFUSED is not _written(
            member_form,
            lambda: services.group_member_add(actor=request.user, **member_form.cleaned_data),
        )
    elif action == "remove":
        member = next(
            (m for g in groups for m in g.members.all() if str(m.pk) == request.POST.get("member")),
            None,
        )
        if member is None:
            raise Http404("no such member")
        services.group_member_remove(member=member, actor=request.user)
        done = True
    elif action == "duty" and duty_form.is_valid() and _region_of_unit(request, unit, duty_form):
        data = duty_form.cleaned_data
        done = REFUSED is not _written(
            duty_form,
            lambda: services.responsibility_add(
                unit=None if data["region"] else unit, actor=request.user, **data
            ),
        )
    if done:
        messages.success(request, _("已保存。"))
        return redirect("assistance-groups", pk=unit.pk)
    duties = (
        access.responsibilities_for(request.user)
        .filter(Q(unit=unit) | Q(region_id__in=_paired_codes(request, unit)))
        .select_related("region", "unit")
        .order_by("-end", "start", "id")
    )
    return render(
        request,
        "assistance/groups.html",
        {
            "unit": unit,
            "crumbs": crumbs_of(request, unit),
            "groups": groups,
            "member_form": member_form,
            "duties": duties,
            "may_write": may_write,
            "group_form": group_form,
            "duty_form": duty_form,
        },
    )


def _region_of_unit(request: HttpRequest, unit: Unit, form: ResponsibilityForm) -> bool:
    """A unit's editor names only a region the unit works in (paired with it, above or under
    it); an administrator any region."""
    code = form.cleaned_data["region"]
    if not code or scope_of(request.user).everything:
        return True
    if selectors.region_related(code, selectors.paired_regions(unit)):
        return True
    form.add_error("region", translated("not among the regions the unit is paired with"))
    return False


def _paired_codes(request: HttpRequest, unit: Unit) -> list[str]:
    return list(
        access.pairings_for(request.user)
        .filter(unit__path__startswith=unit.path)
        .values_list("region_id", flat=True)
    )


REFUSED = object()  # what `_written` answers when the service refuses


def _written(
    form: Any, write: Any, *, field: str | None = None, conflicts_on: str | None = None
) -> Any:
    """What a service run for a valid form returns; REFUSED, with the service's reason on
    `field` (above the form for None; a conflict on `conflicts_on` if given), when it
    refuses."""
    try:
        return write()
    except services.Conflict as exc:
        _form_error(form, conflicts_on or field, exc)
    except FupinError as exc:
        _form_error(form, field, exc)
    return REFUSED
