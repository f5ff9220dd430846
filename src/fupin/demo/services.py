"""Build the demo database: regions, the seeds' counties with a synthetic registry, Heiyukou,
yearly region figures, the seeds' assisting units (demo/assistance.py) and the demo logins.
Deterministic and idempotent."""

from __future__ import annotations

import random
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.db import transaction

from fupin.accounts.enums import Role
from fupin.accounts.models import User
from fupin.demo import (
    assistance,
    findings,
    monitoring,
    places,
    responsibility,
    synthetic,
    verification,
)
from fupin.demo.cases import cases_build
from fupin.regions import services as regions
from fupin.regions.models import Region
from fupin.registry.evaluations import evaluation_store
from fupin.registry.services import HouseholdRecord, households_upsert

Say = Callable[[str], None]
SEED = 20140401
#: Surveyed and evaluated: the registry's years, then the monitoring years to the present.
YEARS = (*places.SURVEY_YEARS, *synthetic.MONITORING_YEARS)


@dataclass(frozen=True)
class DemoLogin:
    username: str
    role: Role
    regions: tuple[str, ...]
    note: str


def demo_logins(yangyuan_village: str) -> tuple[DemoLogin, ...]:
    return (
        DemoLogin("admin", Role.ADMINISTRATOR, (), "系统管理员 · everything"),
        DemoLogin("province", Role.PROVINCE_OFFICE, ("13",), "河北省扶贫办 · Hebei"),
        DemoLogin("county", Role.COUNTY_OFFICE, ("130727",), "阳原县扶贫办 · Yangyuan"),
        DemoLogin("village", Role.VILLAGE_CADRE, (yangyuan_village,), "阳原县的一个村 · a village"),
        DemoLogin(
            "unit",
            Role.ASSISTING_UNIT,
            ("130727", "130824", places.HEIYUKOU),
            "首钢集团扶贫办 · Shougang",
        ),
        DemoLogin("evaluator", Role.EVALUATOR, ("421123",), "第三方评估 · Luotian"),
    )


def demo_build(
    *, scale: float = 1.0, only_demo_regions: bool = False, say: Say = print
) -> list[DemoLogin]:
    """Everything `fupin demo` needs; `scale` shrinks the registry and `only_demo_regions`
    loads just the demo's part of the division tree (tests use both)."""
    only = (
        [c.code for c in places.COUNTIES] + [places.HEIYUKOU, *assistance.demo_regions()]
        if only_demo_regions
        else []
    )
    count = regions.regions_load(only=only, progress=say)
    say(f"regions: {count:,}")
    people = synthetic._People()
    stats: list[tuple[object, ...]] = []
    for county in places.COUNTIES:
        records = list(_county_records(county, scale, people))
        households_upsert(records=records)
        stats.extend(_region_years(county, records))
        say(
            f"{county.name}: {len(records):,} households, "
            f"{sum(len(r.members) for r in records):,} members"
        )
    heiyukou = list(_heiyukou_records(people))
    households_upsert(records=heiyukou)
    stats.extend(_village_years(places.HEIYUKOU, heiyukou, share=0.12))
    regions.region_years_upsert(records=places.with_townships(stats) + assistance.region_years())
    say(f"黑峪口村: {len(heiyukou)} households")
    for year in YEARS:
        stored = evaluation_store(year=year)
        say(
            f"evaluation {year}: {stored['households']:,} households, {stored['regions']:,} regions"
        )
    say(f"monitoring ranges: {monitoring.monitoring_ranges_build()} written")
    units = assistance.assistance_build(say=say)
    cases_build(say=say)
    responsibility.responsibility_build(say=say)
    logins = demo_logins(_first_village("130727"))
    _users(logins)
    User.objects.get(username="unit").units.set([units["shougang"]])
    cases = monitoring.monitoring_cases_build(say=say)
    say("monitoring cases: " + ", ".join(f"{phase} {n}" for phase, n in sorted(cases.items())))
    verification.verification_build(say=say)
    findings.findings_build(say=say)
    return list(logins)


