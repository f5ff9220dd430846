"""Progress of targets at any date, rolled up the unit tree and the region tree; reversals;
the pledge cascade; cadre checks; the scope of a unit user; the summary's figures."""

import datetime as dt
from decimal import Decimal

import pytest
from tests.assistance.factories import code, entry, indicator, pair, pledge, units

from fupin.accounts.models import User
from fupin.assistance import access, selectors, services
from fupin.assistance.models import Cadre, CadreAward, Pairing
from fupin.regions.models import Region, RegionYear

pytestmark = pytest.mark.django_db
D = dt.date.fromisoformat


@pytest.fixture
def tree():
    """集团 → (子公司甲 → 分公司, 子公司乙); another group 其他集团."""
    return units(
        (1, "集团", None),
        (2, "子公司甲", 1),
        (3, "分公司", 2),
        (4, "子公司乙", 1),
        (9, "其他集团", None),
    )


def _progress(unit, start, end):
    return {
        p.indicator.code: (p.target, p.delivered, p.completion)
        for p in selectors.unit_progress(unit, D(start), D(end))
    }


def test_delivery_rolls_up_the_unit_tree_at_any_date(tree):
    pair(tree[1], "130824")
    pair(tree[1], "130727")
    pledge(tree[1], 2020, funds_invested="1000000", jobs_direct="100")
    entry("E1", tree[3], "2020-03-31", "funds_invested", "250000.10", "130824101")
    entry("E2", tree[2], "2020-04-01", "funds_invested", "100000")
    entry("E3", tree[4], "2020-09-30", "funds_invested", "49999.90", "130727")
    entry("E4", tree[4], "2020-10-01", "jobs_direct", "33")
    entry("X1", tree[9], "2020-05-01", "funds_invested", "7")  # another group's
    assert _progress(tree[1], "2020-01-01", "2020-12-31")["funds_invested"] == (
        Decimal("1000000.00"),
        Decimal("400000.00"),
        Decimal("0.4000"),
    )
    assert _progress(tree[1], "2020-01-01", "2020-03-31")["funds_invested"][1] == Decimal(
        "250000.10"
    )
    assert _progress(tree[2], "2020-01-01", "2020-12-31")["funds_invested"][1] == Decimal(
        "350000.10"
    )
    assert _progress(tree[3], "2020-01-01", "2020-12-31")["funds_invested"][1] == Decimal(
        "250000.10"
    )
    assert _progress(tree[1], "2020-01-01", "2020-09-30")["jobs_direct"] == (
        Decimal("100.00"),
        Decimal(0),
        Decimal("0.0000"),
    )
    by_county = selectors.region_delivered(tree[1], D("2020-01-01"), D("2020-12-31"))
    funds = indicator("funds_invested").pk
    assert {area: values[funds] for area, values in by_county.items()} == {
        "130824": Decimal("250000.10"),
        "130727": Decimal("49999.90"),
    }
    by_province = selectors.region_delivered(
        tree[1], D("2020-01-01"), D("2020-12-31"), level="province"
    )
    assert by_province == {"13": {funds: Decimal("300000.00")}}


def test_a_reversing_entry_restores_the_totals_from_its_date(tree):
    pledge(tree[1], 2020, donations="500")
    wrong = entry("D1", tree[2], "2020-05-01", "donations", "120.50")
    services.ledger_reverse(entry=wrong, entry_id="D1-R", date=D("2020-06-01"))
    entry("D2", tree[2], "2020-06-02", "donations", "102.05")
    assert _progress(tree[1], "2020-01-01", "2020-05-31")["donations"][1] == Decimal("120.50")
    assert _progress(tree[1], "2020-01-01", "2020-06-01")["donations"][1] == Decimal("0.00")
    assert _progress(tree[1], "2020-01-01", "2020-12-31")["donations"] == (
        Decimal("500.00"),
        Decimal("102.05"),
        Decimal("0.2041"),
    )
    with pytest.raises(services.Conflict):
        services.ledger_reverse(entry=wrong, entry_id="D1-R2", date=D("2020-07-01"))


def test_targets_roll_up_where_the_parent_pledged_none(tree):
    pledge(tree[2], 2020, produce_bought="3000")
    pledge(tree[4], 2020, produce_bought="2000.50")
    pledge(tree[3], 2020, produce_bought="1000")  # a part of 子公司甲's 3000
    assert _progress(tree[1], "2020-01-01", "2020-12-31")["produce_bought"][0] == Decimal("5000.50")
    pledge(tree[1], 2020, produce_bought="6000")  # the group's own pledge governs
    assert _progress(tree[1], "2020-01-01", "2020-12-31")["produce_bought"][0] == Decimal("6000.00")


def test_the_cascade_check_reports_parts_above_and_below_their_pledge(tree):
    pledge(tree[1], 2020, funds_invested="1000", donations="50")
    pledge(tree[2], 2020, funds_invested="700", donations="30")
    pledge(tree[4], 2020, funds_invested="400", donations="20")
    pledge(tree[3], 2020, funds_invested="600")
    findings = {
        (f.pledge.unit.name, f.indicator.code): (f.target, f.parts, f.over, f.message)
        for f in selectors.pledge_cascade_check(tree[1], 2020)
    }
    assert findings == {
        ("集团", "funds_invested"): (
            Decimal("1000.00"),
            Decimal("1100.00"),
            True,
            "parts exceed the pledge by 100.00",
        ),
        ("子公司甲", "funds_invested"): (
            Decimal("700.00"),
            Decimal("600.00"),
            False,
            "100.00 not yet passed down",
        ),
    }


