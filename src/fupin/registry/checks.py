"""The national data-quality checks (DOMAIN.md §2.5) over the whole registry.

Each check is data: a code, a Chinese title and one SQL query over a snapshot of the registry
(`households`, `members`, `surveys` relations, read once from the database), run by DuckDB.
ID-number checks reuse the validator of the import. Findings name the household, the member
where there is one, and the rule.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import duckdb
import pyarrow as pa
from django.db import connection
from django.utils import timezone
from django.utils.translation import gettext as _

from fupin.core import bulk
from fupin.core.arrow import money_from_cents
from fupin.core.identifiers import check_id_numbers, mask_id_number
from fupin.core.messages import template_of
from fupin.exchange.titles import Title, year_text
from fupin.exchange.writers import write_table
from fupin.registry.exports import region_place


@dataclass(frozen=True)
class Check:
    code: str
    title: str
    sql: str  # returns household, id_number (or NULL), detail


def _per_person(code: str, title: str, column: str, limit: int) -> Check:
    """Land of a kind above `limit` mu per member."""
    return Check(
        code,
        title,
        f"""
        SELECT h.number, NULL, '{column} ' || h.{column} || ' for ' || n.members || ' members'
        FROM households h
        JOIN (SELECT household, count(*) AS members FROM members GROUP BY 1) n
          ON n.household = h.number
        WHERE h.{column} > {limit} * n.members""",
    )


_AGE = "date_diff('year', m.birth_date, $as_of)"
CHECKS: tuple[Check, ...] = (
    Check(
        "no_head",
        "无户主",
        """
        SELECT h.number, NULL, 'household has no head (户主)' FROM households h
        WHERE NOT EXISTS (SELECT 1 FROM members m
          WHERE m.household = h.number AND m.relation = 'head')""",
    ),
    Check(
        "main_cause_empty",
        "主要致贫原因为空",
        """
        SELECT number, NULL, 'registered household without a main cause' FROM households
        WHERE registered_year IS NOT NULL AND main_cause = ''""",
    ),
    Check(
        "attribute_empty",
        "贫困户属性为空",
        """
        SELECT number, NULL, 'registered household without an attribute' FROM households
        WHERE registered_year IS NOT NULL AND attribute = ''""",
    ),
    Check(
        "health_empty",
        "健康状况为空",
        """
        SELECT household, id_number, 'health is empty' FROM members WHERE health = ''""",
    ),
    Check(
        "education_empty",
        "文化程度为空",
        """
        SELECT household, id_number, 'education is empty' FROM members WHERE education = ''""",
    ),
    Check(
        "student_status_empty",
        "在校生状况为空(6–23岁)",
        f"""
        SELECT household, id_number, 'student status empty, age ' || {_AGE} FROM members m
        WHERE student_status = '' AND {_AGE} BETWEEN 6 AND 23""",
    ),
    Check(
        "labour_skill_empty",
        "劳动技能为空(16–65岁)",
        f"""
        SELECT household, id_number, 'labour skill empty, age ' || {_AGE} FROM members m
        WHERE labour_skill = '' AND {_AGE} BETWEEN 16 AND 65""",
    ),
    Check(
        "illness_all_healthy",
        "因病致贫但家庭成员均健康",
        """
        SELECT h.number, NULL, 'main cause 因病 but no member is ill' FROM households h
        WHERE h.main_cause = 'illness' AND NOT EXISTS (SELECT 1 FROM members m
          WHERE m.household = h.number AND m.health IN ('chronic', 'serious_illness'))""",
    ),
    Check(
        "schooling_no_student",
        "因学致贫但无在校生",
        """
        SELECT h.number, NULL, 'main cause 因学 but no member is a student' FROM households h
        WHERE h.main_cause = 'schooling' AND NOT EXISTS (SELECT 1 FROM members m
          WHERE m.household = h.number AND m.student_status NOT IN ('', 'not_student'))""",
    ),
    Check(
        "disability_no_disabled",
        "因残致贫但无残疾成员",
        """
        SELECT h.number, NULL, 'main cause 因残 but no member is disabled' FROM households h
        WHERE h.main_cause = 'disability' AND NOT EXISTS (SELECT 1 FROM members m
          WHERE m.household = h.number
            AND (m.health = 'disabled' OR m.disability_certificate <> ''))""",
    ),
    Check(
        "dibao_without_member",
        "低保户无享受低保成员",
        """
        SELECT h.number, NULL, 'attribute 低保 but no member receives dibao' FROM households h
        WHERE h.attribute = 'dibao' AND EXISTS (SELECT 1 FROM members m
          WHERE m.household = h.number AND m.on_dibao IS NOT NULL)
          AND NOT EXISTS (SELECT 1 FROM members m WHERE m.household = h.number AND m.on_dibao)""",
    ),
    Check(
        "destitute_able_member",
        "特困供养户有劳动能力成员(16–65岁)",
        f"""
        SELECT m.household, m.id_number, 'able to work, age ' || {_AGE} FROM members m
        JOIN households h ON h.number = m.household
        WHERE h.attribute = 'destitute' AND m.labour_skill IN ('ordinary', 'skilled')
          AND {_AGE} BETWEEN 16 AND 65""",
    ),
    Check(
        "business_income_no_expense",
        "有生产经营性收入但无生产经营性支出",
        """
        SELECT household, NULL, 'business income ' || business_income || ' with no expense'
        FROM surveys WHERE business_income > 0 AND business_expense = 0""",
    ),
    Check(
        "per_capita_out_of_range",
        "人均纯收入≤0或>100000元",
        """
        SELECT s.household, NULL, 'per-capita net income ' || round(
          (wage_income + business_income + property_income + transfer_income - business_expense)
          / n.members, 2)
        FROM surveys s JOIN (SELECT household, count(*) AS members FROM members GROUP BY 1) n
          ON n.household = s.household
        WHERE (wage_income + business_income + property_income + transfer_income
               - business_expense) <= 0
           OR (wage_income + business_income + property_income + transfer_income
               - business_expense) > 100000 * n.members""",
    ),
    Check(
        "no_helper",
        "无帮扶责任人",
        """
        SELECT number, NULL, 'registered, not exited, no assistance person' FROM households
        WHERE registered_year IS NOT NULL AND exit_year IS NULL AND helper_name = ''""",
    ),
    Check(
        "head_spouse_same_sex",
        "户主与配偶性别相同",
        """
        SELECT s.household, s.id_number, 'spouse has the sex of the head' FROM members s
        JOIN members hd ON hd.household = s.household AND hd.relation = 'head'
        WHERE s.relation = 'spouse' AND s.sex <> '' AND s.sex = hd.sex""",
    ),
    _per_person("land_per_person", "人均耕地面积超过50亩", "cultivated_land_mu", 50),
    _per_person("forest_per_person", "人均林地面积超过70亩", "forest_land_mu", 70),
    Check(
        "road_distance",
        "距村主干路超过50公里",
        """
        SELECT number, NULL, 'road distance ' || road_distance_km || ' km' FROM households
        WHERE road_distance_km > 50""",
    ),
    Check(
        "age_school_level",
        "年龄与在校学段不符",
        f"""
        SELECT household, id_number, 'age ' || {_AGE} || ' at level ' || student_status
        FROM members m WHERE
          (student_status = 'preschool' AND {_AGE} NOT BETWEEN 2 AND 7) OR
          (student_status = 'primary' AND {_AGE} NOT BETWEEN 5 AND 16) OR
          (student_status = 'junior' AND {_AGE} NOT BETWEEN 10 AND 20) OR
          (student_status = 'senior' AND {_AGE} NOT BETWEEN 13 AND 24)""",
    ),
    Check(
        "ethnicity_empty",
        "民族为空",
        """
        SELECT household, id_number, 'ethnicity is empty' FROM members WHERE ethnicity = ''""",
    ),
    Check(
        "disability_certificate_empty",
        "残疾成员无残疾证号",
        """
        SELECT household, id_number, 'disabled, no disability certificate number'
        FROM members WHERE health = 'disabled' AND disability_certificate = ''""",
    ),
    Check(
        "disability_certificate_invalid",
        "残疾证号有误",
        """
        SELECT household, id_number, 'disability certificate ' || disability_certificate
          || ' is not the ID number followed by category and grade digits'
        FROM members
        WHERE disability_certificate <> '' AND NOT (
          length(disability_certificate) IN (20, 22)
          AND regexp_full_match(substr(disability_certificate, 19), '[0-9]+')
          AND (length(id_number) <> 18 OR left(disability_certificate, 18) = id_number))""",
    ),
    Check(
        "electricity_empty",
        "是否通生活用电为空",
        """
        SELECT number, NULL, 'household electricity not recorded' FROM households
        WHERE registered_year IS NOT NULL AND has_electricity IS NULL""",
    ),
    Check(
        "toilet_empty",
        "是否有卫生厕所为空",
        """
        SELECT number, NULL, 'sanitary toilet not recorded' FROM households
        WHERE registered_year IS NOT NULL AND has_sanitary_toilet IS NULL""",
    ),
    Check(
        "dibao_payment_mismatch",
        "低保标识与低保金不符",
        """
        WITH flagged AS (
          SELECT h.number, h.attribute = 'dibao' OR EXISTS (
            SELECT 1 FROM members m WHERE m.household = h.number AND m.on_dibao) AS on_dibao
          FROM households h)
        SELECT s.household, NULL, CASE WHEN f.on_dibao
            THEN 'on dibao but dibao payment is 0'
            ELSE 'dibao payment ' || s.dibao_payment || ' but no member on dibao' END
        FROM surveys s JOIN flagged f ON f.number = s.household
        WHERE s.dibao_payment IS NOT NULL
          AND ((f.on_dibao AND s.dibao_payment = 0) OR (NOT f.on_dibao AND s.dibao_payment > 0))""",
    ),
    Check(
        "destitute_payment_mismatch",
        "特困供养标识与供养金不符",
        """
        SELECT s.household, NULL, CASE WHEN h.attribute = 'destitute'
            THEN 'destitute household but support payment is 0'
            ELSE 'support payment ' || s.destitute_payment || ' but not a destitute household' END
        FROM surveys s JOIN households h ON h.number = s.household
        WHERE s.destitute_payment IS NOT NULL
          AND ((h.attribute = 'destitute' AND s.destitute_payment = 0)
            OR (h.attribute <> 'destitute' AND s.destitute_payment > 0))""",
    ),
    Check(
        "helper_is_poor",
        "帮扶责任人为贫困人口",
        """
        SELECT h.number, NULL, 'assistance person is a member of poor household ' || p.household
        FROM households h JOIN poor_people p ON p.id_number = h.helper_id_number""",
    ),
)
ID_CHECK = Check("id_number", "证件号码有误", "")
ID_WARNING = Check("id_number_warning", "证件号码需核实", "")


@dataclass(frozen=True)
class Finding:
    household: str
    village: str
    id_number: str | None
    rule: str
    title: str
    detail: str

    def __str__(self) -> str:
        who = f" {mask_id_number(self.id_number)}" if self.id_number else ""
        return f"{self.household}{who}: {self.title} — {self.detail} [{self.rule}]"


def _table(sql: str, params: Sequence[Any], names: Sequence[str]) -> pa.Table:
    """Rows of `sql` as an Arrow table; column types follow the names: *_cents → money,
    on_*/has_* → bool, *_year → int, birth_date → date, else text."""
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    columns = list(zip(*rows, strict=True)) if rows else [()] * len(names)
    arrays: dict[str, pa.Array] = {}
    for name, values in zip(names, columns, strict=True):
        if name.endswith("_cents"):
            arrays[name[:-6]] = money_from_cents(list(values))
        elif name.startswith(("on_", "has_")):
            arrays[name] = pa.array([None if v is None else bool(v) for v in values], pa.bool_())
        elif name.endswith("_year"):
            arrays[name] = pa.array(list(values), pa.int32())
        elif name == "birth_date":
            arrays[name] = pa.array([_date(v) for v in values], pa.date32())
        else:
            arrays[name] = pa.array(list(values), pa.string())
    return pa.table(arrays)


def _poor_people(numbers: Sequence[str | None]) -> pa.Table:
    """Those of `numbers` who are members of a registered household that has not exited,
    anywhere in the registry (an assistance person may live outside the checked region)."""
    wanted = sorted({n for n in numbers if n})
    rows = bulk.select_in(
        "SELECT m.id_number, h.number FROM registry_member m "
        "JOIN registry_household h ON h.id = m.household_id "
        "WHERE h.registered_year IS NOT NULL AND h.exit_year IS NULL AND m.id_number",
        wanted,
    )
    return pa.table(
        {
            "id_number": pa.array([r[0] for r in rows], pa.string()),
            "household": pa.array([r[1] for r in rows], pa.string()),
        }
    )


def _date(value: Any) -> dt.date | None:
    if value is None or isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value))


def _cents(expr: str) -> str:
    return f"CAST(ROUND({expr} * 100) AS BIGINT)"


def _snapshot(
    region: str | None, year: int | None, household: str | None = None
) -> tuple[pa.Table, pa.Table, pa.Table, int]:
    if household is not None:
        where, params = "WHERE h.number = %s", [household]
    elif region:
        where, params = "WHERE h.village_id LIKE %s", [region + "%"]
    else:
        where, params = "", []
    households = _table(
        "SELECT number, village_id, attribute, main_cause, registered_year, exit_year, "
        "helper_name, helper_id_number, has_electricity, has_sanitary_toilet, "
        f"{_cents('cultivated_land_mu')}, {_cents('forest_land_mu')}, {_cents('road_distance_km')} "
        f"FROM registry_household h {where}",
        params,
        [
            "number",
            "village",
            "attribute",
            "main_cause",
            "registered_year",
            "exit_year",
            "helper_name",
            "helper_id_number",
            "has_electricity",
            "has_sanitary_toilet",
            "cultivated_land_mu_cents",
            "forest_land_mu_cents",
            "road_distance_km_cents",
        ],
    )
    members = _table(
        "SELECT h.number, m.id_number, m.relation, m.sex, m.birth_date, m.health, m.education, "
        "m.student_status, m.labour_skill, m.disability_certificate, m.on_dibao, m.ethnicity "
        f"FROM registry_member m JOIN registry_household h ON h.id = m.household_id {where}",
        params,
        [
            "household",
            "id_number",
            "relation",
            "sex",
            "birth_date",
            "health",
            "education",
            "student_status",
            "labour_skill",
            "disability_certificate",
            "on_dibao",
            "ethnicity",
        ],
    )
    if year is None:
        with connection.cursor() as cursor:
            cursor.execute("SELECT max(year) FROM registry_survey")
            year = cursor.fetchone()[0] or dt.date.today().year
    money = [
        "wage_income",
        "business_income",
        "property_income",
        "transfer_income",
        "business_expense",
        "dibao_payment",
        "destitute_payment",
    ]
    surveys = _table(
        f"SELECT h.number, {', '.join(_cents('s.' + c) for c in money)} FROM registry_survey s "
        f"JOIN registry_household h ON h.id = s.household_id "
        f"{where + ' AND' if where else 'WHERE'} s.year = %s",
        [*params, year],
        ["household", *(c + "_cents" for c in money)],
    )
    return households, members, surveys, year


def registry_check(
    *, region: str | None = None, year: int | None = None, household: str | None = None
) -> list[Finding]:
    """Run every check over the registry (or the part under `region`, or one `household`);
    ages are taken at the end of `year` (default: the latest survey year)."""
    households, members, surveys, year = _snapshot(region, year, household)
    villages = dict(
        zip(households["number"].to_pylist(), households["village"].to_pylist(), strict=True)
    )
    findings: list[Finding] = []
    with duckdb.connect() as con:
        con.register("poor_people", _poor_people(households["helper_id_number"].to_pylist()))
        for name, table in (("households", households), ("members", members), ("surveys", surveys)):
            con.register(name, table)
        as_of = dt.date(year, 12, 31)
        for check in CHECKS:
            sql = check.sql.replace("$as_of", f"DATE '{as_of.isoformat()}'")
            rows = con.execute(sql).fetchall()
            findings.extend(
                Finding(h, villages.get(h, ""), p, check.code, check.title, str(d))
                for h, p, d in rows
            )
    findings.extend(_id_findings(members, villages))
    findings.sort(key=lambda f: (f.household, f.rule, f.id_number or ""))
    return findings


def _id_findings(members: pa.Table, villages: dict[str, str]) -> list[Finding]:
    """The ID-number errors and warnings of every member, checked as one column."""
    if not len(members):
        return []
    checks = check_id_numbers(members["id_number"].combine_chunks())
    households = members["household"].to_pylist()
    numbers = members["id_number"].to_pylist()
    out = []
    for found, rule in ((checks.errors, ID_CHECK), (checks.warnings, ID_WARNING)):
        for position, reason in found:
            household = households[position]
            out.append(
                Finding(
                    household,
                    villages.get(household, ""),
                    numbers[position],
                    rule.code,
                    rule.title,
                    reason,
                )
            )
    return out


def summarize(findings: Sequence[Finding]) -> list[tuple[str, int]]:
    counts = Counter(f"{f.rule} {f.title}" for f in findings)
    return sorted(counts.items(), key=lambda item: (-item[1], item[0]))


def write_findings(
    path: str | Path,
    findings: Sequence[Finding],
    *,
    unmasked: bool = False,
    region: str | None = None,
    year: int | None = None,
) -> int:
    """The findings of a check of `region` (all regions when None) in `year` (each household's
    latest when None) to an xlsx or csv file."""
    title = Title(
        what=_("数据质量检查结果"),
        made=timezone.localdate(),
        place=region_place([region] if region else []),
        year=year_text(year, otherwise=_("各户最近年度")),
    )
    header = ("户编号", "行政区划代码", "证件号码", "规则", "问题", "说明")
    rows = (
        (
            f.household,
            f.village,
            (f.id_number if unmasked else mask_id_number(f.id_number)) if f.id_number else "",
            f.rule,
            f.title,
            f.detail,
        )
        for f in findings
    )
    return write_table(path, header, rows, sheet="findings", text_columns=(0, 1, 2), title=title)


@dataclass(frozen=True)
class FindingLine:
    """A finding as a page shows it: its title, the member it is about, what it adds."""

    title: str
    member: str
    detail: str


#: details that only restate their check's title (民族为空 — ethnicity is empty): a page
#: shows the title alone
_RESTATES = frozenset(
    {
        "household has no head (户主)",
        "registered household without a main cause",
        "registered household without an attribute",
        "health is empty",
        "education is empty",
        "main cause 因病 but no member is ill",
        "main cause 因学 but no member is a student",
        "main cause 因残 but no member is disabled",
        "attribute 低保 but no member receives dibao",
        "registered, not exited, no assistance person",
        "spouse has the sex of the head",
        "ethnicity is empty",
        "disabled, no disability certificate number",
        "household electricity not recorded",
        "sanitary toilet not recorded",
    }
)
#: details that restate their title and add a particular: a page shows the particular
#: (the values are msgids of the en catalogue)
_ADDS = {
    "student status empty, age %(age)s": "%(age)s 岁",
    "labour skill empty, age %(age)s": "%(age)s 岁",
    "able to work, age %(age)s": "%(age)s 岁",
    "business income %(amount)s with no expense": "生产经营性收入 %(amount)s 元",
    "assistance person is a member of poor household %(household)s": "贫困户 %(household)s 的成员",
}


def _particular(name: str, value: str) -> str:
    """A particular of a detail in the reader's words (a detail names stored codes)."""
    from django.core.exceptions import FieldDoesNotExist

    from fupin.registry.enums import StudentStatus
    from fupin.registry.models import Household

    if name == "level":
        return str(dict(StudentStatus.choices).get(value, value))
    if name == "column":
        try:
            return str(Household._meta.get_field(value).verbose_name)
        except FieldDoesNotExist:
            return value
    return value


def finding_detail(finding: Finding) -> str:
    """What a finding's detail adds to its title, in the reader's language: "" when it
    only restates the title, the particular alone when that is all it adds, stored codes
    (a school level, a column) as their labels."""
    from django.utils.translation import gettext

    match = template_of(finding.detail)
    if match is None:
        return finding.detail
    template, particulars = match
    if template in _RESTATES:
        return ""
    wording = gettext(_ADDS.get(template, template))
    return wording % {k: _particular(k, v) for k, v in particulars} if particulars else wording


def finding_lines(findings: Sequence[Finding], names: dict[str, str]) -> list[FindingLine]:
    """The findings of a household as its page lists them: each title once (translated),
    the member by name (`names`: ID number → name), no rule codes."""
    from django.utils.translation import gettext

    return [
        FindingLine(
            title=gettext(f.title),
            member=names.get(f.id_number or "", ""),
            detail=finding_detail(f),
        )
        for f in findings
    ]
