"""Pages of the verification workbook: its download (per evaluator, per county or whole, as
the user reaches it) and its upload, with the result — counts, the rows in error, and the
verdicts changed since the export side by side (the database's and who entered it, the
file's), each with a choice to keep theirs or take mine, applied by importing the kept file
again with those choices."""

from __future__ import annotations

import uuid
from pathlib import Path
from typing import Any

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from fupin.accounts.models import User
from fupin.accounts.scope import scope_of
from fupin.core.errors import InvalidInput
from fupin.core.jobs import upload_keep
from fupin.core.messages import translated
from fupin.core.reach import reach
from fupin.supervision.enums import Approval
from fupin.supervision.models import Campaign, Verdict
from fupin.supervision.verification import VERDICT_FIELDS
from fupin.supervision.verification_access import (
    campaign_counties_for,
    campaign_get,
    is_evaluator,
    samples_for,
)
from fupin.supervision.verification_imports import (
    KEEP_THEIRS,
    TAKE_MINE,
    Conflict,
    ImportResult,
    workbook_import,
)
from fupin.supervision.verification_workbook import XLSX, workbook_place, workbook_write
from fupin.web.forms import SpreadsheetField

SESSION_KEY = "verification_import_files"


class WorkbookUploadForm(forms.Form):
    file = SpreadsheetField(label=gettext_lazy("填好的入户核查表"))


@login_required
def workbook_export_page(request: HttpRequest, pk: int) -> HttpResponse:
    """The workbook of the user's sampled households of the campaign; ?evaluator= (a
    username) or ?county= (a code) narrows it."""
    campaign = reach(lambda: campaign_get(request.user, pk))
    samples = samples_for(request.user, campaign)
    county = evaluator = None
    if request.GET.get("evaluator"):
        evaluator = User.objects.filter(username=request.GET["evaluator"][:150]).first()
        if evaluator is None:
            return HttpResponse(_("没有这个评估人员"), status=404)
        samples = samples.filter(evaluator=evaluator)
    if request.GET.get("county"):
        row = (
            campaign_counties_for(request.user, campaign)
            .filter(county_id=request.GET["county"][:12])
            .first()
        )
        if row is None:
            return HttpResponse(_("该县不在本次评估检查中"), status=404)
        county = row.county
        samples = samples.filter(campaign_county=row)
    response = HttpResponse(content_type=XLSX)
    workbook_write(
        response,
        campaign=campaign,
        samples=samples,
        place=workbook_place(campaign, county=county, evaluator=evaluator),
    )
    who = f"-{evaluator.username}" if evaluator else f"-{county.code}" if county else ""
    made = timezone.localdate().isoformat()
    response["Content-Disposition"] = (
        f'attachment; filename="verification-{campaign.pk}{who}-{made}.xlsx"'
    )
    return response


@login_required
def workbook_import_page(request: HttpRequest, pk: int) -> HttpResponse:
    """Download links and the upload form; after an upload, its result. A POST with
    `token` applies the choices made for the conflicts of the file kept under it."""
    campaign = reach(lambda: campaign_get(request.user, pk))
    form = WorkbookUploadForm()
    result: ImportResult | None = None
    token = ""
    if request.method == "POST" and request.POST.get("token"):
        token = request.POST["token"]
        path = _kept(request, token)
        if path is None:
            messages.error(request, _("上传的文件已失效，请重新上传。"))
            return redirect("supervision:verification-import", pk=campaign.pk)
        result = workbook_import(
            path=path, actor=request.user, choices=_choices(request), campaign=campaign
        )
    elif request.method == "POST":
        form = WorkbookUploadForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                path = upload_keep(form.cleaned_data["file"])
            except InvalidInput as exc:
                form.add_error("file", translated(exc.message))
            else:
                token = _keep(request, path)
                result = workbook_import(path=path, actor=request.user, campaign=campaign)
    if result is not None and (result.errors or not result.conflicts):
        _forget(request, token)  # kept only while conflicts wait for their choices
        token = ""
    if result is not None and not result.errors and not result.conflicts:
        messages.success(
            request,
            _("已导入：修改 %(changed)s 户，未修改 %(unchanged)s 户，保留他人结论 %(kept)s 户。")
            % {"changed": result.changed, "unchanged": result.unchanged, "kept": result.kept},
        )
        return redirect("supervision:verification-import", pk=campaign.pk)
    context = {
        "campaign": campaign,
        "downloads": _downloads(request.user, campaign),
        "form": form,
        "result": result,
        "errors": [
            (e.row, e.column, translated(e.reason), e.value)
            for e in (result.errors if result else [])
        ],
        "conflicts": [_side_by_side(c) for c in (result.conflicts if result else [])],
        "token": token,
        "keep": KEEP_THEIRS,
        "take": TAKE_MINE,
    }
    return render(
        request,
        "supervision/verification_import.html",
        context,
        status=400 if form.errors or (result is not None and result.errors) else 200,
    )


def _downloads(user: Any, campaign: Campaign) -> list[tuple[str, str]]:
    """(label, query) of each workbook the user may download."""
    if is_evaluator(user):
        return [(_("我的评估户"), f"?evaluator={user.username}")]
    links: list[tuple[str, str]] = []
    if scope_of(user).everything:
        links.append((_("全部样本户"), ""))
        for evaluator in campaign.evaluators.order_by("username"):
            name = evaluator.get_full_name() or evaluator.username
            links.append(
                (_("评估人员 %(name)s") % {"name": name}, f"?evaluator={evaluator.username}")
            )
    for row in campaign_counties_for(user, campaign):
        links.append((f"{row.county.name}（{row.county_id}）", f"?county={row.county_id}"))
    return links


def _shown(name: str, value: Any) -> str:
    if value is None or value == "":
        return ""
    if isinstance(value, bool):
        return _("是") if value else _("否")
    if name == "approval":
        return str(dict(Approval.choices).get(value, value))
    return str(value)


def _side_by_side(conflict: Conflict) -> dict[str, Any]:
    fields = []
    for name in VERDICT_FIELDS:
        theirs, ours = conflict.theirs.get(name), conflict.ours.get(name)
        fields.append(
            {
                "label": str(Verdict._meta.get_field(name).verbose_name),
                "theirs": _shown(name, theirs),
                "ours": _shown(name, ours),
                "differs": theirs != ours,
            }
        )
    return {"conflict": conflict, "fields": fields}


def _choices(request: HttpRequest) -> dict[int, str]:
    choices = {}
    for key, value in request.POST.items():
        if key.startswith("choice-") and key[7:].isdigit() and value in (KEEP_THEIRS, TAKE_MINE):
            choices[int(key[7:])] = value
    return choices


def _keep(request: HttpRequest, path: Path) -> str:
    """Remember the kept upload in the session under a token (only its owner applies it)."""
    token = uuid.uuid4().hex
    kept = dict(request.session.get(SESSION_KEY, {}))
    kept[token] = path.name
    request.session[SESSION_KEY] = kept
    return token


def _kept(request: HttpRequest, token: str) -> Path | None:
    name = request.session.get(SESSION_KEY, {}).get(token)
    if not name:
        return None
    path = Path(settings.DATA_DIR) / "uploads" / name
    return path if path.exists() else None


def _forget(request: HttpRequest, token: str) -> None:
    if not token:
        return
    kept = dict(request.session.get(SESSION_KEY, {}))
    name = kept.pop(token, None)
    request.session[SESSION_KEY] = kept
    if name:
        (Path(settings.DATA_DIR) / "uploads" / name).unlink(missing_ok=True)
