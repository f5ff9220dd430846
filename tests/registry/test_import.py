from decimal import Decimal

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import translation
from python_calamine import CalamineWorkbook
from tests.factories import HEADER, id_number, member_row, write_csv

from fupin.core.errors import RowErrors
from fupin.registry.imports import registry_import
from fupin.registry.models import Household, Member, Survey

pytestmark = pytest.mark.django_db


def _counts():
    return Household.objects.count(), Member.objects.count(), Survey.objects.count()


def _good_file(path):
    return write_csv(
        path,
        [
            member_row("H1", 姓名="张三"),
            member_row(
                "H1",
                "配偶",
                姓名="李梅",
                证件号码=id_number(male=False),
                贫困户属性="",
                主要致贫原因="",
                识别年度="",
                工资性收入="",
                生产经营性收入="",
                财产性收入="",
                转移性收入="",
                吃穿不愁="",
            ),
            member_row("H2", 姓名="王五", 贫困户属性="低保贫困户", 脱贫年度=2016, 工资性收入=9000),
        ],
    )


def test_valid_file_is_written_with_exact_values(tmp_path):
    result = registry_import(path=_good_file(tmp_path / "ok.csv"))
    assert (result.households, result.members, result.surveys) == (2, 3, 2)
    assert _counts() == (2, 3, 2)
    h1 = Household.objects.get(number="H1")
    assert (h1.village_id, h1.attribute, h1.main_cause, h1.registered_year) == (
        "110119202201",
        "general",
        "lack_skills",
        2014,
    )
    survey = Survey.objects.get(household=h1, year=2016)
    assert survey.net_income == Decimal("2952.00")
    assert sorted(h1.members.values_list("relation", "sex")) == [
        ("head", "male"),
        ("spouse", "female"),
    ]


def test_reimport_changes_nothing(tmp_path):
    path = _good_file(tmp_path / "ok.csv")
    registry_import(path=path)
    before = list(Household.objects.values_list("number", "version", "updated_at"))
    members = list(Member.objects.values_list("id", "id_number", "household_id"))
    registry_import(path=path)
    assert list(Household.objects.values_list("number", "version", "updated_at")) == before
    assert list(Member.objects.values_list("id", "id_number", "household_id")) == members
    assert _counts() == (2, 3, 2)


def test_changed_income_updates_and_bumps_the_version(tmp_path):
    registry_import(path=_good_file(tmp_path / "ok.csv"))
    write_csv(
        tmp_path / "new.csv",
        [
            member_row(
                "H2",
                姓名="王五",
                证件号码=Member.objects.get(name="王五").id_number,
                贫困户属性="低保贫困户",
                脱贫年度=2016,
                工资性收入=9500,
            )
        ],
    )
    registry_import(path=tmp_path / "new.csv")
    h2 = Household.objects.get(number="H2")
    assert h2.version == 2
    assert h2.surveys.get(year=2016).wage_income == Decimal("9500.00")


BAD_ROWS = [
    # (row dict, expected row number, column, reason fragment)
    (member_row("", 姓名="无户号"), 2, "户编号", "required value is empty"),
    (member_row("B1", 证件号码="360426199101010072"), 3, "证件号码", "check digit is wrong"),
    (member_row("B2", 证件号码="3604261991"), 4, "证件号码", "10 characters, not 18"),
    (member_row("B3", 与户主关系="表哥"), 5, "与户主关系", "unknown value"),
    (member_row("B4", 贫困户属性="很穷"), 6, "贫困户属性", "unknown value"),
    (member_row("B5", 工资性收入="三千"), 7, "工资性收入", "not a number"),
    (member_row("B6", 生产经营性支出=-5), 8, "生产经营性支出", "must not be negative"),
    (member_row("B7", 住房安全有保障="也许"), 9, "住房安全有保障", "是/否"),
    (
        member_row("B8", 行政区划代码="1101192022"),
        10,
        "行政区划代码",
        "not a 12-digit village code",
    ),
    (member_row("B9", 行政区划代码="110119202999"), 11, "行政区划代码", "no such village"),
    (member_row("B10"), 12, "", ""),
    (
        member_row("B10", 姓名="第二户主"),
        13,
        "与户主关系",
        "second head in household (first on row 12)",
    ),
    (member_row("B11", "之子"), 14, "与户主关系", "household B11 has no head"),
    (member_row("B12"), 15, "", ""),
    (
        member_row("B12", "之女", 贫困户属性="低保贫困户", 证件号码=id_number(male=False)),
        16,
        "贫困户属性",
        "differs from row 15",
    ),
    (
        member_row("B13", 识别年度=2016, 脱贫年度=2015),
        17,
        "脱贫年度",
        "before the registration year",
    ),
    (member_row("B14", 年度=1800), 18, "年度", "must be at least 1949"),
    (member_row("B15", 年度=""), 19, "年度", "year is empty and no --year was given"),
    (member_row("B16", 姓名=""), 20, "姓名", "required value is empty"),
]
SHARED_ID = id_number(birth="19700505")
BAD_ROWS += [
    (member_row("B17", 证件号码=SHARED_ID), 21, "", ""),
    (member_row("B18", 证件号码=SHARED_ID), 22, "证件号码", "person already in household B17"),
]


