"""The assessment tab of a unit, under the unit's address (included at /assistance/)."""

from django.urls import path

from fupin.assessment import views

urlpatterns = [
    path("units/<int:pk>/assessment/", views.assessment_page, name="assistance-assessment"),
    path(
        "units/<int:pk>/assessment/<int:scheme>/self/",
        views.self_assessment_compute,
        name="assistance-assessment-self",
    ),
    path(
        "units/<int:pk>/assessment/<int:scheme>/final/",
        views.final_grade_record,
        name="assistance-assessment-final",
    ),
]
