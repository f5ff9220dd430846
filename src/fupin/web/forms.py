"""Form fields the pages share."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from fupin.core.jobs import UPLOAD_SUFFIXES


class SpreadsheetField(forms.FileField):
    """An uploaded xlsx or csv file (the kinds the imports read), refused by its name's
    suffix before it is kept."""

    def clean(self, data: Any, initial: Any = None) -> Any:
        upload = super().clean(data, initial)
        if upload:
            name = str(upload.name)
            suffix = "." + name.rsplit(".", 1)[-1].lower() if "." in name else ""
            if suffix not in UPLOAD_SUFFIXES:
                raise forms.ValidationError(_("请上传 xlsx 或 csv 文件"))
        return upload
