"""Writes of the monitoring app: the monitoring ranges regions set per year."""

from __future__ import annotations

import functools
import operator
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.db import transaction
from django.db.models import Q

from fupin.accounts.scope import Scope
from fupin.core.errors import FieldInvalid, InvalidInput, RowError, RowErrors
from fupin.core.history import change_record
from fupin.core.models import Source
from fupin.exchange import cells
from fupin.exchange.columns import Column
from fupin.exchange.layouts import map_header
from fupin.exchange.readers import read_table_at
from fupin.monitoring.enums import Confidence
from fupin.monitoring.models import MonitoringRange
from fupin.policy.errors import PolicyError
from fupin.policy.regimes import load_regime, regime_for_year
from fupin.regions.codes import clean_code
from fupin.regions.enums import Level
from fupin.regions.models import Region
from fupin.regions.selectors import resolve_codes

RANGE_COLUMNS = (
    Column("code", "行政区划代码", required=True),
    Column("year", "年度", required=True),
    Column("amount", "监测范围", required=True),
    Column("basis", "依据"),
    Column("source", "来源"),
    Column("confidence", "可信度"),
)
_TITLES = {c.key: c.title for c in RANGE_COLUMNS}
_CONFIDENCE = {
    **{value: value for value in Confidence.values},
    **{str(label): value for value, label in Confidence.choices},
    "已确认": "C",
    "单一来源": "W",
    "未确认": "U",
}
_LIMITS = {"basis": 300, "source": 300}


@dataclass
class RangesResult:
    written: int = 0
    skipped: int = 0
    errors: list[RowError] = field(default_factory=list)


def monitoring_ranges_import(
    *, path: str | Path, mode: str = "strict", actor: Any = None, scope: Scope | None = None
) -> RangesResult:
    """Import monitoring ranges: 行政区划代码 · 年度 · 监测范围 · 依据 · 来源 [· 可信度].

    Every row is checked first (an existing region, a year a monitoring regime covers, a
    positive amount in yuan); strict: any invalid row → nothing written, RowErrors raised;
    skip-invalid: the valid rows are written, the others returned as errors. A region's range
    of a year is replaced (with a history row); importing the same file again changes
    nothing. With a `scope` (the importing office's), a region outside it is a row error."""
    header, rows, header_row = read_table_at(path, RANGE_COLUMNS)
    positions = map_header(header, RANGE_COLUMNS, row=header_row)
    parsed: list[tuple[int, dict[str, Any]]] = []
    errors: list[RowError] = []
    for number, row in enumerate(rows, start=header_row + 1):
        if all(cells.is_blank(c) for c in row):
            continue
        record, row_errors = _parse(number, row, positions)
        errors.extend(row_errors)
        if not row_errors:
            parsed.append((number, record))
    resolved = resolve_codes(sorted({rec["code"] for _, rec in parsed}))
    seen: dict[tuple[str, int], int] = {}
    good: list[dict[str, Any]] = []
    for number, rec in parsed:
        stored = resolved.get(rec["code"])
        if stored is None:
            errors.append(RowError(number, _TITLES["code"], "no such region", rec["code"]))
            continue
        if scope is not None and not scope.covers(stored):
            errors.append(
                RowError(number, _TITLES["code"], "region outside your regions", rec["code"])
            )
            continue
        key = (stored, rec["year"])
        if key in seen:
            errors.append(
                RowError(
                    number, _TITLES["year"], f"region and year already given on row {seen[key]}"
                )
            )
            continue
        seen[key] = number
        good.append({**rec, "code": stored})
    if errors and mode == "strict":
        raise RowErrors(errors)
    written = _write(good, actor)
    ranges_evaluations_refresh({(rec["code"], rec["year"]) for rec in good})
    return RangesResult(written=written, skipped=len({e.row for e in errors}), errors=errors)


def monitoring_range_set(*, values: dict[str, Any], actor: Any, scope: Scope | None) -> bool:
    """Set one region's range of a year from a form (code, year, amount, basis, source,
    confidence), checked as an imported row is; FieldInvalid naming the field otherwise.
    The stored evaluations of that year under the region are brought up to date. False when
    nothing changed."""
    record: dict[str, Any] = {}
    for column in RANGE_COLUMNS:
        raw = values.get(column.key)
        if cells.is_blank(raw):
            if column.required:
                raise FieldInvalid(column.key, "required value is empty")
            record[column.key] = "C" if column.key == "confidence" else ""
            continue
        try:
            record[column.key] = _value(column.key, raw)
        except (ValueError, InvalidInput, PolicyError) as exc:
            message = exc.message if isinstance(exc, InvalidInput) else str(exc)
            raise FieldInvalid(column.key, message) from exc
    stored = resolve_codes([record["code"]]).get(record["code"])
    if stored is None:
        raise FieldInvalid("code", "no such region")
    if scope is not None and not scope.covers(stored):
        raise FieldInvalid("code", "region outside your regions")
    changed = monitoring_range_save(
        record={**record, "code": stored}, actor=actor, origin=Source.FORM
    )
    if changed:
        ranges_evaluations_refresh({(stored, record["year"])})
    return changed


