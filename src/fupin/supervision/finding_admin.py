"""Admin of findings and rectification. Findings and tasks are read here; only their words
(a finding's text, reference and who found it; a task's requirement and deadline) may be
corrected, with a history row and a new version. Tasks are set, worked, signed off (销号) and
reopened only through the pages, the API and the import, whose services check who acts and
refuse a sign-off without evidence; evidence files come with the task page."""

from __future__ import annotations

from typing import Any

from django.contrib import admin

from fupin.core.history import HistoryAdmin
from fupin.supervision.models import Evidence, Finding, Rectification


class _NoAddOrDelete:
    def has_add_permission(self, request: Any, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: Any, obj: Any = None) -> bool:
        return False


class TaskInline(_NoAddOrDelete, admin.TabularInline):  # type: ignore[type-arg]
    model = Rectification
    fields = ("owner_region", "owner_unit", "requirement", "deadline", "status", "signed_off_on")
    readonly_fields = fields
    extra = 0
    show_change_link = True


class EvidenceInline(_NoAddOrDelete, admin.TabularInline):  # type: ignore[type-arg]
    model = Evidence
    fields = ("name", "note", "uploaded_by", "uploaded_at")
    readonly_fields = fields
    extra = 0


@admin.register(Finding)
class FindingAdmin(_NoAddOrDelete, HistoryAdmin):
    list_display = ("found_on", "source", "found_by", "region", "unit", "category", "year")
    list_filter = ("source", "category", "year")
    search_fields = ("text", "found_by", "reference", "region__code", "region__name")
    date_hierarchy = "found_on"
    fields = (
        "source",
        "found_by",
        "found_on",
        "year",
        "reference",
        "region",
        "unit",
        "category",
        "text",
        "issuer_region",
        "issuer_unit",
        "campaign",
        "household",
        "created_by",
        "created_at",
        "version",
    )
    readonly_fields = (
        "source",
        "found_on",
        "year",
        "region",
        "unit",
        "issuer_region",
        "issuer_unit",
        "campaign",
        "household",
        "created_by",
        "created_at",
        "version",
    )
    inlines = (TaskInline,)


@admin.register(Rectification)
class RectificationAdmin(_NoAddOrDelete, HistoryAdmin):
    list_display = ("finding", "owner_region", "owner_unit", "deadline", "status", "reopened")
    list_filter = ("status",)
    search_fields = ("requirement", "owner_region__code", "owner_unit__name")
    date_hierarchy = "deadline"
    fields = (
        "finding",
        "owner_region",
        "owner_unit",
        "requirement",
        "deadline",
        "measures",
        "status",
        "submitted_on",
        "signed_off_on",
        "signed_off_by",
        "reopened",
        "reopen_reason",
        "created_at",
        "version",
    )
    readonly_fields = tuple(f for f in fields if f not in ("requirement", "deadline"))
    inlines = (EvidenceInline,)
