"""County exit verification: sampling presets, the stratified sample, the rates, the decision.

Pure Python, no Django and no database (fupin.policy.verification).
"""

from __future__ import annotations

import dataclasses
import random
import re
from collections import Counter
from fractions import Fraction

import pyarrow as pa
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from fupin.policy import PolicyError
from fupin.policy.regimes import Threshold, load_regime
from fupin.policy.verification import (
    HOUSEHOLD_STRATA,
    CountyFigures,
    Household,
    Verdict,
    Village,
    approval_rate,
    county_rates,
    decide,
    draw_sample,
    list_presets,
    load_preset,
    omitted_rate,
    wilson_interval,
    wrongly_exited_rate,
)

EAST = "130727"  # Yangyuan county, Hebei
WEST = "540232"  # Zhongba county, Tibet


def county(
    poor: int = 40,
    non_poor: int = 30,
    per_village: tuple[int, int, int] = (10, 20, 60),
) -> tuple[list[Village], list[Household]]:
    """A county of ``poor`` + ``non_poor`` villages, each with registered, exited and
    non-registered households in the numbers ``per_village``."""
    villages = [Village(f"{EAST}1001{i:02d}", i < poor) for i in range(poor + non_poor)]
    households = [
        Household(f"{v.code}-{stratum}-{n:03d}", v.code, stratum)
        for v in villages
        for stratum, size in zip(HOUSEHOLD_STRATA, per_village, strict=True)
        for n in range(size)
    ]
    return villages, households


def ids(sample) -> list[str]:
    return [h.household_id for h in sample.households]


# --------------------------------------------------------------------------------------------
# Presets


def test_presets_are_data_with_sources_and_confidence():
    assert list_presets() == ["anhui-2017", "look-back-2019", "national-2017"]
    national = load_preset("national-2017")
    assert (national.villages.allocation, national.villages.poor, national.villages.non_poor) == (
        "fixed",
        19,
        10,
    )
    assert national.villages.total == 29
    assert [(r.strata, r.count, r.allocation) for r in national.households] == [
        (("registered", "exited"), 27, "proportional"),
        (("non_registered",), 27, "fixed"),
    ]
    anhui = load_preset("anhui-2017")
    assert anhui.villages.total == 6
    exited, others = anhui.households
    assert exited.strata == ("exited",) and exited.take_all
    assert (others.share, others.cap, others.village_strata, others.villages) == (
        Fraction(1, 5),
        200,
        ("poor",),
        2,
    )
    look_back = load_preset("look-back-2019")  # a county's own re-check: sizes are choices
    assert (look_back.villages.allocation, look_back.villages.total) == ("proportional", 10)
    (rule,) = look_back.households
    assert (rule.strata, rule.share, rule.cap) == (("exited",), Fraction(1, 10), 40)
    assert look_back.villages.confidence == "U" and rule.confidence == "U"
    for preset in (national, anhui, look_back):
        assert preset.source and preset.villages.source
        assert preset.villages.confidence in ("C", "W", "U")
        assert all(r.source and r.confidence in ("C", "W", "U") for r in preset.households)


def test_a_campaign_overrides_a_preset_size():
    preset = load_preset("national-2017", {"villages": {"poor": 5}})
    assert (preset.villages.poor, preset.villages.non_poor, preset.villages.total) == (5, 10, 15)
    proportional = load_preset("national-2017", {"villages": {"total": 10}})
    assert (proportional.villages.allocation, proportional.villages.total) == ("proportional", 10)
    assert load_preset("national-2017").villages.poor == 19  # the file is untouched
    assert preset.villages.source.startswith("campaign override; preset: DOMAIN.md §3.2")
    rules = load_preset("anhui-2017", {"households": [{"strata": ["exited"], "count": 5}]})
    assert [(r.strata, r.count, r.source) for r in rules.households] == [
        (("exited",), 5, "campaign override")
    ]


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"villages": {"poor": -1}}, "villages.poor must be a whole number, zero or more: -1"),
        ({"households": [{"strata": ["exited"]}]}, "households[0] needs exactly one of"),
        ({"households": [{"strata": ["poorish"], "count": 3}]}, "households[0].strata must be"),
        (
            {
                "households": [
                    {"strata": ["exited"], "count": 1},
                    {"strata": ["exited"], "all": True},
                ]
            },
            "a household stratum appears in two household rules",
        ),
        ({"seed": 3}, "a preset override is villages or households, not 'seed'"),
        ({"villages": {"poorr": 3}}, "villages has unknown key(s) poorr"),
        ({"households": [{"strata": ["exited"], "counts": 3}]}, "has unknown key(s) counts"),
    ],
)
def test_a_bad_override_is_refused_with_its_reason(overrides, message):
    with pytest.raises(PolicyError, match=re.escape(message)):
        load_preset("national-2017", overrides)


