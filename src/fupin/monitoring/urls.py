from django.urls import path

from fupin.monitoring import views

urlpatterns = [
    path("ranges/", views.ranges_page, name="monitoring-ranges"),
]
