"""Forms of the work-report page: whom the report is of (a unit or a region the user may
see), then the period, language, format and the typical cases to include. The page and the
API check a request through the same `work_report_form` and queue it through
`work_report_queue`."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from fupin.core.errors import InvalidInput
from fupin.core.messages import translated
from fupin.core.models import Job
from fupin.reports.annual.compose import cases_offered, check_period
from fupin.reports.annual.jobs import work_report_enqueue
from fupin.reports.cases.access import cases_for
from fupin.reports.enums import ReportFormat

DATE = {"widget": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}
LANGUAGE_CHOICES = (("zh-hans", _("中文")), ("en", _("英文")))


def last_year(today: dt.date | None = None) -> tuple[dt.date, dt.date]:
    year = (today or timezone.localdate()).year - 1
    return dt.date(year, 1, 1), dt.date(year, 12, 31)


class SubjectForm(forms.Form):
    """Step one: a unit or a region, from those the user may see."""

    unit = forms.TypedChoiceField(label=_("帮扶单位"), required=False, coerce=int, empty_value=None)
    region = forms.ChoiceField(label=_("地区（领导小组）"), required=False)

    def __init__(self, *args: Any, units: list[Any], regions: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].choices = [("", "—")] + [
            (u.pk, "　" * max(0, u.path.count("/") - 2) + u.name) for u in units
        ]
        self.fields["region"].choices = [("", "—")] + [
            (r.code, f"{r.name}（{r.code}）") for r in regions
        ]

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if bool(data.get("unit")) == bool(data.get("region")):
            raise forms.ValidationError(_("请选择一个单位或一个地区（二者选一）"))
        return data


class WorkReportForm(forms.Form):
    """Step two: the period, language, format and cases of the chosen subject's report."""

    start = forms.DateField(label=_("开始日期"), **DATE)
    end = forms.DateField(label=_("结束日期"), **DATE)
    language = forms.ChoiceField(label=_("语言"), choices=LANGUAGE_CHOICES, initial="zh-hans")
    fmt = forms.ChoiceField(
        label=_("格式"), choices=ReportFormat.choices, initial=ReportFormat.DOCX
    )
    cases = forms.TypedMultipleChoiceField(
        label=_("选入的典型案例"),
        required=False,
        coerce=int,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args: Any, cases: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        start, end = last_year()
        self.fields["start"].initial = start
        self.fields["end"].initial = end
        self.fields["cases"].choices = [
            (c.pk, f"{c.year} · {c.title} · {c.region.name}") for c in cases
        ]

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        start, end = data.get("start"), data.get("end")
        if start and end:
            try:
                check_period(start, end)
            except InvalidInput as exc:
                self.add_error("end", translated(exc.message))
        return data


def work_report_form(
    data: Any, *, user: Any, unit: Any = None, region: Any = None
) -> WorkReportForm:
    """The form of the report of `unit` or `region` (bound to `data` unless it is None),
    offering the subject's typical cases that the user sees: another case is refused on
    `cases`, a bad period on its date."""
    offered = cases_offered(unit=unit, region=region) & cases_for(user)
    return WorkReportForm(data, cases=list(offered))


def work_report_queue(
    form: WorkReportForm, *, unit: Any = None, region: Any = None, actor: Any
) -> Job | None:
    """Queue the report of a valid form (`work_report_enqueue`); None, with the service's
    reason on the form, when it refuses the options. NotFound passes on."""
    values = form.cleaned_data
    try:
        return work_report_enqueue(
            unit=unit.pk if unit is not None else None,
            region=region.code if region is not None else None,
            start=values["start"],
            end=values["end"],
            language=values["language"],
            fmt=values["fmt"],
            cases=values["cases"],
            actor=actor,
        )
    except InvalidInput as exc:
        form.add_error(None, translated(exc.message))
        return None
