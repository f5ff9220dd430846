"""The work report as a background job (`work_report`): queued for a unit or a region the
user may see, composed in the language asked, its charts drawn and the file written under
the job's folder. The command runs the same `report_write` synchronously."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from fupin.core.errors import InvalidInput
from fupin.core.jobs import Progress, job_enqueue, job_folder, job_kind
from fupin.core.models import Job
from fupin.reports.annual import access
from fupin.reports.annual.compose import (
    Report,
    cases_chosen,
    check_period,
    region_document,
    unit_document,
)
from fupin.reports.cases.access import cases_for
from fupin.reports.enums import ReportFormat

KIND = "work_report"
LANGUAGES = ("zh-hans", "en")
#: the stages a job reports, in order (shown on the job page)
STAGES = (
    gettext_lazy("汇总数据"),
    gettext_lazy("绘制图表"),
    gettext_lazy("写入文件"),
    gettext_lazy("已完成"),
)
Say = Callable[[str, int], None]


def _checked_options(language: str, fmt: str) -> None:
    if language not in LANGUAGES:
        raise InvalidInput(_("语言 %(language)s 无效（zh-hans 或 en）") % {"language": language})
    if fmt not in ReportFormat.values:
        raise InvalidInput(_("格式 %(format)s 无效（docx 或 pdf）") % {"format": fmt})


def work_report_enqueue(
    *,
    unit: int | None = None,
    region: str | None = None,
    start: dt.date,
    end: dt.date,
    language: str,
    fmt: str,
    cases: Iterable[int] = (),
    actor: Any,
) -> Job:
    """Queue the work report of a unit (its id) or a region (its code) the actor may see;
    NotFound for one out of their reach and InvalidInput for bad options: nothing is queued
    then."""
    if (unit is None) == (region is None):
        raise InvalidInput(_("请选择一个单位或一个地区"))
    _checked_options(language, fmt)
    check_period(start, end)
    if unit is not None:
        chosen = access.report_unit_for(actor, unit)
        case_ids = [c.pk for c in cases_chosen(cases, unit=chosen)]
    else:
        place = access.report_region_for(actor, str(region))
        case_ids = [c.pk for c in cases_chosen(cases, region=place)]
    hidden = set(case_ids) - set(
        cases_for(actor).filter(pk__in=case_ids).values_list("pk", flat=True)
    )
    if hidden:
        ids = "、".join(str(pk) for pk in sorted(hidden))
        raise InvalidInput(_("典型案例 %(ids)s 不属于该报告对象") % {"ids": ids})
    params = {
        "unit": unit,
        "region": region,
        "start": start.isoformat(),
        "end": end.isoformat(),
        "language": language,
        "format": fmt,
        "cases": case_ids,
    }
    return job_enqueue(kind=KIND, params=params, actor=actor)


def report_compose(
    *,
    unit: Any = None,
    region: Any = None,
    start: dt.date,
    end: dt.date,
    language: str,
    cases: Iterable[int] = (),
) -> Report:
    if unit is not None:
        return unit_document(unit, start, end, language=language, cases=cases)
    return region_document(region, start, end, language=language, cases=cases)


def report_file_name(subject: str, start: dt.date, end: dt.date, fmt: str) -> str:
    """首钢集团有限公司-工作报告-2019-01-01至2020-06-30.docx (in English
    …-work-report-2019-01-01-to-2020-06-30.docx)."""
    name = _("%(subject)s-工作报告-%(start)s至%(end)s") % {
        "subject": subject,
        "start": start.isoformat(),
        "end": end.isoformat(),
    }
    safe = "".join("-" if ch in '/\\:*?"<>|' else ch for ch in name)
    return f"{safe}.{fmt}"


def report_write(
    *,
    unit: Any = None,
    region: Any = None,
    start: dt.date,
    end: dt.date,
    language: str,
    fmt: str,
    cases: Iterable[int] = (),
    path: Path,
    say: Say = lambda stage, done: None,
) -> Report:
    """Compose the report and write it to `path` as .docx or .pdf, saying each stage."""
    _checked_options(language, fmt)
    say(str(STAGES[0]), 0)
    report = report_compose(
        unit=unit, region=region, start=start, end=end, language=language, cases=cases
    )
    say(str(STAGES[1]), 1)
    from fupin.reports.annual.charts import charts_drawn

    with charts_drawn(report.document):
        say(str(STAGES[2]), 2)
        if fmt == ReportFormat.DOCX:
            from fupin.reports.annual.render_docx import docx_write

            docx_write(report.document, path)
        else:
            from fupin.reports.annual.render_pdf import pdf_write

            pdf_write(report.document, path)
    say(str(STAGES[3]), 3)
    return report


@job_kind(KIND, gettext_lazy("生成工作报告"))
def work_report_job(job: Job, progress: Progress) -> tuple[str, dict[str, Any]]:
    """Write the report as the user who asked for it (who must still see its subject)."""
    params = job.params
    start, end = dt.date.fromisoformat(params["start"]), dt.date.fromisoformat(params["end"])
    user = job.created_by
    if params.get("unit") is not None:
        unit, region = access.report_unit_for(user, int(params["unit"])), None
        subject = unit.name
    else:
        unit, region = None, access.report_region_for(user, params["region"])
        subject = region.name
    fmt = params.get("format", ReportFormat.DOCX)
    path = job_folder(job) / report_file_name(subject, start, end, fmt)

    def say(stage: str, done: int) -> None:
        progress(stage, done, len(STAGES) - 1)

    report = report_write(
        unit=unit,
        region=region,
        start=start,
        end=end,
        language=params.get("language") or LANGUAGES[0],
        fmt=fmt,
        cases=params.get("cases") or [],
        path=path,
        say=say,
    )
    Job.objects.filter(pk=job.pk).update(result_file=str(path))
    message = _("已生成%(subject)s工作报告（%(name)s）。") % {"subject": subject, "name": path.name}
    return message, {"file": path.name, "figures": report.figures}
