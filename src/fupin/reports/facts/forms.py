"""Forms of the facts pages: a text to submit (pasted or a file, for one of the user's
units), and one proposal's decision with the user's edits. The services check every value
again."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from fupin.assistance.enums import PairingKind
from fupin.assistance.models import Indicator, Unit

CODE = r"^\d{2,12}$"


class FactTextForm(forms.Form):
    title = forms.CharField(label=_("标题"), max_length=200)
    unit = forms.ModelChoiceField(label=_("所属单位"), queryset=Unit.objects.none())
    text = forms.CharField(
        label=_("粘贴正文"), required=False, widget=forms.Textarea(attrs={"rows": 12})
    )
    upload = forms.FileField(
        label=_("或上传文件（.txt、.docx、.pdf）"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": ".txt,.docx,.pdf"}),
    )

    def __init__(
        self, *args: Any, units: QuerySet[Unit], own: Unit | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["unit"]
        field.queryset = units.order_by("path")  # type: ignore[attr-defined]
        field.initial = own  # the user's own unit first, not one under it

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if not (data.get("text") or "").strip() and not data.get("upload"):
            raise forms.ValidationError(_("请粘贴正文或上传文件。"))
        if (data.get("text") or "").strip() and data.get("upload"):
            raise forms.ValidationError(_("粘贴正文和上传文件只能选一种。"))
        return data


class DecisionForm(forms.Form):
    """Accept (with the row's edits) or reject one proposal."""

    action = forms.ChoiceField(choices=[("accept", _("采纳")), ("reject", _("驳回"))])
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    indicator = forms.ModelChoiceField(
        label=_("指标"),
        queryset=Indicator.objects.none(),
        to_field_name="code",
        required=False,
    )
    amount = forms.DecimalField(label=_("数值"), max_digits=18, decimal_places=2, required=False)
    unit = forms.RegexField(label=_("单位"), regex=r"^\d{1,18}$", required=False)
    region = forms.RegexField(label=_("地区代码"), regex=CODE, required=False)
    date = forms.DateField(
        label=_("日期"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    entry_id = forms.CharField(label=_("台账编号"), max_length=40, required=False)
    pairing_kind = forms.ChoiceField(
        label=_("帮扶类型"), choices=[("", "—"), *PairingKind.choices], required=False
    )
    reason = forms.CharField(label=_("驳回原因"), max_length=300, required=False)

    def __init__(self, *args: Any, indicators: QuerySet[Indicator], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["indicator"].queryset = indicators  # type: ignore[attr-defined]

    def changes(self) -> dict[str, Any]:
        """The edits of an acceptance, as the service takes them."""
        data = self.cleaned_data
        return {
            "indicator": data.get("indicator"),
            "amount": data.get("amount"),
            **({"unit": data["unit"]} if data.get("unit") else {}),
            "region": data.get("region") or None,
            "date": data.get("date"),
            "entry_id": data.get("entry_id") or "",
            "pairing_kind": data.get("pairing_kind") or "",
        }
