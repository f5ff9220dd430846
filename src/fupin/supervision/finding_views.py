"""Pages of findings and rectification (问题整改): the list with its filters and counts, a
new finding, a finding with its tasks (its issuer sets more), a task with its measures,
evidence, report of completion, sign-off and reopening, an evidence file, and the upload of
a findings file. Thin: access, a form, one service, render."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from fupin.accounts.scope import scope_of
from fupin.assistance.services import attachments_root
from fupin.core.errors import FupinError, NotAllowed, RowErrors
from fupin.core.jobs import upload_keep
from fupin.core.messages import translated
from fupin.core.reach import reach
from fupin.supervision import finding_access, finding_selectors, findings
from fupin.supervision.enums import FindingCategory, FindingSource, TaskStatus
from fupin.supervision.finding_forms import (
    EvidenceForm,
    FindingFilterForm,
    FindingForm,
    FindingImportForm,
    MeasuresForm,
    ReopenForm,
    SignOffForm,
    SubmitForm,
    TaskForm,
)
from fupin.supervision.finding_imports import FINDING_COLUMNS, findings_import
from fupin.supervision.models import Rectification

PAGE_SIZE = 50
SHOWN_ERRORS = 200


def _refused(form: Any, exc: FupinError) -> None:
    """A service's refusal on the form: on its field when the form shows it."""
    name = getattr(exc, "field", None)
    shown = name in form.fields and not form.fields[name].widget.is_hidden
    form.add_error(name if shown else None, translated(exc.message))


# the list -----------------------------------------------------------------------------------


@login_required
def finding_list_page(request: HttpRequest) -> HttpResponse:
    """The user's findings, filtered by source, category, task state, year, region and
    overdue, latest first, 50 a page, with the tasks of the filtered findings counted by
    state and the overdue ones."""
    today = timezone.localdate()
    form = FindingFilterForm(request.GET or None)
    seen = finding_access.findings_for(request.user)
    filters = form.filters()
    filtered = finding_selectors.finding_filtered(findings=seen, filters=filters, today=today)
    listed = finding_selectors.finding_list(findings=seen, filters=filters, today=today)
    page = Paginator(listed, PAGE_SIZE).get_page(request.GET.get("page"))
    counts = finding_selectors.status_counts(findings=filtered)
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "supervision/finding_list.html",
        {
            "form": form,
            "page": page,
            "query": query.urlencode(),
            "counts": [(value, label, counts[value]) for value, label in TaskStatus.choices],
            "overdue": finding_selectors.overdue_count(findings=filtered, today=today),
            "may_create": finding_access.may_create(request.user),
        },
    )


# a new finding ------------------------------------------------------------------------------


def _issuer_initial(user: Any) -> dict[str, Any]:
    """The user's own office or unit as the issuer a new finding starts with."""
    scope = scope_of(user)
    if scope.regions and scope.can_evaluate:
        return {"issuer_region": scope.regions[0]}
    unit = user.units.order_by("path").first() if scope.unit_paths else None
    return {"issuer_unit": unit.credit_code} if unit else {}


@login_required
def finding_new_page(request: HttpRequest) -> HttpResponse:
    """Record a finding in the name of the user's office or unit (its issuer)."""
    if not finding_access.may_create(request.user):
        raise PermissionDenied(_("您的角色不能录入问题"))
    initial = {"found_on": timezone.localdate(), **_issuer_initial(request.user)}
    form = FindingForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            finding = findings.finding_create(actor=request.user, **form.cleaned_data)
        except FupinError as exc:
            _refused(form, exc)
        else:
            messages.success(request, _("已录入问题，请下达整改任务。"))
            return redirect("supervision:finding", pk=finding.pk)
    status = 400 if form.errors else 200
    return render(request, "supervision/finding_form.html", {"form": form}, status=status)


# a finding ----------------------------------------------------------------------------------


