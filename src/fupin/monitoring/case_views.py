"""Pages of monitoring cases: the list of the user's cases with its filters, the report that
opens one, and the case itself — its steps, the next step's form, its notices and objections,
its measures, risk elimination and history. Thin: access, a form, one service, render."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from fupin.accounts.enums import Role
from fupin.assistance import access as assistance_access
from fupin.assistance.services import attachments_root
from fupin.core.errors import FupinError, NotAllowed
from fupin.core.messages import translated
from fupin.core.reach import reach
from fupin.monitoring import access, case_selectors, cases, procedure
from fupin.monitoring.case_forms import (
    CaseFilterForm,
    CaseReportForm,
    EliminationForm,
    MeasureForm,
    ObjectionForm,
    ObjectionResolveForm,
    StepForm,
)
from fupin.monitoring.enums import OPEN_PHASES, Channel, NoticeKind, Phase, Procedure, StepResult
from fupin.monitoring.models import Case
from fupin.policy.errors import PolicyError
from fupin.policy.regimes import Scheme, list_regimes, load_regime, regime_for_year
from fupin.registry import access as registry_access

PAGE_SIZE = 50


def _language() -> str:
    return get_language() or "zh-hans"


def _scheme_now() -> Scheme:
    """The scheme of the regime in force this year (the latest monitoring regime's after its
    years): the choices a new report and the list's filters offer."""
    try:
        regime = load_regime(regime_for_year(timezone.localdate().year))
        if regime.scheme is not None:
            return regime.scheme
    except PolicyError:
        pass
    latest = [load_regime(n) for n in list_regimes() if load_regime(n).scheme is not None]
    return max(latest, key=lambda r: r.last_year).monitoring_scheme()


def _allowed(request: HttpRequest) -> None:
    if not access.may_see_monitoring(request.user):
        raise PermissionDenied(_("监测帮扶页面只对负责地区的角色开放"))


# the list -----------------------------------------------------------------------------------


@login_required
def case_list_page(request: HttpRequest) -> HttpResponse:
    """The user's cases, filtered by phase, object type, next step, overdue and region,
    latest report first, 50 a page."""
    _allowed(request)
    today = timezone.localdate()
    form = CaseFilterForm(request.GET or None, scheme=_scheme_now())
    listed = case_selectors.case_list(
        cases=access.cases_for(request.user), filters=form.filters(), today=today
    )
    page = Paginator(listed, PAGE_SIZE).get_page(request.GET.get("page"))
    for case in page:
        case.labels = case_selectors.case_labels(case, _language(), today)
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "monitoring/case_list.html",
        {
            "form": form,
            "page": page,
            "query": query.urlencode(),
            "may_report": access.may_work_cases(request.user),
        },
    )


# the report ---------------------------------------------------------------------------------

#: the field a service's refusal of a report belongs to, by a word of its reason
_REPORT_FIELDS = (
    ("object type", "object_type"),
    ("risk type", "risks"),
    ("way of reporting", "report_way"),
    ("monitoring regime", "reported_on"),
    ("dated after today", "reported_on"),
    ("department", "channel"),
)


def _field_of(message: str, fields: tuple[tuple[str, str], ...]) -> str | None:
    return next((name for word, name in fields if word in message), None)


@login_required
def case_report_page(request: HttpRequest) -> HttpResponse:
    """Report a household at risk: by its 户编号 within the user's regions. ?household=,
    ?feed_row= and ?risk= fill the form (the department feed's flags link here)."""
    _allowed(request)
    if not access.may_work_cases(request.user):
        raise PermissionDenied(translated("your role may not work on monitoring cases"))
    initial: dict[str, Any] = {}
    if request.method == "GET":
        initial = {k: request.GET[k] for k in ("household", "feed_row") if request.GET.get(k)}
        if request.GET.get("risk"):
            initial["risks"] = [request.GET["risk"]]
        if initial.get("feed_row"):
            initial["channel"] = Channel.DEPARTMENT
    form = CaseReportForm(request.POST or None, scheme=_scheme_now(), initial=initial)
    if request.method == "POST" and form.is_valid():
        case = _report(request, form)
        if case is not None:
            messages.success(request, _("已登记监测对象，请办理入户核实。"))
            return redirect("monitoring-case", pk=case.pk)
    status = 400 if form.errors else 200
    return render(request, "monitoring/case_report.html", {"form": form}, status=status)


