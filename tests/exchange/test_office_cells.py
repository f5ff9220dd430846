"""Cells as offices write them: 是/否 in its many forms, full-width digits and spaces in codes
and ID numbers, amounts with separators and 元, counts with their unit, and 与户主关系 in the
forms offices use. Each form gives the plain value; anything else is an error that says what
is accepted."""

import datetime as dt
from decimal import Decimal

import pyarrow as pa
import pytest
from django.utils import translation
from stdnum.cn import uscc

from fupin.core.errors import InvalidInput
from fupin.core.identifiers import check_id_number, check_id_numbers, credit_code
from fupin.core.messages import translated
from fupin.exchange import cells
from fupin.regions.codes import clean_code
from fupin.registry import layout
from fupin.registry.relations import LABELS, relation_parse, relations_by_sex

FLAG_ERROR = "must be 是/否 (also √/×、✓/✗、有/无、Y/N、yes/no、true/false、1/0)"
TODAY = dt.date(2026, 11, 22)


# -- 是/否 --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("cell", "value"),
    [
        ("是", True),
        ("否", False),
        ("√", True),
        ("×", False),
        ("✓", True),
        ("✗", False),
        ("有", True),
        ("无", False),
        ("Y", True),
        ("N", False),
        ("y", True),
        ("n", False),
        ("yes", True),
        ("No", False),
        ("TRUE", True),
        ("false", False),
        ("1", True),
        ("0", False),
        (" 是 ", True),
        ("\u3000否\u3000", False),
        ("ＹＥＳ", True),  # full-width letters
        ("ｎ", False),
        ("１", True),  # full-width digit
        ("０", False),
        (1, True),
        (0.0, False),
    ],
)
def test_flag_forms(cell, value):
    assert cells.boolean(cell) is value


@pytest.mark.parametrize("cell", ["maybe", "也许", "x", "2", "是否", "√×"])
def test_any_other_flag_is_an_error_listing_the_accepted_forms(cell):
    with pytest.raises(ValueError) as caught:
        cells.boolean(cell)
    assert str(caught.value) == FLAG_ERROR


def test_the_flag_error_reads_in_chinese():
    with translation.override("zh-hans"):
        assert translated(FLAG_ERROR) == (
            "应填 是/否（也可填 √/×、✓/✗、有/无、Y/N、yes/no、true/false、1/0）"
        )


# -- codes and ID numbers -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("cell", "code"),
    [
        ("１１０１１９２０２２０１", "110119202201"),  # full-width digits
        ("110119 202201", "110119202201"),  # an inner space
        ("110119\u3000202201", "110119202201"),  # an ideographic space
        ("110119\u00a0202201", "110119202201"),  # a no-break space
        ("110119202201.0", "110119202201"),  # a number in a spreadsheet
        (110119202201.0, "110119202201"),
        ("Ｈ－００１", "H-001"),  # a household number typed with a Chinese input method
        ("H 001", "H001"),
    ],
)
def test_codes_are_folded_before_checking(cell, code):
    assert cells.code_text(cell) == code


@pytest.mark.parametrize(
    "cell", ["１１０１１９２０２２０１", " 110119 202201 ", "110119\u3000202201", "110119202201.0"]
)
def test_village_codes_of_the_registry_are_folded(cell):
    assert layout.BY_KEY["village_code"].parse(cell) == "110119202201"


@pytest.mark.parametrize("key", ["household_id", "phone", "disability_certificate"])
def test_code_columns_leave_folded_forms_to_the_parser(key):
    f = layout.BY_KEY[key]
    texts = pa.array(["A1", "Ａ１", "A 1", "A\u00a01", None], pa.string())
    decided, undecided = f.fast(texts)
    assert undecided.to_pylist() == [False, True, True, True, False]
    assert decided.to_pylist()[0] == "A1"
    assert [f.parse(t) for t in texts.to_pylist()[1:4]] == ["A1", "A1", "A1"]


@pytest.mark.parametrize(
    "text",
    [
        "３４０５２４１９８００１０１００１Ｘ",  # full-width digits and X
        "３４０５２４１９８００１０１００１ｘ",  # and a full-width lower-case x
        "34052419800101001x",
        " 340524 19800101 001X ",
        "340524\u300019800101\u3000001x",
        "340524\u00a019800101001X",
    ],
)
def test_id_numbers_are_folded_before_checking(text):
    check = check_id_number(text, today=TODAY)
    assert (check.number, check.errors, check.sex) == ("34052419800101001X", (), "male")
    column = check_id_numbers(pa.array([text, "360426199101010071"]), today=TODAY)
    assert column.number.to_pylist() == ["34052419800101001X", "360426199101010071"]
    assert column.ok.tolist() == [True, True]
    assert column.errors == []


