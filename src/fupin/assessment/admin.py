"""Admin of assessments: schemes with their items and grades (changes leave history rows);
assessments with their scores and deductions, read-only (they are computed or recorded by
the assessment services, which keep totals and grades consistent)."""

from typing import Any

from django.contrib import admin

from fupin.assessment.models import Assessment, Deduction, Grade, Item, Scheme, Score
from fupin.core.history import HistoryAdmin


class ItemInline(admin.TabularInline):
    model = Item
    extra = 0
    raw_id_fields = ("indicator",)


class GradeInline(admin.TabularInline):
    model = Grade
    extra = 0


@admin.register(Scheme)
class SchemeAdmin(HistoryAdmin):
    list_display = ("year", "name", "subject", "region", "source")
    list_filter = ("year", "subject")
    search_fields = ("name",)
    raw_id_fields = ("region",)
    inlines = [ItemInline, GradeInline]


class ScoreInline(admin.TabularInline):
    model = Score
    extra = 0


class DeductionInline(admin.TabularInline):
    model = Deduction
    extra = 0


@admin.register(Assessment)
class AssessmentAdmin(admin.ModelAdmin):
    list_display = ("unit", "region", "scheme", "stage", "total", "grade", "decided_on")
    list_filter = ("stage", "scheme__year", "scheme__subject")
    search_fields = ("unit__name", "region__name")
    raw_id_fields = ("unit", "region", "assessor")
    list_select_related = ("unit", "region", "scheme", "grade")
    inlines = [ScoreInline, DeductionInline]

    def has_add_permission(self, request: Any) -> bool:
        return False

    def has_change_permission(self, request: Any, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: Any, obj: Any = None) -> bool:
        return False