def _report(request: HttpRequest, form: CaseReportForm) -> Case | None:
    data = form.cleaned_data
    try:
        household = registry_access.household_for(request.user, data["household"], write=True)
    except FupinError as exc:
        form.add_error("household", translated(exc.message))
        return None
    feed_row = None
    if data.get("feed_row"):
        feed_row = access.feed_rows_for(request.user).filter(pk=data["feed_row"]).first()
        if feed_row is None:
            form.add_error("channel", _("没有这条部门预警数据"))
            return None
    try:
        return cases.case_report(
            household=household,
            channel=data["channel"],
            report_way=data["report_way"] or "",
            object_type=data["object_type"],
            risks=list(data["risks"]),
            summary=data["summary"],
            reported_on=data["reported_on"],
            fast_track=data["fast_track"],
            feed_row=feed_row,
            actor=request.user,
        )
    except FupinError as exc:
        form.add_error(_field_of(exc.message, _REPORT_FIELDS), translated(exc.message))
        return None


# one case -----------------------------------------------------------------------------------


@login_required
def case_page(request: HttpRequest, pk: int) -> HttpResponse:
    """A case: its household, type, risks and phase; the steps done; the next step with its
    form and due date; notices with their objections; measures; risk elimination (with the
    reasons of a refusal); history. A POST names its action: step, eliminate, objection,
    resolve or measure (403 unless the user works on cases in the case's village)."""
    write = request.method == "POST"
    case = reach(lambda: access.case_get(request.user, pk, write=write))
    scheme = cases.case_scheme(case)
    action = request.POST.get("action") if write else None
    forms_ = _forms(request, case, scheme, action)
    if write and action in forms_:
        form = forms_[action]
        if form.is_valid() and _act(request, case, action, form):
            return redirect("monitoring-case", pk=case.pk)
        status = 400
    elif write:
        raise Http404("no such action")
    else:
        status = 200
    context = _context(request, case, scheme, forms_)
    return render(request, "monitoring/case_detail.html", context, status=status)


def _forms(request: HttpRequest, case: Case, scheme: Scheme, action: str | None) -> dict[str, Any]:
    def bound(name: str) -> Any:
        return (request.POST, request.FILES) if action == name else (None, None)

    due = procedure.step_due(
        scheme, phase=case.phase, fast_track=case.fast_track, steps=list(case.steps.all())
    )
    attachment = ""
    if due is not None and due.step.attachment:
        zh = _language().startswith("zh")
        attachment = due.step.attachment if zh else due.step.attachment_en
    user = request.user
    village = case.village_id
    posts = [village[:n] for n in (2, 4, 6, 9, 12)]
    return {
        "step": StepForm(
            *bound("step"),
            attachment=attachment,
            initial={"code": due.step.code if due else ""},
        ),
        "eliminate": EliminationForm(bound("eliminate")[0]),
        "objection": ObjectionForm(bound("objection")[0]),
        "resolve": ObjectionResolveForm(bound("resolve")[0]),
        "measure": MeasureForm(
            bound("measure")[0],
            scheme=scheme,
            cadres=assistance_access.cadres_for(user).filter(region_id__in=posts),
            units=assistance_access.units_for(user).order_by("name"),
            projects=assistance_access.projects_for(user).order_by("code"),
        ),
    }


