"""The region rule of cn-2014: levels from village codes, incidence and exit eligibility."""

from __future__ import annotations

from decimal import Decimal

import pytest

from fupin.policy import evaluate

from .conftest import EAST_VILLAGE, LINE, WEST_VILLAGE, YEAR, fact, facts_table, stats_table

POOR = {"registered_year": 2014, "wage_income": Decimal("1.00")}


def regions(rows, stats=None):
    result = evaluate(
        facts_table(rows), year=YEAR, regime="cn-2014", region_stats=stats_table(stats or {})
    )
    return {(r["code"], r["level"]): r for r in result.regions.to_pylist()}


def county(code):
    return code[:6] + "000000"


@pytest.mark.parametrize(
    ("village", "poor_members", "eligible", "incidence"),
    [
        (EAST_VILLAGE, 19, True, Decimal("0.019000")),
        (EAST_VILLAGE, 20, False, Decimal("0.020000")),
        (WEST_VILLAGE, 29, True, Decimal("0.029000")),
        (WEST_VILLAGE, 30, False, Decimal("0.030000")),
    ],
)
def test_incidence_just_under_and_at_the_threshold(village, poor_members, eligible, incidence):
    rows = [fact("p", village_code=village, members=poor_members, **POOR)]
    result = regions(rows, {village: 1000, county(village): 1000})
    for key in ((village, "village"), (county(village), "county")):
        assert result[key]["poor_members"] == poor_members
        assert result[key]["incidence"] == incidence
        assert result[key]["exit_eligible"] is eligible


def test_same_incidence_west_and_east():
    rows = [
        fact("e", village_code=EAST_VILLAGE, members=25, **POOR),
        fact("w", village_code=WEST_VILLAGE, members=25, **POOR),
    ]
    result = regions(rows, {"130727000000": 1000, "540232000000": 1000})
    assert result[("130727000000", "county")]["exit_eligible"] is False  # 2.5 % ≥ 2 %
    assert result[("540232000000", "county")]["exit_eligible"] is True  # 2.5 % < 3 %


def test_every_level_from_the_village_code():
    result = regions([fact("a", members=3), fact("b", members=2, **POOR)])
    assert sorted(result) == [
        ("130000000000", "province"),
        ("130700000000", "prefecture"),
        ("130727000000", "county"),
        ("130727100000", "township"),
        ("130727100201", "village"),
    ]
    for row in result.values():
        assert (row["households"], row["members"], row["poor_members"]) == (2, 5, 2)


def test_exit_eligible_only_for_villages_and_counties():
    codes = ["130000000000", "130700000000", "130727000000", "130727100000", EAST_VILLAGE]
    result = regions([fact("a", members=3)], dict.fromkeys(codes, 1000))
    eligible = {level: row["exit_eligible"] for (_, level), row in result.items()}
    assert eligible == {
        "province": None,
        "prefecture": None,
        "county": True,
        "township": None,
        "village": True,
    }
    assert all(row["incidence"] == Decimal("0.000000") for row in result.values())


@pytest.mark.parametrize("rural", [None, 0])
def test_unknown_rural_population_gives_no_incidence(rural):
    result = regions([fact("a", **POOR)], {EAST_VILLAGE: rural})
    village = result[(EAST_VILLAGE, "village")]
    assert (village["rural_population"], village["incidence"], village["exit_eligible"]) == (
        None,
        None,
        None,
    )
    assert result[("130727000000", "county")]["exit_eligible"] is None


def test_poor_members_are_poor_and_exit_eligible_households():
    rows = [
        fact("poor", members=1, **POOR),
        fact("eligible", members=2, registered_year=2014, wage_income=LINE * 2),
        fact("exited", members=4, registered_year=2014, exit_year=2015),
        fact("wrong", members=8, registered_year=2014, exit_year=2015, water_ok=False),
        fact("omitted", members=16, wage_income=Decimal("1.00")),
        fact("not_poor", members=32),
    ]
    village = regions(rows, {EAST_VILLAGE: 3000})[(EAST_VILLAGE, "village")]
    assert (village["households"], village["members"], village["poor_members"]) == (6, 63, 3)
    assert village["incidence"] == Decimal("0.001000")


def test_regions_known_only_from_statistics_appear_with_zero_counts():
    stats = {"130727100202": 500, "130727200000": 900, "540232000000": 100}
    result = regions([fact("a")], stats)
    assert result[("130727100202", "village")] == {
        "code": "130727100202",
        "level": "village",
        "households": 0,
        "members": 0,
        "poor_members": 0,
        "rural_population": 500,
        "incidence": Decimal("0.000000"),
        "exit_eligible": True,
    }
    assert result[("130727200000", "township")]["exit_eligible"] is None
    assert result[("540232000000", "county")]["households"] == 0


def test_statistics_of_other_years_are_ignored():
    facts = facts_table([fact("a", **POOR)])
    stats = stats_table({EAST_VILLAGE: 10}, year=YEAR - 1)
    result = evaluate(facts, year=YEAR, regime="cn-2014", region_stats=stats)
    village = result.regions.to_pylist()[-1]
    assert (village["code"], village["rural_population"]) == (EAST_VILLAGE, None)


def test_incidence_rounds_half_up_to_six_places():
    rows = [fact("p", members=1, **POOR)]
    result = regions(rows, {EAST_VILLAGE: 2_000_000, "130727000000": 3})
    assert result[(EAST_VILLAGE, "village")]["incidence"] == Decimal("0.000001")  # 0.0000005
    assert result[("130727000000", "county")]["incidence"] == Decimal("0.333333")


def test_regions_are_sorted_and_typed(regime):
    result = evaluate(facts_table([fact("a")]), year=YEAR, regime=regime)
    assert result.regions.column_names == [
        "code",
        "level",
        "households",
        "members",
        "poor_members",
        "rural_population",
        "incidence",
        "exit_eligible",
    ]
    assert result.regions["code"].to_pylist() == sorted(result.regions["code"].to_pylist())


def test_rural_population_sums_upward_where_a_region_has_none_of_its_own():
    other_village = EAST_VILLAGE[:9] + "202"  # same township
    other_county = "130726100201"  # 蔚县, same prefecture
    rows = [
        fact("a", members=4, **POOR),
        fact("b", village_code=other_village, members=1, **POOR),
        fact("c", village_code=other_county, members=5, **POOR),
    ]
    stats = {
        EAST_VILLAGE: 300,
        other_village: 200,
        "130727000000": 1000,  # its own figure wins over the sum of its villages (500)
        other_county: 250,
    }
    result = regions(rows, stats)
    township = result[(EAST_VILLAGE[:9] + "000", "township")]
    assert (township["rural_population"], township["incidence"]) == (500, Decimal("0.010000"))
    assert result[("130727000000", "county")]["rural_population"] == 1000
    assert result[("130726000000", "county")]["rural_population"] == 250  # from its one village
    prefecture = result[("130700000000", "prefecture")]
    assert (prefecture["rural_population"], prefecture["poor_members"]) == (1250, 10)
    assert prefecture["incidence"] == Decimal("0.008000")
    assert result[("130000000000", "province")]["rural_population"] == 1250
    assert prefecture["exit_eligible"] is None  # only villages and counties exit
