"""Forms of the assessment page: a unit's self assessment under a scheme (a score per scored
item, deductions) and the final grade the assessing body gave. The services check again."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from fupin.assessment.enums import ItemSource
from fupin.assessment.models import Assessment, Item, Scheme
from fupin.core.messages import translated

DEDUCTION_ROWS = 3  # empty rows offered besides those of the stored assessment
MAX_DEDUCTION_ROWS = 200  # rows read from a submitted form at most
DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class SelfAssessmentForm(forms.Form):
    """`score_<code>` per scored item, `deduction_<n>_points` and `_reason` per row."""

    decided_on = forms.DateField(label=_("评定日期"), required=False, widget=DATE)

    def __init__(
        self, *args: Any, scheme: Scheme, stored: Assessment | None = None, **kwargs: Any
    ) -> None:
        kwargs.setdefault("prefix", f"self-{scheme.pk}")
        super().__init__(*args, **kwargs)
        self.items: list[Item] = list(scheme.items.all())
        self.scored = [i for i in self.items if i.source == ItemSource.SCORED]
        given = {s.item_id: s.points for s in stored.scores.all()} if stored else {}
        for item in self.scored:
            self.fields[f"score_{item.code}"] = forms.DecimalField(
                label=item.name,
                max_digits=7,
                decimal_places=2,
                initial=given.get(item.pk),
                widget=forms.NumberInput(
                    attrs={"min": 0, "max": item.weight, "step": "0.01", "aria-label": item.name}
                ),
            )
        kept = list(stored.deductions.all()) if stored else []
        self.rows = max(len(kept) + DEDUCTION_ROWS, self._rows_sent())
        for n in range(self.rows):
            old = kept[n] if n < len(kept) else None
            self.fields[f"deduction_{n}_points"] = forms.DecimalField(
                label=_("扣分"),
                max_digits=7,
                decimal_places=2,
                required=False,
                initial=old.points if old else None,
                widget=forms.NumberInput(attrs={"step": "0.01", "aria-label": _("扣分")}),
            )
            self.fields[f"deduction_{n}_reason"] = forms.CharField(
                label=_("扣分原因"),
                max_length=300,
                required=False,
                initial=old.reason if old else "",
                widget=forms.TextInput(attrs={"aria-label": _("扣分原因")}),
            )
        if stored and stored.decided_on:
            self.fields["decided_on"].initial = stored.decided_on

    def _rows_sent(self) -> int:
        """As many deduction rows as the submitted form had (a page showing the stored
        deductions plus empty rows sends them all back)."""
        start = f"{self.prefix}-deduction_" if self.prefix else "deduction_"
        heads = [key[len(start) :].split("_", 1)[0] for key in self.data or {}]
        numbers = [
            int(head)
            for key, head in zip(self.data or {}, heads, strict=True)
            if key.startswith(start) and head.isascii() and head.isdigit()
        ]
        return min(max(numbers, default=-1) + 1, MAX_DEDUCTION_ROWS)

    def item_fields(self) -> list[tuple[Item, forms.BoundField | None]]:
        """Every item of the scheme in order, with its score field if it is scored."""
        return [
            (i, self[f"score_{i.code}"] if i.source == ItemSource.SCORED else None)
            for i in self.items
        ]

    def deduction_fields(self) -> list[tuple[forms.BoundField, forms.BoundField]]:
        return [
            (self[f"deduction_{n}_points"], self[f"deduction_{n}_reason"]) for n in range(self.rows)
        ]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for item in self.scored:
            name = f"score_{item.code}"
            value = data.get(name)
            if value is not None and not 0 <= value <= item.weight:
                # the service's own reason, so that form and service say the same
                message = f"{item.name}: the score is between 0 and {item.weight}"
                self.add_error(name, translated(message))
        return data

    def scores(self) -> dict[str, Decimal]:
        return {i.code: self.cleaned_data[f"score_{i.code}"] for i in self.scored}

    def deductions(self) -> list[tuple[Decimal, str]]:
        """Every row with anything in it; whether it is a valid deduction is the service's
        to say (above zero, with a reason)."""
        out = []
        for n in range(self.rows):
            points = self.cleaned_data.get(f"deduction_{n}_points")
            reason = self.cleaned_data.get(f"deduction_{n}_reason") or ""
            if points is not None or reason:
                out.append((points if points is not None else Decimal(0), reason))
        return out


class FinalGradeForm(forms.Form):
    """The grade of the scheme the assessing body gave the unit."""

    grade = forms.ChoiceField(label=_("等次"))
    decided_on = forms.DateField(label=_("评定日期"), required=False, widget=DATE)
    note = forms.CharField(
        label=_("说明"), max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(
        self, *args: Any, scheme: Scheme, stored: Assessment | None = None, **kwargs: Any
    ) -> None:
        kwargs.setdefault("prefix", f"final-{scheme.pk}")
        super().__init__(*args, **kwargs)
        field = self.fields["grade"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [("", "—"), *((g.label, g.label) for g in scheme.grades.all())]
        if stored is not None:
            self.fields["grade"].initial = stored.grade.label if stored.grade else ""
            self.fields["decided_on"].initial = stored.decided_on
            self.fields["note"].initial = stored.note
