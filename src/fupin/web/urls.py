from django.urls import path

from fupin.web import views

urlpatterns = [
    path("", views.home, name="home"),
    path("map.json", views.home_map, name="home-map"),
    path("regions/<str:code>/", views.region_detail, name="region-detail"),
    path("regions/<str:code>/map.json", views.region_map, name="region-map"),
]
