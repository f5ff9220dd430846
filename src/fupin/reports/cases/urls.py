"""Routes of the reports' cases pages (included by fupin.reports.urls): /reports/cases/…"""

from __future__ import annotations

from django.urls import URLPattern, path

from fupin.reports.cases import views

urlpatterns: list[URLPattern] = [
    path("", views.case_list_page, name="case-list"),
    path("new/", views.case_new_page, name="case-new"),
    path("<int:pk>/", views.case_page, name="case-detail"),
    path("<int:pk>/edit/", views.case_edit_page, name="case-edit"),
    path("<int:pk>/delete/", views.case_delete_page, name="case-delete"),
    path("<int:pk>/photos/<int:photo>", views.case_photo_file, name="case-photo"),
]