@login_required
def finding_page(request: HttpRequest, pk: int) -> HttpResponse:
    """A finding: what it is, its tasks with their state (overdue marked) and, for its
    issuer, the form that sets another task (POST)."""
    finding = reach(lambda: finding_access.finding_get(request.user, pk))
    issuer = finding_access.is_issuer(request.user, finding)
    form = TaskForm(request.POST or None, initial={"deadline": timezone.localdate()})
    status = 200
    if request.method == "POST":
        if not issuer:
            raise PermissionDenied(_("只有督办单位才能下达整改任务"))
        if form.is_valid():
            try:
                task = findings.rectification_add(
                    finding=finding, actor=request.user, **form.cleaned_data
                )
            except FupinError as exc:
                _refused(form, exc)
            else:
                messages.success(request, _("已下达整改任务。"))
                return redirect("supervision:task", pk=task.pk)
        status = 400
    today = timezone.localdate()
    tasks = [
        (t, finding_selectors.task_overdue(t, today))
        for t in finding_selectors.finding_tasks(finding)
    ]
    context = {
        "finding": finding,
        "tasks": tasks,
        "form": form,
        "may_issue": issuer,
        "history": _history(finding_selectors.history(subject=findings.FINDING, obj_id=pk)),
    }
    return render(request, "supervision/finding_detail.html", context, status=status)


# a task -------------------------------------------------------------------------------------

_FORMS = {
    "measures": MeasuresForm,
    "evidence": EvidenceForm,
    "submit": SubmitForm,
    "sign_off": SignOffForm,
    "reopen": ReopenForm,
}


@login_required
def task_page(request: HttpRequest, pk: int) -> HttpResponse:
    """A rectification task: its finding, owner, requirement, deadline and state; its
    measures and evidence; and the actions of whoever may take them. The owner records the
    measures (action=measures), adds evidence (evidence) and reports it done (submit); the
    issuer signs it off (sign_off) or reopens it with a reason (reopen). A refusal is shown
    on its form (400), or answered 403 for one who may not act at all."""
    task = reach(lambda: finding_access.task_get(request.user, pk))
    action = request.POST.get("action") if request.method == "POST" else None
    if request.method == "POST" and action not in _FORMS:
        raise Http404("no such action")
    forms_ = {
        name: form_class(
            (request.POST if name == action else None),
            (request.FILES if name == action else None),
            initial={"measures": task.measures, "version": task.version},
        )
        for name, form_class in _FORMS.items()
    }
    status = 200
    if action:
        form = forms_[action]
        if form.is_valid() and _act(request, task, action, form):
            return redirect("supervision:task", pk=task.pk)
        status = 400
    user = request.user
    today = timezone.localdate()
    context = {
        "task": task,
        "finding": task.finding,
        "overdue": finding_selectors.task_overdue(task, today),
        "evidence": finding_selectors.task_evidence(task),
        "forms": forms_,
        "may_work": finding_access.may_work(user, task) and task.status != TaskStatus.SIGNED_OFF,
        "may_submit": finding_access.may_work(user, task) and task.status == TaskStatus.OPEN,
        "may_sign_off": finding_access.may_sign_off(user, task)
        and task.status == TaskStatus.SUBMITTED,
        "may_reopen": finding_access.may_sign_off(user, task) and task.status != TaskStatus.OPEN,
        "history": _history(finding_selectors.history(subject=findings.TASK, obj_id=pk)),
    }
    return render(request, "supervision/finding_task.html", context, status=status)


def _act(request: HttpRequest, task: Rectification, action: str, form: Any) -> bool:
    """Run the action's service; False with its refusal on the form."""
    data, user = form.cleaned_data, request.user
    runs: dict[str, tuple[Callable[[], Any], str]] = {
        "measures": (
            lambda: findings.rectification_update(
                task=task, measures=data["measures"], version=data["version"], actor=user
            ),
            _("已保存整改措施。"),
        ),
        "evidence": (
            lambda: findings.evidence_add(
                task=task, upload=data["file"], note=data["note"], actor=user
            ),
            _("已上传佐证材料。"),
        ),
        "submit": (
            lambda: findings.rectification_submit(task=task, on=data["on"], actor=user),
            _("已报送整改完成，等待督办单位销号。"),
        ),
        "sign_off": (
            lambda: findings.rectification_sign_off(task=task, on=data["on"], actor=user),
            _("已销号。"),
        ),
        "reopen": (
            lambda: findings.rectification_reopen(task=task, reason=data["reason"], actor=user),
            _("已退回重新整改。"),
        ),
    }
    run, said = runs[action]
    try:
        run()
    except NotAllowed as exc:
        raise PermissionDenied(translated(exc.message)) from None
    except FupinError as exc:
        _refused(form, exc)
        return False
    messages.success(request, said)
    return True


