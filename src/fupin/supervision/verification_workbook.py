"""The verification workbook (入户核查表): a campaign's sampled households for offline field
work, one row each, exported per evaluator (or for a county, or the whole campaign) and
imported back by :mod:`fupin.supervision.verification_imports`.

Left, the registry's figures as they stood at the draw (locked); right, the verdict columns,
prefilled with the verdict held, each with a drop-down list or a number/date check (the only
unlocked cells of a sheet protected without a password); far right, hidden and locked, the
sample's id, the verdict's version the row was exported with and a digest of the exported
verdict: the import tells a row the evaluator changed from one left as it was by that digest,
and a change made meanwhile by someone else by the version. A second sheet, 填写说明, says how
to fill each column. Headers are Chinese (the import also accepts the English column keys)."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Iterable, Mapping, Sequence
from decimal import Decimal
from pathlib import Path
from typing import IO, Any

from django.db.models import OuterRef, QuerySet, Subquery
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from fupin.exchange.layouts import Column
from fupin.exchange.titles import Title, place_text, year_text
from fupin.policy.errors import PolicyError
from fupin.registry.enums import Status
from fupin.registry.models import Member
from fupin.supervision.enums import Approval, HouseholdStratum, VillageStratum
from fupin.supervision.models import Campaign, SampleHousehold, Verdict
from fupin.supervision.verification.verdicts import found_poor

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
YES, NO = "是", "否"

#: the registry's figures, read-only
REGISTRY_COLUMNS = (
    Column("order", "序号"),
    Column("county", "县"),
    Column("township", "乡镇"),
    Column("village", "村"),
    Column("village_stratum", "村类型"),
    Column("household", "户编号"),
    Column("head", "户主姓名"),
    Column("stratum", "农户类型"),
    Column("members", "家庭人口"),
    Column("registry_income", "系统人均纯收入"),
    Column("registry_status", "系统状态"),
    Column("registry_guarantees", "两不愁三保障"),
)
#: what the evaluator fills in (the keys are Verdict's fields)
VERDICT_COLUMNS = (
    Column("income_found", "核实人均纯收入"),
    Column("food_clothing_ok", "吃穿不愁"),
    Column("education_ok", "义务教育有保障"),
    Column("medical_ok", "基本医疗有保障"),
    Column("housing_ok", "住房安全有保障"),
    Column("water_ok", "饮水安全有保障"),
    Column("wrongly_exited", "错退"),
    Column("omitted", "漏评"),
    Column("approval", "群众认可度"),
    Column("visited_on", "入户日期"),
    Column("note", "说明"),
)
#: hidden and locked: which sample, the version exported and the digest of the exported verdict
TECHNICAL_COLUMNS = (
    Column("sample_id", "样本编号", required=True),
    Column("version", "版本", required=True),
    Column("digest", "校验码"),
)
COLUMNS = (*REGISTRY_COLUMNS, *VERDICT_COLUMNS, *TECHNICAL_COLUMNS)
FLAG_FIELDS = ("food_clothing_ok", "education_ok", "medical_ok", "housing_ok", "water_ok")
STATED_FIELDS = ("wrongly_exited", "omitted")  # blank: follows from the figures
APPROVAL_LABELS = {value: str(label) for value, label in Approval.choices}

SHEET = gettext_noop("入户核查")
HELP_SHEET = gettext_noop("填写说明")
#: the filling notes: the columns (first and last of a run) and what goes in them
HELP = (
    (
        ("order", "registry_guarantees"),
        gettext_noop("抽样时建档立卡系统中的数据，只读，不能修改。"),
    ),
    (
        ("income_found",),
        gettext_noop("入户核实的家庭人均纯收入（元/人·年），不小于 0 的数字；不清楚时留空。"),
    ),
    (
        ("food_clothing_ok", "water_ok"),
        gettext_noop("从下拉列表选择 是 或 否；未核实的项目留空。"),
    ),
    (
        ("wrongly_exited",),
        gettext_noop(
            "仅已脱贫户：是/否；留空时按核实结果判断（人均纯收入低于当年贫困线，"
            "或两不愁三保障、饮水安全有一项为否，即为错退）。"
        ),
    ),
    (("omitted",), gettext_noop("仅非建档立卡户：是/否；留空时按核实结果判断（同上）。")),
    (
        ("approval",),
        gettext_noop("从下拉列表选择 认可、不认可 或 说不清；未询问时留空。"),
    ),
    (
        ("visited_on",),
        gettext_noop("填写了评估结论的行必填，格式 YYYY-MM-DD，不得晚于导入当天。"),
    ),
    (("note",), gettext_noop("需要说明的情况。")),
    (
        ("sample_id", "version", "digest"),
        gettext_noop(
            "隐藏的技术列，请勿修改或删除：导入时据此找到样本户，并判断导出后是否有他人修改过"
            "该户的评估结论（如有，导入时列出双方的结论供选择）。"
        ),
    ),
    (
        (),
        gettext_noop(
            "一个文件全部行检查通过才写入；任一行有错误则不写入任何数据，并列出出错的行和列。"
            "未修改的行不写入。只能导入分配给您的样本户。"
        ),
    ),
)
_BY_KEY = {c.key: c for c in COLUMNS}


def english() -> bool:
    """Whether the active language is English: the headers are then the columns' English
    keys (the import takes either)."""
    return (translation.get_language() or "").startswith("en")


def header_text(column: Column) -> str:
    return column.key if english() else column.title


def samples_listed(samples: QuerySet[SampleHousehold]) -> QuerySet[SampleHousehold]:
    """The rows of a workbook: `samples` (already scoped by verification_access) with what
    they show, county by county in the sample's order."""
    head = Member.objects.filter(household=OuterRef("household_id"), relation="head").values(
        "name"
    )[:1]
    return (
        samples.select_related(
            "campaign_county__campaign",
            "campaign_county__county",
            "sample_village__village__parent",
            "household",
            "verdict",
        )
        .annotate(head_name=Subquery(head))
        .order_by("campaign_county__county_id", "order", "pk")
    )


