"""Verification campaigns: creation rules, the stored sample drawn from the registry,
verdicts with conflicts, the rates and the decision, and what 回头看 reports back."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import translation
from tests.supervision import verification_world as w

from fupin.core.errors import FieldInvalid, InvalidInput
from fupin.core.models import Change
from fupin.regions.models import Region, RegionYear
from fupin.supervision import verification
from fupin.supervision.enums import CampaignKind, CampaignStatus
from fupin.supervision.models import (
    Campaign,
    Finding,
    Institution,
    Rectification,
    SampleHousehold,
    Verdict,
)

pytestmark = pytest.mark.django_db
VISIT = dt.date(2019, 11, 20)


@pytest.fixture(autouse=True)
def chinese():
    with translation.override("zh-hans"):
        yield


@pytest.fixture
def world():
    return w.build()


def _sample(campaign, seed=7):
    verification.campaign_sample(campaign=campaign, seed=seed, actor=None)
    return list(
        SampleHousehold.objects.filter(campaign_county__campaign=campaign).order_by("order")
    )


def test_an_institution_of_the_countys_own_province_is_refused_and_nothing_written(world):
    hubei = Institution.objects.create(name="华中师范大学", province=Region.objects.get(code="42"))
    with pytest.raises(FieldInvalid) as caught:
        w.campaign(world, institution=hubei)
    assert caught.value.field == "institution"
    assert "罗田县" in caught.value.message
    assert not Campaign.objects.exists()


def test_a_third_party_check_needs_an_institution_and_evaluators_of_that_role(world):
    with pytest.raises(FieldInvalid) as caught:
        w.campaign(world, institution=None)
    assert caught.value.field == "institution"
    with pytest.raises(FieldInvalid) as caught:
        w.campaign(world, evaluators=[world.office])
    assert caught.value.field == "evaluators"
    with pytest.raises(FieldInvalid) as caught:
        w.campaign(world, counties=[world.villages[0]])
    assert caught.value.field == "counties"
    with pytest.raises(FieldInvalid) as caught:
        w.campaign(world, overrides={"villages": {"poor": -1}})
    assert caught.value.field == "overrides"
    assert not Campaign.objects.exists()


def test_a_spot_check_takes_only_counties_that_have_exited(world):
    with pytest.raises(FieldInvalid) as caught:
        w.campaign(world, kind=CampaignKind.SPOT_CHECK)
    assert "尚未摘帽" in caught.value.message
    RegionYear.objects.filter(region=world.county, year=w.YEAR).update(exit_year=2018)
    RegionYear.objects.update_or_create(
        region=world.county, year=2018, defaults={"exit_year": 2018}
    )
    assert w.campaign(world, kind=CampaignKind.SPOT_CHECK).kind == CampaignKind.SPOT_CHECK


def test_the_spot_check_draws_a_fifth_of_the_exited_counties_reproducibly(world):
    counties = list(Region.objects.filter(level="county").order_by("code")[:10])
    for county in counties:
        RegionYear.objects.update_or_create(region=county, year=2018, defaults={"exit_year": 2018})
    first = verification.spot_check_draw(exited_in=2018, seed=3)
    assert len(first) == 2  # 20 % of 10
    assert first == verification.spot_check_draw(exited_in=2018, seed=3)
    assert set(first) <= set(counties)


def test_the_same_seed_draws_the_same_sample_and_it_is_stored_with_registry_figures(world):
    campaign = w.campaign(world)
    first = [(s.household_id, s.stratum, s.evaluator_id) for s in _sample(campaign, seed=11)]
    again = [(s.household_id, s.stratum, s.evaluator_id) for s in _sample(campaign, seed=11)]
    other = [(s.household_id, s.stratum, s.evaluator_id) for s in _sample(campaign, seed=12)]
    assert first == again
    assert first != other
    rows = _sample(campaign, seed=11)
    # 4 villages × (10 registered or exited + 5 non-registered)
    assert len(rows) == 60
    assert {s.stratum for s in rows} == {"registered", "exited", "non_registered"}
    assert all(s.per_capita_income == Decimal("5000.00") for s in rows)
    assert {s.evaluator_id for s in rows} == {e.pk for e in world.evaluators}
    county = campaign.counties.get()
    people = 12 * (1 + 2 + 3 + 4) // 4 * 6  # each stratum of each village: 30 people
    assert (county.remaining_registered, county.exited) == (people, people)
    assert county.non_registered == w.RURAL - 2 * people
    campaign.refresh_from_db()
    assert (campaign.seed, campaign.status) == (11, CampaignStatus.SAMPLED)


def test_sampling_without_the_rural_population_is_refused_and_writes_nothing(world):
    RegionYear.objects.filter(region=world.county).update(rural_population=None)
    campaign = w.campaign(world)
    with pytest.raises(InvalidInput) as caught:
        verification.campaign_sample(campaign=campaign, seed=1, actor=None)
    assert "农村人口" in caught.value.message
    assert not SampleHousehold.objects.exists()
    campaign.refresh_from_db()
    assert campaign.seed is None


def _verdict(sample, actor, version=None, **values):
    values.setdefault("visited_on", VISIT)
    values.setdefault("approval", "approve")
    return verification.verdict_record(
        sample=sample, values=values, expected_version=version, actor=actor
    )


def test_wrongly_exited_follows_from_income_below_the_line_or_a_failed_guarantee(world):
    rows = _sample(w.campaign(world))
    exited = [s for s in rows if s.stratum == "exited"]
    evaluator = exited[0].evaluator
    low = _verdict(exited[0], evaluator, income_found=Decimal("3217.99"))
    ok = _verdict(exited[1], evaluator, income_found=Decimal("3218"))
    house = _verdict(exited[2], evaluator, income_found=Decimal("8000"), housing_ok=False)
    assert (low.wrongly_exited, ok.wrongly_exited, house.wrongly_exited) == (True, False, True)
    other = next(s for s in rows if s.stratum == "non_registered")
    assert _verdict(other, other.evaluator, income_found=Decimal("2000")).omitted is True
    registered = next(s for s in rows if s.stratum == "registered")
    with pytest.raises(FieldInvalid) as caught:
        _verdict(registered, registered.evaluator, wrongly_exited=True)
    assert caught.value.field == "wrongly_exited"


def test_a_verdict_changed_meanwhile_is_a_conflict_and_nothing_is_overwritten(world):
    sample = _sample(w.campaign(world))[0]
    first = _verdict(sample, world.evaluators[0], income_found=Decimal("6000"))
    assert first.version == 1
    second = _verdict(sample, world.evaluators[1], version=1, income_found=Decimal("6100"))
    assert second.version == 2
    changes = Change.objects.filter(subject="verification_verdict", subject_id=sample.pk).count()
    with pytest.raises(verification.VerdictConflict) as caught:
        _verdict(sample, world.evaluators[0], version=1, income_found=Decimal("5900"))
    assert caught.value.theirs["income_found"] == Decimal("6100.00")
    assert caught.value.ours["income_found"] == Decimal("5900.00")
    assert caught.value.by == "eval2"
    held = Verdict.objects.get(sample=sample)
    assert (held.income_found, held.version) == (Decimal("6100.00"), 2)
    assert Change.objects.filter(subject="verification_verdict").count() == changes
    # the same values sent again against the old version change nothing and are no conflict
    same = _verdict(sample, world.evaluators[0], version=1, income_found=Decimal("6100"))
    assert same.version == 2


def test_a_verdict_in_the_future_or_with_bad_approval_is_refused(world):
    sample = _sample(w.campaign(world))[0]
    with pytest.raises(FieldInvalid) as caught:
        _verdict(sample, None, visited_on=dt.date.today() + dt.timedelta(days=1))
    assert caught.value.field == "visited_on"
    with pytest.raises(FieldInvalid) as caught:
        _verdict(sample, None, approval="maybe")
    assert caught.value.field == "approval"
    assert not Verdict.objects.exists()


def test_a_county_is_decided_only_when_every_household_has_its_verdict(world):
    campaign = w.campaign(world)
    rows = _sample(campaign)
    county = campaign.counties.get()
    for sample in rows[:-1]:
        _verdict(sample, sample.evaluator, income_found=Decimal("6000"))
    with pytest.raises(InvalidInput) as caught:
        verification.county_decide(row=county, on=VISIT, actor=world.admin)
    assert f"{len(rows)} 户样本中已录入 {len(rows) - 1} 户" in caught.value.message
    county.refresh_from_db()
    assert county.may_exit is None
    _verdict(rows[-1], rows[-1].evaluator, income_found=Decimal("6000"))
    outcome = verification.county_decide(row=county, on=VISIT, actor=world.admin)
    county.refresh_from_db()
    assert outcome.decision.exit and county.may_exit is True and county.failing == []


def test_one_wrongly_exited_person_in_a_small_sample_fails_that_indicator_only(world):
    campaign = w.campaign(world)
    rows = _sample(campaign)
    exited = [s for s in rows if s.stratum == "exited"]
    for sample in rows:
        income = "3000" if sample is exited[0] else "6000"
        _verdict(sample, sample.evaluator, income_found=Decimal(income))
    county = campaign.counties.get()
    outcome = verification.county_decide(row=county, on=VISIT, actor=world.admin)
    rate = outcome.rates.wrongly_exited_rate
    assert rate.numerator == exited[0].members
    assert rate.denominator == sum(s.members for s in exited)
    county.refresh_from_db()
    assert county.may_exit is False and county.failing == ["wrongly_exited_rate"]


def test_a_look_back_reports_each_wrongly_exited_household_once(world):
    campaign = w.campaign(
        world,
        kind=CampaignKind.LOOK_BACK,
        institution=None,
        preset="look-back-2019",
        overrides={},
        name="2019年脱贫户回头看",
    )
    rows = _sample(campaign)
    assert rows and {s.stratum for s in rows} == {"exited"}
    assert all(s.evaluator is not None for s in rows)  # still assigned to the named evaluators
    _verdict(rows[0], world.office, income_found=Decimal("2500"))
    _verdict(rows[1], world.office, income_found=Decimal("9000"))
    found = verification.look_back_report(campaign=campaign, on=VISIT, actor=world.office)
    assert [f.household_id for f in found] == [rows[0].household_id]
    task = Rectification.objects.get(finding=found[0])
    # the county issues its own check's findings; the household's township corrects
    assert found[0].issuer_region_id == w.COUNTY and found[0].source == "look_back"
    assert task.owner_region_id == rows[0].household.village_id[:9]
    assert task.deadline == VISIT + dt.timedelta(days=30)
    assert verification.look_back_report(campaign=campaign, on=VISIT, actor=None) == []
    assert Finding.objects.count() == 1
    with pytest.raises(InvalidInput):
        verification.county_decide(row=campaign.counties.get(), on=VISIT, actor=world.admin)


def test_a_sample_with_verdicts_cannot_be_drawn_again(world):
    campaign = w.campaign(world)
    rows = _sample(campaign)
    _verdict(rows[0], rows[0].evaluator, income_found=Decimal("6000"))
    with pytest.raises(InvalidInput):
        verification.campaign_sample(campaign=campaign, seed=99, actor=None)
    assert SampleHousehold.objects.filter(campaign_county__campaign=campaign).count() == len(rows)


def test_verdicts_are_recorded_all_or_none(world):
    rows = _sample(w.campaign(world))
    _verdict(rows[1], None, income_found=Decimal("7000"))
    entries = [
        verification.VerdictEntry(
            rows[0], {"income_found": Decimal("6000"), "visited_on": VISIT}, 0
        ),
        verification.VerdictEntry(
            rows[1], {"income_found": Decimal("6001"), "visited_on": VISIT}, 0
        ),
    ]
    with pytest.raises(verification.VerdictConflict):
        verification.verdicts_record(entries=entries, actor=None)
    assert list(Verdict.objects.values_list("sample_id", flat=True)) == [rows[1].pk]
    bad = [verification.VerdictEntry(rows[2], {"visited_on": VISIT, "approval": "?"}, 0)]
    with pytest.raises(FieldInvalid):
        verification.verdicts_record(entries=[entries[0], *bad], actor=None)
    assert Verdict.objects.count() == 1
    done = verification.verdicts_record(entries=entries[:1], actor=None, job="demo")
    assert (
        done[0].pk
        and Change.objects.filter(subject="verification_verdict", job="demo").count() == 1
    )
