from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin

from fupin.accounts.models import User


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    fieldsets = (*BaseUserAdmin.fieldsets, ("fupin", {"fields": ("role", "regions")}))
    list_display = ("username", "role", "is_staff", "is_active")
    list_filter = ("role", "is_staff", "is_active")
    autocomplete_fields = ("regions",)
