from django.urls import path

from fupin.assistance import views

urlpatterns = [
    path("", views.unit_list_page, name="assistance-units"),
    path("units/<int:pk>/", views.unit_page, name="assistance-unit"),
    path("units/<int:pk>/ledger/", views.ledger_page, name="assistance-ledger"),
    path(
        "units/<int:pk>/ledger/<int:entry>/reverse/",
        views.ledger_reverse,
        name="assistance-ledger-reverse",
    ),
    path("units/<int:pk>/ledger.xlsx", views.ledger_export, name="assistance-ledger-export"),
    path("units/<int:pk>/targets.xlsx", views.targets_export, name="assistance-targets-export"),
    path("units/<int:pk>/cadres/", views.cadre_list_page, name="assistance-cadres"),
    path("units/<int:pk>/projects/", views.project_list_page, name="assistance-projects"),
    path("units/<int:pk>/projects/<int:project>/", views.project_page, name="assistance-project"),
    path("units/<int:pk>/cadres/<int:cadre>/", views.cadre_page, name="assistance-cadre"),
    path(
        "units/<int:pk>/cadres/<int:cadre>/reports/<int:report>/attachment",
        views.cadre_attachment,
        name="assistance-cadre-attachment",
    ),
    path("units/<int:pk>/targets/", views.targets_page, name="assistance-targets"),
    path("units/<int:pk>/groups/", views.groups_page, name="assistance-groups"),
    path("units/<int:pk>/setup/", views.unit_setup_page, name="assistance-unit-setup"),
    path("import/", views.import_page, name="assistance-import"),
]
