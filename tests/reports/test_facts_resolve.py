"""Resolving the organisation and place of a fact against the units and regions of the
database, in Chinese and English; ambiguous names stay unresolved with their candidates; the
organisations the extraction finds in Chinese sentences resolve to their units."""

from __future__ import annotations

import time

import pytest
from tests.assistance.factories import pair, units

from fupin.assistance.models import Unit
from fupin.reports.facts.extract import facts_extract
from fupin.reports.facts.resolve import (
    Resolver,
    english_place_parts,
    unit_short_forms,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def world() -> dict[str, Unit]:
    u = units(
        (1, "首钢集团有限公司", None),
        (2, "首钢技师学院", 1),
        (3, "中国宝武钢铁集团有限公司", None),
        (4, "中国五矿集团有限公司", None),
        (5, "五矿发展股份有限公司", 4),
        (6, "中国铜业有限公司", None),
        (7, "云南铜业（集团）有限公司", 6),
    )
    pair(u[1], "130727")
    pair(u[2], "110119202201")  # a subsidiary's village: the group's text names it
    return {"shougang": u[1], "college": u[2], "baowu": u[3], "minmetals": u[4],
            "development": u[5], "copper": u[6], "yunnan": u[7]}  # fmt: skip


def test_short_forms_strip_the_legal_endings_and_the_country():
    assert unit_short_forms("中国宝武钢铁集团有限公司") == [
        "中国宝武钢铁集团有限公司",
        "中国宝武钢铁集团",
        "中国宝武钢铁",
        "中国宝武",
        "宝武钢铁",
        "宝武",
    ]
    assert unit_short_forms("首钢集团有限公司") == ["首钢集团有限公司", "首钢集团", "首钢"]
    assert "云南铜业" in unit_short_forms("云南铜业（集团）有限公司")


@pytest.mark.parametrize(
    ("written", "unit"),
    [
        ("首钢", "shougang"),
        ("首钢集团", "shougang"),
        ("首钢集团党委", "shougang"),  # the longest short form inside
        ("首钢技师学院", "college"),
        ("宝武", "baowu"),
        ("中国宝武", "baowu"),
        ("五矿", "minmetals"),  # not its subsidiary 五矿发展
        ("五矿发展", "development"),
        ("the Shougang Group", "shougang"),
        ("shougang technician college", "college"),
        ("China Baowu", "baowu"),
        ("China Minmetals Corporation", "minmetals"),
        ("Chinalco", "copper"),  # the group's English name for China Copper here
        ("China Copper", "copper"),
        ("Yunnan Copper", "yunnan"),
    ],
)
def test_organisations_in_chinese_and_english(world, written, unit):
    resolver = Resolver(unit=None, units=Unit.objects.all())
    assert resolver.organisation(written).obj == world[unit]


def test_english_falls_back_to_the_pinyin_of_a_short_form(world):
    resolver = Resolver(unit=None, units=Unit.objects.all())
    extra = units((8, "鞍钢集团有限公司", None))[8]
    resolver = Resolver(unit=None, units=Unit.objects.all())
    assert resolver.organisation("Angang Group Co., Ltd.").obj == extra


def test_an_unknown_organisation_is_the_texts_unit(world):
    resolver = Resolver(unit=world["baowu"], units=Unit.objects.all())
    assert resolver.organisation("北京市委").obj == world["baowu"]
    assert resolver.organisation("").obj == world["baowu"]
    assert Resolver(unit=None, units=Unit.objects.all()).organisation("北京市委").obj is None


def test_units_out_of_reach_are_not_named(world):
    resolver = Resolver(unit=world["baowu"], units=Unit.objects.filter(pk=world["baowu"].pk))
    assert resolver.organisation("首钢").obj == world["baowu"]  # the default, not Shougang


@pytest.mark.parametrize(
    ("written", "code"),
    [
        ("阳原县", "130727"),
        ("河北省阳原县", "130727"),
        ("罗田县", "421123"),
        ("黑峪口村", "110119202201"),
        ("香营乡黑峪口村", "110119202201"),
        ("延庆区", "110119"),
        ("yangyuan county", "130727"),
        ("Yangyuan County, Hebei Province", "130727"),
        ("heiyukou village", "110119202201"),
        ("Heiyukou Village, Xiangying Township, Yanqing District", "110119202201"),
        ("yanqing district", "110119"),
        ("luanping county", "130824"),
        ("Luanping County, Chengde, Hebei", "130824"),
        ("luotian county", "421123"),
        ("hebei province", "13"),
    ],
)
def test_places_in_chinese_and_english(world, written, code):
    resolver = Resolver(unit=world["shougang"], units=Unit.objects.all())
    assert resolver.place(written).obj.code == code


def test_english_place_parts():
    assert english_place_parts("heiyukou village, xiangying township, yanqing district") == [
        ("heiyukou", "village"), ("xiangying", "township"), ("yanqing", "district"),
    ]  # fmt: skip
    assert english_place_parts("Luanping County, Chengde") == [
        ("luanping", "county"),
        ("chengde", ""),
    ]


def test_two_villages_of_one_name_stay_unresolved_with_their_candidates(world):
    resolver = Resolver(unit=world["shougang"], units=Unit.objects.all())
    found = resolver.place("东山村")
    assert found.obj is None
    assert [r.code for r in found.candidates] == ["130824200202", "360426200204"]
    # the unit's pairing with 滦平县 settles it
    pair(world["shougang"], "130824")
    assert Resolver(unit=world["shougang"], units=[]).place("东山村").obj.code == "130824200202"
    # and so does the county written above it
    assert resolver.place("滦平县东山村").obj.code == "130824200202"


def test_a_village_in_english_needs_its_county_or_a_pairing(world):
    """The English index holds the counties and above, and the townships and villages only
    under a county the place names or a region the text's unit's group is paired with."""
    assert Resolver(unit=world["baowu"], units=[]).place("heiyukou village").obj is None
    found = Resolver(unit=world["baowu"], units=[]).place("heiyukou village, yanqing district")
    assert found.obj.code == "110119202201"


def test_an_unknown_place_is_not_resolved(world):
    resolver = Resolver(unit=world["shougang"], units=Unit.objects.all())
    assert resolver.place("火星县").obj is None
    assert resolver.place("atlantis county").obj is None


def test_places_of_a_text_are_looked_up_once(world, django_assert_max_num_queries):
    resolver = Resolver(unit=world["shougang"], units=Unit.objects.all())
    places = ["阳原县", "河北省阳原县", "罗田县", "黑峪口村", "阳原县"]
    with django_assert_max_num_queries(1):
        resolver.prefetch(places)
        for place in places:
            assert resolver.place(place).obj is not None
    started = time.perf_counter()
    for place in ("yangyuan county", "heiyukou village", "luanping county", "yangyuan county"):
        assert resolver.place(place).obj is not None
    assert resolver.regions.queries <= 4  # names, the counties and above, what is under them
    assert time.perf_counter() - started < 5


@pytest.mark.parametrize(
    ("text", "unit"),
    [
        ("中国五矿所属中国五冶集团投入帮扶资金500万元。", "mcc5"),
        ("五冶集团2019年捐赠资金30万元。", "mcc5"),
        ("中国五矿累计投入帮扶资金1.8亿元。", "minmetals"),
        ("首钢集团向北京大学捐赠资金20万元。", "shougang"),
        ("宝武集团有限公司采购农产品1200万元。", "baowu"),
    ],
)
def test_organisations_found_in_chinese_sentences_resolve_to_their_units(world, text, unit):
    group = units((8, "中国冶金科工集团有限公司", 4), (9, "中国五冶集团有限公司", 8))
    named = {**world, "mcc5": group[9]}
    resolver = Resolver(unit=world["copper"], units=Unit.objects.all())

    (fact,) = facts_extract(text)

    assert resolver.organisation(fact.organisation).obj == named[unit]
