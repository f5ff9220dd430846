from typing import Any

from django import forms
from django.contrib import admin

from fupin.core.history import HistoryAdmin
from fupin.core.messages import translated
from fupin.monitoring.feed_definitions import FeedInvalid, feed_validate
from fupin.monitoring.models import Feed, FeedBatch, MonitoringRange
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


class FeedForm(forms.ModelForm):  # type: ignore[type-arg]
    """The admin's form checks a feed definition as `fupin feeds define` does: the columns,
    the rule (each condition by its number), the department and the risk code."""

    class Meta:
        model = Feed
        fields = ("code", "name", "department", "columns", "rule", "risk", "description", "active")

    def clean(self) -> Any:
        data = super().clean()
        if self.errors:
            return data
        try:
            feed_validate({f: data.get(f) for f in self.Meta.fields})
        except FeedInvalid as exc:
            message = translated(exc.detail)
            if exc.field in self.fields:
                raise forms.ValidationError({exc.field: message}) from exc
            raise forms.ValidationError(message) from exc
        return data


@admin.register(Feed)
class FeedAdmin(HistoryAdmin):
    form = FeedForm
    list_display = ("code", "name", "department", "risk", "active", "version")
    list_filter = ("department", "active")
    search_fields = ("code", "name")
    readonly_fields = ("version",)


@admin.register(FeedBatch)
class FeedBatchAdmin(HistoryAdmin):
    """Batches are the record of what a department sent: read here, never changed."""

    fields = (
        "feed",
        "file_name",
        "imported_at",
        "actor",
        "rows",
        "matched",
        "unmatched",
        "flagged",
    )
    list_display = ("pk", *fields)
    list_filter = ("feed",)
    readonly_fields = fields

    def has_add_permission(self, request: Any) -> bool:
        return False

    def has_change_permission(self, request: Any, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: Any, obj: Any = None) -> bool:
        return False
