"""An exported xlsx sheet is titled and laid out for print; readers find the header below the
title, and files without a title read as before."""

import datetime as dt
import io
import zipfile

import pytest
from django.utils import translation
from openpyxl import Workbook, load_workbook

from fupin.core.errors import RowErrors
from fupin.exchange.columns import read_sheet
from fupin.exchange.layouts import Column
from fupin.exchange.readers import read_table_at
from fupin.exchange.titles import Title, place_text, year_text, years_text
from fupin.exchange.writers import write_table

COLUMNS = [Column("household_id", "户编号", required=True), Column("name", "姓名")]
TITLE = Title(
    what="贫困户名单", made=dt.date(2025, 6, 30), place="罗田县（421123）", year="2019 年度"
)


@pytest.fixture(autouse=True)
def chinese():
    """Titles in the default language, whatever an earlier test left active."""
    with translation.override("zh-hans"):
        yield


def _written(tmp_path, rows=(("H1", "张三"), ("H2", "李四")), title=TITLE, name="x.xlsx"):
    path = tmp_path / name
    count = write_table(path, ["户编号", "姓名"], rows, sheet="户", text_columns=[0], title=title)
    return path, count


def test_an_xlsx_export_has_a_title_row_a_frozen_header_and_a_print_set_up(tmp_path):
    # Given two households written with a title
    path, count = _written(tmp_path)
    # Then the title stands in row 1, merged over the header's width
    sheet = load_workbook(path).active
    assert count == 2
    assert [list(r) for r in sheet.iter_rows(values_only=True)] == [
        ["罗田县（421123） 贫困户名单 · 2019 年度 · 制表日期 2025-06-30", None],
        ["户编号", "姓名"],
        ["H1", "张三"],
        ["H2", "李四"],
    ]
    assert [str(r) for r in sheet.merged_cells.ranges] == ["A1:B1"]
    # And the title and header stay on screen while the rows scroll
    assert sheet.freeze_panes == "A3"
    assert sheet.auto_filter.ref == "A2:B4"
    # And each printed page is landscape A4, one page wide, with the title and header repeated,
    # the gridlines and "page n of N" in the footer
    assert sheet.print_title_rows == "$1:$2"
    assert sheet.page_setup.orientation == "landscape"
    assert sheet.page_setup.paperSize == 9
    assert sheet.sheet_properties.pageSetUpPr.fitToPage is True
    assert sheet.page_setup.fitToHeight == 0  # as many pages long as it takes
    assert sheet.page_setup.fitToWidth in (None, 1)  # absent means 1 in the file format
    with zipfile.ZipFile(path) as archive:
        xml = archive.read("xl/worksheets/sheet1.xml").decode()
    assert 'fitToHeight="0"' in xml and "fitToWidth" not in xml
    assert sheet.print_options.gridLines is True
    assert sheet.oddFooter.center.text == "第 &P 页，共 &N 页"


def test_a_title_in_english(tmp_path, settings):
    with translation.override("en"):
        title = Title(
            what="List of poor households",
            made=dt.date(2025, 6, 30),
            place=place_text("罗田县", "421123"),
            year=year_text(2019),
        )
        path, _count = _written(tmp_path, title=title)
    sheet = load_workbook(path).active
    assert sheet["A1"].value == (
        "List of poor households, 罗田县 (421123) · year 2019 · made 2025-06-30"
    )
    assert sheet.oddFooter.center.text == "Page &P of &N"


def test_year_words():
    assert year_text(None, otherwise="各户最近年度") == "各户最近年度"
    assert years_text([2021, 2019, 2020]) == "2019—2021 年度"
    assert years_text([2020, 2020]) == "2020 年度"
    assert years_text([]) == ""


def test_a_csv_export_stays_a_plain_grid(tmp_path):
    path, count = _written(tmp_path, name="x.csv")
    assert count == 2
    assert path.read_text("utf-8-sig").splitlines() == ["户编号,姓名", "H1,张三", "H2,李四"]


def test_an_xlsx_without_a_title_starts_with_its_header(tmp_path):
    path, _count = _written(tmp_path, title=None)
    sheet = load_workbook(path).active
    assert next(sheet.iter_rows(values_only=True)) == ("户编号", "姓名")
    assert sheet.freeze_panes == "A2" and sheet.print_title_rows == "$1:$1"


