"""Import of monitored households as the national monitoring system exports them
(`fupin monitoring import FILE`): one row per case, 户编号 · 监测对象类别 · 风险类型 · 发现渠道 ·
发现日期 · 识别日期 [· 风险消除日期]. The cases come in identified (监测帮扶中) or, with an
elimination date, eliminated; their channel is `imported` (the file's 发现渠道 is kept in the
case's summary) and their steps were done in the other system."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.db import transaction
from django.utils import timezone, translation

from fupin.accounts.scope import Scope
from fupin.core.errors import InvalidInput, RowError, RowErrors
from fupin.core.history import change_record, shown
from fupin.core.models import Source
from fupin.exchange import cells
from fupin.exchange.columns import Column
from fupin.exchange.layouts import map_header
from fupin.exchange.readers import read_table_at
from fupin.monitoring.cases import SUBJECT, object_type_check, risks_check, scheme_for
from fupin.monitoring.enums import OPEN_PHASES, Channel, Phase
from fupin.monitoring.models import Case
from fupin.policy.regimes import Scheme
from fupin.registry.models import Household

CASE_COLUMNS = (
    Column("household_id", "户编号", required=True),
    Column("object_type", "监测对象类别", required=True),
    Column("risks", "风险类型", required=True),
    Column("channel", "发现渠道"),
    Column("reported_on", "发现日期", required=True),
    Column("identified_on", "识别日期", required=True),
    Column("eliminated_on", "风险消除日期"),
)
_TITLES = {c.key: c.title for c in CASE_COLUMNS}
_SEPARATORS = re.compile(r"[、;；,，/]+")
_CHANNELS = {
    **{value: value for value in Channel.values},
    **{str(label): value for value, label in Channel.choices},
    "农户自主申报": Channel.SELF_REPORT,
    "自主申报": Channel.SELF_REPORT,
    "基层干部排查": Channel.CADRE_SWEEP,
    "干部排查": Channel.CADRE_SWEEP,
    "部门筛查预警": Channel.DEPARTMENT,
    "部门预警": Channel.DEPARTMENT,
    "系统预警": Channel.RULE,
    "系统导入": Channel.IMPORTED,
}
#: the fields an import sets, compared with a stored imported case
FIELDS = ("object_type", "risks", "summary", "identified_on", "eliminated_on", "phase")


@dataclass
class CasesResult:
    written: int = 0
    unchanged: int = 0
    skipped: int = 0
    errors: list[RowError] = field(default_factory=list)


def cases_import(
    *, path: str | Path, mode: str = "strict", actor: Any = None, scope: Scope | None = None
) -> CasesResult:
    """Import monitored households. Every row is checked first: a household of the registry
    (in `scope`, when given), an object type and up to five risk types of the scheme in
    force in the report's year (by Chinese name or code; risks separated by 、 or ;), a
    known channel, dates in order and not after today, one open case per household. Strict:
    any error → nothing written, RowErrors raised; skip-invalid: the valid rows are written.
    A row whose household already has a case reported that day updates that case if it came
    from an import and has no steps (importing the same file again changes nothing), and is
    an error if it is worked here."""
    header, rows, header_row = read_table_at(path, CASE_COLUMNS)
    positions = map_header(header, CASE_COLUMNS, row=header_row)
    parsed: list[tuple[int, dict[str, Any]]] = []
    errors: list[RowError] = []
    for number, row in enumerate(rows, start=header_row + 1):
        if all(cells.is_blank(c) for c in row):
            continue
        record, row_errors = _parse(number, row, positions)
        errors.extend(row_errors)
        if not row_errors:
            parsed.append((number, record))
    numbers = sorted({rec["household_id"] for _, rec in parsed})
    households = {h.number: h for h in Household.objects.filter(number__in=numbers)}
    stored = _stored_cases(households.values())
    good: list[tuple[int, dict[str, Any], Case | None]] = []
    seen: dict[tuple[str, dt.date], int] = {}
    open_rows: dict[str, int] = {}
    for number, rec in parsed:
        error, existing = _check(rec, households, stored, seen, open_rows, number, scope)
        if error is not None:
            errors.append(error)
            continue
        good.append((number, rec, existing))
    if errors and mode == "strict":
        raise RowErrors(errors)
    written, unchanged = _write(good, actor)
    return CasesResult(
        written=written,
        unchanged=unchanged,
        skipped=len({e.row for e in errors}),
        errors=errors,
    )


def _parse(
    number: int, row: list[Any], positions: dict[str, int]
) -> tuple[dict[str, Any], list[RowError]]:
    raw = {}
    for column in CASE_COLUMNS:
        index = positions.get(column.key)
        raw[column.key] = row[index] if index is not None and index < len(row) else None
    values: dict[str, Any] = {}
    errors: list[RowError] = []

    def cell(key: str, parse: Any) -> Any:
        value = raw[key]
        if cells.is_blank(value):
            if _column(key).required:
                errors.append(RowError(number, _TITLES[key], "required value is empty"))
            return None
        try:
            return parse(value)
        except (ValueError, InvalidInput) as exc:
            message = getattr(exc, "message", str(exc))
            errors.append(RowError(number, _TITLES[key], message, cells.text(value)))
            return None

    today = timezone.localdate()
    values["household_id"] = cell("household_id", cells.code_text)
    for key in ("reported_on", "identified_on", "eliminated_on"):
        values[key] = cell(key, lambda v: _past(cells.date(v), today))
    values["channel"] = cell("channel", lambda v: cells.choice(v, _CHANNELS))
    scheme = None
    if values["reported_on"] is not None:
        try:
            values["regime"], scheme = scheme_for(values["reported_on"])
        except InvalidInput as exc:
            errors.append(
                RowError(
                    number, _TITLES["reported_on"], exc.message, cells.text(raw["reported_on"])
                )
            )
    if scheme is not None:
        values["object_type"] = cell("object_type", lambda v: _object_type(scheme, v))
        values["risks"] = cell("risks", lambda v: risks_check(scheme, _risks(scheme, v)))
    else:  # without the year's scheme only their presence can be checked
        cell("object_type", cells.text)
        cell("risks", cells.text)
    _dates_check(number, values, errors)
    return values, errors


def _column(key: str) -> Column:
    return next(c for c in CASE_COLUMNS if c.key == key)


def _past(day: dt.date, today: dt.date) -> dt.date:
    if day > today:
        raise ValueError(f"dated after today ({day})")
    return day


def _dates_check(number: int, values: dict[str, Any], errors: list[RowError]) -> None:
    reported, identified = values.get("reported_on"), values.get("identified_on")
    eliminated = values.get("eliminated_on")
    if reported and identified and identified < reported:
        errors.append(
            RowError(
                number,
                _TITLES["identified_on"],
                f"identified before it was reported ({reported})",
                str(identified),
            )
        )
    if identified and eliminated and eliminated < identified:
        errors.append(
            RowError(
                number,
                _TITLES["eliminated_on"],
                f"risk eliminated before the household was identified ({identified})",
                str(eliminated),
            )
        )


def _names(items: Any) -> dict[str, str]:
    out = {}
    for item in items:
        for name in (item.code, item.name_zh, item.name_en.lower()):
            out[name] = item.code
    return out


def _object_type(scheme: Scheme, value: Any) -> str:
    names = _names(scheme.object_types)
    text = cells.text(value)
    code = names.get(text) or names.get(text.lower())
    if code is None:
        shown_ = "、".join(t.name_zh for t in scheme.object_types)
        raise ValueError(f"unknown value; expected one of {shown_}")
    return code


def _risk_names(scheme: Scheme) -> dict[str, str]:
    """Every way a file may write a risk: its code, Chinese or English name; a sub-type as
    code:sub, 因自然灾害（洪涝）, 因自然灾害-洪涝, or its own name where no risk has it."""
    out: dict[str, str] = {}
    alone: dict[str, set[str]] = {}
    for risk in scheme.risk_types:
        out |= {risk.code: risk.code, risk.name_zh: risk.code, risk.name_en.lower(): risk.code}
        for sub in risk.subtypes:
            code = f"{risk.code}:{sub.code}"
            for main in (risk.code, risk.name_zh):
                for name in (sub.code, sub.name_zh):
                    for form in (f"{main}:{name}", f"{main}({name})", f"{main}-{name}"):
                        out[form] = code
            alone.setdefault(sub.name_zh, set()).add(code)
    for name, codes in alone.items():
        if len(codes) == 1 and name not in out:
            out[name] = codes.pop()
    return out


def _risks(scheme: Scheme, value: Any) -> list[str]:
    names = _risk_names(scheme)
    text = cells.text(value).replace("（", "(").replace("）", ")").replace("：", ":")
    codes = []
    for token in _SEPARATORS.split(text):
        token = token.strip()
        if not token:
            continue
        code = names.get(token) or names.get(token.lower())
        if code is None:
            raise ValueError(f"unknown risk type {token}")
        codes.append(code)
    return codes


def _stored_cases(households: Any) -> dict[int, list[Case]]:
    out: dict[int, list[Case]] = {}
    ids = [h.pk for h in households]
    for case in Case.objects.filter(household_id__in=ids).prefetch_related("steps"):
        out.setdefault(case.household_id, []).append(case)
    return out


def _check(
    rec: dict[str, Any],
    households: dict[str, Household],
    stored: dict[int, list[Case]],
    seen: dict[tuple[str, dt.date], int],
    open_rows: dict[str, int],
    number: int,
    scope: Scope | None,
) -> tuple[RowError | None, Case | None]:
    """A row's error against the registry, the stored cases and the rows before it; else
    the stored case it updates (None: a new case)."""
    key = rec["household_id"]
    household = households.get(key)
    column = _TITLES["household_id"]
    if household is None:
        return RowError(number, column, f"no household numbered {key}", key), None
    if scope is not None and not scope.covers(household.village_id):
        return RowError(number, column, "village outside your regions", key), None
    _, scheme = scheme_for(rec["reported_on"])
    try:
        object_type_check(scheme, rec["object_type"], household)
    except InvalidInput as exc:
        return RowError(number, _TITLES["object_type"], exc.message, rec["object_type"]), None
    if (key, rec["reported_on"]) in seen:
        earlier = seen[(key, rec["reported_on"])]
        return RowError(number, column, f"case already given on row {earlier}", key), None
    seen[(key, rec["reported_on"])] = number
    is_open = rec["eliminated_on"] is None
    if is_open and key in open_rows:
        return (
            RowError(number, column, f"another open case of the household on row {open_rows[key]}"),
            None,
        )
    existing = next(
        (c for c in stored.get(household.pk, []) if c.reported_on == rec["reported_on"]), None
    )
    if existing is not None and (existing.channel != Channel.IMPORTED or existing.steps.all()):
        return (
            RowError(
                number,
                column,
                f"the case reported on {existing.reported_on} is worked here; "
                "the file does not change it",
                key,
            ),
            None,
        )
    other_open = next(
        (c for c in stored.get(household.pk, []) if c.phase in OPEN_PHASES and c is not existing),
        None,
    )
    if is_open and other_open is not None:
        message = (
            f"household {key} already has an open case "
            f"(reported on {other_open.reported_on}, {Phase(other_open.phase).label})"
        )
        return RowError(number, column, message, key), None
    if is_open:
        open_rows[key] = number
    rec["household"] = household
    return None, existing


def _values(rec: dict[str, Any]) -> dict[str, Any]:
    channel = rec.get("channel")
    with translation.override("zh-hans"):  # the record's language
        summary = f"原发现渠道：{Channel(channel).label}" if channel else ""
    return {
        "object_type": rec["object_type"],
        "risks": rec["risks"],
        "summary": summary,
        "identified_on": rec["identified_on"],
        "eliminated_on": rec["eliminated_on"],
        "phase": Phase.MONITORING if rec["eliminated_on"] is None else Phase.ELIMINATED,
    }


def _write(good: list[tuple[int, dict[str, Any], Case | None]], actor: Any) -> tuple[int, int]:
    """Create or update the cases in one transaction; (written, unchanged)."""
    written = unchanged = 0
    with transaction.atomic():
        for _, rec, existing in good:
            values = _values(rec)
            household = rec["household"]
            if existing is None:
                case = Case.objects.create(
                    household=household,
                    village_id=household.village_id,
                    regime=rec["regime"],
                    year=rec["reported_on"].year,
                    channel=Channel.IMPORTED,
                    reported_on=rec["reported_on"],
                    reported_by=actor if getattr(actor, "pk", None) else None,
                    next_step="",
                    **values,
                )
                changes = {"created": [None, f"{rec['reported_on']} {rec['object_type']}"]}
                changes |= {k: [None, shown(v)] for k, v in values.items() if v not in ("", None)}
            else:
                changes = {
                    k: [shown(getattr(existing, k)), shown(v)]
                    for k, v in values.items()
                    if getattr(existing, k) != v
                }
                if not changes:
                    unchanged += 1
                    continue
                case = existing
                for k, v in values.items():
                    setattr(case, k, v)
                case.version += 1
                case.save()
            change_record(
                subject=SUBJECT,
                obj_id=case.pk,
                label=household.number,
                changes=changes,
                actor=actor,
                source=Source.IMPORT,
            )
            written += 1
    return written, unchanged


__all__ = ["CASE_COLUMNS", "CasesResult", "cases_import"]
