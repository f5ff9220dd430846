from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from fupin.web.forms import SpreadsheetField


class RangesUploadForm(forms.Form):
    file = SpreadsheetField(label=_("文件（xlsx 或 csv）"))
