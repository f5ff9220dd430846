"""Pages of department feeds (部门筛查预警): the definitions with their rules, the upload of
a department's file by an office, and a batch with its flags, unknown persons and rulings."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

from fupin.accounts.scope import scope_of
from fupin.core.access import jobs_for
from fupin.core.errors import InvalidInput, RowErrors
from fupin.core.identifiers import mask_id_number
from fupin.core.jobs import upload_keep
from fupin.core.messages import translated
from fupin.core.reach import reach
from fupin.monitoring import feed_access, feeds
from fupin.monitoring.feed_jobs import feed_import_enqueue, result_message
from fupin.monitoring.feed_rules import ID_KEY, Definition, DefinitionError, definition_parse
from fupin.monitoring.models import Feed, FeedBatch, FeedRow
from fupin.policy.errors import PolicyError
from fupin.policy.regimes import list_regimes, load_regime
from fupin.registry.access import may_see_id_numbers
from fupin.web.forms import SpreadsheetField

#: uploads up to this size are imported while the page waits (≈ 8,000 rows of xlsx, under a
#: second); larger ones by a background job (100,000 rows take 5–9 s)
SYNC_BYTES = 256 * 1024
#: rows listed per section of a batch page
LIMIT = 500


class FeedUploadForm(forms.Form):
    feed = forms.ModelChoiceField(
        label=gettext_lazy("部门数据"),
        queryset=Feed.objects.filter(active=True),
        to_field_name="code",
    )
    file = SpreadsheetField(label=gettext_lazy("文件（xlsx 或 csv）"))
    mode = forms.ChoiceField(
        label=gettext_lazy("方式"),
        choices=[
            ("strict", gettext_lazy("严格：有错误则全部不写入")),
            ("skip-invalid", gettext_lazy("跳过有错误的行")),
        ],
    )


class DismissForm(forms.Form):
    reason = forms.CharField(label=gettext_lazy("排除原因"), max_length=300)


def _risk_label(code: str, language: str) -> str:
    for name in reversed(list_regimes()):
        scheme = load_regime(name).scheme
        if scheme is None:
            continue
        try:
            return scheme.risk_type(code).label(language)
        except PolicyError:
            continue
    return code


def _feed_shown(feed: Feed, language: str) -> dict[str, Any]:
    try:
        definition = definition_parse(feed.columns, feed.rule)
    except DefinitionError as exc:
        return {"feed": feed, "rule": "", "problem": translated(exc.message), "columns": []}
    return {
        "feed": feed,
        "rule": definition.words(language),
        "problem": "",
        "columns": [c.title for c in definition.columns],
        "risk": _risk_label(feed.risk, language) if feed.risk else "",
    }


@login_required
def feeds_page(request: HttpRequest) -> HttpResponse:
    """The feed definitions; offices upload a department's file, imported at once when small,
    by a background job when large."""
    user = request.user
    definitions = reach(lambda: list(feed_access.feeds_for(user)))
    may_import = feed_access.may_import_feeds(user)
    form = FeedUploadForm(request.POST or None, request.FILES or None) if may_import else None
    errors: list[Any] = []
    if request.method == "POST":
        scope = reach(lambda: feed_access.feeds_importable(user))
        if form is not None and form.is_valid():
            feed, upload = form.cleaned_data["feed"], form.cleaned_data["file"]
            mode = form.cleaned_data["mode"]
            try:
                if upload.size > SYNC_BYTES:
                    job = feed_import_enqueue(feed=feed.code, upload=upload, mode=mode, actor=user)
                    return redirect("job-detail", pk=job.pk)
                result = feeds.feed_import(
                    feed=feed,
                    path=upload_keep(upload),
                    actor=user,
                    scope=scope,
                    mode=mode,
                    file_name=upload.name,
                )
            except RowErrors as exc:
                errors = exc.errors
            except InvalidInput as exc:
                form.add_error("file", translated(exc.message))
            else:
                messages.success(request, result_message(result))
                return redirect("monitoring-feed-batch", pk=result.batch)
    language = get_language() or "zh-hans"
    context = {
        "feeds": [_feed_shown(f, language) for f in definitions],
        "form": form,
        "errors": [(e.row, e.column, translated(e.reason), e.value, e.severity) for e in errors],
        "batches": feed_access.batches_for(user).select_related("feed", "actor")[:20],
        "jobs": jobs_for(user).filter(kind="feed_import").order_by("-id")[:5] if may_import else [],
        "may_sync": scope_of(user).everything,
    }
    status = 400 if errors or (form is not None and form.errors) else 200
    return render(request, "monitoring/feeds.html", context, status=status)


@login_required
def feeds_sync_view(request: HttpRequest) -> HttpResponse:
    """Administrators load the default definitions (those someone edited are kept)."""
    if request.method != "POST" or not scope_of(request.user).everything:
        raise PermissionDenied(_("只有系统管理员可以载入默认定义"))
    result = feeds.feeds_sync(actor=request.user)
    messages.success(
        request,
        _("新增 %(created)s 项，更新 %(updated)s 项；%(kept)s 项已修改过，保留不变。")
        % {
            "created": len(result.created),
            "updated": len(result.updated),
            "kept": len(result.kept),
        },
    )
    return redirect("monitoring-feeds")


def _evidence(definition: Definition | None, row: FeedRow) -> list[tuple[str, str]]:
    if definition is None:
        return sorted((k, v) for k, v in row.values.items() if k != "name")
    return [
        (c.title, row.values[c.key])
        for c in definition.columns
        if c.key not in (ID_KEY, "name") and c.key in row.values
    ]


def _case_new(row: FeedRow, risk: str) -> str:
    """The case report page for the row's household, the flag named as its origin."""
    base = reverse("monitoring-feeds").removesuffix("feeds/")
    query = {"household": row.household.number, "feed_row": row.pk, "risk": risk}
    return f"{base}cases/new/?" + urlencode(query)


