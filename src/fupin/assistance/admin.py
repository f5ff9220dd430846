"""Admin of assistance work. Every save leaves a history row (`HistoryAdmin`); ledger entries
are read-only here (corrections are reversing entries, recorded on the ledger page or through
the API); units are saved through the service so that their tree paths stay right."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from stdnum.cn import uscc

from fupin.assistance import services
from fupin.assistance.models import (
    Cadre,
    CadreAward,
    CadreEvaluation,
    CadreReport,
    GroupMember,
    Indicator,
    LeadingGroup,
    LedgerEntry,
    Pairing,
    Plan,
    PlanAmount,
    Pledge,
    Project,
    Responsibility,
    Target,
    Unit,
)
from fupin.core.history import HistoryAdmin
from fupin.core.models import Source


class UnitForm(forms.ModelForm):
    class Meta:
        model = Unit
        fields = ["credit_code", "name", "kind", "parent"]

    def clean_credit_code(self) -> str:
        code = "".join(self.cleaned_data["credit_code"].split()).upper()
        if not uscc.is_valid(code):
            raise forms.ValidationError(_("统一社会信用代码无效"))
        return code

    def clean_parent(self) -> Unit | None:
        parent = self.cleaned_data.get("parent")
        own = self.instance
        if parent is not None and own.pk and parent.path.startswith(own.path):
            raise forms.ValidationError(_("上级单位不能是本单位或其下属单位"))
        return parent


@admin.register(Unit)
class UnitAdmin(admin.ModelAdmin):
    form = UnitForm
    list_display = ("name", "credit_code", "kind", "parent", "path")
    list_filter = ("kind",)
    search_fields = ("name", "credit_code")
    raw_id_fields = ("parent",)

    def get_readonly_fields(self, request: Any, obj: Any = None) -> Any:
        """A unit is known by its credit code: set once, never changed here."""
        return ("credit_code", "path", "version") if obj else ("path", "version")

    def save_model(self, request: Any, obj: Unit, form: Any, change: bool) -> None:
        row = {
            "code": obj.credit_code,
            "name": obj.name,
            "kind": obj.kind,
            "parent_code": obj.parent.credit_code if obj.parent_id else None,
        }
        services.units_save([row], actor=request.user, source=Source.FORM)
        saved = Unit.objects.get(credit_code=obj.credit_code)
        obj.pk, obj.path, obj.version = saved.pk, saved.path, saved.version


@admin.register(Pairing)
class PairingAdmin(HistoryAdmin):
    list_display = ("unit", "region", "kind", "start", "end")
    list_filter = ("kind",)
    search_fields = ("unit__name", "region__code", "region__name")
    raw_id_fields = ("unit", "region")


class GroupMemberInline(admin.TabularInline):
    model = GroupMember
    extra = 0
    raw_id_fields = ("member_unit",)


@admin.register(LeadingGroup)
class LeadingGroupAdmin(HistoryAdmin):
    list_display = ("name", "unit", "region", "established")
    search_fields = ("name",)
    raw_id_fields = ("unit", "region")
    inlines = [GroupMemberInline]


@admin.register(Responsibility)
class ResponsibilityAdmin(HistoryAdmin):
    list_display = ("person", "post", "kind", "region", "unit", "start", "end")
    list_filter = ("kind",)
    search_fields = ("person",)
    raw_id_fields = ("unit", "region")


class CadreReportInline(admin.TabularInline):
    model = CadreReport
    extra = 0


class CadreAwardInline(admin.TabularInline):
    model = CadreAward
    extra = 0


class CadreEvaluationInline(admin.TabularInline):
    model = CadreEvaluation
    extra = 0


@admin.register(Cadre)
class CadreAdmin(HistoryAdmin):
    list_display = ("name", "unit", "region", "role", "start", "end")
    list_filter = ("role",)
    search_fields = ("name", "unit__name")
    raw_id_fields = ("unit", "region")
    inlines = [CadreReportInline, CadreAwardInline, CadreEvaluationInline]


class IndicatorForm(forms.ModelForm):
    class Meta:
        model = Indicator
        fields = ["code", "name", "name_en", "measure", "unit_label", "standard", "owner", "order"]

    def clean_code(self) -> str:
        code = str(self.cleaned_data["code"])
        if code in services.RESERVED_CODES:
            raise forms.ValidationError(_("该代码为保留字，请换一个指标代码"))
        return code


@admin.register(Indicator)
class IndicatorAdmin(HistoryAdmin):
    form = IndicatorForm
    list_display = ("code", "name", "name_en", "measure", "unit_label", "standard", "owner")
    list_filter = ("standard", "measure")
    search_fields = ("code", "name")
    raw_id_fields = ("owner",)


class TargetInline(admin.TabularInline):
    model = Target
    extra = 0


@admin.register(Pledge)
class PledgeAdmin(HistoryAdmin):
    list_display = ("__str__", "unit", "year", "region", "parent", "cadre", "signed_on")
    list_select_related = ("unit", "region", "parent__unit", "cadre")
    list_filter = ("year",)
    search_fields = ("title", "unit__name")
    raw_id_fields = ("unit", "region", "parent", "cadre")
    inlines = [TargetInline]


class PlanAmountInline(admin.TabularInline):
    model = PlanAmount
    extra = 0


@admin.register(Plan)
class PlanAdmin(HistoryAdmin):
    list_display = ("title", "unit", "region", "first_year", "last_year")
    search_fields = ("title", "unit__name")
    raw_id_fields = ("unit", "region")
    inlines = [PlanAmountInline]


@admin.register(Project)
class ProjectAdmin(HistoryAdmin):
    """The status moves forward through `project_advance` only, so it is shown, not edited."""

    list_display = ("code", "name", "kind", "unit", "region", "status", "budget")
    list_filter = ("kind", "status")
    search_fields = ("code", "name")
    raw_id_fields = ("unit", "region", "beneficiaries")
    readonly_fields = (
        "status",
        "approved_on",
        "started_on",
        "completed_on",
        "operating_on",
        "closed_on",
        "version",
    )


@admin.register(LedgerEntry)
class LedgerEntryAdmin(admin.ModelAdmin):
    """Read-only: entries are never edited or deleted."""

    list_display = ("entry_id", "date", "unit", "indicator", "amount", "region", "reverses")
    list_filter = ("indicator",)
    search_fields = ("entry_id", "unit__name", "evidence")
    date_hierarchy = "date"
    list_select_related = ("unit", "indicator", "reverses", "region")
    show_full_result_count = False

    def has_add_permission(self, request: Any) -> bool:
        return False

    def has_change_permission(self, request: Any, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: Any, obj: Any = None) -> bool:
        return False
