"""A small county for the verification tests, built with the ORM: 罗田县 (421123) with six
villages (three poor), households of each stratum with their 2019 results, the county's
rural population, an institution of another province and two evaluators."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.utils import timezone

from fupin.accounts.enums import Role
from fupin.accounts.models import User
from fupin.regions.models import Region, RegionYear
from fupin.registry.models import Household, HouseholdResult
from fupin.supervision import verification
from fupin.supervision.enums import CampaignKind
from fupin.supervision.models import Campaign, Institution

COUNTY = "421123"  # 罗田县, 湖北 (not western: incidence < 2 %)
YEAR = 2019
RURAL = 10_000  # rural population of the county in the test


@dataclass
class World:
    county: Region
    villages: list[Region]
    institution: Institution
    evaluators: list[User]
    admin: User
    office: User  # the county's office


def _household(number: str, village: str, stratum: str, members: int, income: int) -> Household:
    registered = None if stratum == "non_registered" else 2014
    exit_year = 2018 if stratum == "exited" else None
    household = Household.objects.create(
        number=number, village_id=village, registered_year=registered, exit_year=exit_year
    )
    status = {"exited": "exited", "registered": "poor", "non_registered": "not_poor"}[stratum]
    HouseholdResult.objects.create(
        household=household,
        village_id=village,
        year=YEAR,
        regime="cn-2014",
        members=members,
        per_capita_income=Decimal(income),
        poverty_line=Decimal("3747"),
        below_line=income < 3747,
        guarantees_met=True,
        status=status,
        evaluated_at=timezone.now(),
    )
    return household


def build(*, per_stratum: int = 12) -> World:
    county = Region.objects.get(code=COUNTY)
    villages = list(
        Region.objects.filter(code__startswith=COUNTY, level="village").order_by("code")[:6]
    )
    RegionYear.objects.update_or_create(
        region=county, year=YEAR, defaults={"rural_population": RURAL, "poor_county": True}
    )
    for i, village in enumerate(villages):
        RegionYear.objects.update_or_create(
            region=village, year=YEAR, defaults={"poor_village": i % 2 == 0}
        )
        for stratum in ("registered", "exited", "non_registered"):
            for k in range(per_stratum):
                _household(f"V{i}{stratum[:3]}{k:03d}", village.code, stratum, 1 + k % 4, 5000)
    beijing = Region.objects.get(code="11")
    institution = Institution.objects.create(name="北京师范大学", province=beijing)
    evaluators = [
        User.objects.create_user(f"eval{i}", password="x", role=Role.EVALUATOR) for i in (1, 2)
    ]
    admin = User.objects.create_user("boss", password="x", is_superuser=True)
    office = User.objects.create_user("luotian", password="x", role=Role.COUNTY_OFFICE)
    office.regions.set([county])
    return World(county, villages, institution, evaluators, admin, office)


def campaign(world: World, *, kind: str = CampaignKind.EXIT_VERIFICATION, **over: Any) -> Campaign:
    """A campaign over the world's county with the national preset shrunk to the world."""
    values: dict[str, Any] = {
        "name": "2019年贫困县退出专项评估检查",
        "kind": kind,
        "year": YEAR,
        "counties": [world.county],
        "institution": world.institution,
        "evaluators": world.evaluators,
        "overrides": {
            "villages": {"poor": 2, "non_poor": 2},
            "households": [
                {"strata": ["registered", "exited"], "count": 10},
                {"strata": ["non_registered"], "count": 5},
            ],
        },
        "starts_on": dt.date(2019, 11, 1),
        "actor": world.admin,
    }
    return verification.campaign_create(**(values | over))