def test_an_unknown_preset_names_the_known_ones():
    with pytest.raises(PolicyError, match=r"unknown sampling preset 'x' .known: anhui-2017"):
        load_preset("x")


# --------------------------------------------------------------------------------------------
# Sampling


def test_national_sizes_per_stratum():
    villages, households = county()
    sample = draw_sample(villages, households, preset=load_preset("national-2017"), seed=7)
    assert Counter(v.stratum for v in sample.villages) == {"poor": 19, "non_poor": 10}
    per = Counter((h.village_code, h.stratum) for h in sample.households)
    for village in sample.villages:
        # 27 registered split 10 : 20 → 9 remaining and 18 exited; 27 non-registered
        assert per[village.code, "registered"] == 9
        assert per[village.code, "exited"] == 18
        assert per[village.code, "non_registered"] == 27
    assert len(sample.households) == 29 * 54
    assert {h.village_code for h in sample.households} == {v.code for v in sample.villages}
    assert sample.notes() == []
    assert ids(sample) == sorted(ids(sample))  # sorted by village, stratum, id


def test_same_seed_same_sample_whatever_the_order_and_another_seed_another():
    villages, households = county()
    preset = load_preset("national-2017")
    first = draw_sample(villages, households, preset=preset, seed=2017)
    shuffled_v, shuffled_h = villages[:], households[:]
    random.Random(1).shuffle(shuffled_v)
    random.Random(2).shuffle(shuffled_h)
    again = draw_sample(shuffled_v, shuffled_h, preset=preset, seed=2017)
    assert again == first
    other = draw_sample(villages, households, preset=preset, seed=2018)
    assert other.villages != first.villages
    assert ids(other) != ids(first)


def test_a_pyarrow_table_draws_the_same_sample():
    villages, households = county()
    preset = load_preset("national-2017")
    v_table = pa.table({"code": [v.code for v in villages], "poor": [v.poor for v in villages]})
    h_table = pa.table(
        {
            "household_id": [h.household_id for h in households],
            "village_code": [h.village_code for h in households],
            "stratum": [h.stratum for h in households],
        }
    )
    assert draw_sample(v_table, h_table, preset=preset, seed=5) == draw_sample(
        villages, households, preset=preset, seed=5
    )
    with pytest.raises(PolicyError, match=r"the households table lacks column.s. stratum"):
        draw_sample(v_table, h_table.drop_columns(["stratum"]), preset=preset, seed=5)
    unknown = pa.table({"code": ["1", "2"], "poor": [True, None]})
    with pytest.raises(PolicyError, match=r"villages: row 2 .2.: poor must be true or false"):
        draw_sample(unknown, [], preset=preset, seed=5)
    no_id = pa.table({"household_id": [None], "village_code": ["1"], "stratum": ["exited"]})
    with pytest.raises(PolicyError, match="households: row 1: household_id must be a non-empty"):
        draw_sample(unknown.slice(0, 1), no_id, preset=preset, seed=5)


def test_a_stratum_smaller_than_asked_is_taken_whole_and_said_so():
    villages, households = county(poor=25, non_poor=4, per_village=(2, 3, 5))
    sample = draw_sample(villages, households, preset=load_preset("national-2017"), seed=1)
    assert Counter(v.stratum for v in sample.villages) == {"poor": 19, "non_poor": 4}
    assert len(sample.households) == 23 * 10  # every household of every sampled village
    non_poor = next(d for d in sample.draws if d.level == "village" and d.stratum == "non_poor")
    assert (non_poor.available, non_poor.asked, non_poor.drawn, non_poor.whole) == (4, 10, 4, True)
    notes = sample.notes()
    assert notes[0] == "village stratum non_poor holds 4, 10 asked: taken whole"
    assert f"household stratum non_registered of village {sample.villages[0].code} holds 5" in (
        " ".join(notes)
    )
    # 27 asked of 2 + 3 (registered + exited, split 11 : 16) and 27 of 5 non-registered
    assert len(notes) == 1 + 23 * 3
    exited = next(d for d in sample.draws if d.level == "household" and d.stratum == "exited")
    assert (exited.available, exited.asked, exited.drawn, exited.short) == (3, 16, 3, True)


def test_proportional_village_allocation():
    villages, households = county(poor=30, non_poor=10)
    preset = load_preset("national-2017", {"villages": {"total": 10}})
    sample = draw_sample(villages, households, preset=preset, seed=3)
    assert Counter(v.stratum for v in sample.villages) == {"poor": 8, "non_poor": 2}  # 7.5 : 2.5


