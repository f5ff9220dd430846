"""A registry file as an office writes it imports, with warnings where a relation to the head
was read as the national form's value; an unknown relation still stops the file."""

from decimal import Decimal

import pytest
from openpyxl import Workbook
from stdnum.cn import ric
from tests.factories import HEADER, id_number, member_only, member_row, write_csv

from fupin.core.errors import RowErrors
from fupin.registry.imports import registry_import
from fupin.registry.models import Household, Member, Survey

pytestmark = pytest.mark.django_db

EXTRA = ["是否有卫生厕所", "耕地面积", "务工时间", "享受低保"]


def _number_ending_in_x(birth: str = "19800101") -> str:
    """A valid ID number whose check character is X (a man's)."""
    for seq in range(1, 999, 2):
        body = f"110119{birth}{seq:03d}"
        if ric.calc_check_digit(body + "0") == "X":
            return body + "X"
    raise AssertionError("no such number")


def _full_width(text: str) -> str:
    return "".join(chr(ord(c) + 0xFEE0) if "!" <= c <= "~" else c for c in text)


def _write_xlsx(path, rows, header):
    book = Workbook()
    sheet = book.active
    sheet.append(header)
    for row in rows:
        sheet.append([row.get(title, "") for title in header])
    book.save(path)
    return path


HEAD = _number_ending_in_x()
SON = id_number(birth="20050505")
DAUGHTER = id_number(birth="20080808", male=False)
GRANDSON = id_number(birth="20200202")
SPOUSE = id_number(birth="19820202", male=False)


def _office_file(path):
    """One household written the office's way: relations 子女/女儿/孙子女/老伴, flags as √/×,
    a full-width household number and ID number, amounts with 元, commas and ¥."""
    number = "Ｈ－０１"
    rows = [
        member_row(
            number,
            "本人",
            姓名="张三",
            证件号码=_full_width(HEAD.lower()),  # full-width digits and a lower-case x
            行政区划代码="110119 202201",
            工资性收入="12,345.60元",
            生产经营性收入="1.2万元",
            转移性收入="¥1,200",
            生产经营性支出="１，０００ 元",
            吃穿不愁="√",
            义务教育有保障="✓",
            基本医疗有保障="有",
            住房安全有保障="Y",
            饮水安全有保障="×",
            是否有卫生厕所="无",
            耕地面积="3.5亩",
            务工时间="6个月",
            享受低保="否",
        ),
        member_only(number, "老伴", 姓名="李梅", 证件号码=SPOUSE, 享受低保="N"),
        member_only(number, "子女", 姓名="张小", 证件号码=f"{SON[:6]} {SON[6:14]}\u3000{SON[14:]}"),
        member_only(number, "女儿", 姓名="张妹", 证件号码=DAUGHTER, 务工时间="０"),
        member_only(number, "孙子女", 姓名="张孙", 证件号码=GRANDSON),
    ]
    return _write_xlsx(path, rows, HEADER + EXTRA)


