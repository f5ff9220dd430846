"""Forms of the registry pages."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from fupin.policy.regimes import regime_years
from fupin.registry import layout
from fupin.registry.editing import HOUSEHOLD_KEYS, MEMBER_KEYS
from fupin.registry.enums import Attribute, Cause, Status
from fupin.registry.models import Household, Member
from fupin.registry.selectors import HouseholdFilters
from fupin.web.forms import SpreadsheetField


def _flag(value: str) -> bool | None:
    return {"true": True, "false": False}.get(value)


class HouseholdFilterForm(forms.Form):
    """The household list's filters; a value that does not validate is ignored."""

    q = forms.CharField(label=_("户编号或姓名"), required=False, max_length=40)
    region = forms.RegexField(label=_("区划代码"), regex=r"^\d{2,12}$", required=False)
    year = forms.IntegerField(label=_("年度"), required=False, min_value=1949, max_value=2100)
    status = forms.ChoiceField(
        label=_("状态"), choices=[("", _("全部")), *Status.choices], required=False
    )
    attribute = forms.ChoiceField(
        label=_("贫困户属性"), choices=[("", _("全部")), *Attribute.choices], required=False
    )
    cause = forms.ChoiceField(
        label=_("主要致贫原因"), choices=[("", _("全部")), *Cause.choices], required=False
    )

    def filters(self, default_year: int | None) -> HouseholdFilters:
        if self.is_bound:
            self.is_valid()  # keeps the fields that validate in cleaned_data
        data = getattr(self, "cleaned_data", {})
        return HouseholdFilters(
            region=data.get("region") or "",
            status=data.get("status") or "",
            cause=data.get("cause") or "",
            attribute=data.get("attribute") or "",
            q=(data.get("q") or "").strip(),
            year=data.get("year") or default_year,
        )


GUARANTEE_CHOICES = [("", _("未填")), ("true", _("是")), ("false", _("否"))]


def _guarantee(label: object) -> forms.TypedChoiceField:
    """是 / 否 / not given, as True / False / None."""
    return forms.TypedChoiceField(
        label=label, choices=GUARANTEE_CHOICES, coerce=_flag, required=False, empty_value=None
    )


class SurveyForm(forms.Form):
    """A household's survey of one year; `version` is the household's version when the page
    was opened (optimistic locking)."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    wage_income = forms.DecimalField(label=_("工资性收入"), max_digits=14, decimal_places=2)
    business_income = forms.DecimalField(label=_("生产经营性收入"), max_digits=14, decimal_places=2)
    property_income = forms.DecimalField(label=_("财产性收入"), max_digits=14, decimal_places=2)
    transfer_income = forms.DecimalField(label=_("转移性收入"), max_digits=14, decimal_places=2)
    business_expense = forms.DecimalField(
        label=_("生产经营性支出"), max_digits=14, decimal_places=2, min_value=0
    )
    food_clothing_ok = _guarantee(_("吃穿不愁"))
    education_ok = _guarantee(_("义务教育有保障"))
    medical_ok = _guarantee(_("基本医疗有保障"))
    housing_ok = _guarantee(_("住房安全有保障"))
    water_ok = _guarantee(_("饮水安全有保障"))
    # blank is 0, as in an imported file
    claim_income = forms.DecimalField(
        label=_("理赔收入"), max_digits=14, decimal_places=2, min_value=0, required=False
    )
    compliant_expense = forms.DecimalField(
        label=_("合规自付支出"), max_digits=14, decimal_places=2, min_value=0, required=False
    )
    disaster = _guarantee(_("遭受自然灾害"))
    accident = _guarantee(_("发生意外事故"))

    def survey_values(self) -> dict[str, object]:
        values = {k: v for k, v in self.cleaned_data.items() if k != "version"}
        for key in ("claim_income", "compliant_expense"):
            if values.get(key) is None:
                values[key] = Decimal("0.00")
        return values


class ImportForm(forms.Form):
    file = SpreadsheetField(label=_("文件（xlsx 或 csv，每行一名成员）"))
    year = forms.IntegerField(
        label=_("默认年度（无年度列时）"), required=False, min_value=1949, max_value=2100
    )
    mode = forms.ChoiceField(
        label=_("方式"),
        choices=[
            ("strict", _("严格：有错误则全部不写入")),
            ("skip-invalid", _("跳过有错误的户")),
        ],
    )


class EvaluationForm(forms.Form):
    """The year to evaluate: any year a regime has its line or monitoring range for, up to the
    present, the latest first."""

    year = forms.TypedChoiceField(label=_("年度"), coerce=int)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        present = timezone.localdate().year
        years = [y for y in reversed(regime_years()) if y <= present]
        self.fields["year"].choices = [(y, str(y)) for y in years]
        self.fields["year"].initial = years[0] if years else None


def _layout_field(key: str, model: Any) -> forms.Field:
    """A form field for a layout column: a text box, a choice of the enum's labels, 是/否, or
    check boxes for a list. Every value is checked by the import's validation, so the
    fields themselves accept anything."""
    f = layout.BY_KEY[key]
    label = model._meta.get_field("village" if key == "village_code" else key).verbose_name
    if f.kind == "flag":
        return forms.ChoiceField(label=label, choices=GUARANTEE_CHOICES, required=False)
    if f.kind == "choice":
        return forms.ChoiceField(label=label, choices=[("", "—"), *f.enum.choices], required=False)
    if f.kind == "choices":
        return forms.MultipleChoiceField(
            label=label,
            choices=f.enum.choices,
            required=False,
            widget=forms.CheckboxSelectMultiple,
        )
    return forms.CharField(label=label, required=False, max_length=200)


def form_initial(value: Any) -> Any:
    """A stored value as the form shows it."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return value


class HouseholdForm(forms.Form):
    """A household's own fields; `version` is the household's version when the page was
    opened (optimistic locking), empty when it is being created."""

    number = forms.CharField(label=_("户编号"), max_length=40, required=False)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, creating: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for key in HOUSEHOLD_KEYS:
            self.fields[key] = _layout_field(key, Household)
        if not creating:
            del self.fields["number"]

    def values(self) -> dict[str, Any]:
        return {k: self.cleaned_data.get(k) for k in HOUSEHOLD_KEYS}


class MemberForm(forms.Form):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for key in MEMBER_KEYS:
            self.fields[key] = _layout_field(key, Member)

    def values(self) -> dict[str, Any] | None:
        """The member's values; None for an empty or removed row."""
        data = getattr(self, "cleaned_data", {})
        if not data or data.get("DELETE"):
            return None
        values = {k: data.get(k) for k in MEMBER_KEYS}
        return values if any(v not in (None, "", []) for v in values.values()) else None


MemberFormSet = forms.formset_factory(MemberForm, extra=1, can_delete=True, max_num=60)
