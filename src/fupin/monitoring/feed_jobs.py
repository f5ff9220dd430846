"""The import of a large department file as a background job, as its uploader (their
regions' persons are flagged). Small files are imported while the page waits (feed_views)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from fupin.accounts.scope import scope_of
from fupin.core.errors import RowErrors
from fupin.core.jobs import Progress, job_enqueue, job_folder, job_kind, upload_keep
from fupin.core.models import Job
from fupin.exchange.errorfile import write_errors
from fupin.monitoring.feeds import FeedResult, feed_import


def feed_import_enqueue(*, feed: str, upload: Any, mode: str, actor: Any) -> Job:
    """Keep the uploaded file under the data folder and queue its import."""
    path = upload_keep(upload)
    params = {"path": str(path), "name": upload.name, "feed": feed, "mode": mode}
    return job_enqueue(kind="feed_import", params=params, actor=actor)


def result_message(result: FeedResult) -> str:
    """The counts of an import in the reader's language."""
    message = _(
        "共 %(rows)s 行：匹配 %(matched)s 人，未匹配 %(unmatched)s 人，预警 %(flagged)s 条。"
    ) % {
        "rows": result.rows,
        "matched": result.matched,
        "unmatched": result.unmatched,
        "flagged": result.flagged,
    }
    if result.repeated:
        message += " " + _("%(n)s 行与此前批次的数据相同，已预警过的不再重复预警。") % {
            "n": result.repeated
        }
    if result.outside:
        message += " " + _("%(n)s 人不在您的管辖范围内，已保留但不预警。") % {"n": result.outside}
    if result.skipped:
        message += " " + _("跳过 %(n)s 行有错误的数据。") % {"n": result.skipped}
    return message


@job_kind("feed_import", gettext_lazy("导入部门数据"))
def feed_import_job(job: Job, progress: Progress) -> tuple[str, dict[str, Any]]:
    params = job.params
    errors_path = job_folder(job) / "errors.xlsx"
    try:
        result = feed_import(
            feed=params["feed"],
            path=params["path"],
            actor=job.created_by,
            scope=scope_of(job.created_by),
            mode=params.get("mode", "strict"),
            file_name=params.get("name", ""),
            progress=lambda stage, done: progress(stage, done),
        )
    except RowErrors as exc:
        write_errors(errors_path, exc.errors, source=params.get("name", ""))
        Job.objects.filter(pk=job.pk).update(error_file=str(errors_path))
        raise
    problems = sorted(result.errors + result.warnings, key=lambda e: e.row)
    if problems:
        write_errors(errors_path, problems, source=params.get("name", ""))
        Job.objects.filter(pk=job.pk).update(error_file=str(errors_path))
    message = result_message(result) + " " + _("批次 %(batch)s。") % {"batch": result.batch}
    return message, {"batch": result.batch, **result.counts()}
