"""Builders of registry files and records for tests: valid by default, each field overridable."""

from __future__ import annotations

import csv
import os
import shutil
from pathlib import Path

import pytest
from stdnum.cn import ric

HEADER = [
    "户编号",
    "行政区划代码",
    "姓名",
    "证件号码",
    "与户主关系",
    "贫困户属性",
    "主要致贫原因",
    "识别年度",
    "脱贫年度",
    "年度",
    "工资性收入",
    "生产经营性收入",
    "财产性收入",
    "转移性收入",
    "生产经营性支出",
    "吃穿不愁",
    "义务教育有保障",
    "基本医疗有保障",
    "住房安全有保障",
    "饮水安全有保障",
]
VILLAGE = "110119202201"  # 黑峪口村
_counter = {"n": 0}


def id_number(birth: str = "19800101", address: str = "110119", male: bool = True) -> str:
    """A fresh checksum-valid ID number."""
    while True:
        _counter["n"] += 1
        seq = _counter["n"] % 999 + 1
        if (seq % 2 == 1) == male:
            break
    body = f"{address}{birth}{seq:03d}"
    return body + ric.calc_check_digit(body + "0")


def member_row(household: str, relation: str = "户主", **over: object) -> dict[str, object]:
    row: dict[str, object] = {
        "户编号": household,
        "行政区划代码": VILLAGE,
        "姓名": "张三",
        "证件号码": id_number(),
        "与户主关系": relation,
        "贫困户属性": "一般贫困户",
        "主要致贫原因": "缺技术",
        "识别年度": 2014,
        "脱贫年度": "",
        "年度": 2016,
        "工资性收入": 2000,
        "生产经营性收入": 500,
        "财产性收入": 0,
        "转移性收入": 452,
        "生产经营性支出": 0,
        "吃穿不愁": "是",
        "义务教育有保障": "是",
        "基本医疗有保障": "是",
        "住房安全有保障": "是",
        "饮水安全有保障": "是",
    }
    row.update(over)
    return row


def write_csv(path: Path, rows: list[dict[str, object]], header: list[str] | None = None) -> Path:
    header = header or HEADER
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=header, extrasaction="ignore")
        writer.writeheader()
        writer.writerows(rows)
    return path


HOUSEHOLD_AND_SURVEY = HEADER[5:]


def member_only(household: str, relation: str, **over: object) -> dict[str, object]:
    """A non-head member's row: household and survey fields left blank (given on the head's)."""
    row = member_row(household, relation, **dict.fromkeys(HOUSEHOLD_AND_SURVEY, ""))
    row["行政区划代码"] = ""
    row.update(over)
    return row


#: the tests that print through LibreOffice and read the PDF back with poppler: skipped on a
#: developer's machine without them, and run (so failing loudly) under CI=true, where
#: `.ci/run` installs libreoffice-calc and poppler-utils
needs_libreoffice = pytest.mark.skipif(
    os.environ.get("CI") != "true"
    and not all(shutil.which(t) for t in ("libreoffice", "pdfinfo", "pdftotext")),
    reason="needs libreoffice-calc and poppler-utils",
)
