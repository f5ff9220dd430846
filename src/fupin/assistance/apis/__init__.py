"""/api/units/, /api/pairings/, /api/indicators/, /api/pledges/, /api/ledger/, /api/cadres/,
/api/projects/, /api/leading-groups/, /api/responsibilities/, /api/plans/: assistance work
within the caller's scope (access.py). The writes are those of the pages, through the same
services: a unit user changes the work of their units and the units under them, regional users
read, administrators pair units with regions."""

from fupin.assistance.apis.cadres import CadreViewSet
from fupin.assistance.apis.groups import LeadingGroupViewSet, ResponsibilityViewSet
from fupin.assistance.apis.ledger import LedgerViewSet
from fupin.assistance.apis.plans import PlanViewSet
from fupin.assistance.apis.pledges import PledgeViewSet
from fupin.assistance.apis.projects import ProjectViewSet
from fupin.assistance.apis.units import IndicatorViewSet, PairingViewSet, UnitViewSet

__all__ = [
    "CadreViewSet",
    "IndicatorViewSet",
    "LeadingGroupViewSet",
    "LedgerViewSet",
    "PairingViewSet",
    "PlanViewSet",
    "PledgeViewSet",
    "ProjectViewSet",
    "ResponsibilityViewSet",
    "UnitViewSet",
]
