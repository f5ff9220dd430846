"""Forms of the monitoring case pages. Choices come from the scheme of the regime in force
(object types, risks, measure categories, steps); the services check every value again."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from fupin.monitoring.case_selectors import CaseFilters, risk_label
from fupin.monitoring.enums import Channel, Phase, ReportWay, StepResult
from fupin.policy.regimes import Scheme

ALL = [("", _("全部"))]


def _language() -> str:
    return get_language() or "zh-hans"


def _date(label: Any, **kwargs: Any) -> forms.DateField:
    return forms.DateField(label=label, widget=forms.DateInput(attrs={"type": "date"}), **kwargs)


def risk_choices(scheme: Scheme) -> list[tuple[str, str]]:
    return [(code, risk_label(scheme, code, _language())) for code in scheme.risk_codes()]


def step_choices(scheme: Scheme) -> list[tuple[str, str]]:
    """Every step code of both procedures once, with its name."""
    seen: dict[str, str] = {}
    for procedure in ("identification", "elimination"):
        for step in scheme.steps(procedure):
            seen.setdefault(step.code, step.label(_language()))
    return list(seen.items())


class CaseFilterForm(forms.Form):
    """The case list's filters; a value that does not validate is ignored."""

    phase = forms.ChoiceField(label=_("状态"), choices=[*ALL, *Phase.choices], required=False)
    object_type = forms.ChoiceField(label=_("监测对象类别"), required=False)
    next_step = forms.ChoiceField(label=_("下一步"), required=False)
    region = forms.RegexField(label=_("区划代码"), regex=r"^\d{2,12}$", required=False)
    overdue = forms.BooleanField(label=_("只看超期"), required=False)

    def __init__(self, *args: Any, scheme: Scheme, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        types = [(t.code, t.label(_language())) for t in scheme.object_types]
        self.fields["object_type"].choices = [*ALL, *types]
        self.fields["next_step"].choices = [*ALL, *step_choices(scheme)]

    def filters(self) -> CaseFilters:
        if self.is_bound:
            self.is_valid()  # keeps the fields that validate in cleaned_data
        data = getattr(self, "cleaned_data", {})
        return CaseFilters(
            phase=data.get("phase") or "",
            object_type=data.get("object_type") or "",
            next_step=data.get("next_step") or "",
            overdue=bool(data.get("overdue")),
            region=data.get("region") or "",
        )


class CaseReportForm(forms.Form):
    """A report of a household at risk (发现): the household by its 户编号, how it came to
    notice, its type and risks."""

    household = forms.CharField(label=_("户编号"), max_length=40)
    channel = forms.ChoiceField(
        label=_("发现渠道"),
        choices=[(v, label) for v, label in Channel.choices if v != Channel.IMPORTED],
    )
    report_way = forms.ChoiceField(
        label=_("申报方式（农户自主申报时填写）"),
        choices=[("", "—"), *ReportWay.choices],
        required=False,
    )
    object_type = forms.ChoiceField(label=_("监测对象类别"))
    risks = forms.MultipleChoiceField(
        label=_("风险类型（最多5项）"), widget=forms.CheckboxSelectMultiple
    )
    summary = forms.CharField(
        label=_("情况说明"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    reported_on = _date(_("发现日期"))
    fast_track = forms.BooleanField(label=_("绿色通道（先帮扶后补录程序）"), required=False)
    feed_row = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, scheme: Scheme, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {}).setdefault("reported_on", timezone.localdate())
        super().__init__(*args, **kwargs)
        self.fields["object_type"].choices = [
            (t.code, t.label(_language())) for t in scheme.object_types
        ]
        self.fields["risks"].choices = risk_choices(scheme)


class StepForm(forms.Form):
    """The case's next step: its date, result, note and attachment."""

    code = forms.CharField(widget=forms.HiddenInput)
    done_on = _date(_("办理日期"))
    result = forms.ChoiceField(label=_("结果"), choices=StepResult.choices)
    note = forms.CharField(
        label=_("说明"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
    attachment = forms.FileField(label=_("附件"), required=False)

    def __init__(self, *args: Any, attachment: str = "", **kwargs: Any) -> None:
        kwargs.setdefault("initial", {}).setdefault("done_on", timezone.localdate())
        super().__init__(*args, **kwargs)
        if attachment:
            self.fields["attachment"].label = _("附件（%(name)s）") % {"name": attachment}


class EliminationForm(forms.Form):
    """Start risk elimination: the home visit's date and a note."""

    done_on = _date(_("入户核实日期"))
    note = forms.CharField(
        label=_("说明"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {}).setdefault("done_on", timezone.localdate())
        super().__init__(*args, **kwargs)


class ObjectionForm(forms.Form):
    notice = forms.IntegerField(widget=forms.HiddenInput)
    text = forms.CharField(label=_("异议内容"), widget=forms.Textarea(attrs={"rows": 2}))
    raised_on = _date(_("提出日期"))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {}).setdefault("raised_on", timezone.localdate())
        super().__init__(*args, **kwargs)


class ObjectionResolveForm(forms.Form):
    objection = forms.IntegerField(widget=forms.HiddenInput)
    resolution = forms.CharField(label=_("处理结果"), max_length=2000)
    resolved_on = _date(_("处理日期"))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {}).setdefault("resolved_on", timezone.localdate())
        super().__init__(*args, **kwargs)


class MeasureForm(forms.Form):
    """A measure: its category, content, dates, who answers for it and, where a unit
    delivers it, the unit and its ledger entry or project."""

    category = forms.ChoiceField(label=_("措施类别"))
    content = forms.CharField(label=_("措施内容"), max_length=300)
    start_on = _date(_("开始日期"))
    end_on = _date(_("结束日期"), required=False)
    responsible = forms.CharField(label=_("责任人"), max_length=60, required=False)
    cadre = forms.ModelChoiceField(label=_("帮扶干部"), queryset=None, required=False)
    unit = forms.ModelChoiceField(label=_("帮扶单位"), queryset=None, required=False)
    ledger_entry = forms.IntegerField(label=_("台账记录编号"), min_value=1, required=False)
    project = forms.ModelChoiceField(label=_("项目"), queryset=None, required=False)
    amount = forms.DecimalField(
        label=_("金额（元）"), min_value=0, max_digits=14, decimal_places=2, required=False
    )

    def __init__(
        self, *args: Any, scheme: Scheme, cadres: Any, units: Any, projects: Any, **kwargs: Any
    ) -> None:
        kwargs.setdefault("initial", {}).setdefault("start_on", timezone.localdate())
        super().__init__(*args, **kwargs)
        self.fields["category"].choices = [
            (c.code, c.label(_language())) for c in scheme.measure_categories
        ]
        self.fields["cadre"].queryset = cadres
        self.fields["unit"].queryset = units
        self.fields["project"].queryset = projects
