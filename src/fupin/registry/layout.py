"""The registry's import/export layout (DESIGN.md "Import columns"): one row per member.

Each column belongs to the household, to its survey of a year, or to the member, and has a
parser from `fupin.exchange.cells`. The first columns are the contract; the rest are fields of
the national form that checks and later rules use.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc

from fupin.core.identifiers import check_id_number
from fupin.exchange import cells
from fupin.exchange.columns import FastPath, amount_fast, text_fast
from fupin.exchange.layouts import Column
from fupin.registry import enums
from fupin.registry.relations import relation_parse


def _choice(enum: type) -> Callable[[Any], str]:
    labels = enums.labels_of(enum)
    return lambda cell: cells.choice(cell, labels)


def _causes(cell: Any) -> list[str]:
    labels = enums.labels_of(enums.Cause)
    raw = cells.text(cell)
    for sep in ("，", "、", ";", "；", "|", "/"):
        raw = raw.replace(sep, ",")
    return [cells.choice(part, labels) for part in raw.split(",") if part.strip()]


def _text(limit: int) -> Callable[[Any], str]:
    def parse(cell: Any) -> str:
        value = cell if type(cell) is str else cells.text(cell)
        if len(value) > limit:
            raise ValueError(f"longer than {limit} characters")
        return value

    return parse


def _village_code(cell: Any) -> str:
    code = cells.code_text(cell)
    if len(code) != 12 or not code.isdigit():
        raise ValueError("not a 12-digit village code")
    return code


def _person_number(cell: Any) -> str:
    """An ID number checked as a member's is; the first error is the reason."""
    check = check_id_number(cells.text(cell))
    if check.errors:
        raise ValueError(check.errors[0])
    return check.number


def _quantity(*units: str) -> Callable[[Any], Any]:
    """An area or a distance, not negative, which may carry its unit ('3.5亩', '2公里')."""

    def parse(cell: Any) -> Any:
        value = cells.quantity(cell, units=units)
        if value < 0:
            raise ValueError("must not be negative")
        return value

    return parse


# the amounts of the national form are in yuan, so '1.2万元' written out is 12,000.00
def _money(cell: Any) -> Any:
    return cells.yuan(cell, ten_thousands=True)


def _expense(cell: Any) -> Any:
    value = cells.yuan(cell, ten_thousands=True)
    if value < 0:
        raise ValueError("must not be negative")
    return value


TEXT = pa.string()


@dataclass(frozen=True)
class Field(Column):
    scope: str = "member"  # household | survey | member
    parse: Callable[[Any], Any] = cells.text
    arrow: pa.DataType = TEXT  # the parsed column's type
    fast: FastPath | None = None  # decides the plain forms of a column without Python
    enum: Any = None  # the TextChoices a choice column's labels come from

    @property
    def kind(self) -> str:
        """How a form or the API takes the column: "flag" (是/否), "choice" (one of the enum),
        "choices" (a list of the enum), else "text"."""
        if self.arrow == BOOL:
            return "flag"
        if self.enum is not None:
            return "choices" if pa.types.is_list(self.arrow) else "choice"
        return "text"


YEAR = pa.int16()
BOOL = pa.bool_()
AMOUNT = pa.decimal128(14, 2)
SIGNED = amount_fast(signed=True)
UNSIGNED = amount_fast(signed=False)


def _code(limit: int) -> Callable[[Any], str]:
    return lambda c: _text(limit)(cells.code_text(c))


def _code_fast(limit: int) -> FastPath:
    """`text_fast` for a code, leaving to the parser the codes it folds: those with a space
    or a character outside printable ASCII (full-width digits)."""
    plain = text_fast(limit, code=True)

    def fast(texts: pa.Array) -> tuple[pa.Array, pa.Array]:
        decided, undecided = plain(texts)
        odd = pc.fill_null(pc.match_substring_regex(texts, r"[^!-~]"), False)
        return pc.if_else(odd, pa.scalar(None, pa.string()), decided), pc.or_(undecided, odd)

    return fast


HOUSEHOLD = "household"
SURVEY = "survey"
MEMBER = "member"

