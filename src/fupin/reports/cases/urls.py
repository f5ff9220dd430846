"""Routes of the reports' cases pages (included by fupin.reports.urls)."""

from __future__ import annotations

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
