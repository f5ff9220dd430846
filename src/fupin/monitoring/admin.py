from typing import Any

from django import forms
from django.contrib import admin

from fupin.core.history import HistoryAdmin
from fupin.core.messages import translated
from fupin.monitoring.models import MonitoringRange
from fupin.monitoring.services import range_year_checked


class MonitoringRangeForm(forms.ModelForm):  # type: ignore[type-arg]
    """The admin's form checks the year as the import and the page do."""

    class Meta:
        model = MonitoringRange
        fields = ("region", "year", "amount", "basis", "source", "confidence")

    def clean_year(self) -> Any:
        year = self.cleaned_data["year"]
        try:
            return range_year_checked(year)
        except ValueError as exc:
            raise forms.ValidationError(translated(str(exc))) from exc


@admin.register(MonitoringRange)
class MonitoringRangeAdmin(HistoryAdmin):
    form = MonitoringRangeForm
    list_display = ("region", "year", "amount", "confidence", "source")
    list_filter = ("year", "confidence")
    search_fields = ("region__code", "region__name")
    raw_id_fields = ("region",)
