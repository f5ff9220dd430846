"""Forms of the assistance pages: a unit's year, the ledger (record, reverse), pledges and
targets, cadres (with reports, awards), projects (particulars, lifecycle, beneficiaries),
pairings and subsidiaries, and uploads of the four imports."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from fupin.assistance.enums import (
    CadreGrade,
    CadreRole,
    GroupRole,
    LedgerReason,
    Measure,
    PairingKind,
    ProjectKind,
    ProjectStatus,
    ResponsibilityKind,
    UnitKind,
    project_next,
)
from fupin.assistance.models import Indicator, LeadingGroup, Plan, Unit
from fupin.assistance.selectors import indicators_for
from fupin.core.errors import FupinError
from fupin.core.identifiers import credit_code
from fupin.core.messages import translated
from fupin.regions.selectors import region_get
from fupin.web.forms import SpreadsheetField

DATE = {"widget": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}


def _not_future(date: dt.date) -> dt.date:
    """A delivery (or its correction) is recorded when it has happened."""
    if date > timezone.localdate():
        raise forms.ValidationError(_("日期不能晚于今天"))
    return date


class RegionField(forms.RegexField):
    """A region by its 2- to 12-digit code; cleans to the stored code (or None if optional)."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(
            regex=r"^\d{2,12}$",
            error_messages={"invalid": _("请输入 2 至 12 位数字的区划代码")},
            **kwargs,
        )

    def clean(self, value: Any) -> str | None:
        code = super().clean(value)
        if not code:
            return None
        try:
            return region_get(code=code).code
        except FupinError:  # not a code (3 digits), or no such region
            raise forms.ValidationError(_("区划代码不存在")) from None


class YearForm(forms.Form):
    year = forms.IntegerField(label=_("年度"), min_value=1949, max_value=2100)


