"""Import of findings and their rectification tasks (`fupin findings import FILE`, the
upload page): one row per task; the rows with the same finding columns (source, who found it,
when, reference, what it concerns, category, text, issuer) make one finding with several
tasks.

All or nothing: every row is checked first (codes that exist, dates in order, a subject, an
owner and an issuer on each row, and, for a user, an issuer in whose name they may act); any
error and nothing is written, RowErrors naming each row and column. Warnings (an unknown
column, a deadline already past) do not block unless the import is strict. A finding already
stored with the same columns takes the file's new tasks; a task already stored (same owner,
requirement and deadline) is left as it is, so importing a file again changes nothing."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from fupin.assistance.models import Unit
from fupin.core.errors import FupinError, RowError, RowErrors
from fupin.core.models import Source
from fupin.exchange import cells
from fupin.exchange.layouts import Column
from fupin.exchange.records import Records, records_read
from fupin.regions.models import Region
from fupin.regions.selectors import resolve_codes
from fupin.supervision import finding_access, findings
from fupin.supervision.enums import FindingCategory, FindingSource
from fupin.supervision.models import Finding, Rectification

FINDING_COLUMNS = (
    Column(
        "source", "问题来源", required=True, help="巡视、审计、考核、督查、回头看、第三方评估、自查"
    ),
    Column("found_by", "发现单位", required=True),
    Column("found_on", "发现日期", required=True),
    Column("year", "年度", help="the year it counts in; the year found when empty"),
    Column("reference", "文号"),
    Column("region", "涉及地区代码"),
    Column("unit", "涉及单位信用代码"),
    Column("category", "问题类别", required=True),
    Column("text", "问题描述", required=True),
    Column("requirement", "整改要求", required=True),
    Column("owner_region", "责任地区代码"),
    Column("owner_unit", "责任单位信用代码"),
    Column("deadline", "整改时限", required=True),
    Column("issuer_region", "督办地区代码"),
    Column("issuer_unit", "督办单位信用代码"),
)
TITLES = {c.key: c.title for c in FINDING_COLUMNS}
#: the columns that make a finding: rows equal in all of them are tasks of one finding
FINDING_KEYS = (
    "source",
    "found_by",
    "found_on",
    "year",
    "reference",
    "region",
    "unit",
    "category",
    "text",
    "issuer_region",
    "issuer_unit",
)
REGION_KEYS = ("region", "owner_region", "issuer_region")
UNIT_KEYS = ("unit", "owner_unit", "issuer_unit")


@dataclass
class FindingsResult:
    findings: int = 0  # findings created
    tasks: int = 0  # tasks created
    unchanged: int = 0  # rows whose task was stored already
    rows: int = 0
    errors: list[RowError] = field(default_factory=list)
    warnings: list[RowError] = field(default_factory=list)


def _labels(choices: Any) -> dict[str, str]:
    with translation.override("zh-hans"):
        named = {str(label): value for value, label in choices.choices}
    return {**named, **{value: value for value in choices.values}}


def _text(limit: int) -> Any:
    def parse(cell: Any) -> str:
        value = cells.text(cell)
        if len(value) > limit:
            raise ValueError(f"longer than {limit} characters")
        return value

    return parse


def _parsers(today: dt.date) -> dict[str, Any]:
    sources, categories = _labels(FindingSource), _labels(FindingCategory)

    def past(cell: Any) -> dt.date:
        day = cells.date(cell)
        if day > today:
            raise ValueError(f"dated after today ({day})")
        return day

    return {
        "source": lambda c: cells.choice(c, sources),
        "category": lambda c: cells.choice(c, categories),
        "found_by": _text(200),
        "reference": _text(100),
        "found_on": past,
        "deadline": cells.date,
        "year": cells.year,
        **{key: cells.code_text for key in (*REGION_KEYS, *UNIT_KEYS)},
    }


def findings_import(*, path: str | Path, strict: bool = False, actor: Any = None) -> FindingsResult:
    """Import the findings and tasks of the file at `path` (see the module's docstring).
    `actor` (a user, for the upload page) must act for each row's issuer; None is the
    system (the command line), which acts for any. Raises RowErrors, writing nothing, on any
    error, and on any warning when `strict`."""
    today = timezone.localdate()
    records = records_read(path, FINDING_COLUMNS, _parsers(today))
    resolved = _resolve(records)
    checked = [
        (number, rec)
        for number, rec in records.rows
        if number not in records.bad_rows and _check(number, rec, resolved, records, actor, today)
    ]
    problems = sorted(records.errors + records.warnings, key=lambda e: e.row)
    if records.errors or (strict and records.warnings):
        raise RowErrors(problems)
    result = _write(checked, actor)
    result.rows = len(records.rows)
    result.warnings = records.warnings
    return result


def _resolve(records: Records) -> dict[str, dict[str, Any]]:
    """The regions and units the rows name, each looked up once: {"regions": {typed:
    Region}, "units": {code: Unit}}."""
    codes = {rec[k] for _, rec in records.rows for k in REGION_KEYS if rec.get(k)}
    stored = resolve_codes(sorted(codes))
    regions = {r.code: r for r in Region.objects.filter(code__in=set(stored.values()))}
    credit = {rec[k].upper() for _, rec in records.rows for k in UNIT_KEYS if rec.get(k)}
    units = {u.credit_code: u for u in Unit.objects.filter(credit_code__in=credit)}
    return {
        "regions": {typed: regions[code] for typed, code in stored.items()},
        "units": units,
    }


def _check(
    number: int,
    rec: dict[str, Any],
    resolved: dict[str, dict[str, Any]],
    records: Records,
    actor: Any,
    today: dt.date,
) -> bool:
    """Resolve the row's regions and units in place and check it against the store and the
    actor; False (its errors added) when it may not be written."""
    errors: list[RowError] = []
    given = {key for key in (*REGION_KEYS, *UNIT_KEYS) if rec[key]}
    for key in REGION_KEYS:
        if rec[key]:
            found = resolved["regions"].get(rec[key])
            if found is None:
                errors.append(RowError(number, TITLES[key], "no such region", rec[key]))
            rec[key] = found
    for key in UNIT_KEYS:
        if rec[key]:
            found = resolved["units"].get(rec[key].upper())
            if found is None:
                errors.append(RowError(number, TITLES[key], "no such unit", rec[key]))
            rec[key] = found
    wanted = (
        ("region", "unit", _("问题须涉及一个地区或一个单位")),
        ("owner_region", "owner_unit", _("须填写责任地区代码或责任单位信用代码")),
        ("issuer_region", "issuer_unit", _("须填写督办地区代码或督办单位信用代码")),
    )
    for region_key, unit_key, message in wanted:
        if region_key not in given and unit_key not in given:
            errors.append(RowError(number, TITLES[region_key], message))
    if rec["deadline"] and rec["found_on"] and rec["deadline"] < rec["found_on"]:
        message = _("整改时限不能早于发现日期（%(date)s）") % {"date": rec["found_on"]}
        errors.append(RowError(number, TITLES["deadline"], message, str(rec["deadline"])))
    issuer = rec["issuer_region"], rec["issuer_unit"]
    if (
        actor is not None
        and not errors
        and not finding_access.may_issue(
            actor, region=issuer[0].code if issuer[0] else None, unit=issuer[1]
        )
    ):
        title = TITLES["issuer_region" if issuer[0] else "issuer_unit"]
        shown = issuer[0].code if issuer[0] else issuer[1].credit_code
        message = _("您不能以该督办地区或督办单位的名义录入问题、下达整改任务")
        errors.append(RowError(number, title, message, shown))
    if errors:
        records.errors.extend(errors)
        return False
    if rec["deadline"] < today:
        message = _("整改时限已过（%(date)s），导入后即为超期") % {"date": rec["deadline"]}
        records.warnings.append(
            RowError(number, TITLES["deadline"], message, str(rec["deadline"]), "warning")
        )
    return True


def _key(rec: dict[str, Any]) -> tuple[Any, ...]:
    year = rec["year"] or rec["found_on"].year
    return tuple(
        year if k == "year" else (rec[k].pk if hasattr(rec[k], "pk") else (rec[k] or ""))
        for k in FINDING_KEYS
    )


def _stored(keys: set[tuple[Any, ...]]) -> dict[tuple[Any, ...], Finding]:
    """The stored findings equal to the file's, by their key."""
    found_on = {k[FINDING_KEYS.index("found_on")] for k in keys}
    out: dict[tuple[Any, ...], Finding] = {}
    for finding in Finding.objects.filter(found_on__in=found_on):
        values = {
            "source": finding.source,
            "found_by": finding.found_by,
            "found_on": finding.found_on,
            "year": finding.year,
            "reference": finding.reference,
            "region": finding.region_id or "",
            "unit": finding.unit_id or "",
            "category": finding.category,
            "text": finding.text,
            "issuer_region": finding.issuer_region_id or "",
            "issuer_unit": finding.issuer_unit_id or "",
        }
        key = tuple(values[k] for k in FINDING_KEYS)
        if key in keys:
            out.setdefault(key, finding)
    return out


def _task_key(
    finding: int, owner_region: Any, owner_unit: Any, requirement: str, deadline: dt.date
) -> tuple[Any, ...]:
    return (
        finding,
        getattr(owner_region, "pk", owner_region) or "",
        getattr(owner_unit, "pk", owner_unit) or "",
        requirement,
        deadline,
    )


def _write(rows: list[tuple[int, dict[str, Any]]], actor: Any) -> FindingsResult:
    """Create the findings and tasks in one transaction through the services; a refusal
    there (the store changed since the check) writes nothing and names its row."""
    result = FindingsResult()
    keys = {_key(rec) for _, rec in rows}
    stored = _stored(keys)
    stored_tasks = {
        _task_key(t.finding_id, t.owner_region_id, t.owner_unit_id, t.requirement, t.deadline)
        for t in Rectification.objects.filter(finding__in=[f.pk for f in stored.values()])
    }
    made: dict[tuple[Any, ...], Finding] = {}
    current = 0
    try:
        with transaction.atomic():
            for current, rec in rows:  # noqa: B007 (the row a refusal names)
                key = _key(rec)
                finding = stored.get(key) or made.get(key)
                if finding is None:
                    finding = made[key] = findings.finding_create(
                        **{k: rec[k] for k in FINDING_KEYS}, actor=actor, via=Source.IMPORT
                    )
                    result.findings += 1
                task_key = _task_key(
                    finding.pk,
                    rec["owner_region"],
                    rec["owner_unit"],
                    rec["requirement"],
                    rec["deadline"],
                )
                if task_key in stored_tasks:
                    result.unchanged += 1
                    continue
                stored_tasks.add(task_key)
                findings.rectification_add(
                    finding=finding,
                    requirement=rec["requirement"],
                    deadline=rec["deadline"],
                    owner_region=rec["owner_region"],
                    owner_unit=rec["owner_unit"],
                    actor=actor,
                    via=Source.IMPORT,
                )
                result.tasks += 1
    except FupinError as exc:
        column = TITLES.get(getattr(exc, "field", ""), "")
        raise RowErrors([RowError(current, column, exc.message)]) from None
    return result


__all__ = ["FINDING_COLUMNS", "FindingsResult", "findings_import"]