def test_readers_find_the_header_below_the_title(tmp_path):
    # Given an export with its title row
    path, _count = _written(tmp_path)
    # When it is read with the columns it should have
    sheet = read_sheet(path, COLUMNS)
    table = read_table_at(path, COLUMNS)
    # Then the header is row 2 and the data rows are rows 3 and 4 of the file
    assert (sheet.header, sheet.header_row, sheet.rows.tolist()) == (["户编号", "姓名"], 2, [3, 4])
    assert [c.to_pylist() for c in sheet.columns] == [["H1", "H2"], ["张三", "李四"]]
    assert (table.header, table.header_row) == (["户编号", "姓名"], 2)
    assert list(table.rows) == [["H1", "张三"], ["H2", "李四"]]


def test_a_file_without_a_title_reads_as_before(tmp_path):
    path, _count = _written(tmp_path, title=None)
    sheet = read_sheet(path, COLUMNS)
    assert (sheet.header, sheet.header_row, sheet.rows.tolist()) == (["户编号", "姓名"], 1, [2, 3])
    assert read_sheet(path).header_row == 1  # no columns given: the first row, as before


def _office_file(tmp_path, top_rows, suffix):
    """An office's file: some rows of title above the header, then one household."""
    rows = [*top_rows, ["户编号", "姓名"], ["H1", "张三"]]
    path = tmp_path / f"office{suffix}"
    if suffix == ".csv":
        path.write_text("\n".join(",".join(r) for r in rows) + "\n", encoding="utf-8")
    else:
        book = Workbook()
        for row in rows:
            book.active.append(row)
        book.save(path)
    return path


@pytest.mark.parametrize("suffix", [".xlsx", ".csv"])
def test_title_rows_of_other_offices_files_are_skipped(tmp_path, suffix):
    # Given a file with two title rows (the second with two cells) and a blank row
    top = [["扶贫办 贫困户花名册", ""], ["填报单位：某乡", "日期：2020-01-01"], ["", ""]]
    path = _office_file(tmp_path, top, suffix)
    # Then its header is row 4 and its household row 5
    sheet = read_sheet(path, COLUMNS)
    assert (sheet.header, sheet.header_row, sheet.rows.tolist()) == (["户编号", "姓名"], 4, [5])
    assert [c.to_pylist() for c in sheet.columns] == [["H1"], ["张三"]]
    assert read_table_at(path, COLUMNS).header_row == 4


def test_a_missing_required_column_is_reported_on_the_header_row(tmp_path):
    # Given an export whose header lacks the required 户编号 (only 姓名 is known)
    path = tmp_path / "x.xlsx"
    write_table(path, ["姓名", "备注"], [["张三", ""]], title=TITLE)
    sheet = read_sheet(path, COLUMNS)
    assert sheet.header_row == 2
    from fupin.exchange.layouts import map_header

    # Then the error names row 2, where the header is, and the missing column
    with pytest.raises(RowErrors) as caught:
        map_header(sheet.header, COLUMNS, row=sheet.header_row)
    assert [(e.row, e.column) for e in caught.value.errors] == [(2, "户编号")]


def test_a_file_that_names_no_known_column_keeps_row_one_as_its_header(tmp_path):
    path = tmp_path / "x.csv"
    path.write_text("甲,乙\n1,2\n", encoding="utf-8")
    sheet = read_sheet(path, COLUMNS)
    assert (sheet.header, sheet.header_row, sheet.rows.tolist()) == (["甲", "乙"], 1, [2])


def test_the_title_does_not_widen_the_columns(tmp_path):
    path, _count = _written(tmp_path)
    widths = load_workbook(io.BytesIO(path.read_bytes())).active.column_dimensions
    assert widths["A"].width < 20  # sized to 户编号 and H1, not to the 40-character title


def test_a_sheet_too_wide_for_one_page_spreads_over_pages_with_its_key_columns(tmp_path):
    # Given 30 columns of 12 characters each: each 16 units wide (2 of margin, 2 of filter
    # button), 480 in all, unreadable on one page
    header = [f"列{i:02d}" + "x" * 8 for i in range(30)]
    path = tmp_path / "wide.xlsx"
    write_table(path, header, [["a" * 10] * 30], title=TITLE, key_columns=2)
    sheet = load_workbook(path).active
    assert round(sheet.column_dimensions["A"].width) == 17  # 16 and Excel's padding
    # Then it prints as many pages wide as a readable size needs ((480 - 32) / (240 - 32) → 3),
    # the pages of the same rows one after another, the two key columns on each
    assert sheet.sheet_properties.pageSetUpPr.fitToPage is True
    assert (sheet.page_setup.fitToWidth, sheet.page_setup.fitToHeight) == (3, 0)
    assert sheet.page_setup.pageOrder == "overThenDown"
    assert sheet.print_title_cols == "$A:$B"
    assert sheet.print_title_rows == "$1:$2"
