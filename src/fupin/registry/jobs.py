"""The registry's background jobs: import a file, export a filtered list, evaluate a year."""

from __future__ import annotations

from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from fupin.accounts.scope import scope_of
from fupin.core.errors import RowErrors
from fupin.core.identifiers import mask_id_number
from fupin.core.jobs import (
    Progress,
    job_enqueue,
    job_folder,
    job_kind,
    upload_keep,
)
from fupin.core.models import Job
from fupin.exchange.errorfile import write_errors
from fupin.exchange.titles import Title, year_text
from fupin.exchange.writers import write_table
from fupin.registry import access
from fupin.registry.enums import Attribute, Cause, Status
from fupin.registry.evaluations import evaluation_store, evaluation_store_villages
from fupin.registry.exports import region_place
from fupin.registry.imports import registry_import
from fupin.registry.selectors import HouseholdFilters, household_list


def import_enqueue(*, upload: Any, year: int | None, mode: str, actor: Any) -> Job:
    """Keep an uploaded registry file under the data folder and queue its import."""
    path = upload_keep(upload)
    params = {"path": str(path), "name": upload.name, "year": year, "mode": mode}
    return job_enqueue(kind="registry_import", params=params, actor=actor)


@job_kind("registry_import", gettext_lazy("导入建档立卡数据"))
def import_job(job: Job, progress: Progress) -> tuple[str, dict[str, Any]]:
    """Import the uploaded file as its uploader: only villages of their regions."""
    params = job.params
    errors_path = job_folder(job) / "errors.xlsx"

    def report(stage: str, done: int) -> None:
        progress(stage, done, done if stage == "read" else None)

    try:
        result = registry_import(
            path=params["path"],
            year=params.get("year"),
            mode=params.get("mode", "strict"),
            progress=report,
            actor=job.created_by,
            job=str(job.pk),
            scope=scope_of(job.created_by),
        )
    except RowErrors as exc:
        write_errors(errors_path, exc.errors, source=params.get("name", ""))
        Job.objects.filter(pk=job.pk).update(error_file=str(errors_path))
        raise
    problems = result.errors + result.warnings
    if problems:
        write_errors(errors_path, problems, source=params.get("name", ""))
        Job.objects.filter(pk=job.pk).update(error_file=str(errors_path))
    message = _("已导入 %(households)s 户、%(members)s 人；跳过 %(skipped)s 户。") % {
        "households": result.households,
        "members": result.members,
        "skipped": result.skipped_households,
    }
    if result.evaluated:
        message += " " + _("已重新评估 %(years)s 年度。") % {
            "years": "、".join(str(y) for y in sorted(result.evaluated))
        }
    if problems:  # counted as the error file lists them
        message += " " + _("错误清单中有 %(errors)s 处错误、%(warnings)s 处提示。") % {
            "errors": len(result.errors),
            "warnings": len(result.warnings),
        }
    return message, {
        "households": result.households,
        "members": result.members,
        "surveys": result.surveys,
        "skipped_households": result.skipped_households,
        "errors": len(result.errors),
        "warnings": len(result.warnings),
        "evaluated": {str(y): n for y, n in result.evaluated.items()},
    }


@job_kind("households_export", gettext_lazy("导出贫困户"))
def export_job(job: Job, progress: Progress) -> tuple[str, dict[str, Any]]:
    """The filtered household list of the user's scope as xlsx."""
    user = job.created_by
    filters = HouseholdFilters(**job.params.get("filters", {}))
    households = household_list(households=access.households_for(user), filters=filters)
    total = households.count()
    progress("exporting", 0, total)
    see_ids = access.may_see_id_numbers(user)
    statuses, attributes = dict(Status.choices), dict(Attribute.choices)
    causes = dict(Cause.choices)
    header = [
        _("户编号"),
        _("所在村"),
        _("户主"),
        _("户主证件号码"),
        _("贫困户属性"),
        _("主要致贫原因"),
        _("家庭人口"),
        _("识别年度"),
        _("脱贫年度"),
        f"{filters.year or ''} {_('状态')}".strip(),
        _("人均纯收入"),
    ]

    def rows() -> Any:
        for done, h in enumerate(households.iterator(chunk_size=2000), start=1):
            if done % 5000 == 0:
                progress("exporting", done)
            number = h.head_id_number or ""
            yield [
                h.number,
                h.village.name,
                h.head_name or "",
                number if see_ids else mask_id_number(number) if number else "",
                str(attributes.get(h.attribute, "")),
                str(causes.get(h.main_cause, "")),
                h.member_count,
                h.registered_year,
                h.exit_year,
                str(statuses.get(h.status, "")) if h.status else "",
                h.per_capita_income,
            ]

    scope = scope_of(user)
    regions = [filters.region] if filters.region else [] if scope.everything else scope.regions
    title = Title(
        what=_("贫困户名单"),
        made=timezone.localdate(),
        place=region_place(regions),
        year=year_text(filters.year),
    )
    path = job_folder(job) / "households.xlsx"
    count = write_table(path, header, rows(), sheet=_("贫困户"), text_columns=[0, 3], title=title)
    Job.objects.filter(pk=job.pk).update(result_file=str(path))
    progress("exported", count, total)
    return _("已导出 %(n)s 户。") % {"n": count}, {"households": count}


@job_kind("evaluation", gettext_lazy("评估"))
def evaluation_job(job: Job, progress: Progress) -> tuple[str, dict[str, Any]]:
    """Evaluate a year and store the results: the whole registry for administrators, the
    households of their regions (and the figures of the regions above) for an office."""
    year = int(job.params["year"])
    villages = access.evaluation_villages_for(job.created_by)
    report = lambda stage, n: progress(stage, n)  # noqa: E731
    if villages is None:
        stored = evaluation_store(year=year, progress=report)
    else:
        stored = evaluation_store_villages(year=year, villages=villages, progress=report)
    return _("%(year)s 年度评估完成：%(households)s 户，%(regions)s 个区域。") % {
        "year": year,
        **stored,
    }, stored
