"""The assessment tab of a unit, under the unit's address, and the responsibility assessment
of a province's departments and prefectures (included at /assistance/)."""

from django.urls import path

from fupin.assessment import responsibility_views as responsibility
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
    path("responsibility/", responsibility.responsibility_list, name="responsibility-list"),
    path(
        "responsibility/regions/<str:code>/",
        responsibility.prefecture_page,
        name="responsibility-region",
    ),
    path(
        "responsibility/regions/<str:code>/<int:scheme>/<str:stage>/",
        responsibility.prefecture_compute,
        name="responsibility-region-compute",
    ),
    path(
        "responsibility/regions/<str:code>/<int:scheme>/record/grade/",
        responsibility.prefecture_record,
        name="responsibility-region-record",
    ),
    path(
        "responsibility/departments/<int:pk>/",
        responsibility.department_page,
        name="responsibility-department",
    ),
    path(
        "responsibility/departments/<int:pk>/<int:scheme>/<str:stage>/",
        responsibility.department_compute,
        name="responsibility-department-compute",
    ),
    path(
        "responsibility/departments/<int:pk>/<int:scheme>/record/grade/",
        responsibility.department_record,
        name="responsibility-department-record",
    ),
]