@login_required
def evidence_file(request: HttpRequest, pk: int, evidence: int) -> FileResponse:
    """An evidence file, to those who see the task."""
    found = reach(lambda: finding_access.evidence_get(request.user, pk, evidence))
    root = attachments_root().resolve()
    path = (root / found.path).resolve()
    if root not in path.parents or not path.is_file():
        raise Http404("no such file")
    return FileResponse(path.open("rb"), as_attachment=True, filename=found.name)


# the upload ---------------------------------------------------------------------------------


@login_required
def finding_import_page(request: HttpRequest) -> HttpResponse:
    """Upload a findings file: every row is checked, then all of it is written in one
    transaction, or nothing and the list of its problems by row and column."""
    if not finding_access.may_create(request.user):
        raise PermissionDenied(_("您的角色不能录入问题"))
    form = FindingImportForm(request.POST or None, request.FILES or None)
    problems: list[Any] = []
    total = 0
    if request.method == "POST" and form.is_valid():
        try:
            result = _imported(form.cleaned_data, request.user)
        except RowErrors as exc:
            form.add_error(None, translated(exc.message))
            total = len(exc.errors)
            problems = [_problem(e) for e in exc.errors[:SHOWN_ERRORS]]
        except FupinError as exc:
            form.add_error("file", translated(exc.message))
        else:
            messages.success(
                request,
                _("已导入 %(findings)s 个问题、%(tasks)s 项整改任务，%(unchanged)s 项已存在未变。")
                % {
                    "findings": result.findings,
                    "tasks": result.tasks,
                    "unchanged": result.unchanged,
                },
            )
            for warning in result.warnings[:SHOWN_ERRORS]:
                messages.warning(request, _problem(warning)["text"])
            return redirect("supervision:finding-list")
    return render(
        request,
        "supervision/finding_import.html",
        {"form": form, "problems": problems, "total": total, "columns": FINDING_COLUMNS},
        status=400 if form.errors else 200,
    )


def _imported(data: dict[str, Any], user: Any) -> Any:
    """Import the uploaded file (kept under the data folder while it is read)."""
    path = upload_keep(data["file"])
    try:
        return findings_import(path=path, strict=data["strict"], actor=user)
    finally:
        path.unlink(missing_ok=True)


def _problem(error: Any) -> dict[str, Any]:
    reason = translated(error.reason)
    return {
        "row": error.row,
        "column": error.column,
        "reason": reason,
        "value": error.value,
        "warning": error.severity == "warning",
        "text": _("第 %(row)s 行 %(column)s：%(reason)s")
        % {"row": error.row, "column": error.column, "reason": reason},
    }


# history ------------------------------------------------------------------------------------


def _names() -> dict[str, str]:
    return {
        "created": _("登记"),
        "source": _("问题来源"),
        "found_by": _("发现单位"),
        "found_on": _("发现日期"),
        "year": _("年度"),
        "reference": _("文号"),
        "region": _("涉及地区"),
        "unit": _("涉及单位"),
        "category": _("问题类别"),
        "issuer_region": _("督办地区"),
        "issuer_unit": _("督办单位"),
        "task": _("整改任务"),
        "owner": _("责任单位"),
        "requirement": _("整改要求"),
        "deadline": _("整改时限"),
        "measures": _("整改措施"),
        "evidence": _("佐证材料"),
        "status": _("状态"),
        "submitted_on": _("完成日期"),
        "signed_off_on": _("销号日期"),
        "reopened": _("重新整改次数"),
        "reopen_reason": _("重新整改原因"),
    }


def _value(value: Any, codes: dict[str, str]) -> str:
    if value in (None, ""):
        return "—"
    return codes.get(str(value), str(value))


def _history(changes: Any) -> list[dict[str, Any]]:
    names = _names()
    codes = {
        str(v): str(label)
        for choices in (TaskStatus, FindingSource, FindingCategory)
        for v, label in choices.choices
    }
    rows = []
    for change in changes:
        lines = []
        for key, (old, new) in change.changes.items():
            name = names.get(key, key)
            if old in (None, ""):
                lines.append(f"{name}: {_value(new, codes)}")
            else:
                lines.append(f"{name}: {_value(old, codes)} → {_value(new, codes)}")
        rows.append(
            {
                "at": change.at,
                "actor": change.actor.get_username() if change.actor else "",
                "source": change.get_source_display(),
                "lines": lines,
            }
        )
    return rows


__all__ = [
    "evidence_file",
    "finding_import_page",
    "finding_list_page",
    "finding_new_page",
    "finding_page",
    "task_page",
]
