"""Quantities written in Chinese and English, normalised to base units; what is not one
(years, dates, durations, codes) is not found. Pure: no database."""

from __future__ import annotations

from decimal import Decimal

import pytest

from fupin.reports.facts.numbers import cn_number, quantities_find, quantity_parse


@pytest.mark.parametrize(
    ("text", "value", "unit", "qualifier"),
    [
        # 万, 亿, 千 and Chinese units
        ("3300万元", "33000000.00", "yuan", ""),
        ("52万元", "520000.00", "yuan", ""),
        ("2.66亿元", "266000000.00", "yuan", ""),
        ("0.5亿", "50000000", "", ""),
        ("3千", "3000", "", ""),
        ("2,000万元", "20000000.00", "yuan", ""),
        ("1.2万吨", "12000", "ton", ""),
        ("2.5万户", "25000", "household", ""),
        ("500公斤", "0.5", "ton", ""),
        ("416人", "416", "person", ""),
        ("300人次", "300", "person_time", ""),
        ("3个项目", "3", "project", ""),
        ("5个贫困县", "5", "county", ""),
        ("10个贫困村", "10", "village", ""),
        ("6个", "6", "", ""),
        # full-width digits
        ("３３００万元", "33000000.00", "yuan", ""),
        ("１２人", "12", "person", ""),
        # Chinese numerals
        ("十二名", "12", "person", ""),
        ("两个", "2", "", ""),
        ("三个", "3", "", ""),
        ("二十五个村", "25", "village", ""),
        ("三千余人", "3000", "person", "more_than"),
        ("一万元", "10000.00", "yuan", ""),
        # qualifiers
        ("超过2000人", "2000", "person", "more_than"),
        ("2000余人", "2000", "person", "more_than"),
        ("2000多人", "2000", "person", "more_than"),
        ("5万余元", "50000.00", "yuan", "more_than"),
        ("1万余人", "10000", "person", "more_than"),
        ("2000人以上", "2000", "person", "more_than"),
        ("近300人", "300", "person", "about"),
        ("约500万元", "5000000.00", "yuan", "about"),
        ("1.2万元左右", "12000.00", "yuan", "about"),
        ("不足100人", "100", "person", "less_than"),
        # a qualifier between a number and its place value
        ("4,500余万元", "45000000.00", "yuan", "more_than"),
        ("3千多万元", "30000000.00", "yuan", "more_than"),
        ("三百多万元", "3000000.00", "yuan", "more_than"),
        # at least is more than (or equal), not less than
        ("不低于800万元", "8000000.00", "yuan", "more_than"),
        ("不少于50人", "50", "person", "more_than"),
        ("至少20户", "20", "household", "more_than"),
        ("not less than 30 people", "30", "person", "more_than"),
        # a place value written alone after a qualifier
        ("逾百户", "100", "household", "more_than"),
        ("上千名", "1000", "person", "more_than"),
        ("近万吨", "10000", "ton", "about"),
        ("超千万元", "10000000.00", "yuan", "more_than"),
        # counties written as 区县/县区, jobs and heads counted as people
        ("7个区县", "7", "county", ""),
        ("3个县区", "3", "county", ""),
        ("about 450 jobs", "450", "person", "about"),
        ("620 township and village doctors", "620", "person", ""),
        ("3 vice county heads", "3", "person", ""),
        ("200 heads of cattle", "200", "", ""),
        ("among them 4 cold-chain warehouses", "4", "", ""),
        ("more than 2,000 people", "2000", "person", "more_than"),
        ("over 400", "400", "", "more_than"),
        ("70-plus people", "70", "person", "more_than"),
        ("70+ people", "70", "person", "more_than"),
        ("about 300 people", "300", "person", "about"),
        ("nearly 1,000 households", "1000", "household", "about"),
        ("approximately 3.5 million yuan", "3500000.00", "yuan", "about"),
        ("less than 50 households", "50", "household", "less_than"),
        ("fewer than 10 projects", "10", "project", "less_than"),
        # English multipliers and units
        ("33 million yuan", "33000000.00", "yuan", ""),
        ("1.05 million", "1050000", "", ""),
        ("1.05 million yuan", "1050000.00", "yuan", ""),
        ("1.5 billion yuan", "1500000000.00", "yuan", ""),
        ("two million yuan", "2000000.00", "yuan", ""),
        ("500 thousand yuan", "500000.00", "yuan", ""),
        ("2.66 hundred million yuan", "266000000.00", "yuan", ""),
        ("52 ten thousand yuan", "520000.00", "yuan", ""),
        ("RMB 5 million", "5000000.00", "yuan", ""),
        ("378,000 tons", "378000", "ton", ""),
        ("300 person-times", "300", "person_time", ""),
        ("416 local people", "416", "person", ""),
        ("15 of whom are poor people", "15", "person", ""),
        ("12 resident village cadres", "12", "person", ""),
        ("13 poor villages", "13", "village", ""),
        ("40 peasant households who", "40", "household", ""),
        ("4 planting projects", "4", "project", ""),
        ("the three comrades chen", "3", "person", ""),
        ("twenty-five villages", "25", "village", ""),
        ("1,200 dutch peony seedlings", "1200", "", ""),
        # percentages are found, marked so that extraction skips them
        ("30%", "30", "percent", ""),
        ("8.5％", "8.5", "percent", ""),
        ("30 percent", "30", "percent", ""),
        ("百分之三十", "30", "percent", ""),
        ("百分之五十", "50", "percent", ""),
    ],
)
def test_quantity_normalised(text, value, unit, qualifier):
    quantity = quantity_parse(text)

    assert quantity is not None
    assert (quantity.value, quantity.unit, quantity.qualifier, quantity.high) == (
        Decimal(value),
        unit,
        qualifier,
        None,
    )
    assert str(quantity.value) == value  # yuan with two places, counts whole