def test_a_cadres_pledge_is_a_part_of_the_units(tree):
    cadre = Cadre.objects.create(
        name="柴山", unit=tree[2], region_id="130824", role="temporary_post", start=D("2018-03-01")
    )
    unit_pledge = services.pledge_get_or_create(unit=tree[2], year=2019)
    mine = services.pledge_get_or_create(unit=tree[2], year=2019, cadre=cadre)
    assert mine.parent == unit_pledge
    services.targets_set(
        pledge=unit_pledge, values={indicator("cadres_trained"): Decimal(50)}, actor=None
    )
    services.targets_set(pledge=mine, values={indicator("cadres_trained"): Decimal(20)}, actor=None)
    assert _progress(tree[2], "2019-01-01", "2019-12-31")["cadres_trained"][0] == Decimal("50.00")


def test_cadre_checks_are_warnings(tree):
    short = Cadre.objects.create(
        name="甲",
        unit=tree[2],
        region_id="130824101",
        role="first_secretary",
        start=D("2019-01-01"),
        end=D("2020-06-30"),
    )
    assert selectors.cadre_warnings(short, as_of=D("2019-06-01")) == [
        "term of 1.5 years is shorter than 2",
        "work team of 1 is smaller than 3",
    ]
    for name in ("乙", "丙"):
        Cadre.objects.create(
            name=name,
            unit=tree[2],
            region_id="130824101",
            role="team_member",
            start=D("2019-01-01"),
        )
    assert selectors.cadre_warnings(short, as_of=D("2019-06-01")) == [
        "term of 1.5 years is shorter than 2"
    ]


def test_a_unit_user_sees_own_unit_and_subsidiaries_only(tree):
    user = User.objects.create_user("u", password="a-long-test-password", role="assisting_unit")
    user.units.set([tree[2]])
    entry("S1", tree[3], "2020-01-02", "donations", "1")
    entry("S2", tree[4], "2020-01-02", "donations", "2")
    entry("S3", tree[9], "2020-01-02", "donations", "3")
    assert set(access.units_for(user).values_list("name", flat=True)) == {"子公司甲", "分公司"}
    assert set(access.entries_for(user).values_list("entry_id", flat=True)) == {"S1"}
    access.unit_for(user, tree[3].pk, write=True)
    with pytest.raises(access.NotFound):
        access.unit_for(user, tree[1].pk)
    county = User.objects.create_user("c", password="a-long-test-password", role="county_office")
    county.regions.set(Region.objects.filter(code="130824"))
    services.pairings_save(
        [
            {
                "unit": tree[4],
                "region": "130824",
                "kind": "counterpart",
                "start": D("2018-01-01"),
                "end": None,
            }
        ],
        actor=None,
    )
    # another group's donation there (an exception: it is not paired with the county)
    entry("S4", tree[9], "2020-01-02", "donations", "4", region="130824101", reason="donation")
    assert list(access.units_for(county).values_list("name", flat=True)) == ["子公司乙"]
    assert list(access.entries_for(county).values_list("entry_id", flat=True)) == ["S4"]
    with pytest.raises(access.NotAllowed):
        access.unit_for(county, tree[4].pk, write=True)


def test_summary_counts_pairings_exits_cadres_and_awards(tree):
    for county, kind in (
        ("540232", "counterpart"),
        ("421123", "fixed_point"),
        ("130727", "fixed_point"),
    ):
        Pairing.objects.create(unit=tree[2], region_id=county, kind=kind, start=D("2016-01-01"))
    Pairing.objects.create(
        unit=tree[2],
        region_id="130824",
        kind="fixed_point",
        start=D("2016-01-01"),
        end=D("2017-12-31"),
    )
    RegionYear.objects.create(
        region_id="540232", year=2019, exit_year=2019, exit_date=D("2019-04-30")
    )
    RegionYear.objects.create(region_id="421123", year=2019, exit_year=2019)  # no day: 31 December
    pledge(tree[1], 2019, funds_invested="100")
    entry("F1", tree[3], "2019-02-01", "funds_invested", "33.33")
    for n in range(3):
        cadre = Cadre.objects.create(
            name=f"干部{n}",
            unit=tree[3],
            region_id="540232",
            role="temporary_post",
            start=D("2018-01-01"),
        )
        if n:
            CadreAward.objects.create(cadre=cadre, year=2019, title="优秀扶贫干部")
    half = selectors.unit_summary(tree[1], D("2019-01-01"), D("2019-06-30"))
    assert half["funds_invested"] == {
        "name": "直接投入帮扶资金",
        "unit": "元",
        "target": Decimal("100.00"),
        "delivered": Decimal("33.33"),
        "completion": Decimal("0.3333"),
    }
    assert half["jobs_direct"]["delivered"] == 0 and half["jobs_direct"]["target"] is None
    assert {k: v["count"] for k, v in half["pairings"].items()} == {
        "fixed_point": 2,
        "counterpart": 1,
    }
    assert half["counties"]["paired"] == 3 and half["counties"]["exited"] == 1
    assert half["counties"]["exited_list"] == [
        {"code": "540232", "name": "仲巴县", "exit_date": "2019-04-30"}
    ]
    year = selectors.unit_summary(tree[1], D("2019-01-01"), D("2019-12-31"))
    assert year["counties"]["exited"] == 2
    assert year["cadres"] == {"dispatched": 3, "awarded": 2}
    assert year["unit"] == {"code": code(1), "name": "集团"}