def exported_values(sample: SampleHousehold, verdict: Verdict | None) -> dict[str, Any]:
    """What a row's verdict cells hold: the verdict held, 错退 and 漏评 blank where they follow
    from the figures (so that a changed income decides them again)."""
    if verdict is None:
        return {c.key: None for c in VERDICT_COLUMNS}
    values: dict[str, Any] = {
        "income_found": verdict.income_found,
        **{name: getattr(verdict, name) for name in FLAG_FIELDS},
        "approval": verdict.approval or None,
        "visited_on": verdict.visited_on,
        "note": verdict.note or None,
    }
    try:
        poor = found_poor(sample, values)
    except PolicyError:  # pragma: no cover - a campaign's regime always has its line
        poor = None
    for name, stratum in zip(
        STATED_FIELDS, (HouseholdStratum.EXITED, HouseholdStratum.NON_REGISTERED), strict=True
    ):
        held = getattr(verdict, name)
        follows = bool(poor) and sample.stratum == stratum
        values[name] = None if held == follows else held
    return values


def values_digest(values: Mapping[str, Any]) -> str:
    """A short digest of a row's verdict cells as parsed (the same at export and import)."""
    shown = {}
    for column in VERDICT_COLUMNS:
        value = values.get(column.key)
        if isinstance(value, Decimal):
            value = str(value.quantize(Decimal("0.01")))
        elif isinstance(value, dt.date):
            value = value.isoformat()
        elif value == "":
            value = None
        shown[column.key] = value
    text = json.dumps(shown, sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def _yes_no(flag: bool | None) -> str | None:
    return None if flag is None else YES if flag else NO


def _row(sample: SampleHousehold) -> tuple[list[Any], dict[str, Any]]:
    verdict = getattr(sample, "verdict", None)
    village = sample.sample_village.village
    township = village.parent
    values = exported_values(sample, verdict)
    status = dict(Status.choices).get(sample.registry_status, sample.registry_status)
    registry = [
        sample.order,
        sample.campaign_county.county.name,
        township.name if township else "",
        village.name,
        str(VillageStratum(sample.sample_village.stratum).label),
        sample.household.number,
        getattr(sample, "head_name", None) or "",
        str(HouseholdStratum(sample.stratum).label),
        sample.members,
        sample.per_capita_income,
        str(status) if status else "",
        _yes_no(sample.guarantees_met),
    ]
    found = [
        values["income_found"],
        *(_yes_no(values[name]) for name in FLAG_FIELDS),
        *(_yes_no(values[name]) for name in STATED_FIELDS),
        APPROVAL_LABELS.get(values["approval"] or ""),
        values["visited_on"],
        values["note"],
    ]
    technical = [sample.pk, verdict.version if verdict else 0, values_digest(values)]
    return [*registry, *found, *technical], values


def workbook_title(campaign: Campaign, *, place: str = "", made: dt.date | None = None) -> Title:
    return Title(
        what=_("%(campaign)s 入户核查表") % {"campaign": campaign.name},
        made=made or timezone.localdate(),
        place=place,
        year=year_text(campaign.year),
    )


def workbook_place(campaign: Campaign, *, county: Any = None, evaluator: Any = None) -> str:
    """The title's place: the county, or the evaluator's name, or the campaign's counties."""
    if county is not None:
        return place_text(county.name, county.code)
    if evaluator is not None:
        return _("评估人员 %(name)s") % {"name": evaluator.get_full_name() or evaluator.username}
    return ""


def workbook_write(
    out: str | Path | IO[bytes],
    *,
    campaign: Campaign,
    samples: QuerySet[SampleHousehold],
    place: str = "",
    made: dt.date | None = None,
) -> int:
    """Write the workbook of `samples` (scoped by the caller) to `out` (a path or a binary
    file); returns the number of households written."""
    from openpyxl import Workbook

    workbook = Workbook()
    ws = workbook.active
    ws.title = _(SHEET)
    title = workbook_title(campaign, place=place, made=made)
    workbook.properties.title = title.text()
    rows = [_row(s)[0] for s in samples_listed(samples)]
    _sheet(ws, title, rows, campaign)
    _help_sheet(workbook.create_sheet(_(HELP_SHEET)), title)
    if isinstance(out, str | Path):
        Path(out).parent.mkdir(parents=True, exist_ok=True)
        workbook.save(str(out))
    else:
        workbook.save(out)
    return len(rows)


def _sheet(ws: Any, title: Title, rows: Sequence[Sequence[Any]], campaign: Campaign) -> None:
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Protection, Side
    from openpyxl.utils import get_column_letter

    width = len(COLUMNS)
    last = get_column_letter(width)
    ws.merge_cells(f"A1:{last}1")
    ws["A1"] = title.text()
    ws["A1"].font = Font(bold=True, size=14)
    ws["A1"].alignment = Alignment(vertical="center")
    ws.row_dimensions[1].height = 24
    thin = Side(style="thin", color="999999")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    grey = PatternFill("solid", fgColor="EEF2F7")
    yellow = PatternFill("solid", fgColor="FFF4CC")
    first_verdict = len(REGISTRY_COLUMNS) + 1
    first_technical = first_verdict + len(VERDICT_COLUMNS)
    for index, column in enumerate(COLUMNS, start=1):
        cell = ws.cell(row=2, column=index, value=header_text(column))
        cell.font = Font(bold=True)
        cell.fill = yellow if first_verdict <= index < first_technical else grey
        cell.border = border
        cell.alignment = Alignment(wrap_text=True, vertical="center")
    unlocked = Protection(locked=False)
    for r, row in enumerate(rows, start=3):
        for c, value in enumerate(row, start=1):
            cell = ws.cell(row=r, column=c, value=value)
            if isinstance(value, Decimal):
                cell.value = float(value)
                cell.number_format = "0.00"
            elif isinstance(value, dt.date):
                cell.number_format = "yyyy-mm-dd"
            elif c == 6:  # 户编号: text, leading zeros kept
                cell.number_format = "@"
            if first_verdict <= c < first_technical:
                cell.protection = unlocked
                if c == first_verdict:
                    cell.number_format = "0.00"
                elif c == first_technical - 2:
                    cell.number_format = "yyyy-mm-dd"
    last_row = max(3, len(rows) + 2)
    _validations(ws, first_verdict, last_row, campaign)
    _widths(ws, rows)
    for index in range(first_technical, width + 1):
        ws.column_dimensions[get_column_letter(index)].hidden = True
    ws.freeze_panes = "H3"  # the header and the columns that name a household stay in view
    if rows:
        ws.auto_filter.ref = f"A2:{get_column_letter(first_technical - 1)}{len(rows) + 2}"
    protection = ws.protection
    protection.sheet = True  # no password: it guards against slips, not against people
    protection.formatColumns = False
    protection.formatRows = False
    protection.autoFilter = False
    protection.sort = False
    _print_setup(ws, title)


def _validations(ws: Any, first: int, last_row: int, campaign: Campaign) -> None:
    """A drop-down list or a check on each verdict column, down to the last row."""
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    def cells(offset: int) -> str:
        letter = get_column_letter(first + offset)
        return f"{letter}3:{letter}{last_row}"

    income = DataValidation(
        type="decimal",
        operator="greaterThanOrEqual",
        formula1="0",
        allow_blank=True,
        errorTitle="核实人均纯收入",
        error="请填写不小于 0 的数字（元/人·年）",
        showErrorMessage=True,
    )
    income.add(cells(0))
    yes_no = DataValidation(
        type="list",
        formula1=f'"{YES},{NO}"',
        allow_blank=True,
        errorTitle="是/否",
        error="请从列表中选择 是 或 否",
        showErrorMessage=True,
    )
    for offset in range(1, 8):  # the five guarantees, 错退, 漏评
        yes_no.add(cells(offset))
    approval = DataValidation(
        type="list",
        formula1='"' + ",".join(APPROVAL_LABELS.values()) + '"',
        allow_blank=True,
        errorTitle="群众认可度",
        error="请从列表中选择 认可、不认可 或 说不清",
        showErrorMessage=True,
    )
    approval.add(cells(8))
    start = campaign.starts_on or dt.date(campaign.year, 1, 1)
    visited = DataValidation(
        type="date",
        operator="greaterThanOrEqual",
        formula1=str((start - dt.date(1899, 12, 30)).days),
        allow_blank=True,
        errorTitle="入户日期",
        error=f"请填写 {start.isoformat()} 以后的日期（YYYY-MM-DD）",
        showErrorMessage=True,
    )
    visited.add(cells(9))
    for validation in (income, yes_no, approval, visited):
        ws.add_data_validation(validation)


def _width(value: Any) -> int:
    if value is None:
        return 0
    if isinstance(value, Decimal | float):
        return len(f"{value:,.2f}")
    if isinstance(value, dt.date):
        return 10
    return len(str(value).encode("gbk", "replace"))


def _widths(ws: Any, rows: Iterable[Sequence[Any]]) -> None:
    from openpyxl.utils import get_column_letter

    widths = [_width(header_text(c)) + 2 for c in COLUMNS]
    for row in list(rows)[:1000]:
        for index, value in enumerate(row):
            widths[index] = max(widths[index], _width(value))
    widths[len(REGISTRY_COLUMNS) + len(VERDICT_COLUMNS) - 1] = 30  # 说明: room to write
    for index, width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(index)].width = max(8, min(40, width + 2))


def _print_setup(ws: Any, title: Title) -> None:
    """Landscape A4, one page wide, the title and header repeated on every page."""
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_title_rows = "1:2"
    ws.print_options.gridLines = True
    ws.page_margins.left = ws.page_margins.right = 0.4
    ws.page_margins.top, ws.page_margins.bottom = 0.5, 0.6
    ws.oddFooter.center.text = title.footer().removeprefix("&C")


def _help_sheet(ws: Any, title: Title) -> None:
    from openpyxl.styles import Alignment, Font

    ws["A1"] = title.text()
    ws["A1"].font = Font(bold=True, size=14)
    ws.append([_("列"), _("填写说明")])
    for cell in ws[2]:
        cell.font = Font(bold=True)
    for keys, text in HELP:
        names = [header_text(_BY_KEY[k]) for k in keys]
        shown = " … ".join(names) if len(keys) == 2 else "、".join(names)
        ws.append([shown or _("导入"), _(text)])
    ws.column_dimensions["A"].width = 28
    ws.column_dimensions["B"].width = 90
    for row in ws.iter_rows(min_row=3):
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
