from django.urls import path

from fupin.core import views

urlpatterns = [
    path("", views.job_list_page, name="job-list"),
    path("<int:pk>/", views.job_page, name="job-detail"),
    path("<int:pk>/<str:which>/", views.job_file, name="job-file"),
]