class LedgerEntryForm(forms.Form):
    """One delivery; the services check the amount again and refuse a duplicate number."""

    entry_id = forms.RegexField(
        label=_("编号（留空自动生成）"),
        regex=r"^[\w.\-/]+$",
        max_length=40,
        required=False,
        error_messages={"invalid": _("编号只能包含字母、数字、下划线、点、横线和斜线")},
    )
    indicator = forms.ModelChoiceField(label=_("指标"), queryset=Indicator.objects.none())
    amount = forms.DecimalField(
        label=_("数值"), max_digits=16, decimal_places=2, min_value=Decimal("0.01")
    )
    date = forms.DateField(
        label=_("日期"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    region = RegionField(label=_("地区代码（可选）"), required=False)
    reason = forms.ChoiceField(
        label=_("例外原因（地区不在结对范围时）"),
        choices=[("", "—"), *LedgerReason.choices],
        required=False,
    )
    evidence = forms.CharField(label=_("凭证"), max_length=300, required=False)
    note = forms.CharField(label=_("说明"), max_length=300, required=False)

    def __init__(self, *args: Any, unit: Unit, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["indicator"].queryset = indicators_for(unit)

    def clean_date(self) -> dt.date:
        return _not_future(self.cleaned_data["date"])

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        indicator, amount = data.get("indicator"), data.get("amount")
        if (
            indicator is not None
            and amount is not None
            and indicator.measure == Measure.COUNT
            and amount != amount.to_integral_value()
        ):
            self.add_error("amount", _("该指标按整数计量"))
        return data


class ReverseForm(forms.Form):
    """Reverse an entry: on its date unless another is given; the service checks the date
    (`ledger_rules.reversal_date`) and its reasons go on the fields."""

    date = forms.DateField(
        label=_("冲销日期"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    other_year = forms.BooleanField(label=_("跨年度冲销"), required=False)
    note = forms.CharField(label=_("说明"), max_length=300, required=False)


def _term_check(form: forms.Form, start: str, end: str) -> None:
    first, last = form.cleaned_data.get(start), form.cleaned_data.get(end)
    if first and last and last < first:
        form.add_error(end, _("结束日期不能早于开始日期"))


class UnitChoiceField(forms.ModelChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.name)


# imports -------------------------------------------------------------------------------


class AssistanceImportForm(forms.Form):
    what = forms.ChoiceField(
        label=_("导入内容"),
        choices=[
            ("ledger", _("台账记录")),
            ("pledges", _("责任书目标")),
            ("pairings", _("结对帮扶关系（系统管理员）")),
            ("units", _("帮扶单位（系统管理员）")),
        ],
    )
    file = SpreadsheetField(label=_("文件（xlsx 或 csv）"))
    mode = forms.ChoiceField(
        label=_("方式"),
        choices=[
            ("strict", _("严格：有错误则全部不写入")),
            ("skip-invalid", _("跳过有错误的行")),
        ],
    )


# pledges and targets ---------------------------------------------------------------------


class PledgeForm(forms.Form):
    """A unit's pledge of a year (towards a region, or its superior when empty) with one
    target field per indicator the unit may use; an empty field leaves that target alone."""

    region = RegionField(label=_("帮扶地区代码（可选）"), required=False)
    title = forms.CharField(label=_("责任书名称"), max_length=200, required=False)
    signed_on = forms.DateField(label=_("签订日期"), required=False, **DATE)

    def __init__(self, *args: Any, unit: Unit, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.indicators = list(indicators_for(unit))
        for indicator in self.indicators:
            count = indicator.measure == Measure.COUNT
            self.fields[f"t_{indicator.code}"] = forms.DecimalField(
                label=f"{indicator.shown_name}（{indicator.shown_unit}）",
                required=False,
                min_value=Decimal(0),
                max_digits=16,
                decimal_places=0 if count else 2,
            )

    def target_fields(self) -> list[Any]:
        return [self[f"t_{i.code}"] for i in self.indicators]

    def head_fields(self) -> list[Any]:
        return [self[name] for name in ("region", "title", "signed_on")]

    def targets(self) -> dict[Indicator, Decimal]:
        data = self.cleaned_data
        return {
            i: data[f"t_{i.code}"] for i in self.indicators if data.get(f"t_{i.code}") is not None
        }


class PlanForm(forms.Form):
    title = forms.CharField(label=_("规划名称"), max_length=200)
    region = RegionField(label=_("帮扶地区代码（可选）"), required=False)
    first_year = forms.IntegerField(label=_("起始年度"), min_value=1949, max_value=2100)
    last_year = forms.IntegerField(label=_("终止年度"), min_value=1949, max_value=2100)

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        first, last = data.get("first_year"), data.get("last_year")
        if first and last and last < first:
            self.add_error("last_year", _("终止年度不能早于起始年度"))
        return data


class PlanAmountForm(forms.Form):
    """One yearly amount of one of the unit's plans."""

    plan = forms.ModelChoiceField(label=_("规划"), queryset=Plan.objects.none())
    year = forms.IntegerField(label=_("年度"), min_value=1949, max_value=2100)
    indicator = forms.ModelChoiceField(label=_("指标"), queryset=Indicator.objects.none())
    value = forms.DecimalField(
        label=_("计划值"), min_value=Decimal(0), max_digits=16, decimal_places=2
    )

    def __init__(self, *args: Any, unit: Unit, plans: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["plan"].queryset = plans
        self.fields["indicator"].queryset = indicators_for(unit)


class IndicatorForm(forms.Form):
    """A unit's own indicator (jobs created, students recruited, tonnes of materials …)."""

    code = forms.SlugField(label=_("指标代码（英文字母、数字、下划线）"), max_length=40)
    name = forms.CharField(label=_("指标名称"), max_length=100)
    measure = forms.ChoiceField(label=_("计量方式"), choices=Measure.choices)
    unit_label = forms.CharField(label=_("计量单位"), max_length=20)


# cadres ----------------------------------------------------------------------------------


class CadreForm(forms.Form):
    name = forms.CharField(label=_("姓名"), max_length=60)
    unit = UnitChoiceField(label=_("派出单位"), queryset=Unit.objects.none())
    role = forms.ChoiceField(label=_("身份"), choices=CadreRole.choices)
    post = forms.CharField(label=_("挂职/派驻职务"), max_length=200, required=False)
    region = RegionField(label=_("派驻地区划代码"))
    start = forms.DateField(label=_("任期开始"), **DATE)
    end = forms.DateField(label=_("任期结束（在任留空）"), required=False, **DATE)
    id_number = forms.CharField(label=_("证件号码（可选）"), max_length=22, required=False)

    def __init__(self, *args: Any, units: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        _term_check(self, "start", "end")
        return data

    def values(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        data["region_id"] = data.pop("region")
        return data


class CadreReportForm(forms.Form):
    date = forms.DateField(label=_("日期"), **DATE)
    title = forms.CharField(label=_("标题"), max_length=200)
    text = forms.CharField(
        label=_("内容"), widget=forms.Textarea(attrs={"rows": 4}), required=False
    )
    attachment = forms.FileField(label=_("附件（可选）"), required=False)

    def clean_date(self) -> dt.date:
        return _not_future(self.cleaned_data["date"])


class CadreAwardForm(forms.Form):
    year = forms.IntegerField(label=_("年度"), min_value=1949, max_value=2100)
    title = forms.CharField(label=_("表彰名称"), max_length=200)
    awarded_by = forms.CharField(label=_("表彰单位"), max_length=200, required=False)
    date = forms.DateField(label=_("日期（可选）"), required=False, **DATE)

    def clean_date(self) -> dt.date | None:
        date = self.cleaned_data.get("date")
        return None if date is None else _not_future(date)


class CadreEvaluationForm(forms.Form):
    year = forms.IntegerField(label=_("年度"), min_value=1949, max_value=2100)
    grade = forms.ChoiceField(label=_("考核等次"), choices=CadreGrade.choices)
    note = forms.CharField(label=_("评语"), max_length=500, required=False)


# projects --------------------------------------------------------------------------------


class ProjectForm(forms.Form):
    code = forms.RegexField(
        label=_("项目编号"),
        regex=r"^[\w.\-/]+$",
        max_length=40,
        error_messages={"invalid": _("编号只能包含字母、数字、下划线、点、横线和斜线")},
    )
    name = forms.CharField(label=_("项目名称"), max_length=200)
    kind = forms.ChoiceField(label=_("项目类型"), choices=ProjectKind.choices)
    unit = UnitChoiceField(label=_("帮扶单位"), queryset=Unit.objects.none())
    region = RegionField(label=_("实施地区划代码"))
    budget = forms.DecimalField(
        label=_("预算（元）"), min_value=Decimal(0), max_digits=16, decimal_places=2
    )
    planned_end = forms.DateField(label=_("计划完工日期"), required=False, **DATE)
    notice_start = forms.DateField(label=_("公示开始日期"), required=False, **DATE)
    notice_days = forms.IntegerField(label=_("公示天数"), min_value=1, max_value=90, initial=10)
    jobs_created = forms.IntegerField(
        label=_("带动就业（人）"), min_value=0, max_value=2**31 - 1, initial=0
    )
    income_per_year = forms.DecimalField(
        label=_("带动增收（元/年）"),
        min_value=Decimal(0),
        max_digits=16,
        decimal_places=2,
        initial=0,
    )

    def __init__(self, *args: Any, units: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units

    def values(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        data["region_id"] = data.pop("region")
        return data


class ProjectAdvanceForm(forms.Form):
    status = forms.ChoiceField(label=_("进入阶段"), choices=ProjectStatus.choices)
    on = forms.DateField(label=_("日期"), **DATE)

    def __init__(self, *args: Any, current: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        steps = project_next(current)
        self.fields["status"].choices = [c for c in ProjectStatus.choices if c[0] in steps]

    def clean_on(self) -> dt.date:
        return _not_future(self.cleaned_data["on"])


class BeneficiariesForm(forms.Form):
    add = forms.CharField(
        label=_("添加受益户（户编号，每行一个或以空格、逗号分隔）"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )
    remove = forms.MultipleChoiceField(
        label=_("移除"), required=False, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args: Any, current: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["remove"].choices = [(n, n) for n in current]

    def clean_add(self) -> list[str]:
        text = self.cleaned_data.get("add") or ""
        return list(dict.fromkeys(t for t in text.replace(",", " ").replace("，", " ").split()))


# pairings and subsidiaries ------------------------------------------------------------------


class PairingForm(forms.Form):
    region = RegionField(label=_("帮扶地区区划代码"))
    kind = forms.ChoiceField(label=_("帮扶类型"), choices=PairingKind.choices)
    start = forms.DateField(label=_("开始日期"), **DATE)
    end = forms.DateField(label=_("结束日期（可选）"), required=False, **DATE)

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        _term_check(self, "start", "end")
        return data


class SubsidiaryForm(forms.Form):
    code = forms.CharField(label=_("统一社会信用代码"), max_length=30)
    name = forms.CharField(label=_("单位名称"), max_length=200)
    kind = forms.ChoiceField(label=_("单位类型"), choices=UnitKind.choices)

    def clean_code(self) -> str:
        try:
            return credit_code(self.cleaned_data["code"])
        except ValueError as exc:
            raise forms.ValidationError(translated(str(exc))) from None


# leading groups and responsibilities -----------------------------------------------------


class LeadingGroupForm(forms.Form):
    name = forms.CharField(label=_("领导小组名称"), max_length=200)
    established = forms.DateField(label=_("成立日期（可选）"), required=False, **DATE)


class GroupMemberForm(forms.Form):
    group = forms.ModelChoiceField(label=_("领导小组"), queryset=LeadingGroup.objects.none())
    person = forms.CharField(label=_("姓名"), max_length=60)
    post = forms.CharField(label=_("职务"), max_length=200, required=False)
    role = forms.ChoiceField(label=_("小组职务"), choices=GroupRole.choices)
    member_unit = UnitChoiceField(
        label=_("成员单位（可选）"), queryset=Unit.objects.none(), required=False
    )

    def __init__(self, *args: Any, groups: Any, units: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["group"].queryset = groups
        self.fields["member_unit"].queryset = units


class ResponsibilityForm(forms.Form):
    person = forms.CharField(label=_("姓名"), max_length=60)
    post = forms.CharField(label=_("职务"), max_length=200, required=False)
    kind = forms.ChoiceField(label=_("责任类型"), choices=ResponsibilityKind.choices)
    region = RegionField(label=_("负责地区区划代码（留空：负责本单位）"), required=False)
    start = forms.DateField(label=_("开始日期"), **DATE)
    end = forms.DateField(label=_("结束日期（可选）"), required=False, **DATE)

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        _term_check(self, "start", "end")
        return data