def test_anhui_rules_all_exited_and_a_capped_share_in_two_poor_villages():
    villages, households = county(per_village=(10, 7, 1001))
    sample = draw_sample(villages, households, preset=load_preset("anhui-2017"), seed=9)
    poor = [v.code for v in sample.villages if v.poor]
    assert len(poor) == 4 and len(sample.villages) == 6
    per = Counter((h.village_code, h.stratum) for h in sample.households)
    assert all(per[v.code, "exited"] == 7 for v in sample.villages)  # full coverage
    assert sum(per[v.code, "registered"] for v in sample.villages) == 0
    with_others = [v for v in sample.villages if per[v.code, "non_registered"]]
    assert len(with_others) == 2 and all(v.poor for v in with_others)
    assert all(per[v.code, "non_registered"] == 200 for v in with_others)  # ⌈1001/5⌉ capped
    small = draw_sample(*county(per_village=(10, 7, 11)), preset=load_preset("anhui-2017"), seed=9)
    assert Counter(h.stratum for h in small.households)["non_registered"] == 2 * 3  # ⌈11/5⌉


@pytest.mark.parametrize(
    ("villages", "households", "message"),
    [
        ([Village("1", True), Village("1", False)], [], "village 1 is listed twice"),
        (
            [Village("1", True)],
            [Household("a", "1", "exited"), Household("a", "1", "exited")],
            "household a is listed twice",
        ),
        ([Village("1", True)], [Household("a", "2", "exited")], "household a is in village 2"),
        ([Village("1", True)], [Household("a", "1", "gone")], "household a has stratum 'gone'"),
    ],
)
def test_bad_input_is_refused_naming_the_row(villages, households, message):
    with pytest.raises(PolicyError, match=message):
        draw_sample(villages, households, preset=load_preset("national-2017"), seed=1)


def test_a_negative_seed_is_refused():
    with pytest.raises(PolicyError, match="the seed must be a whole number"):
        draw_sample([], [], preset=load_preset("national-2017"), seed=-1)


@st.composite
def counties(draw):
    n = draw(st.integers(min_value=0, max_value=12))
    villages = [Village(f"v{i:02d}", draw(st.booleans())) for i in range(n)]
    households = [
        Household(f"{v.code}-{s}-{k}", v.code, s)
        for v in villages
        for s in HOUSEHOLD_STRATA
        for k in range(draw(st.integers(min_value=0, max_value=8)))
    ]
    return villages, households


@settings(max_examples=60, deadline=None)
@given(
    counties(),
    st.integers(min_value=0, max_value=2**32),
    st.integers(min_value=0, max_value=6),
    st.integers(min_value=0, max_value=6),
    st.integers(min_value=0, max_value=10),
    st.integers(min_value=0, max_value=5),
)
def test_property_the_sample_is_a_subset_with_the_right_stratum_sizes(
    data, seed, poor, non_poor, registered, others
):
    villages, households = data
    preset = load_preset(
        "national-2017",
        {
            "villages": {"poor": poor, "non_poor": non_poor},
            "households": [
                {"strata": ["registered", "exited"], "count": registered},
                {"strata": ["non_registered"], "count": others},
            ],
        },
    )
    sample = draw_sample(villages, households, preset=preset, seed=seed)
    assert set(sample.villages) <= set(villages)
    assert set(sample.households) <= set(households)
    assert len(set(sample.households)) == len(sample.households)
    held = Counter(v.stratum for v in villages)
    got = Counter(v.stratum for v in sample.villages)
    assert got["poor"] == min(poor, held["poor"])
    assert got["non_poor"] == min(non_poor, held["non_poor"])
    in_village = Counter((h.village_code, h.stratum) for h in households)
    per = Counter((h.village_code, h.stratum) for h in sample.households)
    for v in sample.villages:
        both = in_village[v.code, "registered"] + in_village[v.code, "exited"]
        assert per[v.code, "registered"] + per[v.code, "exited"] == min(registered, both)
        for s in ("registered", "exited"):
            assert per[v.code, s] <= in_village[v.code, s]
        assert per[v.code, "non_registered"] == min(others, in_village[v.code, "non_registered"])
    assert {h.village_code for h in sample.households} <= {v.code for v in sample.villages}


# --------------------------------------------------------------------------------------------
# Rates