@login_required
def feed_batch_page(request: HttpRequest, pk: int) -> HttpResponse:
    """A batch: its counts, the open flags of the user's regions (with the actions to rule
    one out or open a case), the flags ruled out or turned into cases, and the rows of
    unknown persons, reported to whoever may see them."""
    user = request.user
    batch: FeedBatch = reach(lambda: feed_access.batch_get(user, pk))
    try:
        definition: Definition | None = feeds.feed_definition(batch.feed)
    except InvalidInput:
        definition = None
    see_ids = may_see_id_numbers(user)
    work = feed_access.may_work_flags(user)

    def shown(rows: Any) -> list[dict[str, Any]]:
        return [
            {
                "row": r,
                "id": r.id_number if see_ids else mask_id_number(r.id_number),
                "evidence": _evidence(definition, r),
                "case_new": _case_new(r, batch.feed.risk) if work and r.household_id else "",
            }
            for r in rows
        ]

    sections = feeds.batch_sections(
        batch,
        feed_access.feed_rows_for(user).filter(batch=batch),
        unmatched=feed_access.may_see_unmatched(user, batch),
        limit=LIMIT,
    )
    context = {
        "batch": batch,
        "summary": sections.summary,
        "open": shown(sections.open),
        "open_count": sections.open_count,
        "cases": shown(sections.cases),
        "dismissed": shown(sections.dismissed),
        "unmatched": shown(sections.unmatched) if sections.unmatched is not None else None,
        "unmatched_count": batch.unmatched,
        "may_work": work,
        "limit": LIMIT,
        "dismiss_form": DismissForm(),
    }
    return render(request, "monitoring/feed_batch.html", context)


@login_required
def feed_row_dismiss_view(request: HttpRequest, pk: int) -> HttpResponse:
    """Rule a flag out with its reason (POST)."""
    if request.method != "POST":
        raise PermissionDenied(_("请用表单提交"))
    row = reach(lambda: feed_access.feed_row_workable(request.user, pk))
    form = DismissForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("请填写排除原因（不超过 300 字）。"))
    else:
        try:
            feeds.feed_row_dismiss(row=row, reason=form.cleaned_data["reason"], actor=request.user)
        except InvalidInput as exc:
            messages.error(request, translated(exc.message))
        else:
            messages.success(request, _("第 %(row)s 行的预警已排除。") % {"row": row.row_number})
    return redirect("monitoring-feed-batch", pk=row.batch_id)
