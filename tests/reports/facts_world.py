"""A small world for the tests of facts from texts: 首钢集团有限公司 (with a subsidiary)
paired with 阳原县, 中国宝武钢铁集团有限公司 paired with 罗田县, a unit user of each, a
county office of 阳原县 and an administrator; and the fake extractor the service tests
use, so that they state exactly which facts a text holds."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import pytest
from django.utils import translation
from tests.assistance.factories import pair, units

from fupin.accounts.models import User
from fupin.assistance.models import Unit
from fupin.regions.models import Region
from fupin.reports.facts import services
from fupin.reports.facts.types import Fact, Quantity

YANGYUAN = "130727"
LUOTIAN = "421123"
LUANPING = "130824"
HEIYUKOU = "110119202201"
SEED_003 = "tests/reports/seed_texts/seed_003.txt"


@pytest.fixture(autouse=True)
def chinese() -> Any:
    with translation.override("zh-hans"):
        yield


def user(name: str, role: str, *codes: str, units_: tuple[Unit, ...] = ()) -> User:
    person = User.objects.create_user(name, password="a-long-test-password", role=role)
    person.regions.set(Region.objects.filter(code__in=codes))
    person.units.set(units_)
    return person


@dataclass
class World:
    shougang: Unit
    park: Unit
    baowu: Unit
    sg_user: User
    bw_user: User
    county: User
    admin: User


def world() -> World:
    u = units(
        (1, "首钢集团有限公司", None),
        (2, "北京首钢园区综合服务有限公司", 1),
        (3, "中国宝武钢铁集团有限公司", None),
    )
    pair(u[1], YANGYUAN, start="2018-01-01")
    pair(u[2], HEIYUKOU, start="2016-12-01")
    pair(u[3], LUOTIAN, start="2016-01-01")
    return World(
        shougang=u[1],
        park=u[2],
        baowu=u[3],
        sg_user=user("sg-unit", "assisting_unit", units_=(u[1],)),
        bw_user=user("bw-unit", "assisting_unit", units_=(u[3],)),
        county=user("yy-office", "county_office", YANGYUAN),
        admin=user("root", "administrator"),
    )


@dataclass(frozen=True)
class Spec:
    """A fact the fake extractor finds wherever `written` occurs in a text."""

    written: str
    value: str
    unit: str = "yuan"
    kind: str = "ledger"
    indicator: str | None = "funds_invested"
    organisation: str = ""
    place: str = ""
    date: dt.date | None = None


def fake_extractor(specs: list[Spec]):
    def extract(text: str, language: str) -> list[Fact]:
        found = []
        for spec in specs:
            at = text.find(spec.written)
            if at < 0:
                continue
            left = max(text.rfind("。", 0, at), text.rfind("\n", 0, at)) + 1
            right = text.find("。", at)
            sentence = text[left : right + 1 if right >= 0 else len(text)]
            found.append(
                Fact(
                    kind=spec.kind,
                    sentence=sentence,
                    start=at,
                    end=at + len(spec.written),
                    quantity=Quantity(Decimal(spec.value), spec.unit, spec.written),
                    indicator=spec.indicator,
                    organisation=spec.organisation,
                    place=spec.place,
                    date=spec.date,
                )
            )
        return sorted(found, key=lambda f: f.start)

    return extract


TEXT = (
    "2019年以来，首钢在河北省阳原县直接投入帮扶资金3300万元，带动当地就业416人。"
    "首钢向罗田县投入帮扶资金500万元。"
    "首钢共选派第一书记3人。"
)
SPECS = [
    Spec(
        "3300万元",
        "33000000",
        organisation="首钢",
        place="河北省阳原县",
        date=dt.date(2019, 12, 31),
    ),
    Spec(
        "416人",
        "416",
        unit="person",
        indicator="jobs_direct",
        organisation="首钢",
        place="阳原县",
        date=dt.date(2019, 12, 31),
    ),
    Spec("500万元", "5000000", organisation="首钢", place="罗田县", date=dt.date(2019, 12, 31)),
    Spec(
        "3人",
        "3",
        unit="person",
        kind="cadres",
        indicator=None,
        organisation="首钢",
        date=dt.date(2019, 12, 31),
    ),
]


@pytest.fixture
def fake(monkeypatch) -> list[Spec]:
    """The service reads texts with the fake extractor over SPECS (a test may add specs)."""
    specs = list(SPECS)
    monkeypatch.setattr(services, "facts_found", fake_extractor(specs))
    return specs
