from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView
from rest_framework.routers import DefaultRouter

from fupin.api.jobs import JobViewSet
from fupin.assistance.apis import (
    CadreViewSet,
    IndicatorViewSet,
    LeadingGroupViewSet,
    LedgerViewSet,
    PairingViewSet,
    PlanViewSet,
    PledgeViewSet,
    ProjectViewSet,
    ResponsibilityViewSet,
    UnitViewSet,
)
from fupin.monitoring.apis import CaseViewSet
from fupin.regions.apis import RegionViewSet
from fupin.registry.apis import (
    HouseholdViewSet,
    MemberViewSet,
    RegionResultViewSet,
    ResultViewSet,
)
from fupin.reports.annual.apis import WorkReportViewSet
from fupin.reports.cases.apis import TypicalCaseViewSet
from fupin.reports.facts.apis import FactTextViewSet
from fupin.supervision.finding_apis import FindingViewSet
from fupin.supervision.verification_apis import CampaignViewSet, SampleViewSet

router = DefaultRouter()
router.register("regions", RegionViewSet, basename="region")
router.register("households", HouseholdViewSet, basename="household")
router.register("members", MemberViewSet, basename="member")
router.register("results", ResultViewSet, basename="result")
router.register("region-results", RegionResultViewSet, basename="region-result")
router.register("jobs", JobViewSet, basename="job")
router.register("units", UnitViewSet, basename="unit")
router.register("pairings", PairingViewSet, basename="pairing")
router.register("indicators", IndicatorViewSet, basename="indicator")
router.register("pledges", PledgeViewSet, basename="pledge")
router.register("ledger", LedgerViewSet, basename="ledger-entry")
router.register("cadres", CadreViewSet, basename="cadre")
router.register("projects", ProjectViewSet, basename="project")
router.register("leading-groups", LeadingGroupViewSet, basename="leading-group")
router.register("responsibilities", ResponsibilityViewSet, basename="responsibility")
router.register("plans", PlanViewSet, basename="plan")
router.register("monitoring/cases", CaseViewSet, basename="monitoring-case")
router.register("supervision/findings", FindingViewSet, basename="supervision-finding")
router.register("verification/campaigns", CampaignViewSet, basename="verification-campaign")
router.register("verification/samples", SampleViewSet, basename="verification-sample")
router.register("reports/facts", FactTextViewSet, basename="fact-text")
router.register("reports/cases", TypicalCaseViewSet, basename="report-case")
router.register("reports/work", WorkReportViewSet, basename="work-report")

urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("", include(router.urls)),
]
