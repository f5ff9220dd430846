"""Admin of exit verification. Institutions are edited here (with history); campaigns, their
counties, samples and verdicts are read here and changed only through the pages, the API and
the command line, whose services check the rules (an institution never of the county's own
province, a fixed sample once verdicts exist, verdict versions)."""

from __future__ import annotations

from typing import Any

from django.contrib import admin

from fupin.core.history import HistoryAdmin
from fupin.supervision.models import Campaign, CampaignCounty, Institution, SampleHousehold, Verdict


@admin.register(Institution)
class InstitutionAdmin(HistoryAdmin):
    list_display = ("name", "province", "credit_code", "contact")
    search_fields = ("name",)
    raw_id_fields = ("province",)


class ReadOnly(admin.ModelAdmin):  # type: ignore[type-arg]
    def has_add_permission(self, request: Any, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: Any, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: Any, obj: Any = None) -> bool:
        return False


class CampaignCountyInline(admin.TabularInline):  # type: ignore[type-arg]
    model = CampaignCounty
    fields = ("county", "rural_population", "remaining_registered", "exited", "may_exit", "failing")
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request: Any, obj: Any = None) -> bool:
        return False


@admin.register(Campaign)
class CampaignAdmin(ReadOnly):
    list_display = ("year", "name", "kind", "institution", "status", "seed")
    list_filter = ("year", "kind", "status")
    search_fields = ("name",)
    inlines = (CampaignCountyInline,)


@admin.register(SampleHousehold)
class SampleHouseholdAdmin(ReadOnly):
    list_display = ("household", "stratum", "members", "campaign_county", "evaluator")
    list_filter = ("stratum",)
    list_select_related = ("household", "campaign_county__campaign", "evaluator")
    search_fields = ("household__number",)
    raw_id_fields = ("household",)


@admin.register(Verdict)
class VerdictAdmin(ReadOnly):
    list_display = ("sample", "visited_on", "wrongly_exited", "omitted", "approval", "evaluator")
    list_filter = ("wrongly_exited", "omitted", "approval")
    list_select_related = ("sample__household", "evaluator")
