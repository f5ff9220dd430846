"""Pages of the verification workbook under /supervision/: its download and its upload."""

from django.urls import path

from fupin.supervision import verification_import_views as views

urlpatterns = [
    path("campaigns/<int:pk>/workbook/", views.workbook_export_page, name="verification-export"),
    path(
        "campaigns/<int:pk>/workbook/import/",
        views.workbook_import_page,
        name="verification-import",
    ),
]