def crafted() -> list[Verdict]:
    """Exited: 50 people in 10 households, one person wrongly exited. Non-registered: 40
    people, none omitted. Approval: 18 approve, 1 disapprove, 1 unsure, 1 no answer."""
    rows = [Verdict("e0", "exited", 1, wrongly_exited=True, approval="approve")]
    rows += [
        Verdict(f"e{i}", "exited", 49 // 9 + (i <= 49 % 9), approval="approve")
        for i in range(1, 10)
    ]
    rows += [Verdict(f"n{i}", "non_registered", 4, approval="approve") for i in range(8)]
    rows += [Verdict("n8", "non_registered", 4, approval="disapprove")]
    rows += [Verdict("n9", "non_registered", 4, approval="unsure")]
    rows += [Verdict("r0", "registered", 3)]
    return rows


FIGURES = CountyFigures(
    county_code=EAST, rural_population=10_000, remaining_registered=100, exited=2_000,
    non_registered=7_900,
)  # fmt: skip


def test_rates_on_a_crafted_sample_are_exact():
    verdicts = crafted()
    assert sum(v.members for v in verdicts if v.stratum == "exited") == 50
    rates = county_rates(verdicts, FIGURES)
    assert (rates.wrongly_exited_rate.numerator, rates.wrongly_exited_rate.denominator) == (1, 50)
    assert rates.wrongly_exited_rate.value == Fraction(1, 50)
    assert rates.omitted_rate.value == Fraction(0, 40)
    assert rates.omitted_rate.denominator == 40
    # 说不清 counts as surveyed, not approving; no answer counts in neither
    assert (rates.approval_rate.numerator, rates.approval_rate.denominator) == (18, 20)
    assert rates.approval_rate.value == Fraction(9, 10)
    # (100 remaining + 0 × 7900 omitted + 1/50 × 2000 wrongly exited) ÷ 10000
    assert rates.incidence.value == Fraction(140, 10_000)
    assert (rates.incidence.name_zh, rates.incidence.name_en) == (
        "综合贫困发生率",
        "comprehensive poverty incidence",
    )
    w = wilson_interval(1, 50)
    assert rates.wrongly_exited_rate.interval == w
    assert rates.incidence.interval is not None
    assert rates.incidence.interval.low == pytest.approx((100 + w.low * 2000) / 10_000)
    assert rates.incidence.interval.high == pytest.approx(
        (100 + wilson_interval(0, 40).high * 7900 + w.high * 2000) / 10_000
    )


def test_the_crafted_county_fails_on_its_wrong_exits_only(regime):
    decision = decide(county_rates(crafted(), FIGURES), regime)
    assert decision.exit is False
    assert [(i.code, i.name_zh, i.name_en) for i in decision.failing] == [
        ("wrongly_exited_rate", "错退率", "wrongly exited rate")
    ]
    assert [i.code for i in decision.indicators] == [
        "incidence",
        "wrongly_exited_rate",
        "omitted_rate",
        "approval_rate",
    ]


@pytest.mark.parametrize(
    ("count", "total", "low", "high"),
    # Newcombe (1998), Statistics in Medicine 17:857, table II, method 3 (Wilson score)
    [
        (81, 263, 0.2553, 0.3662),
        (15, 148, 0.0624, 0.1605),
        (0, 20, 0.0, 0.1611),
        (1, 29, 0.0061, 0.1718),
    ],
)
def test_wilson_interval_matches_published_values(count, total, low, high):
    interval = wilson_interval(count, total)
    assert interval.method == "wilson"
    assert (round(interval.low, 4), round(interval.high, 4)) == (low, high)


def test_wilson_interval_edges():
    z2 = 1.959963984540054**2
    assert wilson_interval(0, 10).high == pytest.approx(z2 / (10 + z2))
    assert wilson_interval(10, 10).low == pytest.approx(10 / (10 + z2))
    assert (wilson_interval(10, 10).high, wilson_interval(0, 10).low) == (1.0, 0.0)
    with pytest.raises(PolicyError):
        wilson_interval(3, 2)


def test_an_empty_stratum_has_no_rate_and_cannot_be_judged(regime):
    rates = county_rates([Verdict("e1", "exited", 2, approval="approve")], FIGURES)
    assert rates.omitted_rate.value is None and rates.omitted_rate.interval is None
    with pytest.raises(PolicyError, match=r"漏评率 .omitted rate. has no sample to judge"):
        decide(rates, regime)


@pytest.mark.parametrize(
    ("verdicts", "message"),
    [
        ([Verdict("a", "exited", 1), Verdict("a", "exited", 1)], "household a has two verdicts"),
        ([Verdict("a", "exited", 0)], "members must be ≥ 1"),
        ([Verdict("a", "exited", 1, approval="yes")], "approval 'yes' is not one of"),
        ([Verdict("a", "registered", 1, wrongly_exited=True)], "household a is not exited"),
        ([Verdict("a", "exited", 1, omitted=True)], "household a is registered"),
    ],
)
def test_bad_verdicts_are_refused(verdicts, message):
    with pytest.raises(PolicyError, match=message):
        county_rates(verdicts, FIGURES)


# --------------------------------------------------------------------------------------------
# Decision at each boundary


def judged(
    regime,
    *,
    county_code=EAST,
    wrong=(0, 100),
    omitted=(0, 100),
    approve=(100, 100),
    remaining=(0, 10_000),
):
    """A decision for a county whose sample gives exactly these counts."""
    rows = [Verdict("w", "exited", wrong[0], wrongly_exited=True)] if wrong[0] else []
    rows += [Verdict("e", "exited", wrong[1] - wrong[0])] if wrong[1] > wrong[0] else []
    rows += [Verdict("o", "non_registered", omitted[0], omitted=True)] if omitted[0] else []
    rows += [Verdict("n", "non_registered", omitted[1] - omitted[0])]
    rows += [Verdict(f"a{i}", "registered", 1, approval="approve") for i in range(approve[0])]
    rows += [
        Verdict(f"d{i}", "registered", 1, approval="unsure") for i in range(approve[1] - approve[0])
    ]
    figures = CountyFigures(county_code, remaining[1], remaining[0], 0, 0)
    return decide(county_rates(rows, figures), regime)


def failing(decision) -> list[str]:
    return [i.code for i in decision.failing]


def test_all_four_passing_exits(regime):
    decision = judged(
        regime, wrong=(1, 51), omitted=(1, 51), approve=(9, 10), remaining=(199, 10_000)
    )
    assert decision.exit is True and decision.failing == ()


def test_wrongly_exited_exactly_two_percent_fails(regime):
    assert failing(judged(regime, wrong=(2, 100))) == ["wrongly_exited_rate"]
    assert failing(judged(regime, wrong=(1, 51))) == []


def test_omitted_exactly_two_percent_fails(regime):
    assert failing(judged(regime, omitted=(1, 50))) == ["omitted_rate"]
    assert failing(judged(regime, omitted=(1, 51))) == []


def test_approval_exactly_ninety_percent_passes(regime):
    assert failing(judged(regime, approve=(90, 100))) == []
    assert failing(judged(regime, approve=(899, 1000))) == ["approval_rate"]


def test_incidence_exactly_two_percent_fails_and_299_per_10000_in_the_west_passes(regime):
    assert failing(judged(regime, remaining=(200, 10_000))) == ["incidence"]
    assert failing(judged(regime, remaining=(199, 10_000))) == []
    assert failing(judged(regime, county_code=WEST, remaining=(299, 10_000))) == []
    assert failing(judged(regime, county_code=WEST, remaining=(300, 10_000))) == ["incidence"]


def test_every_failing_indicator_is_named(regime):
    decision = judged(regime, wrong=(2, 100), omitted=(2, 100), approve=(8, 10), remaining=(2, 100))
    assert [(i.code, i.name_zh) for i in decision.failing] == [
        ("incidence", "综合贫困发生率"),
        ("wrongly_exited_rate", "错退率"),
        ("omitted_rate", "漏评率"),
        ("approval_rate", "群众认可度"),
    ]
    assert decision.failing[0].threshold == regime.incidence_general


def test_a_monitoring_regime_decides_no_exit():
    rates = county_rates(crafted(), FIGURES)
    with pytest.raises(PolicyError, match="regime cn-2021 is a monitoring regime"):
        decide(rates, load_regime("cn-2021"))


def test_the_thresholds_come_from_the_regime(regime):
    lenient = Threshold(5, 100, "<", "U", "a test regime")
    looser = dataclasses.replace(
        regime,
        county_verification=tuple(
            (key, lenient if key == "wrongly_exited_rate" else value)
            for key, value in regime.county_verification
        ),
    )
    assert failing(judged(regime, wrong=(4, 100))) == ["wrongly_exited_rate"]
    assert failing(judged(looser, wrong=(4, 100))) == []
    indicator = judged(looser, wrong=(4, 100)).indicators[1]
    assert indicator.threshold is lenient and indicator.rate.value == Fraction(1, 25)


def test_omitted_and_wrong_rates_count_people_and_approval_households():
    rows = [
        Verdict("e1", "exited", 5, wrongly_exited=True, approval="disapprove"),
        Verdict("e2", "exited", 1, approval="approve"),
    ]
    assert wrongly_exited_rate(rows).value == Fraction(5, 6)
    assert approval_rate(rows).value == Fraction(1, 2)
    assert omitted_rate(rows).denominator == 0
