"""Routes of the reports: work reports, typical cases, facts from texts."""

from __future__ import annotations

from django.urls import path  # noqa: F401

app_name = "reports"

urlpatterns: list = []
