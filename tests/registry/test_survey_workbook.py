"""The village survey workbook: a village's households with last year's figures beside this
year's empty columns (checks and lists in the cells), imported back through the survey
writer all or nothing."""

from __future__ import annotations

from decimal import Decimal

import openpyxl
import pytest
from django.utils import translation
from tests.factories import VILLAGE, member_row, write_csv

from fupin.accounts.models import User
from fupin.core.errors import RowErrors
from fupin.core.models import Change
from fupin.regions.models import Region
from fupin.registry.access import households_for
from fupin.registry.imports import registry_import
from fupin.registry.models import Household, Survey
from fupin.registry.survey_workbook import (
    COLUMNS,
    survey_workbook_import,
    survey_workbook_write,
)

pytestmark = pytest.mark.django_db
COL = {c.key: i + 1 for i, c in enumerate(COLUMNS)}
YEAR = 2017


@pytest.fixture(autouse=True)
def chinese():
    with translation.override("zh-hans"):
        yield


@pytest.fixture
def village(tmp_path):
    rows = [
        member_row("H1", 年度=YEAR - 1, 工资性收入=3000),
        member_row("H1", relation="配偶", 姓名="李四", 年度=YEAR - 1, 工资性收入=3000),
        member_row("H2", 姓名="王五", 年度=YEAR - 1),
        member_row("H3", 姓名="赵六", 年度=YEAR - 1),
    ]
    registry_import(path=write_csv(tmp_path / "r.csv", rows))
    cadre = User.objects.create_user("cadre", password="x", role="village_cadre")
    cadre.regions.set([VILLAGE])
    return Region.objects.get(code=VILLAGE), cadre


def _export(tmp_path, village, user):
    path = tmp_path / "survey.xlsx"
    survey_workbook_write(path, households=households_for(user), village=village, year=YEAR)
    return path


def _rows(ws):
    return {
        ws.cell(r, COL["household"]).value: r
        for r in range(3, ws.max_row + 1)
        if ws.cell(r, COL["household"]).value
    }


def _fill(path, edits):
    book = openpyxl.load_workbook(path)
    ws = book.worksheets[0]
    rows = _rows(ws)
    for (household, key), value in edits.items():
        ws.cell(rows[household], COL[key], value)
    book.save(path)
    return rows


def test_last_years_figures_stand_beside_this_years_empty_checked_columns(village, tmp_path):
    region, cadre = village
    ws = openpyxl.load_workbook(_export(tmp_path, region, cadre)).worksheets[0]
    assert "年度收入调查表" in ws["A1"].value and f"{YEAR} 年度" in ws["A1"].value
    rows = _rows(ws)
    assert set(rows) == {"H1", "H2", "H3"}
    h1 = rows["H1"]
    assert ws.cell(h1, COL["members"]).value == 2
    assert ws.cell(h1, COL["previous_wage_income"]).value == 3000  # household totals
    assert ws.cell(h1, COL["previous_per_capita"]).value == (3000 + 500 + 452) / 2
    assert ws.cell(h1, COL["previous_guarantees"]).value == "是"
    assert ws.cell(h1, COL["wage_income"]).value is None
    assert ws.cell(h1, COL["version"]).value == Household.objects.get(number="H1").version
    assert ws.protection.sheet
    assert ws.cell(h1, COL["previous_wage_income"]).protection.locked
    assert not ws.cell(h1, COL["wage_income"]).protection.locked
    letter = openpyxl.utils.get_column_letter
    areas = {}
    for validation in ws.data_validations.dataValidation:
        for area in str(validation.sqref).split():
            areas[area.split(":")[0].rstrip("0123456789")] = validation
    assert areas[letter(COL["water_ok"])].formula1 == '"是,否"'
    assert areas[letter(COL["wage_income"])].type == "decimal"
    assert ws.column_dimensions[letter(COL["version"])].hidden


def test_the_filled_workbook_writes_this_years_surveys_and_skips_blank_rows(village, tmp_path):
    region, cadre = village
    path = _export(tmp_path, region, cadre)
    _fill(
        path,
        {
            ("H1", "wage_income"): 7000,
            ("H1", "transfer_income"): 600,
            ("H1", "housing_ok"): "否",
            ("H2", "wage_income"): 4100.5,
        },
    )
    changes = Change.objects.count()
    result = survey_workbook_import(path=path, year=YEAR, actor=cadre)
    assert (result.changed, result.unchanged) == (2, 1)
    h1 = Survey.objects.get(household__number="H1", year=YEAR)
    assert (h1.wage_income, h1.transfer_income, h1.housing_ok) == (
        Decimal("7000.00"),
        Decimal("600.00"),
        False,
    )
    assert Survey.objects.get(household__number="H2", year=YEAR).wage_income == Decimal("4100.50")
    assert not Survey.objects.filter(household__number="H3", year=YEAR).exists()
    assert Change.objects.count() == changes + 2
    # the same file again: the versions have moved on, but nothing differs from the database
    again = survey_workbook_import(path=path, year=YEAR, actor=cadre)
    assert (again.changed, again.unchanged) == (0, 3)


def test_a_bad_cell_or_a_household_changed_meanwhile_writes_nothing(village, tmp_path):
    region, cadre = village
    path = _export(tmp_path, region, cadre)
    rows = _fill(path, {("H1", "wage_income"): "很多", ("H2", "water_ok"): "也许"})
    with pytest.raises(RowErrors) as caught:
        survey_workbook_import(path=path, year=YEAR, actor=cadre)
    assert {(e.row, e.column) for e in caught.value.errors} == {
        (rows["H1"], "工资性收入"),
        (rows["H2"], "饮水安全有保障"),
    }
    assert not Survey.objects.filter(year=YEAR).exists()
    path = _export(tmp_path, region, cadre)
    _fill(path, {("H1", "wage_income"): 7000, ("H2", "wage_income"): 5000})
    Household.objects.filter(number="H2").update(version=99)  # saved by someone else
    with pytest.raises(RowErrors) as caught:
        survey_workbook_import(path=path, year=YEAR, actor=cadre)
    assert [(e.row, e.column) for e in caught.value.errors] == [(rows["H2"], "版本")]
    assert not Survey.objects.filter(year=YEAR).exists()  # not H1 either


def test_a_household_out_of_reach_is_an_error(village, tmp_path):
    region, cadre = village
    path = _export(tmp_path, region, cadre)
    rows = _fill(path, {("H1", "wage_income"): 7000})
    other = User.objects.create_user("elsewhere", password="x", role="village_cadre")
    other.regions.set(Region.objects.filter(code__startswith="421123", level="village")[:1])
    with pytest.raises(RowErrors) as caught:
        survey_workbook_import(path=path, year=YEAR, actor=other)
    assert {(e.row, e.column) for e in caught.value.errors} == {
        (r, "户编号") for r in rows.values()
    }
    assert not Survey.objects.filter(year=YEAR).exists()
