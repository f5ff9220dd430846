from __future__ import annotations

from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from fupin.monitoring.enums import Confidence
from fupin.web.forms import SpreadsheetField


class RangesUploadForm(forms.Form):
    file = SpreadsheetField(label=_("文件（xlsx 或 csv）"))


class RangeForm(forms.Form):
    """One region's range of a year, set on the page (checked by the service as an imported
    row is)."""

    code = forms.CharField(label=_("行政区划代码"), max_length=12)
    year = forms.IntegerField(label=_("年度"), min_value=2021, max_value=2100)
    amount = forms.DecimalField(
        label=_("监测范围（元/人·年）"), min_value=Decimal("0.01"), max_digits=12, decimal_places=2
    )
    basis = forms.CharField(label=_("依据"), max_length=300, required=False)
    source = forms.CharField(label=_("来源"), max_length=300, required=False)
    confidence = forms.ChoiceField(
        label=_("可信度"), choices=Confidence.choices, initial=Confidence.CONFIRMED
    )
