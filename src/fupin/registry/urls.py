from django.urls import path

from fupin.registry import views

urlpatterns = [
    path("", views.household_list_page, name="household-list"),
    path("export/", views.household_export, name="household-export"),
    path("import/", views.household_import_page, name="household-import"),
    path("evaluate/", views.evaluation_page, name="evaluation"),
    path("new/", views.household_create_page, name="household-create"),
    path("<str:number>/", views.household_detail_page, name="household-detail"),
    path("<str:number>/edit/", views.household_edit_page, name="household-edit"),
    path("<str:number>/surveys/<int:year>/", views.survey_edit_page, name="survey-edit"),
]