def test_every_kind_of_bad_row_is_reported_and_nothing_is_written(tmp_path):
    path = write_csv(tmp_path / "bad.csv", [row for row, *_ in BAD_ROWS])
    with pytest.raises(RowErrors) as caught:
        registry_import(path=path)
    errors = [e for e in caught.value.errors if e.severity == "error"]
    for _, row, column, reason in BAD_ROWS:
        if not column:
            continue
        assert any(e.row == row and e.column == column and reason in e.reason for e in errors), (
            row,
            column,
            reason,
            [str(e) for e in errors if e.row == row],
        )
    # only the rows above have errors; the well-formed households B10 (row 12), B12 (15)
    # and B17 (21) are clean on their own rows
    assert {e.row for e in errors} == {r for _, r, c, _ in BAD_ROWS if c}
    assert _counts() == (0, 0, 0)


def test_skip_invalid_writes_only_the_valid_households(tmp_path):
    rows = [row for row, *_ in BAD_ROWS] + [member_row("OK1", 姓名="好户")]
    result = registry_import(path=write_csv(tmp_path / "mixed.csv", rows), mode="skip-invalid")
    assert set(Household.objects.values_list("number", flat=True)) == {"OK1", "B17"}
    assert result.households == 2 and result.skipped_households == 17
    assert _counts() == (2, 2, 2)


def test_person_already_in_another_stored_household(tmp_path):
    registry_import(path=_good_file(tmp_path / "ok.csv"))
    taken = Member.objects.get(name="王五").id_number
    path = write_csv(tmp_path / "move.csv", [member_row("H9", 证件号码=taken)])
    with pytest.raises(RowErrors) as caught:
        registry_import(path=path)
    assert [str(e) for e in caught.value.errors if e.severity == "error"] == [
        f"row 2, column 证件号码: person is a member of household H2 in the registry; a person "
        f"belongs to one household only (value: {taken})"
    ]
    assert not Household.objects.filter(number="H9").exists()


def test_missing_required_column_is_reported_on_the_header_row(tmp_path):
    header = [h for h in HEADER if h != "证件号码"]
    path = write_csv(tmp_path / "cols.csv", [member_row("H1")], header)
    with pytest.raises(RowErrors) as caught:
        registry_import(path=path)
    assert [str(e) for e in caught.value.errors] == [
        "row 1, column 证件号码: required column is missing (id_number)"
    ]


def test_english_headers_and_default_year(tmp_path):
    english = ["household_id", "village_code", "name", "id_number", "relation", "wage_income"]
    path = tmp_path / "en.csv"
    path.write_text(",".join(english) + f"\nE1,110119202201,Li,{id_number()},户主,3000\n", "utf-8")
    registry_import(path=path, year=2018)
    assert Survey.objects.get(household__number="E1").year == 2018


def test_command_exit_code_and_error_file_opens(tmp_path, capsys):
    path = write_csv(tmp_path / "bad.csv", [row for row, *_ in BAD_ROWS])
    out = tmp_path / "errors.xlsx"
    with pytest.raises(CommandError, match="nothing was written"), translation.override("zh-hans"):
        call_command("registry", "import", str(path), "--errors", str(out))
    assert "row 3, column 证件号码: check digit is wrong" in capsys.readouterr().err
    sheet = CalamineWorkbook.from_path(str(out)).get_sheet_by_index(0).to_python()
    assert sheet[0][0].startswith("导入问题清单：bad.csv · 制表日期 ")
    assert sheet[1] == ["行号 row", "列 column", "原因 reason", "值 value", "级别 severity"]
    reason = "校验码错误（应为 1） / check digit is wrong (expected 1)"
    assert [3.0, "证件号码", reason, "360426199101010072", "错误"] in [row[:5] for row in sheet]
    assert _counts() == (0, 0, 0)


