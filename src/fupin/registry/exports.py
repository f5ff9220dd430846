"""`fupin registry export`: the registry in the import layout, one row per member.

Enums are written as their Chinese labels and booleans as 是/否, so an exported file imports
back unchanged (its title row is skipped on import). ID numbers are masked unless the caller
asks for them unmasked.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

from django.db import connection
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from fupin.core.identifiers import mask_id_number
from fupin.core.money import parse_yuan
from fupin.exchange import cells
from fupin.exchange.titles import Title, place_text, year_text
from fupin.exchange.writers import write_table
from fupin.regions.models import Region
from fupin.regions.selectors import region_path
from fupin.registry import enums, layout

_ENUM_OF = {
    "relation": enums.Relation,
    "attribute": enums.Attribute,
    "main_cause": enums.Cause,
    "standard": enums.Standard,
    "housing_grade": enums.HousingGrade,
    "education": enums.Education,
    "student_status": enums.StudentStatus,
    "health": enums.Health,
    "labour_skill": enums.LabourSkill,
}
_SQL_OF = {
    "household_id": "h.number",
    "village_code": "h.village_id",
    "year": "s.year",
    **{f.key: f"s.{f.key}" for f in layout.SURVEY_FIELDS},
    **{
        f.key: f"h.{f.key}"
        for f in layout.HOUSEHOLD_FIELDS
        if f.key not in ("household_id", "village_code")
    },
    **{f.key: f"m.{f.key}" for f in layout.MEMBER_FIELDS},
}


def _labels() -> dict[str, dict[str, str]]:
    with translation.override("zh-hans"):
        return {key: {v: str(label) for v, label in enum.choices} for key, enum in _ENUM_OF.items()}


def _query(region: str | None, year: int | None) -> tuple[str, list[Any]]:
    columns = ", ".join(_SQL_OF[f.key] for f in layout.FIELDS)
    survey = (
        "s.year = %s"
        if year is not None
        else "s.year = (SELECT max(year) FROM registry_survey WHERE household_id = h.id)"
    )
    params: list[Any] = [year] if year is not None else []
    where = ""
    if region:
        where = "WHERE h.village_id LIKE %s"
        params.append(region + "%")
    sql = (
        f"SELECT {columns} FROM registry_member m "
        "JOIN registry_household h ON h.id = m.household_id "
        f"LEFT JOIN registry_survey s ON s.household_id = h.id AND {survey} "
        f"{where} ORDER BY h.number, m.relation <> 'head', m.id"
    )
    return sql, params


def registry_rows(
    *, region: str | None = None, year: int | None = None, unmasked: bool = False
) -> Iterator[list[Any]]:
    """Rows of the import layout for the registry (or one region's part of it)."""
    labels = _labels()
    keys = [f.key for f in layout.FIELDS]
    id_positions = [keys.index("id_number"), keys.index("helper_id_number")]
    causes_index = keys.index("other_causes")
    enum_positions = [(i, labels[k]) for i, k in enumerate(keys) if k in labels]
    cause_labels = labels["main_cause"]
    bool_positions = [i for i, f in enumerate(layout.FIELDS) if f.parse is cells.boolean]
    decimal_positions = [i for i, f in enumerate(layout.FIELDS) if f.key in layout.DECIMAL_KEYS]
    sql, params = _query(region, year)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        while batch := cursor.fetchmany(5000):
            for record in batch:
                row = list(record)
                for i, mapping in enum_positions:
                    row[i] = mapping.get(row[i], row[i]) if row[i] else None
                row[causes_index] = _causes(row[causes_index], cause_labels)
                if not unmasked:
                    for i in id_positions:
                        if row[i]:
                            row[i] = mask_id_number(row[i])
                for i in bool_positions:
                    if row[i] is not None:
                        row[i] = "是" if row[i] else "否"
                for i in decimal_positions:
                    if row[i] is not None:
                        row[i] = parse_yuan(row[i])
                yield [None if v == "" else v for v in row]


def _causes(value: Any, labels: dict[str, str]) -> str | None:
    items = json.loads(value) if isinstance(value, str) else (value or [])
    return "、".join(labels.get(v, v) for v in items) or None


def region_place(codes: Sequence[str]) -> str:
    """The regions of stored `codes` as a title names them, each with its path and code
    ("湖北省黄冈市罗田县（421123）"); all regions when `codes` is empty."""
    if not codes:
        return _("全部地区")
    found = Region.objects.in_bulk(list(codes))
    return "、".join(
        place_text("".join(r.name for r in region_path(region=found[c])), found[c].display_code)
        if c in found
        else c
        for c in codes
    )


def registry_export(
    *,
    path: str | Path,
    region: str | None = None,
    year: int | None = None,
    unmasked: bool = False,
    made: dt.date | None = None,
) -> int:
    """Write the registry to `path` (.xlsx or .csv); returns the number of member rows. An
    xlsx file is titled with the region, the year and the day it was `made` (today)."""
    header = [f.title for f in layout.FIELDS]
    text_columns = [
        i
        for i, f in enumerate(layout.FIELDS)
        if f.key
        in {
            "household_id",
            "village_code",
            "id_number",
            "phone",
            "helper_phone",
            "disability_certificate",
        }
    ]
    title = Title(
        what=_("建档立卡数据"),
        made=made or timezone.localdate(),
        place=region_place([region] if region else []),
        year=year_text(year, otherwise=_("各户最近年度")),
    )
    return write_table(
        path,
        header,
        registry_rows(region=region, year=year, unmasked=unmasked),
        sheet="registry",
        text_columns=text_columns,
        title=title,
        key_columns=3,  # 户编号, 行政区划代码, 姓名 on every printed page
    )
