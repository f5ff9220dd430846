"""Admin of the reports: typical cases, their photos and tags, read only. Cases are written
through the case pages and the API, whose services check who writes, where, and the version;
the admin shows them."""

from __future__ import annotations

from typing import Any

from django.contrib import admin

from fupin.reports.models import CasePhoto, CaseTag, TypicalCase


class _ReadOnly:
    def has_add_permission(self, request: Any, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: Any, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: Any, obj: Any = None) -> bool:
        return False


class PhotoInline(_ReadOnly, admin.TabularInline):  # type: ignore[type-arg]
    model = CasePhoto
    fields = ("order", "name", "caption", "uploaded_by", "uploaded_at")
    readonly_fields = fields
    extra = 0


@admin.register(TypicalCase)
class TypicalCaseAdmin(_ReadOnly, admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ("title", "year", "region", "unit", "version", "updated_at")
    list_filter = ("year", "tags")
    search_fields = ("title", "summary", "text", "region__name", "unit__name", "tags__name")
    list_select_related = ("region", "unit")
    fields = (
        "title", "year", "region", "unit", "summary", "text", "tags", "projects",
        "households", "created_by", "created_at", "updated_at", "version",
    )  # fmt: skip
    readonly_fields = fields
    inlines = [PhotoInline]


@admin.register(CaseTag)
class CaseTagAdmin(_ReadOnly, admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ("name",)
    search_fields = ("name",)