def test_xlsx_import_and_export_round_trip(tmp_path):
    registry_import(path=_good_file(tmp_path / "ok.csv"))
    exported = tmp_path / "registry.xlsx"
    with translation.override("zh-hans"):  # the title's language, whatever a test left active
        call_command("registry", "export", str(exported), "--unmasked")
    sheet = CalamineWorkbook.from_path(str(exported)).get_sheet_by_index(0).to_python()
    assert sheet[0][0].startswith("全部地区 建档立卡数据 · 各户最近年度 · 制表日期 ")
    assert sheet[1][:4] == ["户编号", "行政区划代码", "姓名", "证件号码"]
    assert len(sheet) == 5
    before = list(Household.objects.values_list("number", "version"))
    registry_import(path=exported)
    assert list(Household.objects.values_list("number", "version")) == before


def test_export_masks_id_numbers_by_default(tmp_path):
    registry_import(path=_good_file(tmp_path / "ok.csv"))
    out = tmp_path / "masked.csv"
    call_command("registry", "export", str(out))
    text = out.read_text("utf-8-sig")
    for number in Member.objects.values_list("id_number", flat=True):
        assert number not in text
        assert number[:6] + "********" + number[-4:] in text


def test_same_person_twice_in_a_household(tmp_path):
    person = id_number(birth="19660606")
    rows = [
        member_row("D1", 证件号码=person, 姓名="赵六"),
        member_row("D1", 证件号码=person, 姓名="赵六"),
        member_row("D2", 证件号码=(other := id_number(birth="19770707")), 姓名="钱七"),
        member_row("D2", "配偶", 证件号码=other, 姓名="钱七"),
    ]
    with pytest.raises(RowErrors) as caught:
        registry_import(path=write_csv(tmp_path / "twice.csv", rows))
    assert [str(e) for e in caught.value.errors if e.severity == "error"] == [
        f"row 5, column 证件号码: same person as row 4 with other details (value: {other})"
    ]
    result = registry_import(path=write_csv(tmp_path / "once.csv", rows[:2]))
    assert (result.households, result.members) == (1, 1)
    assert Member.objects.get().id_number == person


def test_a_wrong_household_value_is_reported_on_every_row_that_gives_it(tmp_path):
    rows = [
        member_row("W1", 贫困户属性="很穷"),
        member_row("W1", "配偶", 证件号码=id_number(male=False), 贫困户属性="很穷"),
        member_row("W2", 户编号="W" * 41),
    ]
    with pytest.raises(RowErrors) as caught:
        registry_import(path=write_csv(tmp_path / "wrong.csv", rows))
    errors = [
        (e.row, e.column, e.reason[:13]) for e in caught.value.errors if e.severity == "error"
    ]
    assert errors == [
        (2, "贫困户属性", "unknown value"),
        (3, "贫困户属性", "unknown value"),
        (4, "户编号", "longer than 4"),
    ]
    assert _counts() == (0, 0, 0)


def test_xlsx_with_numbers_typed_as_numbers(tmp_path):
    import xlsxwriter

    path = tmp_path / "typed.xlsx"
    book = xlsxwriter.Workbook(str(path))
    sheet = book.add_worksheet()
    sheet.write_row(0, 0, ["户编号", "行政区划代码", "姓名", "证件号码", "与户主关系", "年度"])
    sheet.write_row(0, 6, ["工资性收入", "吃穿不愁"])
    sheet.write_row(1, 0, [42, 110119202201, "孙八", id_number(), "户主", 2017, 3000.5, True])
    book.close()
    registry_import(path=path)
    household = Household.objects.get(number="42")
    assert household.village_id == "110119202201"
    survey = household.surveys.get(year=2017)
    assert (survey.wage_income, survey.food_clothing_ok) == (Decimal("3000.50"), True)
