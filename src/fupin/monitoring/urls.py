from django.urls import path

from fupin.monitoring import dashboard_views, views

urlpatterns = [
    path("ranges/", views.ranges_page, name="monitoring-ranges"),
    path("", dashboard_views.dashboard_page, name="monitoring-dashboard"),
    path("warnings/", dashboard_views.warnings_page, name="monitoring-warnings"),
    path("warnings/export/", dashboard_views.warnings_export, name="monitoring-warnings-export"),
    path("mine/", dashboard_views.mine_page, name="monitoring-mine"),
]
