from django.contrib import admin

from fupin.registry.models import Household, Member, Survey


class MemberInline(admin.TabularInline):
    model = Member
    extra = 0
    fields = ("name", "id_number", "relation", "sex", "birth_date", "health", "labour_skill")


class SurveyInline(admin.TabularInline):
    model = Survey
    extra = 0


@admin.register(Household)
class HouseholdAdmin(admin.ModelAdmin):
    list_display = ("number", "village", "attribute", "main_cause", "registered_year", "exit_year")
    list_filter = ("attribute", "main_cause", "registered_year")
    search_fields = ("number",)
    raw_id_fields = ("village",)
    inlines = [MemberInline, SurveyInline]
    show_full_result_count = False
