"""Every xlsx the registry writes says what it is, for which region and year, and when it was
made, above a frozen header, set up to print; exported files import back unchanged."""

import datetime as dt
import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone, translation
from openpyxl import load_workbook
from tests.factories import id_number, member_only, member_row, write_csv

from fupin.accounts.models import User
from fupin.core.errors import RowErrors
from fupin.core.jobs import job_run_next
from fupin.core.models import Change
from fupin.regions.models import Region
from fupin.registry.evaluations import evaluation_store
from fupin.registry.exports import registry_export
from fupin.registry.imports import registry_import
from fupin.registry.models import Household, Member, Survey

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate().isoformat()


@pytest.fixture(autouse=True)
def chinese():
    """Titles in the default language, whatever an earlier test left active."""
    with translation.override("zh-hans"):
        yield


def _village(county):
    return Region.objects.filter(code__startswith=county, level="village").order_by("code")[0]


@pytest.fixture
def registry(tmp_path):
    village = _village("421123").code
    rows = [
        member_row("H1", 行政区划代码=village, 姓名="张三", 工资性收入=1000, 年度=2016),
        member_only("H1", "配偶", 姓名="李梅", 证件号码=id_number(male=False)),
        member_row("H2", 行政区划代码=village, 姓名="王五", 工资性收入=9000, 年度=2016),
    ]
    registry_import(path=write_csv(tmp_path / "r.csv", rows))


def _sheet(path_or_bytes):
    source = io.BytesIO(path_or_bytes) if isinstance(path_or_bytes, bytes) else path_or_bytes
    return load_workbook(source).active


def _print_ready(sheet, header_row=2):
    """The layout every titled export shares."""
    return (
        sheet.freeze_panes,
        sheet.print_title_rows,
        sheet.page_setup.orientation,
        sheet.sheet_properties.pageSetUpPr.fitToPage,
        sheet.page_setup.fitToHeight,
    ) == (f"A{header_row + 1}", f"$1:${header_row}", "landscape", True, 0)


def test_registry_export_of_a_county_is_titled_and_imports_back_unchanged(registry, tmp_path):
    # Given the registry of Luotian, exported for its county and a year
    out = tmp_path / "registry.xlsx"
    count = registry_export(path=out, region="421123", year=2016, unmasked=True)
    sheet = _sheet(out)
    # Then the title names the registry, the county with its path and code, year and date
    assert count == 3
    assert sheet["A1"].value == (
        f"湖北省黄冈市罗田县（421123） 建档立卡数据 · 2016 年度 · 制表日期 {TODAY}"
    )
    assert [c.value for c in sheet[2]][:4] == ["户编号", "行政区划代码", "姓名", "证件号码"]
    assert _print_ready(sheet)
    # And its 51 columns print over several pages wide, each with 户编号, 行政区划代码, 姓名
    assert (sheet.page_setup.fitToWidth, sheet.print_title_cols) == (4, "$A:$C")
    # And the file imports back: nothing changes, no new history
    before = (
        list(Household.objects.values_list("number", "version").order_by("number")),
        Member.objects.count(),
        Survey.objects.count(),
        Change.objects.count(),
    )
    result = registry_import(path=out)
    assert (result.households, result.members, result.errors) == (2, 3, [])
    after = (
        list(Household.objects.values_list("number", "version").order_by("number")),
        Member.objects.count(),
        Survey.objects.count(),
        Change.objects.count(),
    )
    assert after == before


def test_a_bad_cell_of_an_exported_file_is_named_by_its_row_in_the_file(registry, tmp_path):
    # Given an export (title row 1, header row 2, households from row 3) edited by hand
    out = tmp_path / "registry.xlsx"
    registry_export(path=out, unmasked=True)
    book = load_workbook(out)
    header = [c.value for c in book.active[2]]
    book.active.cell(row=4, column=header.index("年度") + 1, value="二〇一六")
    book.save(out)
    # When it is imported again
    with pytest.raises(RowErrors) as caught:
        registry_import(path=out)
    # Then the error is on row 4, as Excel numbers it; nothing is written
    assert [(e.row, e.column) for e in caught.value.errors] == [(4, "年度")]
    assert Household.objects.filter(version__gt=1).count() == 0


