"""A small world for the tests of typical cases: 首钢 (group 1) with its subsidiary (2) paired
with 阳原县, another group (9) paired with 滦平县; a project of each in its county; three
registry households of 阳原县 and one of 滦平县, each with a head; the offices of both counties,
unit users of the group and of the other group, and an administrator."""

from __future__ import annotations

import io
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation
from PIL import Image
from tests.assistance.factories import pair, units
from tests.factories import id_number

from fupin.accounts.models import User
from fupin.assistance.models import Project, Unit
from fupin.regions.models import Region
from fupin.registry.models import Household, Member
from fupin.reports.cases import services
from fupin.reports.models import TypicalCase

COUNTY = "130727"  # 阳原县
OTHER_COUNTY = "130824"  # 滦平县


@pytest.fixture(autouse=True)
def chinese() -> Any:
    """Reasons are asserted in Chinese, the source language."""
    with translation.override("zh-hans"):
        yield


def village(county: str) -> str:
    return Region.objects.filter(code__startswith=county, level="village").order_by("code")[0].code


def user(name: str, role: str, *codes: str, units_: tuple[Unit, ...] = ()) -> User:
    person = User.objects.create_user(name, password="a-long-test-password", role=role)
    person.regions.set(Region.objects.filter(code__in=codes))
    person.units.set(units_)
    return person


def household(number: str, county: str, head: str) -> Household:
    h = Household.objects.create(number=number, village_id=village(county))
    Member.objects.create(
        household=h, name=head, id_number=id_number(address=county), relation="head"
    )
    return h


def project(code: str, unit: Unit, region: str) -> Project:
    return Project.objects.create(
        code=code, name=f"项目{code}", kind="industry", unit=unit, region_id=region,
        budget=Decimal("100000"),
    )  # fmt: skip


def png(size: tuple[int, int] = (8, 6)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, (200, 40, 40)).save(out, format="PNG")
    return out.getvalue()


def upload(name: str = "photo.png", content: bytes | None = None) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, png() if content is None else content, "image/png")


@dataclass
class World:
    county: User
    other_county: User
    group_user: User
    other_unit_user: User
    admin: User
    group: Unit
    subsidiary: Unit
    other_unit: Unit
    project: Project  # the subsidiary's, in 阳原县
    other_project: Project  # the other group's, in 滦平县
    households: list[Household]  # three in 阳原县
    far: Household  # in 滦平县


def world_build() -> World:
    u = units(
        (1, "首钢集团有限公司", None), (2, "首钢技师学院", 1), (9, "中国五矿集团有限公司", None)
    )
    pair(u[2], COUNTY)
    pair(u[9], OTHER_COUNTY)
    return World(
        county=user("c-office", "county_office", COUNTY),
        other_county=user("o-office", "county_office", OTHER_COUNTY),
        group_user=user("g-unit", "assisting_unit", units_=(u[1],)),
        other_unit_user=user("x-unit", "assisting_unit", units_=(u[9],)),
        admin=user("root", "administrator"),
        group=u[1],
        subsidiary=u[2],
        other_unit=u[9],
        project=project("SG-1", u[2], COUNTY),
        other_project=project("MM-1", u[9], OTHER_COUNTY),
        households=[
            household(f"H{i}", COUNTY, name) for i, name in enumerate(("张三", "李四", "王五"))
        ],
        far=household("H-LP", OTHER_COUNTY, "赵六"),
    )


def case(world: World, **over: Any) -> TypicalCase:
    values: dict[str, Any] = {
        "title": "阳原县牡丹庭院经济",
        "year": 2019,
        "region": COUNTY,
        "unit": world.subsidiary,
        "summary": "发放种苗，带动增收",
        "text": "2018年7月拨付资金购买牡丹种苗，发放给有意愿种植的农户。",
        "tags": ["产业扶贫", "庭院经济"],
        "projects": [world.project],
        "households": world.households[:2],
        "actor": None,
    }
    return services.case_create(**(values | over))
