"""Routes of the reports' facts pages (included by fupin.reports.urls)."""

from __future__ import annotations

from django.urls import URLPattern, path

from fupin.reports.facts import views

urlpatterns: list[URLPattern] = [
    path("", views.fact_list_page, name="fact-list"),
    path("new/", views.fact_new_page, name="fact-new"),
    path("<int:pk>/", views.fact_text_page, name="fact-text"),
    path("<int:pk>/proposals/<int:proposal>/", views.fact_decide, name="fact-decide"),
]
