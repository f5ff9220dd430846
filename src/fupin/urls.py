from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

urlpatterns = [
    path("accounts/login/", auth_views.LoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    # namespaced: the API's route names (household-list, job-detail, …) are also the pages'
    path("api/", include(("fupin.api.urls", "api"))),
    path("households/", include("fupin.registry.urls")),
    path("assistance/", include("fupin.assistance.urls")),
    path("assistance/", include("fupin.assessment.urls")),
    path("jobs/", include("fupin.core.urls")),
    path("monitoring/", include("fupin.monitoring.urls")),
    path("supervision/", include("fupin.supervision.urls")),
    path("reports/", include("fupin.reports.urls")),
    path("", include("fupin.web.urls")),
]

handler403 = "fupin.web.errors.forbidden"
handler404 = "fupin.web.errors.not_found"
handler500 = "fupin.web.errors.server_error"
