"""A village's yearly income survey as a workbook (年度收入调查表) for its cadres: one row per
household, last year's survey figures (locked) beside this year's income and guarantee
columns (unlocked, with number checks and 是/否 lists, prefilled when this year's survey is
already on file), and a hidden, locked column with the household's version as exported.

Imported back all or nothing through the registry's one survey writer (`survey_update`): any
bad cell, a household out of the user's reach, or a household changed by someone else since
the export (its version) → nothing written, each problem named by row and column. A row left
blank, or equal to the survey on file, is skipped."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import IO, Any

from django.db import transaction
from django.db.models import Count, OuterRef, QuerySet, Subquery
from django.utils import timezone
from django.utils.translation import gettext as _

from fupin.accounts.scope import scope_of
from fupin.core.errors import FupinError, InvalidInput, RowError, RowErrors
from fupin.core.models import Source
from fupin.exchange import cells
from fupin.exchange.layouts import Column, map_header
from fupin.exchange.readers import read_table_at
from fupin.exchange.titles import Title, place_text, year_text
from fupin.regions.models import Region
from fupin.registry import layout
from fupin.registry.access import households_for
from fupin.registry.models import Household, Member, Survey
from fupin.registry.services import survey_update

INCOME_KEYS = (
    "wage_income",
    "business_income",
    "property_income",
    "transfer_income",
    "business_expense",
)
FLAG_KEYS = ("food_clothing_ok", "education_ok", "medical_ok", "housing_ok", "water_ok")
KEYS = (*INCOME_KEYS, *FLAG_KEYS)
_FIELDS = {f.key: f for f in layout.SURVEY_FIELDS}

REGISTRY_COLUMNS = (
    Column("order", "序号"),
    Column("household", "户编号", required=True),
    Column("head", "户主姓名"),
    Column("members", "家庭人口"),
)
PREVIOUS_COLUMNS = (
    *(Column(f"previous_{k}", f"上年{_FIELDS[k].title}") for k in INCOME_KEYS),
    Column("previous_per_capita", "上年人均纯收入"),
    Column("previous_guarantees", "上年两不愁三保障"),
)
SURVEY_COLUMNS = tuple(Column(k, _FIELDS[k].title) for k in KEYS)
TECHNICAL_COLUMNS = (Column("version", "版本", required=True),)
COLUMNS = (*REGISTRY_COLUMNS, *PREVIOUS_COLUMNS, *SURVEY_COLUMNS, *TECHNICAL_COLUMNS)
YES, NO = "是", "否"


@dataclass
class SurveyImportResult:
    changed: int = 0
    unchanged: int = 0


def _yes_no(flag: bool | None) -> str | None:
    return None if flag is None else YES if flag else NO


def survey_workbook_write(
    out: str | Path | IO[bytes],
    *,
    households: QuerySet[Household],
    village: Region,
    year: int,
    made: dt.date | None = None,
) -> int:
    """Write the survey workbook of `village`'s households among `households` (scoped by
    the caller) for `year`; returns the number of households written."""
    from openpyxl import Workbook

    head = Member.objects.filter(household=OuterRef("pk"), relation="head").values("name")[:1]
    listed = list(
        households.filter(village=village)
        .annotate(head_name=Subquery(head), people=Count("members"))
        .order_by("number")
    )
    surveys = {
        (s.household_id, s.year): s
        for s in Survey.objects.filter(household__in=listed, year__in=(year - 1, year))
    }
    rows = [_row(i, h, surveys, year) for i, h in enumerate(listed, start=1)]
    title = Title(
        what=_("年度收入调查表"),
        made=made or timezone.localdate(),
        place=place_text(village.name, village.code),
        year=year_text(year),
    )
    workbook = Workbook()
    ws = workbook.active
    ws.title = str(year)
    workbook.properties.title = title.text()
    _sheet(ws, title, rows)
    if isinstance(out, str | Path):
        Path(out).parent.mkdir(parents=True, exist_ok=True)
        workbook.save(str(out))
    else:
        workbook.save(out)
    return len(rows)


def _row(order: int, household: Any, surveys: dict, year: int) -> list[Any]:
    previous = surveys.get((household.pk, year - 1))
    current = surveys.get((household.pk, year))
    people = household.people or 1
    before: list[Any] = [None] * len(PREVIOUS_COLUMNS)
    if previous is not None:
        before = [
            *(getattr(previous, k) for k in INCOME_KEYS),
            (previous.net_income / people).quantize(Decimal("0.01")),
            _yes_no(
                None if None in previous.guarantees else all(previous.guarantees)  # type: ignore[arg-type]
            ),
        ]
    now: list[Any] = [None] * len(SURVEY_COLUMNS)
    if current is not None:
        now = [
            *(getattr(current, k) for k in INCOME_KEYS),
            *(_yes_no(getattr(current, k)) for k in FLAG_KEYS),
        ]
    registry = [order, household.number, household.head_name or "", household.people]
    return [*registry, *before, *now, household.version]


def _sheet(ws: Any, title: Title, rows: list[list[Any]]) -> None:
    from openpyxl.styles import Alignment, Font, PatternFill, Protection
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    last = get_column_letter(len(COLUMNS))
    ws.merge_cells(f"A1:{last}1")
    ws["A1"] = title.text()
    ws["A1"].font = Font(bold=True, size=14)
    first = len(REGISTRY_COLUMNS) + len(PREVIOUS_COLUMNS) + 1
    technical = first + len(SURVEY_COLUMNS)
    grey, yellow = PatternFill("solid", fgColor="EEF2F7"), PatternFill("solid", fgColor="FFF4CC")
    for index, column in enumerate(COLUMNS, start=1):
        cell = ws.cell(row=2, column=index, value=column.title)
        cell.font = Font(bold=True)
        cell.fill = yellow if first <= index < technical else grey
        cell.alignment = Alignment(wrap_text=True, vertical="center")
        width = len(column.title.encode("gbk")) + 4
        ws.column_dimensions[get_column_letter(index)].width = max(8, min(24, width))
    unlocked = Protection(locked=False)
    for r, row in enumerate(rows, start=3):
        for c, value in enumerate(row, start=1):
            cell = ws.cell(
                row=r, column=c, value=float(value) if isinstance(value, Decimal) else value
            )
            if isinstance(value, Decimal) or first <= c < first + len(INCOME_KEYS):
                cell.number_format = "0.00"
            if c == 2:
                cell.number_format = "@"
            if first <= c < technical:
                cell.protection = unlocked
    end = max(3, len(rows) + 2)
    money = DataValidation(
        type="decimal",
        operator="greaterThanOrEqual",
        formula1="0",
        allow_blank=True,
        showErrorMessage=True,
        error=_("请填写不小于 0 的金额（元）"),
    )
    flags = DataValidation(
        type="list",
        formula1=f'"{YES},{NO}"',
        allow_blank=True,
        showErrorMessage=True,
        error=_("请从列表中选择 是 或 否"),
    )
    # a business may run at a loss: its income may be negative, as the registry takes it
    signed = DataValidation(
        type="decimal",
        operator="greaterThanOrEqual",
        formula1="-1000000000",
        allow_blank=True,
        showErrorMessage=True,
        error=_("请填写金额（元）"),
    )
    for offset, key in enumerate(KEYS):
        letter = get_column_letter(first + offset)
        target = flags if key in FLAG_KEYS else signed if key == "business_income" else money
        target.add(f"{letter}3:{letter}{end}")
    for validation in (money, signed, flags):
        ws.add_data_validation(validation)
    ws.column_dimensions[get_column_letter(technical)].hidden = True
    ws.freeze_panes = "C3"
    ws.protection.sheet = True  # no password: it guards against slips
    ws.protection.formatColumns = False
    ws.protection.formatRows = False
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_title_rows = "1:2"
    ws.oddFooter.center.text = title.footer().removeprefix("&C")


def survey_workbook_import(
    *, path: str | Path, year: int, actor: Any, source: str = Source.IMPORT
) -> SurveyImportResult:
    """Import a filled survey workbook for `year` as `actor`, all or nothing (RowErrors)."""
    table = read_table_at(path, COLUMNS)
    positions = map_header(table.header, COLUMNS, row=table.header_row)
    errors: list[RowError] = []
    parsed: list[tuple[int, str, int, dict[str, Any]]] = []
    for number, raw in enumerate(table.rows, start=table.header_row + 1):
        if all(cells.is_blank(c) for c in raw):
            continue
        row = _parse(number, raw, positions, errors)
        if row is not None:
            parsed.append(row)
    if not scope_of(actor).can_edit_registry and parsed:
        raise RowErrors([RowError(parsed[0][0], "", _("您的角色不能修改建档立卡数据"))])
    reach = {h.number: h for h in households_for(actor).filter(number__in=[p[1] for p in parsed])}
    stored = {
        s.household_id: s for s in Survey.objects.filter(household__in=reach.values(), year=year)
    }
    result = SurveyImportResult()
    todo = []
    for number, household_number, version, values in parsed:
        household = reach.get(household_number)
        if household is None:
            errors.append(
                RowError(number, "户编号", _("您的区域内没有这个户编号"), household_number)
            )
        elif not values or _same(stored.get(household.pk), values):
            result.unchanged += 1
        else:
            todo.append((number, household, version, values))
    if errors:
        raise RowErrors(errors)
    with transaction.atomic():
        for number, household, version, values in todo:
            try:
                survey_update(
                    household=household,
                    year=year,
                    values=values,
                    expected_version=version,
                    actor=actor,
                    source=source,
                )
            except FupinError as exc:
                column = "版本" if exc.code == "conflict" else ""
                errors.append(RowError(number, column, exc.message, household.number))
        if errors:
            transaction.set_rollback(True)
    if errors:
        raise RowErrors(errors)
    result.changed = len(todo)
    return result


def _parse(
    number: int, raw: Any, positions: dict[str, int], errors: list[RowError]
) -> tuple[int, str, int, dict[str, Any]] | None:
    def cell(key: str) -> Any:
        index = positions.get(key)
        value = raw[index] if index is not None and index < len(raw) else None
        return None if cells.is_blank(value) else value

    before = len(errors)
    household = cell("household")
    if household is None:
        errors.append(RowError(number, "户编号", "required value is empty"))
    version = None
    try:
        version = cells.integer(cell("version"), low=1) if cell("version") is not None else None
    except ValueError as exc:
        errors.append(RowError(number, "版本", str(exc), cells.text(cell("version"))))
    if version is None and len(errors) == before:
        errors.append(RowError(number, "版本", "required value is empty"))
    values: dict[str, Any] = {}
    for key in KEYS:
        value = cell(key)
        if value is None:
            continue
        try:
            values[key] = _FIELDS[key].parse(value)
        except (ValueError, InvalidInput) as exc:
            message = getattr(exc, "message", str(exc))
            errors.append(RowError(number, _FIELDS[key].title, message, cells.text(value)))
            continue
    if len(errors) > before or household is None or version is None:
        return None
    return number, cells.code_text(household), version, values


def _same(survey: Survey | None, values: dict[str, Any]) -> bool:
    return survey is not None and all(getattr(survey, k) == v for k, v in values.items())
