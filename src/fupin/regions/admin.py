from django.contrib import admin

from fupin.regions.models import Region, RegionYear


@admin.register(Region)
class RegionAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "short_name", "level", "is_western")
    list_filter = ("level", "is_western")
    search_fields = ("code", "name", "short_name")
    raw_id_fields = ("parent",)
    show_full_result_count = False


@admin.register(RegionYear)
class RegionYearAdmin(admin.ModelAdmin):
    list_display = (
        "region",
        "year",
        "rural_population",
        "poor_county",
        "poor_village",
        "exit_year",
    )
    list_filter = ("year", "poor_county", "poor_village")
    raw_id_fields = ("region",)
