"""A small world for the tests of findings: the province of Hebei issues a finding about
阳原县 (Zhangjiakou) with a task the county owns; offices of the province, the prefecture, the
county and another county; a group and its subsidiary with their unit users."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation
from tests.assistance.factories import units

from fupin.accounts.models import User
from fupin.assistance.models import Unit
from fupin.regions.models import Region
from fupin.supervision import findings
from fupin.supervision.models import Finding, Rectification

PROVINCE = "13"  # 河北省
PREFECTURE = "1307"  # 张家口市
COUNTY = "130727"  # 阳原县
OTHER_COUNTY = "130824"  # 滦平县 (承德市)
FOUND_ON = dt.date(2024, 3, 1)
DEADLINE = dt.date(2024, 6, 30)


@pytest.fixture(autouse=True)
def chinese() -> Any:
    """Reasons are asserted in Chinese, the source language."""
    with translation.override("zh-hans"):
        yield


def user(name: str, role: str, *codes: str, units_: tuple[Unit, ...] = ()) -> User:
    person = User.objects.create_user(name, password="a-long-test-password", role=role)
    person.regions.set(Region.objects.filter(code__in=codes))
    person.units.set(units_)
    return person


def region(code: str) -> Region:
    return Region.objects.get(code=code)


@dataclass
class World:
    province: User
    prefecture: User
    county: User
    other: User  # the office of another county, in another prefecture
    admin: User
    group: User  # a unit user of the group
    subsidiary: User  # a unit user of the group's subsidiary
    group_unit: Unit
    subsidiary_unit: Unit


def world_users() -> World:
    u = units((1, "中国五矿集团有限公司", None), (2, "五矿发展股份有限公司", 1))
    return World(
        province=user("p-office", "province_office", PROVINCE),
        prefecture=user("m-office", "prefecture_office", PREFECTURE),
        county=user("c-office", "county_office", COUNTY),
        other=user("o-office", "county_office", OTHER_COUNTY),
        admin=user("root", "administrator"),
        group=user("g-unit", "assisting_unit", units_=(u[1],)),
        subsidiary=user("s-unit", "assisting_unit", units_=(u[2],)),
        group_unit=u[1],
        subsidiary_unit=u[2],
    )


def finding(actor: Any = None, **over: Any) -> Finding:
    values: dict[str, Any] = {
        "source": "inspection",
        "found_by": "省委第三巡视组",
        "found_on": FOUND_ON,
        "category": "work",
        "text": "部分脱贫户帮扶措施不精准",
        "reference": "冀巡反馈〔2024〕3号",
        "region": region(COUNTY),
        "issuer_region": region(PROVINCE),
    }
    return findings.finding_create(actor=actor, **(values | over))


def task(found: Finding, actor: Any = None, **over: Any) -> Rectification:
    values: dict[str, Any] = {
        "requirement": "逐户核实帮扶措施",
        "deadline": DEADLINE,
        "owner_region": region(COUNTY),
    }
    return findings.rectification_add(finding=found, actor=actor, **(values | over))


def upload(name: str = "整改报告.pdf", content: bytes = b"%PDF-1.4 report") -> Any:
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def submitted(found: Finding | None = None, *, evidence: bool = True, **over: Any) -> Rectification:
    """A task reported done by its owner, with one evidence file unless `evidence` is False."""
    t = task(found or finding(), **over)
    t = findings.rectification_update(task=t, measures="已逐户核实并调整措施", actor=None)
    if evidence:
        findings.evidence_add(task=t, upload=upload(), actor=None)
    return findings.rectification_submit(task=t, on=dt.date(2024, 5, 1), actor=None)