def ranges_evaluations_refresh(changed: set[tuple[str, int]]) -> int:
    """Evaluate again, for each changed (region, year) whose year has stored results, the
    households of the villages under the region: a new range changes who is at risk.
    Returns the households evaluated."""
    from fupin.registry.evaluations import evaluated_years, evaluation_store_villages

    stored_years = evaluated_years()
    done = 0
    for year in sorted({year for _, year in changed} & stored_years):
        prefixes = sorted({code for code, y in changed if y == year})
        villages = Region.objects.filter(level=Level.VILLAGE).filter(
            functools.reduce(operator.or_, (Q(code__startswith=p) for p in prefixes))
        )
        codes = list(villages.values_list("code", flat=True))
        if codes:
            done += evaluation_store_villages(year=year, villages=codes)["households"]
    return done


def _parse(
    number: int, row: list[Any], positions: dict[str, int]
) -> tuple[dict[str, Any], list[RowError]]:
    values: dict[str, Any] = {}
    errors: list[RowError] = []
    for column in RANGE_COLUMNS:
        index = positions.get(column.key)
        raw = row[index] if index is not None and index < len(row) else None
        if cells.is_blank(raw):
            if column.required:
                errors.append(RowError(number, column.title, "required value is empty"))
            values[column.key] = "C" if column.key == "confidence" else ""
            continue
        try:
            values[column.key] = _value(column.key, raw)
        except (ValueError, InvalidInput, PolicyError) as exc:
            errors.append(RowError(number, column.title, str(exc), cells.text(raw)))
    return values, errors


def _value(key: str, raw: Any) -> Any:
    if key == "code":
        return clean_code(raw)
    if key == "year":
        return range_year_checked(cells.year(raw))
    if key == "amount":
        amount = cells.yuan(raw)
        if amount <= 0:
            raise ValueError("must be more than 0")
        return amount
    if key == "confidence":
        return cells.choice(raw, _CONFIDENCE)
    text = cells.text(raw)
    if len(text) > _LIMITS[key]:
        raise ValueError(f"longer than {_LIMITS[key]} characters")
    return text


def range_year_checked(year: int) -> int:
    """The year, if a monitoring regime is in force in it; ValueError otherwise."""
    try:
        monitoring = load_regime(regime_for_year(year)).monitoring
    except PolicyError:
        monitoring = False
    if not monitoring:
        raise ValueError(f"no monitoring regime covers {year}")
    return year


_FIELDS = ("amount", "basis", "source", "confidence")


def _write(records: list[dict[str, Any]], actor: Any) -> int:
    """Create or replace each region's range of a year, in one transaction; returns the
    rows that changed."""
    with transaction.atomic():
        return sum(
            monitoring_range_save(record=rec, actor=actor, origin=Source.IMPORT) for rec in records
        )


def monitoring_range_save(*, record: dict[str, Any], actor: Any, origin: str) -> bool:
    """Set the range of region `record["code"]` (a stored code) for `record["year"]`
    (amount, basis, source, confidence), with a history row; False when nothing changed."""
    with transaction.atomic():
        current = (
            MonitoringRange.objects.select_for_update()
            .filter(region_id=record["code"], year=record["year"])
            .first()
        )
        before = {f: getattr(current, f) for f in _FIELDS} if current else {}
        after = {f: record[f] for f in _FIELDS}
        if before == after:
            return False
        if current is None:
            current = MonitoringRange(region_id=record["code"], year=record["year"])
        for name, value in after.items():
            setattr(current, name, value)
        current.save()
        change_record(
            subject="monitoring_range",
            obj_id=current.pk,
            label=f"{record['code']} {record['year']}",
            changes={
                f: [_shown(before.get(f)), _shown(after[f])]
                for f in _FIELDS
                if before.get(f) != after[f]
            },
            actor=actor,
            source=origin,
        )
    return True


def _shown(value: Any) -> Any:
    return str(value) if isinstance(value, Decimal) else value


__all__ = [
    "RANGE_COLUMNS",
    "RangesResult",
    "monitoring_range_save",
    "monitoring_range_set",
    "monitoring_ranges_import",
    "range_year_checked",
    "ranges_evaluations_refresh",
]