@pytest.mark.parametrize(
    ("text", "low", "high", "unit"),
    [
        ("10-15万元", "100000.00", "150000.00", "yuan"),
        ("10至15万元", "100000.00", "150000.00", "yuan"),
        ("10万-15万元", "100000.00", "150000.00", "yuan"),
        ("10~15万元", "100000.00", "150000.00", "yuan"),
        ("10 to 15 million", "10000000", "15000000", ""),
        ("10 to 15 million yuan", "10000000.00", "15000000.00", "yuan"),
        ("5 to 8 villages", "5", "8", "village"),
        ("30 to 40 million", "30000000", "40000000", ""),
        ("between 20 and 30 million yuan", "20000000.00", "30000000.00", "yuan"),
        ("between 4 and 6 tons", "4", "6", "ton"),
    ],
)
def test_range(text, low, high, unit):
    quantity = quantity_parse(text)

    assert quantity is not None
    assert (str(quantity.value), str(quantity.high), quantity.unit, quantity.qualifier) == (
        low,
        high,
        unit,
        "range",
    )


@pytest.mark.parametrize(
    "text",
    [
        # years and dates
        "2019年",
        "2019年6月",
        "6月24日",
        "in 2019",
        "june 2020",
        "as of the end of june 2020",
        "May 30, 2019",
        "May 30 through 31, 2019",
        "March 26th",
        "2020-11-16 09:29:11",
        "Copyright ©2020",
        "2007~2010",
        "the 2019 projects",
        # durations, repetitions and ordinals
        "3年",
        "三年",
        "3个月",
        "one year",
        "3 years",
        "over 200 times",
        "19th",
        "第一",
        # telephone numbers, codes, file names
        "010-64411649",
        "13501065895",
        "京ICP备07016269号",
        "粤ICP备20072702号",
        "300.cn",
        "W020190430461031429831.jpg",
        "1_看图王.png",
        # words that hold numeral characters
        "一基五元",
        "千家万户",
        "两不愁三保障",
        "万一",
        "十分重要",
        "three critical battles",
        "成千上万",
        "数千人",
        "between 2018 and 2020",
    ],
)
def test_not_a_quantity(text):
    assert quantities_find(text) == []


def test_offsets_and_written_text_in_a_sentence():
    text = "截至2020年6月底，投入资金３３００万元，直接带动就业416人。"

    found = quantities_find(text)

    assert [(text[s:e], q.text, q.value, q.unit) for s, e, q in found] == [
        ("３３００万元", "３３００万元", Decimal("33000000.00"), "yuan"),
        ("416人", "416人", Decimal("416"), "person"),
    ]


def test_qualifier_is_part_of_the_written_quantity():
    text = "hired more than 2,000 people; and helped 746 people"

    found = quantities_find(text)

    assert [q.text for _, _, q in found] == ["more than 2,000 people", "746 people"]
    assert found[0][0] == text.index("more than")


def test_between_is_part_of_the_written_range():
    (found,) = quantities_find("they spent between 20 and 30 million yuan")

    assert found[2].text == "between 20 and 30 million yuan"


def test_a_chinese_comma_is_no_thousands_separator():
    found = quantities_find("投入300，500人参加")

    assert [(q.value, q.unit) for _, _, q in found] == [
        (Decimal("300"), ""),
        (Decimal("500"), "person"),
    ]


@pytest.mark.parametrize(
    ("written", "value"),
    [
        ("十二", 12),
        ("二十", 20),
        ("三百五十", 350),
        ("两千", 2000),
        ("一万二千", 12000),
        ("二〇一九", 2019),
    ],
)
def test_chinese_numerals(written, value):
    assert cn_number(written) == value


def test_an_endless_run_of_digits_is_no_quantity():
    assert quantities_find("99999999999999999999999万元") == []


def test_quantity_parse_gives_none_without_a_quantity():
    assert quantity_parse("no figures here") is None
    assert quantity_parse("") is None
