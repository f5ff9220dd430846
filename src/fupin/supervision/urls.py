"""Pages of supervision: /supervision/findings/… (findings and rectification) and
/supervision/campaigns/… (exit verification)."""

from django.urls import include, path

app_name = "supervision"

urlpatterns = [
    path("", include("fupin.supervision.finding_urls")),
    path("", include("fupin.supervision.verification_urls")),
    path("", include("fupin.supervision.verification_import_urls")),
]
