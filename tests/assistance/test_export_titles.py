"""The ledger and targets exports say what they are, for which unit and years, and when they
were made, above a frozen header, set up to print; the ledger imports back unchanged."""

import io

import pytest
from django.utils import timezone
from openpyxl import load_workbook
from tests.assistance.factories import code
from tests.assistance.test_pages import build_world, login

from fupin.assistance.imports import ledger_import
from fupin.assistance.models import LedgerEntry

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate().isoformat()


def _sheet(response):
    assert response.status_code == 200
    return load_workbook(io.BytesIO(response.content)).active


def _layout(sheet):
    return (
        sheet.freeze_panes,
        sheet.print_title_rows,
        sheet.page_setup.orientation,
        sheet.sheet_properties.pageSetUpPr.fitToPage,
        sheet.page_setup.fitToHeight,
        sheet.oddFooter.center.text,
    )


def test_the_ledger_export_is_titled_and_imports_back_unchanged(client, tmp_path):
    # Given a group's ledger of 2020 (entries by the group and its subsidiaries)
    world = build_world()
    login(client, "group", "assisting_unit", units_=[world[1]])
    response = client.get(f"/assistance/units/{world[1].pk}/ledger.xlsx")
    sheet = _sheet(response)
    # Then the title names the ledger, the unit with its credit code, the year and the date
    assert sheet["A1"].value == f"测试集团（{code(1)}） 帮扶台账 · 2020 年度 · 制表日期 {TODAY}"
    assert sheet["A2"].value == "编号" and sheet["A3"].value == "E1"
    assert _layout(sheet) == ("A3", "$1:$2", "landscape", True, 0, "第 &P 页，共 &N 页")
    # And the file imports back with every entry unchanged
    path = tmp_path / "ledger.xlsx"
    path.write_bytes(response.content)
    count = LedgerEntry.objects.count()
    result = ledger_import(path=path)
    assert (result.created, result.errors) == (0, [])
    assert LedgerEntry.objects.count() == count


def test_the_targets_export_is_titled_with_its_year_in_english(client):
    world = build_world()
    login(client, "group", "assisting_unit", units_=[world[1]])
    client.cookies["django_language"] = "en"
    sheet = _sheet(client.get(f"/assistance/units/{world[1].pk}/targets.xlsx?year=2020"))
    assert sheet["A1"].value == (
        f"Targets and what was delivered, 测试集团 ({code(1)}) · year 2020 · made {TODAY}"
    )
    assert sheet["B2"].value == "指标代码"
    assert _layout(sheet) == ("A3", "$1:$2", "landscape", True, 0, "Page &P of &N")
