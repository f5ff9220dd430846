from django.contrib import admin

from fupin.core.history import HistoryAdmin
from fupin.monitoring.models import MonitoringRange


@admin.register(MonitoringRange)
class MonitoringRangeAdmin(HistoryAdmin):
    list_display = ("region", "year", "amount", "confidence", "source")
    list_filter = ("year", "confidence")
    search_fields = ("region__code", "region__name")
    raw_id_fields = ("region",)
