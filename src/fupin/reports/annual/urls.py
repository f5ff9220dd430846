"""Routes of the reports' annual pages (included by fupin.reports.urls)."""

from __future__ import annotations

from django.urls import path

from fupin.reports.annual import views

urlpatterns = [
    path("", views.work_page, name="work"),
]
