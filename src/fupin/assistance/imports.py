"""Imports of units, pairings, pledges and ledger entries (DESIGN.md "Assistance work on the
command line"): Chinese header first, English name accepted; every row validated first;
strict writes nothing when a row is wrong, skip-invalid writes the valid rows."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.db import transaction
from django.utils import timezone

from fupin.assistance import services
from fupin.assistance.enums import PairingKind, UnitKind
from fupin.assistance.ledger_file import LEDGER_COLUMNS, ledger_file_check
from fupin.assistance.models import Indicator, Unit
from fupin.assistance.selectors import indicator_allowed
from fupin.core.errors import RowError
from fupin.core.identifiers import credit_code
from fupin.core.money import parse_yuan
from fupin.exchange import cells
from fupin.exchange.layouts import Column
from fupin.exchange.records import Records, errors_raise_if_strict, mode_check, records_read
from fupin.regions.codes import clean_code
from fupin.regions.selectors import resolve_codes

UNIT_COLUMNS = (
    Column("name", "单位名称", required=True),
    Column("code", "统一社会信用代码", required=True),
    Column("parent_code", "上级单位信用代码"),
    Column("kind", "单位类型"),
)
PAIRING_COLUMNS = (
    Column("unit_code", "单位信用代码", required=True),
    Column("region_code", "行政区划代码", required=True),
    Column("kind", "帮扶类型", required=True),
    Column("start", "开始日期", required=True),
    Column("end", "结束日期"),
)
PLEDGE_COLUMNS = (
    Column("unit_code", "单位信用代码", required=True),
    Column("year", "年度", required=True),
    Column("indicator", "指标", required=True),
    Column("target", "目标值", required=True),
    Column("region_code", "行政区划代码"),
)


def _labels(choices: Any) -> dict[str, str]:
    labels = {str(label): value for value, label in choices.choices}
    labels.update({value: value for value in choices.values})
    return labels


PAIRING_KINDS = _labels(PairingKind)
UNIT_KINDS = _labels(UnitKind)


@dataclass
class ImportResult:
    rows: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    skipped: int = 0
    errors: list[RowError] = field(default_factory=list)
    warnings: list[RowError] = field(default_factory=list)

    def text(self, what: str) -> str:
        return (
            f"{what}: {self.created:,} created, {self.updated:,} updated, "
            f"{self.unchanged:,} unchanged, {self.skipped:,} invalid rows skipped"
        )


def _result(records: Records) -> ImportResult:
    return ImportResult(
        rows=len(records.rows),
        skipped=len(records.bad_rows),
        errors=records.errors,
        warnings=records.warnings,
    )


def _error(records: Records, row: int, column: Column, reason: str, value: Any = "") -> None:
    shown = "" if value is None else str(value)
    records.errors.append(RowError(row, column.title, reason, shown))


def _col(columns: tuple[Column, ...], key: str) -> Column:
    return next(c for c in columns if c.key == key)


def _units_by_code(codes: set[str]) -> dict[str, Unit]:
    return {u.credit_code: u for u in Unit.objects.filter(credit_code__in=codes)}


def _regions(records: Records, columns: tuple[Column, ...]) -> dict[str, str]:
    """Resolve the rows' region codes to stored ones; an unknown code is the row's error."""
    typed = {str(v["region_code"]) for _, v in records.rows if v.get("region_code")}
    resolved = resolve_codes(sorted(typed))
    column = _col(columns, "region_code")
    for number, values in records.rows:
        code = values.get("region_code")
        if code and code not in resolved:
            _error(records, number, column, "no such region", code)
    return resolved


# units ---------------------------------------------------------------------------------


def units_import(*, path: str | Path, mode: str = "strict", actor: Any = None) -> ImportResult:
    """单位名称 name · 统一社会信用代码 code · 上级单位信用代码 parent_code (in the file or
    stored). A unit given twice, an unknown parent or a cycle is the row's error."""
    mode_check(mode)
    records = records_read(
        path,
        UNIT_COLUMNS,
        {
            "code": credit_code,
            "parent_code": credit_code,
            "kind": lambda c: cells.choice(c, UNIT_KINDS),
        },
    )
    first: dict[str, int] = {}
    for number, values in records.rows:
        code = values["code"]
        if code is None:
            continue
        if code in first:
            _error(
                records, number, UNIT_COLUMNS[1], f"unit already given on row {first[code]}", code
            )
        else:
            first[code] = number
        if values["parent_code"] == code:
            _error(records, number, UNIT_COLUMNS[2], "a unit is not its own parent", code)
    parents = {v["code"]: v["parent_code"] for _, v in records.rows if v["code"]}
    stored_parent = dict(Unit.objects.values_list("credit_code", "parent__credit_code"))
    for number, values in records.rows:
        parent = values["parent_code"]
        if parent and parent not in parents and parent not in stored_parent:
            _error(records, number, UNIT_COLUMNS[2], "no such unit in the file or stored", parent)
        elif values["code"] and _cycle(values["code"], parents, stored_parent):
            _error(records, number, UNIT_COLUMNS[2], "the parents form a cycle", parent)
    errors_raise_if_strict(records, mode)
    bad = records.bad_rows
    good = [dict(values) for number, values in records.rows if number not in bad]
    good_codes = {v["code"] for v in good}
    for values in good:  # a parent on an invalid row is not written: keep the stored link
        parent = values["parent_code"]
        if parent and parent not in good_codes and parent not in stored_parent:
            values["parent_code"] = stored_parent.get(values["code"])
    result = _result(records)
    result.created, result.updated = services.units_save(good, actor=actor)
    result.unchanged = len(good) - result.created - result.updated
    return result


