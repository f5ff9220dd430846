"""Pages of exit verification under /supervision/."""

from django.urls import path

from fupin.supervision import verification_views as views

urlpatterns = [
    path("campaigns/", views.campaign_list_page, name="campaign-list"),
    path("campaigns/new/", views.campaign_create_page, name="campaign-create"),
    path("campaigns/<int:pk>/", views.campaign_detail_page, name="campaign-detail"),
    path("campaigns/<int:pk>/samples/", views.campaign_samples_page, name="campaign-samples"),
    path("campaigns/counties/<int:pk>/", views.campaign_county_page, name="campaign-county"),
    path("samples/<int:pk>/", views.sample_verdict_page, name="sample-verdict"),
]