def test_the_command_titles_its_export_and_a_csv_stays_plain(registry, tmp_path):
    out = tmp_path / "all.xlsx"
    call_command("registry", "export", str(out))
    assert _sheet(out)["A1"].value == f"全部地区 建档立卡数据 · 各户最近年度 · 制表日期 {TODAY}"
    csv = tmp_path / "all.csv"
    call_command("registry", "export", str(csv))
    assert csv.read_text("utf-8-sig").splitlines()[0].startswith("户编号,行政区划代码,姓名")


def test_check_findings_file_is_titled_with_region_and_year(registry, tmp_path):
    out = tmp_path / "findings.xlsx"
    call_command("registry", "check", "--region", "421123", "--year", "2016", "--out", str(out))
    sheet = _sheet(out)
    assert sheet["A1"].value == (
        f"湖北省黄冈市罗田县（421123） 数据质量检查结果 · 2016 年度 · 制表日期 {TODAY}"
    )
    assert [c.value for c in sheet[2]] == [
        "户编号",
        "行政区划代码",
        "证件号码",
        "规则",
        "问题",
        "说明",
    ]
    assert _print_ready(sheet)


def test_an_import_error_file_names_the_file_and_sets_up_its_print(tmp_path):
    bad = write_csv(tmp_path / "坏.csv", [member_row("B1", 证件号码="123")])
    out = tmp_path / "errors.xlsx"
    with pytest.raises(CommandError):
        call_command("registry", "import", str(bad), "--errors", str(out))
    sheet = _sheet(out)
    assert sheet["A1"].value == f"导入问题清单：坏.csv · 制表日期 {TODAY}"
    assert [c.value for c in sheet[2]] == [
        "行号 row",
        "列 column",
        "原因 reason",
        "值 value",
        "级别 severity",
    ]
    assert sheet["A3"].value == 2  # the bad row of the imported file
    assert _print_ready(sheet)
    assert not Household.objects.exists()


def _login(client, role, *regions, language=None):
    user = User.objects.create_user(f"u-{role}", password="a-long-test-password", role=role)
    user.regions.set(Region.objects.filter(code__in=regions))
    client.force_login(user)
    if language:
        client.cookies["django_language"] = language
    return user


def _job_file(client, response):
    job = job_run_next()
    assert job.status == "done", job.message
    download = client.get(f"{response.url}result/")
    return b"".join(download.streaming_content)


def test_the_household_list_export_is_titled_with_the_users_village(client, registry):
    # Given a village cadre of the village of H1 and H2, after the year's evaluation
    evaluation_store(year=2016)
    village = _village("421123")
    _login(client, "village_cadre", village.code)
    # When they export their list of 2016
    response = client.post("/households/export/", {"year": "2016"})
    sheet = _sheet(_job_file(client, response))
    # Then the title names the list, their village with its path and code, year and date
    path = "湖北省黄冈市罗田县" + village.parent.name + village.name
    assert sheet["A1"].value == (
        f"{path}（{village.code}） 贫困户名单 · 2016 年度 · 制表日期 {TODAY}"
    )
    assert [c.value for c in sheet[2]][:3] == ["户编号", "所在村", "户主"]
    assert [sheet["A3"].value, sheet["A4"].value] == ["H1", "H2"]
    assert _print_ready(sheet)
    assert sheet.oddFooter.center.text == "第 &P 页，共 &N 页"


def test_an_english_users_export_has_an_english_title(client, registry):
    evaluation_store(year=2016)
    _login(client, "county_office", "421123", language="en")
    response = client.post("/households/export/", {"year": "2016", "region": "421123"})
    sheet = _sheet(_job_file(client, response))
    assert sheet["A1"].value == (
        f"List of poor households, 湖北省黄冈市罗田县 (421123) · year 2016 · made {TODAY}"
    )
    assert sheet.oddFooter.center.text == "Page &P of &N"


def test_a_date_made_can_be_given(registry, tmp_path):
    out = tmp_path / "r.xlsx"
    with translation.override("zh-hans"):
        registry_export(path=out, made=dt.date(2020, 1, 2))
    assert _sheet(out)["A1"].value.endswith("制表日期 2020-01-02")