def _cycle(code: str, parents: dict[str, str | None], stored: dict[str, str | None]) -> bool:
    seen = {code}
    current = parents.get(code)
    while current:
        if current in seen:
            return True
        seen.add(current)
        current = parents[current] if current in parents else stored.get(current)
    return False


# pairings ------------------------------------------------------------------------------


def pairings_import(*, path: str | Path, mode: str = "strict", actor: Any = None) -> ImportResult:
    """单位信用代码 unit_code · 行政区划代码 region_code · 帮扶类型 kind · 开始日期 start ·
    结束日期 end. The same unit, region, kind and start again sets the end."""
    mode_check(mode)
    records = records_read(
        path,
        PAIRING_COLUMNS,
        {
            "unit_code": credit_code,
            "region_code": clean_code,
            "kind": lambda c: cells.choice(c, PAIRING_KINDS),
            "start": cells.date,
            "end": cells.date,
        },
    )
    units = _units_by_code({v["unit_code"] for _, v in records.rows if v["unit_code"]})
    regions = _regions(records, PAIRING_COLUMNS)
    seen: dict[tuple[Any, ...], int] = {}
    for number, values in records.rows:
        if values["unit_code"] and values["unit_code"] not in units:
            _error(records, number, PAIRING_COLUMNS[0], "no such unit", values["unit_code"])
        if values["start"] and values["end"] and values["end"] < values["start"]:
            _error(records, number, PAIRING_COLUMNS[4], "ends before it starts", values["end"])
        key = (
            values["unit_code"],
            regions.get(values["region_code"]),
            values["kind"],
            values["start"],
        )
        if all(key) and key in seen:
            _error(records, number, PAIRING_COLUMNS[3], f"pairing already given on row {seen[key]}")
        seen.setdefault(key, number)
    errors_raise_if_strict(records, mode)
    bad = records.bad_rows
    good = [
        {
            "unit": units[v["unit_code"]],
            "region": regions[v["region_code"]],
            "kind": v["kind"],
            "start": v["start"],
            "end": v["end"],
        }
        for number, v in records.rows
        if number not in bad
    ]
    result = _result(records)
    result.created, result.updated = services.pairings_save(good, actor=actor)
    result.unchanged = len(good) - result.created - result.updated
    return result


# pledges -------------------------------------------------------------------------------


def indicators_by_name() -> dict[str, Indicator]:
    """Indicators by code, Chinese name and English name (any case). A code wins over a name
    and a standard indicator over a unit's own, so that no unit's indicator can stand in for
    another's by its name."""
    out: dict[str, Indicator] = {}
    indicators = sorted(Indicator.objects.all(), key=lambda i: (i.standard, i.pk))
    for fields in (("name_en", "name"), ("code",)):
        for indicator in indicators:
            for attribute in fields:
                key = getattr(indicator, attribute)
                if key:
                    out[key] = indicator
                    out[key.lower()] = indicator
    return out


def _indicator(indicators: dict[str, Indicator]) -> Any:
    def parse(cell: Any) -> Indicator:
        text = cells.text(cell)
        found = indicators.get(text) or indicators.get(text.lower())
        if found is None:
            raise ValueError("unknown indicator (use its code or Chinese name)")
        return found

    return parse


def _outside(records: Records, column: Column, units: dict[str, Unit], scope: Any) -> None:
    """With a scope (imports started from the web): a row of a unit the user may not write
    is the row's error."""
    if scope is None:
        return
    for number, values in records.rows:
        unit = units.get(values.get("unit_code") or "")
        if unit is not None and not _writable(scope, unit):
            _error(records, number, column, "unit outside your units", unit.credit_code)


def _writable(scope: Any, unit: Unit) -> bool:
    return bool(scope.can_edit_assistance and scope.covers_unit(unit.path))