def _act(request: HttpRequest, case: Case, action: str, form: Any) -> bool:
    """Run the action's service; False with its refusal on the form."""
    data = form.cleaned_data
    user = request.user
    said = {
        "step": _("已记录该步骤。"),
        "eliminate": _("已启动风险消除。"),
        "objection": _("已登记异议。"),
        "resolve": _("已记录异议处理结果。"),
        "measure": _("已添加帮扶措施。"),
    }[action]
    run: Callable[[], Any]
    if action == "step":

        def run() -> Any:
            return cases.step_record(
                case=case,
                code=data["code"],
                done_on=data["done_on"],
                result=data["result"],
                note=data["note"],
                upload=data.get("attachment"),
                actor=user,
            )
    elif action == "eliminate":

        def run() -> Any:
            return cases.elimination_start(
                case=case, done_on=data["done_on"], note=data["note"], actor=user
            )
    elif action == "objection":
        notice = case.notices.filter(pk=data["notice"]).first()
        if notice is None:
            form.add_error(None, _("没有这条公示"))
            return False

        def run() -> Any:
            return cases.objection_raise(
                notice=notice,
                case=case,
                text=data["text"],
                raised_on=data["raised_on"],
                actor=user,
            )
    elif action == "resolve":
        objection = case.objections.filter(pk=data["objection"]).first()
        if objection is None:
            form.add_error(None, _("没有这条异议"))
            return False

        def run() -> Any:
            return cases.objection_resolve(
                objection=objection,
                resolved_on=data["resolved_on"],
                resolution=data["resolution"],
                actor=user,
            )
    else:
        values = _measure_values(request, form)
        if values is None:
            return False

        def run() -> Any:
            return cases.measure_add(case=case, actor=user, **values)

    try:
        run()
    except cases.EliminationRefused as exc:
        messages.error(
            request,
            _("不符合风险消除条件，已记录为不通过：%(reasons)s")
            % {"reasons": "；".join(f.message for f in exc.failures)},
        )
        return True  # the refusal is recorded: the page shows it
    except NotAllowed as exc:
        raise PermissionDenied(translated(exc.message)) from None
    except FupinError as exc:
        form.add_error(_field_of(exc.message, _ACTION_FIELDS), translated(exc.message))
        return False
    messages.success(request, said)
    return True


_ACTION_FIELDS = (
    ("attachment", "attachment"),
    ("dated", None),
    ("measure category", "category"),
    ("content", "content"),
    ("the end", "end_on"),
    ("ledger entry", "ledger_entry"),
    ("project", "project"),
    ("text", "text"),
    ("resolution", "resolution"),
)


def _measure_values(request: HttpRequest, form: MeasureForm) -> dict[str, Any] | None:
    values = dict(form.cleaned_data)
    entry_id = values.pop("ledger_entry")
    values["ledger_entry"] = None
    if entry_id:
        entry = assistance_access.entries_for(request.user).filter(pk=entry_id).first()
        if entry is None:
            form.add_error("ledger_entry", _("没有这条台账记录"))
            return None
        values["ledger_entry"] = entry
    return values


def _context(
    request: HttpRequest, case: Case, scheme: Scheme, forms_: dict[str, Any]
) -> dict[str, Any]:
    today = timezone.localdate()
    language = _language()
    steps = list(case_selectors.case_steps(case))
    may_work = _may_work(request, case)
    due = procedure.step_due(scheme, phase=case.phase, fast_track=case.fast_track, steps=steps)
    next_step = None
    if due is not None:
        next_step = {
            "label": due.step.label(language),
            "procedure": Procedure(due.procedure).label,
            "roles": [str(Role(r).label) for r in due.step.roles if r in Role.values],
            "may_record": may_work and cases.role_may_record(request.user, due.step),
            "blocked": _blocked(case, due, today),
            "late": case.fast_track and due.procedure == Procedure.IDENTIFICATION,
        }
    notices = list(case_selectors.case_notices(case))
    return {
        "case": case,
        "labels": case_selectors.case_labels(case, language, today),
        "head": case.household.members.filter(relation="head").first(),
        "steps": [_step_row(scheme, s, language) for s in steps],
        "next_step": next_step,
        "notices": notices,
        "may_object": may_work and case.phase in OPEN_PHASES,
        "measures": [
            (m, _category(scheme, m.category, language)) for m in case_selectors.case_measures(case)
        ],
        "may_work": may_work,
        "may_measure": may_work and case.phase in (Phase.MONITORING, Phase.ELIMINATING),
        "may_eliminate": may_work and case.phase == Phase.MONITORING and due is None,
        "pending": _pending(case, today) if may_work and case.phase == Phase.MONITORING else [],
        "refusal": _refusal(steps),
        "history": [
            _history_row(scheme, c, language) for c in case_selectors.case_history(case=case)
        ],
        "forms": forms_,
    }


def _may_work(request: HttpRequest, case: Case) -> bool:
    try:
        access.case_check_writable(request.user, case)
    except NotAllowed:
        return False
    return True


def _blocked(case: Case, due: procedure.Due, today: dt.date) -> str:
    reason = cases.notice_block_of(case, due, today)
    return translated(reason) if reason else ""


def _pending(case: Case, today: dt.date) -> list[str]:
    """The elimination conditions that fail today (what the cadre still has to bring about)."""
    return [f.message for f in cases.elimination_check(case, today)]


