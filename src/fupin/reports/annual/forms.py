"""Forms of the work-report page: whom the report is of (a unit or a region the user may
see), then the period, language, format and the typical cases to include."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

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
        if start and end and end < start:
            self.add_error("end", _("结束日期早于开始日期"))
        return data
