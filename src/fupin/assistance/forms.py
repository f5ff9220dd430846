"""Forms of the assistance pages: a unit's year, recording a ledger entry, reversing one."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from fupin.assistance.enums import Measure
from fupin.assistance.models import Indicator, Unit
from fupin.assistance.selectors import indicators_for
from fupin.core.errors import FupinError
from fupin.regions.selectors import region_get


def _not_future(date: dt.date) -> dt.date:
    """A delivery (or its correction) is recorded when it has happened."""
    if date > timezone.localdate():
        raise forms.ValidationError(_("日期不能晚于今天"))
    return date


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
    region = forms.RegexField(
        label=_("地区代码（可选）"),
        regex=r"^\d{2,12}$",
        required=False,
        error_messages={"invalid": _("请输入 2 至 12 位数字的区划代码")},
    )
    evidence = forms.CharField(label=_("凭证"), max_length=300, required=False)
    note = forms.CharField(label=_("说明"), max_length=300, required=False)

    def __init__(self, *args: Any, unit: Unit, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["indicator"].queryset = indicators_for(unit)

    def clean_region(self) -> str | None:
        code = self.cleaned_data.get("region") or ""
        if not code:
            return None
        try:
            return region_get(code=code).code
        except FupinError:  # not a code (3 digits), or no such region
            raise forms.ValidationError(_("区划代码不存在")) from None

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
    """Reverse an entry on a date (on or after the entry's own)."""

    date = forms.DateField(
        label=_("冲销日期"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    note = forms.CharField(label=_("说明"), max_length=300, required=False)

    def __init__(self, *args: Any, not_before: dt.date | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.not_before = not_before

    def clean_date(self) -> dt.date:
        date = _not_future(self.cleaned_data["date"])
        if self.not_before is not None and date < self.not_before:
            raise forms.ValidationError(
                _("冲销日期不能早于原记录日期 %(date)s") % {"date": self.not_before.isoformat()}
            )
        return date