def pledges_import(
    *, path: str | Path, mode: str = "strict", actor: Any = None, scope: Any = None
) -> ImportResult:
    """单位信用代码 unit_code · 年度 year · 指标 indicator · 目标值 target (· 行政区划代码
    region_code, the counterpart). A subsidiary's pledge becomes a part of its parent unit's
    pledge of the year."""
    mode_check(mode)
    indicators = indicators_by_name()
    records = records_read(
        path,
        PLEDGE_COLUMNS,
        {
            "unit_code": credit_code,
            "year": cells.year,
            "indicator": _indicator(indicators),
            "target": parse_yuan,
            "region_code": clean_code,
        },
    )
    units = _units_by_code({v["unit_code"] for _, v in records.rows if v["unit_code"]})
    regions = _regions(records, PLEDGE_COLUMNS)
    _outside(records, PLEDGE_COLUMNS[0], units, scope)
    seen: dict[tuple[Any, ...], int] = {}
    for number, values in records.rows:
        if values["unit_code"] and values["unit_code"] not in units:
            _error(records, number, PLEDGE_COLUMNS[0], "no such unit", values["unit_code"])
        unit, indicator = units.get(values["unit_code"]), values["indicator"]
        if unit is not None and indicator is not None and not indicator_allowed(unit, indicator):
            reason = f"indicator {indicator.code} belongs to another unit"
            _error(records, number, PLEDGE_COLUMNS[2], reason, indicator.code)
        if values["target"] is not None and values["indicator"] is not None:
            try:
                values["target"] = services.amount_check(values["indicator"], values["target"])
            except ValueError as exc:
                _error(records, number, PLEDGE_COLUMNS[3], str(exc), values["target"])
            else:
                if values["target"] < 0:
                    _error(records, number, PLEDGE_COLUMNS[3], "must not be negative")
        key = (
            values["unit_code"],
            values["year"],
            values["indicator"],
            regions.get(values["region_code"] or ""),
        )
        if all(k is not None for k in key[:3]):
            if key in seen:
                _error(
                    records, number, PLEDGE_COLUMNS[2], f"target already given on row {seen[key]}"
                )
            seen.setdefault(key, number)
    errors_raise_if_strict(records, mode)
    bad = records.bad_rows
    grouped: dict[tuple[Unit, int, str | None], dict[Indicator, Decimal]] = {}
    for number, v in records.rows:
        if number in bad:
            continue
        region = regions.get(v["region_code"]) if v["region_code"] else None
        grouped.setdefault((units[v["unit_code"]], v["year"], region), {})[v["indicator"]] = v[
            "target"
        ]
    result = _result(records)
    with transaction.atomic():
        # parents first, so that a subsidiary's pledge finds the pledge it is a part of
        for (unit, year, region), targets in sorted(
            grouped.items(), key=lambda item: (item[0][0].path.count("/"), item[0][1])
        ):
            pledge = services.pledge_get_or_create(unit=unit, year=year, region=region, actor=actor)
            stored = {t.indicator_id: t.value for t in pledge.targets.all()}
            changed = services.targets_set(pledge=pledge, values=targets, actor=actor)
            new = sum(1 for i in targets if i.pk not in stored)
            result.created += new
            result.updated += changed - new
            result.unchanged += len(targets) - changed
    return result


# ledger --------------------------------------------------------------------------------


def ledger_import(
    *,
    path: str | Path,
    mode: str = "strict",
    actor: Any = None,
    job: str = "",
    scope: Any = None,
) -> ImportResult:
    """编号 entry_id · 单位信用代码 unit_code · 日期 date · 指标 indicator · 数值 amount ·
    行政区划代码 region_code · 项目 project · 凭证 evidence · 冲销 reverses · 例外原因 reason ·
    跨年度冲销 other_year.

    An entry is never edited: the same entry again is unchanged, with other values an error.
    Its region is one its unit's tree is paired with, unless 例外原因 allows another
    (`ledger_rules`). A reversing row names the entry it reverses (stored or earlier in the
    file); its amount is that entry's negated (given or left blank), its unit and indicator
    the same, its date that entry's when left blank (another year only with 跨年度冲销 是).
    The file is checked column by column (`ledger_file`), then written in bulk. When another
    import wrote some of its entries between the check and the write (the same file imported
    twice at once), the file is checked again against them, once: the same entries are then
    unchanged, other values at the same numbers the rows' errors."""
    mode_check(mode)
    try:
        return _ledger_import_once(path=path, mode=mode, actor=actor, job=job, scope=scope)
    except services.Conflict:
        return _ledger_import_once(path=path, mode=mode, actor=actor, job=job, scope=scope)


def _ledger_import_once(
    *, path: str | Path, mode: str, actor: Any, job: str, scope: Any
) -> ImportResult:
    checked = ledger_file_check(
        path=path,
        indicator=_indicator(indicators_by_name()),
        today=timezone.localdate(),
        writable=None if scope is None else (lambda unit: _writable(scope, unit)),
    )
    errors_raise_if_strict(Records(errors=checked.errors, warnings=checked.warnings), mode)
    result = ImportResult(
        rows=checked.rows,
        unchanged=checked.unchanged,
        skipped=checked.bad_rows,
        errors=checked.errors,
        warnings=checked.warnings,
    )
    written = set(checked.entries["entry_id"].to_pylist()) if checked.reversals else set()
    reversals = []
    for number, reversal in checked.reversals:
        if reversal["reverses"] not in checked.stored and reversal["reverses"] not in written:
            # its entry was on an invalid row (skip-invalid)
            result.errors.append(
                RowError(
                    number,
                    _col(LEDGER_COLUMNS, "reverses").title,
                    "the reversed entry was not written",
                )
            )
            result.skipped += 1
            continue
        reversals.append(reversal)
    result.created = services.ledger_entries_add(
        entries=checked.entries, reversals=reversals, actor=actor, job=job
    )
    return result
