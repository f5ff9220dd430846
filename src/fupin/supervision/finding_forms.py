"""Forms of the finding pages. A region is typed by its code and a unit by its credit code
(or full name); the forms resolve them, the services check every value again."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext as _t
from django.utils.translation import gettext_lazy as _

from fupin.assistance.selectors import unit_of
from fupin.core.errors import FupinError
from fupin.core.messages import translated
from fupin.regions.selectors import region_get
from fupin.supervision.enums import FindingCategory, FindingSource, TaskStatus
from fupin.supervision.finding_selectors import FindingFilters

ALL = [("", _("全部"))]
CODE = r"^\d{2,12}$"


def _date(label: Any, **kwargs: Any) -> forms.DateField:
    return forms.DateField(label=label, widget=forms.DateInput(attrs={"type": "date"}), **kwargs)


def _region(value: str) -> Any:
    if not value:
        return None
    try:
        return region_get(code=value)
    except FupinError:
        raise forms.ValidationError(
            _t("没有代码为 %(code)s 的行政区划") % {"code": value}
        ) from None


def _unit(value: str) -> Any:
    if not value:
        return None
    try:
        return unit_of(value)
    except FupinError as exc:
        raise forms.ValidationError(translated(exc.message)) from None


class FindingFilterForm(forms.Form):
    """The finding list's filters; a value that does not validate is ignored."""

    source = forms.ChoiceField(
        label=_("问题来源"), choices=[*ALL, *FindingSource.choices], required=False
    )
    category = forms.ChoiceField(
        label=_("问题类别"), choices=[*ALL, *FindingCategory.choices], required=False
    )
    status = forms.ChoiceField(
        label=_("整改状态"), choices=[*ALL, *TaskStatus.choices], required=False
    )
    year = forms.IntegerField(label=_("年度"), min_value=1949, max_value=2100, required=False)
    region = forms.RegexField(label=_("涉及地区代码"), regex=CODE, required=False)
    overdue = forms.BooleanField(label=_("只看超期"), required=False)

    def filters(self) -> FindingFilters:
        if self.is_bound:
            self.is_valid()  # keeps the fields that validate in cleaned_data
        data = getattr(self, "cleaned_data", {})
        return FindingFilters(
            source=data.get("source") or "",
            category=data.get("category") or "",
            status=data.get("status") or "",
            year=data.get("year"),
            overdue=bool(data.get("overdue")),
            region=data.get("region") or "",
        )


class FindingForm(forms.Form):
    """A finding: its source, who found it and when, what it concerns, its category and text,
    and its issuer (督办)."""

    source = forms.ChoiceField(label=_("问题来源"), choices=FindingSource.choices)
    found_by = forms.CharField(label=_("发现单位"), max_length=200)
    found_on = _date(_("发现日期"))
    year = forms.IntegerField(
        label=_("年度（默认为发现年度）"), min_value=1949, max_value=2100, required=False
    )
    reference = forms.CharField(label=_("文号"), max_length=100, required=False)
    region = forms.RegexField(label=_("涉及地区代码"), regex=CODE, required=False)
    unit = forms.CharField(label=_("涉及单位信用代码"), max_length=200, required=False)
    category = forms.ChoiceField(label=_("问题类别"), choices=FindingCategory.choices)
    text = forms.CharField(label=_("问题描述"), widget=forms.Textarea(attrs={"rows": 4}))
    issuer_region = forms.RegexField(label=_("督办地区代码"), regex=CODE, required=False)
    issuer_unit = forms.CharField(label=_("督办单位信用代码"), max_length=200, required=False)

    def clean_region(self) -> Any:
        return _region(self.cleaned_data["region"])

    def clean_unit(self) -> Any:
        return _unit(self.cleaned_data["unit"].strip())

    def clean_issuer_region(self) -> Any:
        return _region(self.cleaned_data["issuer_region"])

    def clean_issuer_unit(self) -> Any:
        return _unit(self.cleaned_data["issuer_unit"].strip())


class TaskForm(forms.Form):
    """A rectification task the issuer sets: its owner, requirement and deadline."""

    owner_region = forms.RegexField(label=_("责任地区代码"), regex=CODE, required=False)
    owner_unit = forms.CharField(label=_("责任单位信用代码"), max_length=200, required=False)
    requirement = forms.CharField(label=_("整改要求"), widget=forms.Textarea(attrs={"rows": 3}))
    deadline = _date(_("整改时限"))

    def clean_owner_region(self) -> Any:
        return _region(self.cleaned_data["owner_region"])

    def clean_owner_unit(self) -> Any:
        return _unit(self.cleaned_data["owner_unit"].strip())


class MeasuresForm(forms.Form):
    measures = forms.CharField(
        label=_("整改措施"), widget=forms.Textarea(attrs={"rows": 4}), required=False
    )
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)


class EvidenceForm(forms.Form):
    file = forms.FileField(label=_("佐证材料"))
    note = forms.CharField(label=_("说明"), max_length=300, required=False)


class SubmitForm(forms.Form):
    on = _date(_("完成日期"), required=False)


class SignOffForm(forms.Form):
    on = _date(_("销号日期"), required=False)


class ReopenForm(forms.Form):
    reason = forms.CharField(
        label=_("重新整改原因"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )


class FindingImportForm(forms.Form):
    file = forms.FileField(label=_("问题整改文件（xlsx 或 csv）"))
    strict = forms.BooleanField(label=_("有提示也不导入（严格）"), required=False)