def test_an_office_file_imports_with_warnings_and_the_national_values(tmp_path):
    # given a file with office forms of the relation, 是/否, ID numbers and amounts
    # when it is imported
    result = registry_import(path=_office_file(tmp_path / "office.xlsx"))
    # then the household is written with the national form's values
    assert (result.households, result.members, result.surveys) == (1, 5, 1)
    household = Household.objects.get(number="H-01")
    assert household.village_id == "110119202201"
    assert household.has_sanitary_toilet is False
    assert household.cultivated_land_mu == Decimal("3.50")
    members = {m.name: m for m in Member.objects.filter(household=household)}
    assert {name: (m.relation, m.sex) for name, m in members.items()} == {
        "张三": ("head", "male"),
        "李梅": ("spouse", "female"),
        "张小": ("son", "male"),
        "张妹": ("daughter", "female"),
        "张孙": ("grandson", "male"),
    }
    assert members["张三"].id_number == HEAD
    assert members["张小"].id_number == SON
    assert (members["张三"].work_months, members["张妹"].work_months) == (6, 0)
    assert (members["张三"].on_dibao, members["李梅"].on_dibao) == (False, False)
    survey = Survey.objects.get(household=household, year=2016)
    assert (
        survey.wage_income,
        survey.business_income,
        survey.transfer_income,
        survey.business_expense,
    ) == (Decimal("12345.60"), Decimal("12000.00"), Decimal("1200.00"), Decimal("1000.00"))
    assert (survey.food_clothing_ok, survey.education_ok, survey.medical_ok) == (True,) * 3
    assert (survey.housing_ok, survey.water_ok) == (True, False)
    # and each relation read as the national value is a warning naming row, column and values
    relation = [
        (w.row, w.column, w.value, w.reason) for w in result.warnings if w.column == "与户主关系"
    ]
    assert relation == [
        (2, "与户主关系", "本人", "'本人' taken as 户主, the national form's value"),
        (3, "与户主关系", "老伴", "'老伴' taken as 配偶, the national form's value"),
        (4, "与户主关系", "子女", "'子女' taken as 之子 by the sex in the ID number"),
        (5, "与户主关系", "女儿", "'女儿' taken as 之女, the national form's value"),
        (6, "与户主关系", "孙子女", "'孙子女' taken as 之孙子 by the sex in the ID number"),
    ]
    assert all(w.severity == "warning" for w in result.warnings)
    assert result.errors == []


def test_the_same_file_again_changes_nothing(tmp_path):
    path = _office_file(tmp_path / "office.xlsx")
    registry_import(path=path)
    before = list(Member.objects.order_by("id").values_list("id", "relation", "updated_at"))
    registry_import(path=path)
    assert list(Member.objects.order_by("id").values_list("id", "relation", "updated_at")) == before


@pytest.mark.parametrize("suffix", [".xlsx", ".csv"])
def test_an_unknown_relation_writes_nothing_and_names_row_column_and_accepted_values(
    tmp_path, suffix
):
    rows = [
        member_row("U1", 姓名="张三"),
        member_only("U1", "子女", 证件号码=id_number(birth="20050505")),
        member_only("U1", "表哥", 姓名="王表哥", 证件号码=id_number(birth="19900909")),
        member_row("U2", 姓名="王五"),
    ]
    path = tmp_path / f"unknown{suffix}"
    if suffix == ".csv":
        write_csv(path, rows)
    else:
        _write_xlsx(path, rows, HEADER)
    with pytest.raises(RowErrors) as caught:
        registry_import(path=path)
    errors = [(e.row, e.column, e.value, e.reason) for e in caught.value.errors]
    assert (
        4,
        "与户主关系",
        "表哥",
        "unknown value; expected one of 户主、配偶、之子、之女、之女婿、之儿媳、之孙子、之孙女、"
        "之外孙子女、之父、之母、之公婆/岳父母、之祖父母、之兄弟姐妹、其他",
    ) in errors
    assert caught.value.error_count == 1
    warned = [
        (e.row, e.reason)
        for e in caught.value.errors
        if e.column == "与户主关系" and e.severity == "warning"
    ]
    assert warned == [(3, "'子女' taken as 之子 by the sex in the ID number")]  # still said
    assert (Household.objects.count(), Member.objects.count(), Survey.objects.count()) == (0, 0, 0)


def test_a_child_whose_id_number_is_wrong_gets_the_number_error_only(tmp_path):
    wrong = SON[:17] + ("0" if SON[17] != "0" else "1")
    path = write_csv(
        tmp_path / "wrong.csv",
        [member_row("W1"), member_only("W1", "子女", 证件号码=wrong)],
    )
    with pytest.raises(RowErrors) as caught:
        registry_import(path=path)
    assert [(e.row, e.column, e.severity) for e in caught.value.errors] == [
        (3, "证件号码", "error")
    ]
    assert Member.objects.count() == 0
