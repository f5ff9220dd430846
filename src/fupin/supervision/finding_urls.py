"""Pages of findings and rectification: /supervision/findings/… and /supervision/tasks/…"""

from django.urls import URLPattern, path

from fupin.supervision import finding_views as views

urlpatterns: list[URLPattern] = [
    path("findings/", views.finding_list_page, name="finding-list"),
    path("findings/new/", views.finding_new_page, name="finding-new"),
    path("findings/import/", views.finding_import_page, name="finding-import"),
    path("findings/<int:pk>/", views.finding_page, name="finding"),
    path("tasks/<int:pk>/", views.task_page, name="task"),
    path("tasks/<int:pk>/evidence/<int:evidence>", views.evidence_file, name="evidence"),
]
