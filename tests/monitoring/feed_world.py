"""What the department-feed tests share: registry persons with known ID numbers in two
counties, feed files written from rows of Chinese headers, users of each role."""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

from stdnum.cn import ric
from tests.factories import member_row, write_csv

from fupin.accounts.models import User
from fupin.regions.models import Region
from fupin.registry.imports import registry_import

VILLAGE = "110119202201"  # 黑峪口村, 延庆区 (Beijing)
COUNTY = "110119"
OTHER_COUNTY = "130727"  # 阳原县 (Hebei)


def number(birth: str, seq: int, address: str = "110119") -> str:
    """A checksum-valid ID number."""
    body = f"{address}{birth}{seq:03d}"
    return body + ric.calc_check_digit(body + "0")


#: registry persons: 户编号 → (ID number, name)
ZHANG = number("19800101", 11)
LI = number("19820202", 22)
WANG = number("19750303", 33, "130727")  # in the other county
UNKNOWN = number("19900404", 44)  # in no household


def other_village() -> str:
    return (
        Region.objects.filter(code__startswith=OTHER_COUNTY, level="village")
        .order_by("code")[0]
        .code
    )


def registry_people(tmp_path: Path) -> None:
    """H1 (张三) and H2 (李四) in 黑峪口村, H3 (王五) in a village of 阳原县."""
    registry_import(
        path=write_csv(
            tmp_path / "registry.csv",
            [
                member_row("H1", 姓名="张三", 证件号码=ZHANG, 年度=2024),
                member_row("H2", 姓名="李四", 证件号码=LI, 年度=2024),
                member_row(
                    "H3", 姓名="王五", 证件号码=WANG, 年度=2024, 行政区划代码=other_village()
                ),
            ],
        )
    )


def feed_file(path: Path, header: list[str], rows: list[list[Any]]) -> Path:
    """A department's file: csv, or xlsx when the name ends so."""
    if path.suffix == ".xlsx":
        from openpyxl import Workbook

        book = Workbook()
        sheet = book.active
        sheet.append(header)
        for row in rows:
            sheet.append(row)
        book.save(path)
        return path
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        writer.writerows(rows)
    return path


MEDICAL = ["身份证号", "姓名", "个人自付金额（元）", "结算日期", "就诊机构"]


def medical_file(path: Path, rows: list[list[Any]]) -> Path:
    return feed_file(path, MEDICAL, rows)


def user(name: str, role: str, *codes: str) -> User:
    account = User.objects.create_user(name, password="a-long-test-password", role=role)
    account.regions.set(Region.objects.filter(code__in=codes))
    return account
