"""A crafted set of monitored households for the monitoring pages' tests, written with the ORM:
Yangyuan county (130727) with cases in two townships, one case in Luanping (130824) outside
it, the yearly results of 2024 under cn-2021 and department-feed rows."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils import timezone
from tests.factories import id_number

from fupin.accounts.models import User
from fupin.monitoring.models import Case, Feed, FeedBatch, FeedRow
from fupin.regions.models import Region
from fupin.registry.models import Household, HouseholdResult, Member, RegionResult

YEAR = 2024
REGIME = "cn-2021"


@dataclass
class Places:
    county: str = "130727"
    townships: list[str] = field(default_factory=list)
    villages: list[str] = field(default_factory=list)  # t1 v1, t1 v2, t2 v1
    outside: str = ""  # a village of Luanping


@dataclass
class Data:
    places: Places
    households: dict[str, Household]
    cases: dict[str, Case]
    flags: dict[str, FeedRow]


def places() -> Places:
    townships = [
        t
        for t in Region.objects.filter(parent_id="130727").order_by("code")
        if Region.objects.filter(parent_id=t.code).count() >= 2
    ][:2]
    first = list(Region.objects.filter(parent_id=townships[0].code).order_by("code")[:2])
    second = Region.objects.filter(parent_id=townships[1].code).order_by("code").first()
    outside = Region.objects.filter(code__startswith="130824", level="village").order_by("code")
    return Places(
        townships=[t.code for t in townships],
        villages=[first[0].code, first[1].code, second.code],
        outside=outside.first().code,
    )


def household(number: str, village: str, head: str) -> Household:
    h = Household.objects.create(number=number, village_id=village)
    Member.objects.create(household=h, name=head, id_number=id_number(), relation="head")
    return h


def case(h: Household, object_type: str, risks: list[str], phase: str, reported: str, **over):
    values = {
        "household": h,
        "village_id": h.village_id,
        "regime": REGIME if int(reported[:4]) < 2026 else "cn-2026",
        "year": int(reported[:4]),
        "object_type": object_type,
        "risks": risks,
        "channel": "cadre_sweep",
        "phase": phase,
        "reported_on": dt.date.fromisoformat(reported),
        **over,
    }
    return Case.objects.create(**values)


def result(h: Household, status: str, income: str, reasons: str = "", year: int = YEAR):
    return HouseholdResult.objects.create(
        household=h,
        village_id=h.village_id,
        year=year,
        regime=REGIME,
        members=3,
        per_capita_income=Decimal(income),
        poverty_line=Decimal("7300.00"),
        below_line=Decimal(income) < Decimal("7300"),
        guarantees_met="housing" not in reasons,
        status=status,
        reasons=reasons,
        evaluated_at=timezone.now(),
    )


def build() -> Data:
    """Yangyuan in 2024: five cases under way (one of each phase; one eliminated the year
    before and one reported the year after are not), warnings and flags; one case outside."""
    p = places()
    v1, v2, v3 = p.villages
    hh = {
        "A": household("A1", v1, "张大山"),
        "B": household("B1", v1, "李秀英"),
        "C": household("C1", v1, "王建国"),
        "D": household("D1", v2, "赵小红"),
        "E": household("E1", v3, "刘长青"),
        "F": household("F1", v3, "陈桂兰"),
        "G": household("G1", v3, "周国强"),
        "H": household("H1", v1, "孙丽"),
        "L": household("L1", p.outside, "滦平丁"),
    }
    cases = {
        # identifying since February 2024: long overdue
        "A": case(
            hh["A"], "unstable_exited", ["illness", "schooling"], "identifying", "2024-02-01"
        ),
        "B": case(
            hh["B"],
            "marginal",
            ["disaster:flood"],
            "monitoring",
            "2023-06-01",
            identified_on=dt.date(2023, 6, 20),
            next_step="",
        ),
        "C": case(
            hh["C"],
            "sudden_hardship",
            ["disaster:drought", "accident"],
            "eliminated",
            "2023-03-01",
            identified_on=dt.date(2023, 3, 20),
            eliminated_on=dt.date(2024, 8, 1),
        ),
        "D": case(hh["D"], "marginal", ["illness"], "not_identified", "2024-05-01"),
        "E": case(
            hh["E"],
            "unstable_exited",
            ["lack_of_labour"],
            "eliminating",
            "2024-03-01",
            identified_on=dt.date(2024, 3, 25),
            next_step="village_appraisal",
        ),
        # eliminated before 2024 and reported after it: not under way in 2024
        "F": case(
            hh["F"],
            "marginal",
            ["illness"],
            "eliminated",
            "2022-01-10",
            identified_on=dt.date(2022, 2, 1),
            eliminated_on=dt.date(2023, 9, 1),
        ),
        "G": case(hh["G"], "marginal", ["other"], "identifying", "2025-04-01"),
        "L": case(hh["L"], "marginal", ["illness"], "identifying", "2024-04-01"),
    }
    result(hh["A"], "unstable_exited", "5000.00", "below_range")
    result(hh["B"], "marginal", "6000.00", "below_range;housing")
    result(hh["D"], "marginal", "7000.00", "below_range")
    result(hh["E"], "exited", "9000.00")
    result(hh["H"], "not_poor", "12000.00")
    result(hh["L"], "marginal", "5000.00", "below_range")
    result(hh["A"], "unstable_exited", "5000.00", "below_range", year=2023)
    for code, households in [
        ("13", 3000),
        ("1307", 2000),
        ("130727", 1000),
        (p.townships[0], 400),
        (p.townships[1], 600),
        ("130824", 500),
    ]:
        RegionResult.objects.create(
            region_id=code,
            year=YEAR,
            regime=REGIME,
            households=households,
            members=households * 3,
            poor_members=0,
            statuses={},
            evaluated_at=timezone.now(),
        )
    feed = Feed.objects.create(
        code="medical",
        name="医保大额自付",
        department="medical_insurance",
        columns={"id_number": "身份证号", "amount": "自付金额"},
        rule=[{"column": "amount", "op": ">=", "value": 20000}],
        risk="illness",
    )
    batch = FeedBatch.objects.create(
        feed=feed,
        file_name="yibao-2024.xlsx",
        imported_at=dt.datetime(2024, 9, 1, tzinfo=dt.UTC),
        rows=5,
    )

    def row(n: int, h: Household, **over) -> FeedRow:
        head = h.members.get()
        values = {
            "batch": batch,
            "row_number": n,
            "id_number": head.id_number,
            "member": head,
            "household": h,
            "village_id": h.village_id,
            "values": {"id_number": head.id_number, "amount": 52000},
            "flagged": True,
            **over,
        }
        return FeedRow.objects.create(**values)

    flags = {
        "pending": row(2, hh["H"]),
        "dismissed": row(3, hh["F"], dismissed="已核实，费用已报销"),
        "not_flagged": row(4, hh["G"], flagged=False, values={"amount": 100}),
        "outside": row(5, hh["L"]),
        "taken_up": row(6, hh["D"]),
    }
    cases["D"].feed_row = flags["taken_up"]
    cases["D"].save()
    return Data(p, hh, cases, flags)


def user(name: str, role: str, *codes: str) -> User:
    person = User.objects.create_user(name, password="a-long-test-password", role=role)
    person.regions.set(Region.objects.filter(code__in=codes))
    return person
