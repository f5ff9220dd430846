"""A small world for the tests of monitoring cases: households in two villages with a 2024
survey, the users who work on cases there, and a helper that walks a case through its
identification."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from django.utils import translation
from tests.factories import HEADER, member_only, member_row, write_csv

from fupin.accounts.models import User
from fupin.monitoring import cases
from fupin.monitoring.enums import Channel
from fupin.regions.models import Region
from fupin.registry.imports import registry_import
from fupin.registry.models import Household

VILLAGE = "110119202201"  # 黑峪口村, 延庆区
COUNTY = "110119"
YEAR = 2024
HEADER_LABOUR = [*HEADER, "劳动技能"]
#: the identification steps of cn-2021 with the role that records each and its date
WALK = (
    ("home_visit", "village", dt.date(2024, 1, 9)),
    ("data_comparison", "township", dt.date(2024, 1, 10)),
    ("village_appraisal", "village", dt.date(2024, 1, 11)),
    ("township_review", "township", dt.date(2024, 1, 16)),
    ("county_approval", "county", dt.date(2024, 1, 20)),
    ("announcement", "village", dt.date(2024, 1, 22)),
)
REPORTED = dt.date(2024, 1, 8)
IDENTIFIED = dt.date(2024, 1, 20)


@pytest.fixture(autouse=True)
def chinese() -> Any:
    """Reasons are asserted in Chinese, the source language, whatever an earlier test's
    request activated."""
    with translation.override("zh-hans"):
        yield


def other_village() -> str:
    return (
        Region.objects.filter(code__startswith="130727", level="village").order_by("code")[0].code
    )


def household_rows(
    number: str,
    *,
    village: str = VILLAGE,
    wage: int = 9000,
    labour: str = "普通劳动力",
    registered: bool = True,
    year: int = YEAR,
    **over: Any,
) -> list[dict[str, Any]]:
    """One household of one member (a head) with a survey of `year`: income `wage`."""
    values: dict[str, Any] = {
        "行政区划代码": village,
        "年度": year,
        "工资性收入": wage,
        "生产经营性收入": 0,
        "转移性收入": 0,
        "劳动技能": labour,
    }
    if registered:
        values |= {"识别年度": 2014, "脱贫年度": 2019}
    else:
        values |= {"识别年度": "", "脱贫年度": "", "贫困户属性": "", "主要致贫原因": ""}
    return [member_row(number, **(values | over))]


def households_import(tmp_path: Path, rows: list[dict[str, Any]], name: str = "h.csv") -> None:
    registry_import(path=write_csv(tmp_path / name, rows, HEADER_LABOUR))


def user(name: str, role: str, *codes: str) -> User:
    person = User.objects.create_user(name, password="a-long-test-password", role=role)
    person.regions.set(Region.objects.filter(code__in=codes))
    return person


@dataclass
class World:
    village: User
    township: User
    county: User
    admin: User
    other: User  # a village cadre of another village

    def of(self, role: str) -> User:
        return getattr(self, role)


def world_users() -> World:
    return World(
        village=user("v-cadre", "village_cadre", VILLAGE),
        township=user("t-cadre", "township_cadre", VILLAGE[:9]),
        county=user("c-office", "county_office", COUNTY),
        admin=user("root", "administrator"),
        other=user("o-cadre", "village_cadre", other_village()),
    )


def report(number: str, *, actor: Any, fast_track: bool = False, **over: Any) -> Any:
    values: dict[str, Any] = {
        "channel": Channel.SELF_REPORT,
        "report_way": "12317",
        "object_type": "unstable_exited",
        "risks": ["illness"],
        "summary": "户主住院",
        "reported_on": REPORTED,
        "fast_track": fast_track,
    }
    values |= over
    return cases.case_report(household=Household.objects.get(number=number), actor=actor, **values)


class Upload:
    """An uploaded file as the services take it (what Django's UploadedFile offers)."""

    def __init__(self, name: str = "承诺授权书.pdf", content: bytes = b"%PDF-1.4 signed") -> None:
        self.name, self.content, self.size = name, content, len(content)

    def chunks(self) -> list[bytes]:
        return [self.content]


def identify(case: Any, people: World, *, until: str | None = None) -> Any:
    """Record the identification steps in order (up to and without `until`)."""
    for code, role, day in WALK:
        if code == until:
            break
        upload = Upload() if code == "home_visit" else None
        case = cases.step_record(
            case=case, code=code, done_on=day, upload=upload, actor=people.of(role)
        )
    return case


__all__ = [
    "COUNTY",
    "IDENTIFIED",
    "REPORTED",
    "VILLAGE",
    "WALK",
    "Upload",
    "World",
    "chinese",
    "household_rows",
    "households_import",
    "identify",
    "member_only",
    "other_village",
    "report",
    "user",
    "world_users",
]