def _refusal(steps: list[Any]) -> list[str]:
    """The reasons of the latest refused elimination step, in the reader's language."""
    refused = [
        s for s in steps if s.procedure == Procedure.ELIMINATION and s.result == StepResult.REFUSED
    ]
    return procedure.note_shown(refused[-1].note) if refused else []


def _category(scheme: Scheme, code: str, language: str) -> str:
    try:
        return scheme.measure_category(code).label(language)
    except PolicyError:
        return code


def _step_name(scheme: Scheme, procedure_: str, code: str, language: str) -> str:
    for step in scheme.steps(procedure_):
        if step.code == code:
            return step.label(language)
    return code


def _step_row(scheme: Scheme, step: Any, language: str) -> dict[str, Any]:
    return {
        "step": step,
        "procedure": Procedure(step.procedure).label,
        "label": _step_name(scheme, step.procedure, step.code, language),
        "note": procedure.note_shown(step.note),
    }


def _history_names() -> dict[str, str]:
    return {
        "created": _("登记"),
        "risks": _("风险类型"),
        "object_type": _("监测对象类别"),
        "summary": _("情况说明"),
        "fast_track": _("绿色通道"),
        "phase": _("状态"),
        "next_step": _("下一步"),
        "identified_on": _("识别日期"),
        "eliminated_on": _("风险消除日期"),
        "notice": _("公示公告"),
        "measure": _("帮扶措施"),
        "objection": _("异议"),
        "objection resolved": _("异议处理"),
        "refused": _("未满足的条件"),
    }


def _value_names(scheme: Scheme, language: str) -> dict[str, str]:
    """The names of the codes a history value may carry, in `language`."""
    names: dict[str, str] = {}
    for choices in (Phase.choices, StepResult.choices, Channel.choices, NoticeKind.choices):
        names |= {value: str(label) for value, label in choices}
    names |= {t.code: t.label(language) for t in scheme.object_types}
    names |= {c.code: c.label(language) for c in scheme.measure_categories}
    names |= {
        code: case_selectors.risk_label(scheme, code, language) for code in scheme.risk_codes()
    }
    for procedure_ in (Procedure.IDENTIFICATION, Procedure.ELIMINATION):
        names |= {s.code: s.label(language) for s in scheme.steps(procedure_)}
    names |= {
        "not_identified": _("尚未识别纳入"),
        "months": _("识别未满规定月数"),
        "measures": _("帮扶措施不足"),
        "no_survey": _("无年度收入调查"),
        "income": _("收入未高于监测范围"),
        "rigid_expense": _("刚性支出未解决"),
        "guarantees": _("保障未达到"),
        "no_labour": _("整户无劳动能力"),
    }
    return names


def _shown_value(value: Any, names: dict[str, str]) -> str:
    """A history value as text, its codes by their names."""
    if value in (None, ""):
        return "—"
    if isinstance(value, list):
        return "、".join(_shown_value(v, names) for v in value)
    if value is True:
        return _("是")
    return " ".join(names.get(word, word) for word in str(value).split(" "))


def _history_row(scheme: Scheme, change: Any, language: str) -> dict[str, Any]:
    names = _history_names()
    values = _value_names(scheme, language)
    lines = []
    for key, (old, new) in change.changes.items():
        procedure_, _sep, code = key.partition(":")
        if code and procedure_ in Procedure.values:
            name = (
                f"{Procedure(procedure_).label} · {_step_name(scheme, procedure_, code, language)}"
            )
        else:
            name = names.get(key, key)
        if old in (None, ""):
            lines.append(f"{name}: {_shown_value(new, values)}")
        else:
            lines.append(f"{name}: {_shown_value(old, values)} → {_shown_value(new, values)}")
    return {
        "at": change.at,
        "actor": change.actor.get_username() if change.actor else "",
        "source": change.get_source_display(),
        "lines": lines,
    }


@login_required
def step_attachment(request: HttpRequest, pk: int, step: int) -> FileResponse:
    """A step's attachment (the signed 承诺授权书), to those who see the case."""
    case = reach(lambda: access.case_get(request.user, pk))
    found = case.steps.filter(pk=step).exclude(attachment="").first()
    root = attachments_root().resolve()
    path = (root / found.attachment).resolve() if found else None
    if path is None or root not in path.parents or not path.is_file():
        raise Http404("no such attachment")
    name = path.name.split("-", 1)[-1]
    return FileResponse(path.open("rb"), as_attachment=True, filename=name)


__all__ = ["case_list_page", "case_page", "case_report_page", "step_attachment"]
