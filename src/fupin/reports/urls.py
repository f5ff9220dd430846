"""Routes of the reports: work reports, typical cases, facts from texts."""

from __future__ import annotations

from django.urls import include, path

from fupin.reports.annual import urls as annual
from fupin.reports.cases import urls as cases
from fupin.reports.facts import urls as facts

app_name = "reports"

urlpatterns = [
    path("work/", include(annual.urlpatterns)),
    path("cases/", include(cases.urlpatterns)),
    path("facts/", include(facts.urlpatterns)),
]
