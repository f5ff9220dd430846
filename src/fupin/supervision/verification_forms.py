"""Forms of the verification pages; the services check every value again."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from fupin.accounts.enums import Role
from fupin.accounts.models import User
from fupin.policy.verification import list_presets
from fupin.regions.models import Region
from fupin.supervision.enums import Approval, CampaignKind
from fupin.supervision.models import Institution

YES_NO = [("", _("未填")), ("yes", _("是")), ("no", _("否"))]
DERIVED = [("", _("按核实情况判定")), ("yes", _("是")), ("no", _("否"))]


def _flag(value: str) -> bool | None:
    return {"yes": True, "no": False}.get(value)


def _date(label: Any, **kwargs: Any) -> forms.DateField:
    widget = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    return forms.DateField(label=label, widget=widget, **kwargs)


class CampaignForm(forms.Form):
    name = forms.CharField(label=_("名称"), max_length=200)
    kind = forms.ChoiceField(label=_("类型"), choices=CampaignKind.choices)
    year = forms.IntegerField(label=_("年度"), min_value=2014, max_value=2100)
    institution = forms.ModelChoiceField(
        label=_("评估机构"), queryset=Institution.objects.all(), required=False
    )
    counties = forms.CharField(
        label=_("县（区划代码，逗号或空格分隔）"), widget=forms.Textarea(attrs={"rows": 2})
    )
    evaluators = forms.ModelMultipleChoiceField(
        label=_("评估人员"),
        queryset=User.objects.filter(role=Role.EVALUATOR, is_active=True).order_by("username"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    preset = forms.ChoiceField(label=_("抽样方案"))
    starts_on = _date(_("开始日期"), required=False)
    ends_on = _date(_("结束日期"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["preset"].choices = [(p, p) for p in list_presets()]
        self.fields["preset"].initial = "national-2017"

    def clean_counties(self) -> list[Region]:
        codes = [c for c in self.cleaned_data["counties"].replace(",", " ").split() if c]
        found = {r.code: r for r in Region.objects.filter(code__in=codes)}
        missing = [c for c in codes if c not in found]
        if missing:
            raise forms.ValidationError(_("没有区划代码 %(code)s") % {"code": missing[0]})
        return [found[c] for c in codes]


class SampleForm(forms.Form):
    seed = forms.IntegerField(label=_("随机种子"), min_value=0, max_value=2**62)


class VerdictForm(forms.Form):
    """A verdict on one household, with the version it was filled against."""

    income_found = forms.DecimalField(
        label=_("核实人均纯收入（元）"),
        min_value=0,
        max_digits=14,
        decimal_places=2,
        required=False,
        widget=forms.NumberInput(attrs={"inputmode": "decimal", "step": "0.01"}),
    )
    food_clothing_ok = forms.ChoiceField(label=_("吃穿不愁"), choices=YES_NO, required=False)
    education_ok = forms.ChoiceField(label=_("义务教育有保障"), choices=YES_NO, required=False)
    medical_ok = forms.ChoiceField(label=_("基本医疗有保障"), choices=YES_NO, required=False)
    housing_ok = forms.ChoiceField(label=_("住房安全有保障"), choices=YES_NO, required=False)
    water_ok = forms.ChoiceField(label=_("饮水安全有保障"), choices=YES_NO, required=False)
    wrongly_exited = forms.ChoiceField(label=_("错退"), choices=DERIVED, required=False)
    omitted = forms.ChoiceField(label=_("漏评"), choices=DERIVED, required=False)
    approval = forms.ChoiceField(
        label=_("群众认可度"), choices=[("", _("未答")), *Approval.choices], required=False
    )
    visited_on = _date(_("入户日期"))
    note = forms.CharField(
        label=_("说明"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)

    FLAGS = ("food_clothing_ok", "education_ok", "medical_ok", "housing_ok", "water_ok")

    def __init__(self, *args: Any, stratum: str = "", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if stratum != "exited":
            del self.fields["wrongly_exited"]
        if stratum != "non_registered":
            del self.fields["omitted"]
        self.fields["visited_on"].initial = timezone.localdate()

    @classmethod
    def initial_from(cls, values: dict[str, Any], version: int) -> dict[str, Any]:
        initial: dict[str, Any] = {"version": version}
        for key, value in values.items():
            if isinstance(value, bool):
                initial[key] = "yes" if value else "no"
            else:
                initial[key] = value
        if values:
            # an evaluator's flag is shown as stated; the page cannot tell it from a derived one
            for key in ("wrongly_exited", "omitted"):
                initial[key] = "yes" if values.get(key) else ""
        return initial

    def values(self) -> dict[str, Any]:
        data = self.cleaned_data
        values: dict[str, Any] = {
            "income_found": data.get("income_found"),
            "approval": data.get("approval") or "",
            "visited_on": data["visited_on"],
            "note": data.get("note") or "",
        }
        for key in self.FLAGS:
            values[key] = _flag(data.get(key) or "")
        for key in ("wrongly_exited", "omitted"):
            if key in self.fields:
                values[key] = _flag(data.get(key) or "")
        return values


class DecideForm(forms.Form):
    decided_on = _date(_("认定日期"), initial=dt.date.today)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["decided_on"].initial = timezone.localdate()