def _villages(county: str) -> list[str]:
    return list(
        Region.objects.filter(code__startswith=county, level="village")
        .order_by("code")
        .values_list("code", flat=True)
    )


def _first_village(county: str) -> str:
    return _villages(county)[0]


def _county_records(
    county: places.DemoCounty, scale: float, people: synthetic._People
) -> Iterable[HouseholdRecord]:
    plan = synthetic.Plan(
        county=county.code,
        villages=_villages(county.code),
        households=max(50, int(county.households * scale)),
        exit_year=county.exit_year,
        years=places.SURVEY_YEARS,
        later_years=synthetic.MONITORING_YEARS,
        wrongly_exited_share=county.wrongly_exited_share,
    )
    return synthetic.generate(plan, seed=SEED, people=people)


def _heiyukou_records(people: synthetic._People) -> Iterable[HouseholdRecord]:
    """Heiyukou's 40 low-income households: Beijing's municipal standard (seed 003)."""
    plan = synthetic.Plan(
        county="110119",
        villages=[places.HEIYUKOU],
        households=places.HEIYUKOU_PEONY_HOUSEHOLDS,
        exit_year=2019,
        years=places.SURVEY_YEARS,
        later_years=synthetic.MONITORING_YEARS,
        poor_village_share=1.0,
    )
    for record in synthetic.generate(plan, seed=SEED, people=people):
        record.values["standard"] = "municipal"
        record.values["registered_year"] = 2016
        record.values["attribute"] = record.values["attribute"] or "general"
        record.values["main_cause"] = record.values["main_cause"] or "lack_skills"
        record.values["helper_unit"] = "首钢园区综合服务公司"
        yield record


def _registered_people(records: Iterable[HouseholdRecord]) -> dict[str, int]:
    people: dict[str, int] = {}
    for record in records:
        if record.values.get("registered_year"):
            village = str(record.values["village_code"])
            people[village] = people.get(village, 0) + len(record.members)
    return people


def _village_years(
    village: str, records: list[HouseholdRecord], share: float
) -> list[tuple[object, ...]]:
    registered = _registered_people(records).get(village, 0)
    rural = max(registered, int(registered / share))
    return [(village, year, rural, False, True, None, None) for year in YEARS]


def _region_years(
    county: places.DemoCounty, records: list[HouseholdRecord]
) -> list[tuple[object, ...]]:
    """Rural population per village and county so that 2014 incidence is about 20–35 % in
    the poor villages and 8–15 % elsewhere, shrinking 1 % a year."""
    rng = random.Random(f"{SEED}-stats-{county.code}")
    people = _registered_people(records)
    rows: list[tuple[object, ...]] = []
    total: dict[int, int] = {}
    for village, registered in sorted(people.items()):
        share = rng.uniform(0.2, 0.35) if registered > 40 else rng.uniform(0.08, 0.15)
        base = max(registered, int(registered / share))
        for year in YEARS:
            rural = int(base * 0.99 ** (year - places.SURVEY_YEARS[0]))
            total[year] = total.get(year, 0) + rural
            rows.append((village, year, rural, False, registered > 40, None, None))
    for year in YEARS:
        rows.append(
            (county.code, year, total[year], True, False, county.exit_year, county.exit_date)
        )
    return rows


@transaction.atomic
def _users(logins: Iterable[DemoLogin]) -> None:
    for login in logins:
        user, _ = User.objects.get_or_create(username=login.username)
        user.role = login.role
        user.is_staff = login.role == Role.ADMINISTRATOR
        user.is_superuser = login.role == Role.ADMINISTRATOR
        user.first_name = login.note.split(" · ")[0]
        user.set_password(places.PASSWORD)
        user.save()
        user.regions.set(Region.objects.filter(code__in=login.regions))
