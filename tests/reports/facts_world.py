"""A small world for the tests of facts from texts: 首钢集团有限公司 (with a subsidiary)
paired with 阳原县, 中国宝武钢铁集团有限公司 paired with 罗田县, a unit user of each, a
county office of 阳原县 and an administrator; and a text whose five facts the tests know."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from django.utils import translation
from tests.assistance.factories import pair, units

from fupin.accounts.models import User
from fupin.assistance.models import Unit
from fupin.regions.models import Region

YANGYUAN = "130727"
LUOTIAN = "421123"
LUANPING = "130824"
HEIYUKOU = "110119202201"
SEED_003 = Path(__file__).parent / "seed_texts" / "seed_003.txt"


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


TEXT = (
    "2019年以来，首钢在河北省阳原县直接投入帮扶资金3300万元，带动当地就业416人。"
    "2019年，首钢向罗田县投入帮扶资金500万元。"
    "截至2019年底，首钢共选派第一书记3人。"
    "2018年3月，首钢与滦平县2个村结对帮扶。"
)
