from django.urls import path

from fupin.monitoring import case_views, dashboard_views, feed_views, views

urlpatterns = [
    path("ranges/", views.ranges_page, name="monitoring-ranges"),
    path("cases/", case_views.case_list_page, name="monitoring-cases"),
    path("cases/new/", case_views.case_report_page, name="monitoring-case-new"),
    path("cases/<int:pk>/", case_views.case_page, name="monitoring-case"),
    path(
        "cases/<int:pk>/steps/<int:step>/attachment",
        case_views.step_attachment,
        name="monitoring-step-attachment",
    ),
    path("", dashboard_views.dashboard_page, name="monitoring-dashboard"),
    path("warnings/", dashboard_views.warnings_page, name="monitoring-warnings"),
    path("warnings/export/", dashboard_views.warnings_export, name="monitoring-warnings-export"),
    path("mine/", dashboard_views.mine_page, name="monitoring-mine"),
    path("feeds/", feed_views.feeds_page, name="monitoring-feeds"),
    path("feeds/sync/", feed_views.feeds_sync_view, name="monitoring-feeds-sync"),
    path("feeds/batches/<int:pk>/", feed_views.feed_batch_page, name="monitoring-feed-batch"),
    path(
        "feeds/rows/<int:pk>/dismiss/",
        feed_views.feed_row_dismiss_view,
        name="monitoring-feed-row-dismiss",
    ),
]
