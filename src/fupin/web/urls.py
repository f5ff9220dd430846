from django.urls import path

from fupin.web import views

urlpatterns = [
    path("", views.home, name="home"),
    path("regions/<str:code>/", views.region_detail, name="region-detail"),
]