def test_digits_of_other_scripts_are_not_taken_for_an_id_number():
    # Arabic-Indic digits are digits to Python, but no ID number has them
    check = check_id_number("٣٤٠٥٢٤١٩٨٠٠١٠١٠٠١X", today=TODAY)
    assert check.errors == ("ID number has characters other than digits and a final X",)


def test_credit_codes_are_folded_before_checking():
    body = "91110108MA01ABCD0"  # 17 characters of the code's alphabet
    code = body + uscc.calc_check_digit(body)
    full_width = "".join(chr(ord(c) + 0xFEE0) for c in code.lower())
    assert credit_code(full_width) == code
    assert credit_code(f" {code[:9]}\u3000{code[9:]} ") == code
    with pytest.raises(ValueError, match="check character is wrong"):
        credit_code(code[:17] + ("0" if code[17] != "0" else "1"))


@pytest.mark.parametrize(
    ("cell", "code"), [("１１０１１９", "110119"), ("5308 25", "530825"), (530825.0, "530825")]
)
def test_division_codes_are_folded(cell, code):
    assert clean_code(cell) == code


def test_a_division_code_of_other_digits_is_refused():
    with pytest.raises(InvalidInput, match="is not a division code"):
        clean_code("٥٣٠٨٢٥")


# -- amounts and counts -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("cell", "amount"),
    [
        ("12,345.60", "12345.60"),
        ("12,345.60元", "12345.60"),
        ("１２３４５元", "12345.00"),
        ("１２，３４５．６", "12345.60"),  # full-width separator and point
        ("¥1,200", "1200.00"),
        ("￥1,200", "1200.00"),  # the full-width yuan sign
        ("1 200", "1200.00"),
        ("12 345.6 元", "12345.60"),
        ("-1,200", "-1200.00"),
        ("-¥5", "-5.00"),
        ("1,234,567.891", "1234567.89"),
        (2952, "2952.00"),
    ],
)
def test_amounts_as_offices_write_them(cell, amount):
    assert cells.yuan(cell) == Decimal(amount)


@pytest.mark.parametrize(
    ("cell", "amount"),
    [("1.2万元", "12000.00"), ("0.05万元", "500.00"), ("１．２万元", "12000.00")],
)
def test_ten_thousands_of_yuan_where_the_column_is_in_yuan(cell, amount):
    assert cells.yuan(cell, ten_thousands=True) == Decimal(amount)
    assert layout.BY_KEY["wage_income"].parse(cell) == Decimal(amount)


@pytest.mark.parametrize(
    ("cell", "reason"),
    [
        ("1.2万元", "an amount in 万元; give it in yuan (元)"),  # not a column in yuan
        ("1,2", "thousands separators are misplaced"),  # 1.2 or 12? not guessed
        ("12,34.5", "thousands separators are misplaced"),
        ("1.2万", "not a number"),  # 万 without 元 is not written out
        ("元", "not a number"),
        ("三千元", "not a number"),
        ("¥", "not a number"),
    ],
)
def test_amounts_that_are_not_taken(cell, reason):
    with pytest.raises(ValueError) as caught:
        cells.yuan(cell)
    assert str(caught.value) == reason


@pytest.mark.parametrize("cell", ["-1,200元", "-¥5", "-0.5万元"])
def test_a_negative_amount_where_none_is_allowed_stays_an_error(cell):
    with pytest.raises(ValueError) as caught:
        layout.BY_KEY["business_expense"].parse(cell)
    assert str(caught.value) == "must not be negative"
    assert layout.BY_KEY["wage_income"].parse(cell) < 0  # an income may be negative


@pytest.mark.parametrize("cell", ["3人", "3 人", "３人", "3", "1,200人"])
def test_counts_may_carry_their_unit(cell):
    assert cells.integer(cell, units=("人",)) == (1200 if "," in cell else 3)


