"""Imports of assistance files started from the web or the API, as background jobs: the
uploader's scope applies (a unit user writes pledges and ledger entries of their own units;
units and pairings are imported by administrators)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from fupin.accounts.scope import scope_of
from fupin.assistance.imports import (
    ImportResult,
    ledger_import,
    pairings_import,
    pledges_import,
    units_import,
)
from fupin.core.errors import InvalidInput, RowErrors
from fupin.core.jobs import Progress, job_enqueue, job_folder, job_kind, upload_keep
from fupin.core.models import Job
from fupin.exchange.errorfile import write_errors

KINDS = ("units", "pairings", "pledges", "ledger")
ADMINISTRATORS_ONLY = ("units", "pairings")


def assistance_import_enqueue(*, upload: Any, what: str, mode: str, actor: Any) -> Job:
    """Keep the uploaded file under the data folder and queue its import."""
    if what not in KINDS:
        raise InvalidInput(f"unknown import {what}")
    scope = scope_of(actor)
    if what in ADMINISTRATORS_ONLY and not scope.everything:
        raise InvalidInput(f"only administrators import {what}")
    if not scope.can_edit_assistance:
        raise InvalidInput("your role may not change this unit's work")
    path = upload_keep(upload)
    params = {"path": str(path), "name": upload.name, "what": what, "mode": mode}
    return job_enqueue(kind="assistance_import", params=params, actor=actor)


@job_kind("assistance_import", gettext_lazy("导入帮扶工作数据"))
def import_job(job: Job, progress: Progress) -> tuple[str, dict[str, Any]]:
    params = job.params
    what, user = params["what"], job.created_by
    scope = scope_of(user)
    errors_path = job_folder(job) / "errors.xlsx"
    progress("importing", 0)
    try:
        if what == "units":
            result: ImportResult = units_import(
                path=params["path"], mode=params["mode"], actor=user
            )
        elif what == "pairings":
            result = pairings_import(path=params["path"], mode=params["mode"], actor=user)
        elif what == "pledges":
            result = pledges_import(
                path=params["path"], mode=params["mode"], actor=user, scope=scope
            )
        else:
            result = ledger_import(
                path=params["path"], mode=params["mode"], actor=user, job=str(job.pk), scope=scope
            )
    except RowErrors as exc:
        write_errors(errors_path, exc.errors, source=params.get("name", ""))
        Job.objects.filter(pk=job.pk).update(error_file=str(errors_path))
        raise
    problems = sorted(result.errors + result.warnings, key=lambda e: e.row)
    if problems:
        write_errors(errors_path, problems, source=params.get("name", ""))
        Job.objects.filter(pk=job.pk).update(error_file=str(errors_path))
    progress("done", result.rows, result.rows)
    message = _(
        "新增 %(created)s 条，更新 %(updated)s 条，未变 %(unchanged)s 条，跳过 %(skipped)s 行。"
    ) % {
        "created": result.created,
        "updated": result.updated,
        "unchanged": result.unchanged,
        "skipped": result.skipped,
    }
    return message, {
        "created": result.created,
        "updated": result.updated,
        "unchanged": result.unchanged,
        "skipped": result.skipped,
        "errors": len(result.errors),
        "warnings": len(result.warnings),
    }