FIELDS: tuple[Field, ...] = (
    Field(
        "household_id",
        "户编号",
        True,
        scope=HOUSEHOLD,
        parse=_code(40),
        fast=_code_fast(40),
    ),
    Field("village_code", "行政区划代码", scope=HOUSEHOLD, parse=lambda c: _village_code(c)),
    Field("name", "姓名", True, parse=_text(60), fast=text_fast(60)),
    Field("id_number", "证件号码", True, parse=cells.text),
    Field("relation", "与户主关系", True, parse=relation_parse, enum=enums.Relation),
    Field(
        "attribute",
        "贫困户属性",
        scope=HOUSEHOLD,
        parse=_choice(enums.Attribute),
        enum=enums.Attribute,
    ),
    Field(
        "main_cause", "主要致贫原因", scope=HOUSEHOLD, parse=_choice(enums.Cause), enum=enums.Cause
    ),
    Field("registered_year", "识别年度", scope=HOUSEHOLD, parse=cells.year, arrow=YEAR),
    Field("exit_year", "脱贫年度", scope=HOUSEHOLD, parse=cells.year, arrow=YEAR),
    Field("year", "年度", scope=SURVEY, parse=cells.year, arrow=YEAR),
    Field("wage_income", "工资性收入", scope=SURVEY, parse=_money, arrow=AMOUNT, fast=SIGNED),
    Field(
        "business_income", "生产经营性收入", scope=SURVEY, parse=_money, arrow=AMOUNT, fast=SIGNED
    ),
    Field("property_income", "财产性收入", scope=SURVEY, parse=_money, arrow=AMOUNT, fast=SIGNED),
    Field("transfer_income", "转移性收入", scope=SURVEY, parse=_money, arrow=AMOUNT, fast=SIGNED),
    Field(
        "business_expense",
        "生产经营性支出",
        scope=SURVEY,
        parse=_expense,
        arrow=AMOUNT,
        fast=UNSIGNED,
    ),
    Field("dibao_payment", "低保金", scope=SURVEY, parse=_expense, arrow=AMOUNT, fast=UNSIGNED),
    Field(
        "destitute_payment",
        "特困供养金",
        scope=SURVEY,
        parse=_expense,
        arrow=AMOUNT,
        fast=UNSIGNED,
    ),
    Field("food_clothing_ok", "吃穿不愁", scope=SURVEY, parse=cells.boolean, arrow=BOOL),
    Field("education_ok", "义务教育有保障", scope=SURVEY, parse=cells.boolean, arrow=BOOL),
    Field("medical_ok", "基本医疗有保障", scope=SURVEY, parse=cells.boolean, arrow=BOOL),
    Field("housing_ok", "住房安全有保障", scope=SURVEY, parse=cells.boolean, arrow=BOOL),
    Field("water_ok", "饮水安全有保障", scope=SURVEY, parse=cells.boolean, arrow=BOOL),
    # what the monitoring rules read besides the income (optional: a file without them
    # imports, its surveys then have no claims or compliant expenses and no flag)
    Field("claim_income", "理赔收入", scope=SURVEY, parse=_expense, arrow=AMOUNT, fast=UNSIGNED),
    Field(
        "compliant_expense",
        "合规自付支出",
        scope=SURVEY,
        parse=_expense,
        arrow=AMOUNT,
        fast=UNSIGNED,
    ),
    Field("disaster", "遭受自然灾害", scope=SURVEY, parse=cells.boolean, arrow=BOOL),
    Field("accident", "发生意外事故", scope=SURVEY, parse=cells.boolean, arrow=BOOL),
    # household fields of the national form
    Field("group_name", "村民小组", scope=HOUSEHOLD, parse=_text(60), fast=text_fast(60)),
    Field(
        "other_causes",
        "次要致贫原因",
        scope=HOUSEHOLD,
        parse=_causes,
        arrow=pa.list_(pa.string()),
        enum=enums.Cause,
    ),
    Field(
        "standard", "识别标准", scope=HOUSEHOLD, parse=_choice(enums.Standard), enum=enums.Standard
    ),
    Field("phone", "联系电话", scope=HOUSEHOLD, parse=_code(30), fast=_code_fast(30)),
    Field(
        "housing_grade",
        "住房安全等级",
        scope=HOUSEHOLD,
        parse=_choice(enums.HousingGrade),
        enum=enums.HousingGrade,
    ),
    Field(
        "cultivated_land_mu",
        "耕地面积",
        scope=HOUSEHOLD,
        parse=_quantity("亩"),
        arrow=AMOUNT,
        fast=UNSIGNED,
    ),
    Field(
        "forest_land_mu",
        "林地面积",
        scope=HOUSEHOLD,
        parse=_quantity("亩"),
        arrow=AMOUNT,
        fast=UNSIGNED,
    ),
    Field(
        "road_distance_km",
        "距村主干路距离",
        scope=HOUSEHOLD,
        parse=_quantity("公里", "km"),
        arrow=AMOUNT,
        fast=UNSIGNED,
    ),
    Field(
        "has_sanitary_toilet", "是否有卫生厕所", scope=HOUSEHOLD, parse=cells.boolean, arrow=BOOL
    ),
    Field("is_relocated", "是否易地扶贫搬迁户", scope=HOUSEHOLD, parse=cells.boolean, arrow=BOOL),
    Field("is_military_family", "是否军烈属", scope=HOUSEHOLD, parse=cells.boolean, arrow=BOOL),
    Field("is_only_child", "是否独生子女户", scope=HOUSEHOLD, parse=cells.boolean, arrow=BOOL),
    Field("is_two_daughters", "是否双女户", scope=HOUSEHOLD, parse=cells.boolean, arrow=BOOL),
    Field(
        "in_cooperative", "是否加入农民专业合作社", scope=HOUSEHOLD, parse=cells.boolean, arrow=BOOL
    ),
    Field("has_electricity", "是否通生活用电", scope=HOUSEHOLD, parse=cells.boolean, arrow=BOOL),
    Field("helper_name", "帮扶责任人", scope=HOUSEHOLD, parse=_text(60), fast=text_fast(60)),
    Field("helper_unit", "帮扶责任人单位", scope=HOUSEHOLD, parse=_text(120), fast=text_fast(120)),
    Field(
        "helper_phone",
        "帮扶责任人电话",
        scope=HOUSEHOLD,
        parse=_code(30),
        fast=_code_fast(30),
    ),
    Field("helper_id_number", "帮扶责任人证件号码", scope=HOUSEHOLD, parse=_person_number),
    # member fields of the national form
    Field("ethnicity", "民族", parse=_text(20), fast=text_fast(20)),
    Field("education", "文化程度", parse=_choice(enums.Education), enum=enums.Education),
    Field(
        "student_status", "在校生状况", parse=_choice(enums.StudentStatus), enum=enums.StudentStatus
    ),
    Field("health", "健康状况", parse=_choice(enums.Health), enum=enums.Health),
    Field("disability_certificate", "残疾证号", parse=_code(30), fast=_code_fast(30)),
    Field("labour_skill", "劳动技能", parse=_choice(enums.LabourSkill), enum=enums.LabourSkill),
    Field(
        "work_months",
        "务工时间",
        parse=lambda c: cells.integer(c, low=0, high=12, units=("个月", "月")),
        arrow=pa.int8(),
    ),
    Field("has_medical_insurance", "参加城乡居民基本医疗保险", parse=cells.boolean, arrow=BOOL),
    Field("has_pension_insurance", "参加城乡居民基本养老保险", parse=cells.boolean, arrow=BOOL),
    Field("on_dibao", "享受低保", parse=cells.boolean, arrow=BOOL),
)

BY_KEY = {f.key: f for f in FIELDS}
HOUSEHOLD_FIELDS = tuple(f for f in FIELDS if f.scope == HOUSEHOLD)
SURVEY_FIELDS = tuple(f for f in FIELDS if f.scope == SURVEY and f.key != "year")
MEMBER_FIELDS = tuple(f for f in FIELDS if f.scope == MEMBER)
DECIMAL_KEYS = frozenset(
    {"cultivated_land_mu", "forest_land_mu", "road_distance_km"}
    | {f.key for f in SURVEY_FIELDS if f.parse in (_money, _expense)}
)