@pytest.mark.parametrize(
    ("cell", "units", "reason"),
    [
        ("3人", (), "not a whole number"),  # not a count column
        ("3户", ("人",), "not a whole number"),  # another unit
        ("人", ("人",), "not a whole number"),
        ("٣", (), "not a whole number"),
        ("-3人", ("人",), "must be at least 0"),
    ],
)
def test_counts_that_are_not_taken(cell, units, reason):
    with pytest.raises(ValueError) as caught:
        cells.integer(cell, low=0, units=units)
    assert str(caught.value) == reason


def test_registry_months_and_areas_carry_their_unit():
    assert layout.BY_KEY["work_months"].parse("6个月") == 6
    assert layout.BY_KEY["work_months"].parse("６ 月") == 6
    with pytest.raises(ValueError, match="must be at most 12"):
        layout.BY_KEY["work_months"].parse("13个月")
    assert layout.BY_KEY["cultivated_land_mu"].parse("3.5亩") == Decimal("3.50")
    assert layout.BY_KEY["road_distance_km"].parse("1,200.5 公里") == Decimal("1200.50")
    with pytest.raises(ValueError, match="not a number"):
        layout.BY_KEY["cultivated_land_mu"].parse("3.5元")  # an area is not money
    with pytest.raises(ValueError, match="must not be negative"):
        layout.BY_KEY["forest_land_mu"].parse("-2亩")


# -- 与户主关系 ------------------------------------------------------------------------------


@pytest.mark.parametrize(("value", "label"), list(LABELS.items()))
def test_the_national_values_stay_as_they_are(value, label):
    assert relation_parse(label) == value
    assert relation_parse(value) == value


@pytest.mark.parametrize(
    ("cell", "value"),
    [
        ("儿子", "son"),
        ("子", "son"),
        ("女儿", "daughter"),
        ("女", "daughter"),
        ("子女", "son|daughter"),
        ("孙子", "grandson"),
        ("孙女", "granddaughter"),
        ("孙子女", "grandson|granddaughter"),
        ("父亲", "father"),
        ("母亲", "mother"),
        ("配偶", "spouse"),
        ("妻子", "spouse"),
        ("丈夫", "spouse"),
        ("老伴", "spouse"),
        ("兄弟", "sibling"),
        ("姐妹", "sibling"),
        ("儿媳", "daughter_in_law"),
        ("女婿", "son_in_law"),
        ("其他", "other"),
        ("其它", "other"),
        ("本人", "head"),
        (" 儿 子 ", "son"),
    ],
)
def test_office_forms_of_the_relation(cell, value):
    assert relation_parse(cell) == value


def test_an_unknown_relation_lists_every_national_value():
    with pytest.raises(ValueError) as caught:
        relation_parse("表哥")
    assert str(caught.value) == (
        "unknown value; expected one of 户主、配偶、之子、之女、之女婿、之儿媳、之孙子、之孙女、"
        "之外孙子女、之父、之母、之公婆/岳父母、之祖父母、之兄弟姐妹、其他"
    )


def test_office_forms_are_decided_by_sex_and_warned_about():
    texts = ["户主", "子女", "子女", "孙子女", "儿子", "之女", "子女", "其它"]
    sexes = ["male", "male", "female", "female", "male", "female", None, None]
    values = pa.array([relation_parse(t) for t in texts], pa.string())
    resolved, where, reasons = relations_by_sex(
        pa.array(texts, pa.string()), values, pa.array(sexes, pa.string())
    )
    assert resolved.to_pylist() == [
        "head",
        "son",
        "daughter",
        "granddaughter",
        "son",
        "daughter",
        None,  # no sex: the ID number is wrong, and says so itself
        "other",
    ]
    assert where.tolist() == [1, 2, 3, 4, 7]
    assert reasons == [
        "'子女' taken as 之子 by the sex in the ID number",
        "'子女' taken as 之女 by the sex in the ID number",
        "'孙子女' taken as 之孙女 by the sex in the ID number",
        "'儿子' taken as 之子, the national form's value",
        "'其它' taken as 其他, the national form's value",
    ]
    with translation.override("zh-hans"):
        assert translated(reasons[0]) == "“子女”已按证件号码中的性别记为“之子”"
        assert translated(reasons[3]) == "“儿子”已按全国系统的取值记为“之子”"


def test_a_column_of_national_values_is_left_alone():
    values = pa.array(["head", "son", None], pa.string())
    resolved, where, reasons = relations_by_sex(
        pa.array(["户主", "之子", None], pa.string()), values, pa.array(["male"] * 3)
    )
    assert resolved is values and where.tolist() == [] and reasons == []
