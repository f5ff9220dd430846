"""The verification pages: what an evaluator and an office reach, the verdict form with its
conflict, the rates and the decision."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import translation
from tests.supervision import verification_world as w

from fupin.supervision import verification
from fupin.supervision.models import Campaign, SampleHousehold, Verdict

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def chinese():
    with translation.override("zh-hans"):
        yield


@pytest.fixture
def world():
    world = w.build()
    campaign = w.campaign(world)
    verification.campaign_sample(campaign=campaign, seed=5, actor=None)
    world.campaign = campaign
    return world


def _post_verdict(client, sample, version=0, income="6000", **extra):
    data = {
        "income_found": income,
        "approval": "approve",
        "visited_on": "2019-11-20",
        "version": version,
        "next": "0",
        **extra,
    }
    return client.post(f"/supervision/samples/{sample.pk}/", data)


def test_an_evaluator_lands_on_the_households_of_their_campaign(client, world):
    client.force_login(world.evaluators[0])
    home = client.get("/")
    assert home.status_code == 302 and home.url == "/supervision/campaigns/"
    listed = client.get("/supervision/campaigns/")
    assert listed.status_code == 302
    assert listed.url == f"/supervision/campaigns/{world.campaign.pk}/samples/"
    page = client.get(listed.url).content.decode()
    mine = SampleHousehold.objects.filter(evaluator=world.evaluators[0])
    theirs = SampleHousehold.objects.filter(evaluator=world.evaluators[1])
    assert mine.exists() and theirs.exists()
    assert all(f'data-sample="{s.pk}"' in page for s in mine)
    assert not any(f'data-sample="{s.pk}"' in page for s in theirs)


def test_an_evaluator_cannot_read_another_campaign_or_another_evaluators_household(client, world):
    other = w.campaign(world, name="另一项评估检查", evaluators=[world.evaluators[1]])
    client.force_login(world.evaluators[0])
    assert client.get(f"/supervision/campaigns/{other.pk}/").status_code == 404
    assert client.get(f"/supervision/campaigns/{other.pk}/samples/").status_code == 404
    theirs = SampleHousehold.objects.filter(
        evaluator=world.evaluators[1], campaign_county__campaign=world.campaign
    ).first()
    assert client.get(f"/supervision/samples/{theirs.pk}/").status_code == 404
    assert _post_verdict(client, theirs).status_code == 404
    assert not Verdict.objects.exists()


def test_an_evaluator_records_a_verdict_and_a_concurrent_change_is_shown_side_by_side(
    client, world
):
    sample = SampleHousehold.objects.filter(evaluator=world.evaluators[0]).first()
    client.force_login(world.evaluators[0])
    form = client.get(f"/supervision/samples/{sample.pk}/").content.decode()
    assert "核实人均纯收入" in form and "系统人均纯收入" in form
    saved = _post_verdict(client, sample)
    assert saved.status_code == 302
    verdict = Verdict.objects.get(sample=sample)
    assert (verdict.income_found, verdict.evaluator) == (Decimal("6000.00"), world.evaluators[0])
    # an administrator changes it meanwhile
    verification.verdict_record(
        sample=sample,
        values={
            "income_found": Decimal("6500"),
            "approval": "approve",
            "visited_on": dt.date(2019, 11, 21),
        },
        expected_version=1,
        actor=world.admin,
    )
    stale = _post_verdict(client, sample, version=1, income="5800")
    assert stale.status_code == 409
    text = stale.content.decode()
    assert "评估结论已被他人修改" in text and "6500.00" in text and "5800.00" in text
    assert Verdict.objects.get(sample=sample).income_found == Decimal("6500.00")
    # sending again with the version the conflict page carries overwrites knowingly
    again = _post_verdict(client, sample, version=2, income="5800")
    assert again.status_code == 302
    assert Verdict.objects.get(sample=sample).income_found == Decimal("5800.00")


def test_a_bad_verdict_names_the_field_and_writes_nothing(client, world):
    sample = SampleHousehold.objects.filter(evaluator=world.evaluators[0]).first()
    client.force_login(world.evaluators[0])
    answer = _post_verdict(client, sample, income="-5")
    assert answer.status_code == 200
    assert "核实人均纯收入" in answer.content.decode()
    assert answer.context["form"].errors["income_found"]
    assert not Verdict.objects.exists()


def test_the_county_office_reads_the_rates_but_cannot_sample_or_decide(client, world):
    for sample in SampleHousehold.objects.all():
        verification.verdict_record(
            sample=sample,
            values={
                "income_found": Decimal("6000"),
                "approval": "approve",
                "visited_on": dt.date(2019, 11, 20),
            },
            expected_version=0,
            actor=world.admin,
        )
    client.force_login(world.office)
    page = client.get(f"/supervision/campaigns/{world.campaign.pk}/").content.decode()
    assert "错退率" in page and "群众认可度" in page and "达到退出标准（待认定）" in page
    row = world.campaign.counties.get()
    assert (
        client.post(
            f"/supervision/campaigns/counties/{row.pk}/", {"decided_on": "2019-12-01"}
        ).status_code
        == 403
    )
    assert (
        client.post(f"/supervision/campaigns/{world.campaign.pk}/", {"seed": 9}).status_code == 403
    )
    row.refresh_from_db()
    assert row.may_exit is None
    client.force_login(world.admin)
    decided = client.post(
        f"/supervision/campaigns/counties/{row.pk}/", {"decided_on": "2019-12-01"}
    )
    assert decided.status_code == 302
    row.refresh_from_db()
    assert row.may_exit is True and row.decided_on == dt.date(2019, 12, 1)


def test_an_administrator_creates_a_campaign_and_an_own_province_institution_is_refused(
    client, world
):
    client.force_login(world.admin)
    hubei = world.institution.__class__.objects.create(name="武汉大学", province_id="42")
    data = {
        "name": "2020年评估",
        "kind": "exit_verification",
        "year": 2019,
        "institution": hubei.pk,
        "counties": w.COUNTY,
        "preset": "national-2017",
    }
    refused = client.post("/supervision/campaigns/new/", data)
    assert refused.status_code == 200
    assert "不得评估本省的县" in refused.content.decode()
    assert not Campaign.objects.filter(name="2020年评估").exists()
    created = client.post(
        "/supervision/campaigns/new/", {**data, "institution": world.institution.pk}
    )
    assert created.status_code == 302
    assert Campaign.objects.filter(name="2020年评估").exists()


def test_a_campaign_of_many_counties_is_sampled_by_a_job(client, world):
    from fupin.core.jobs import job_run_next
    from fupin.core.models import Job
    from fupin.regions.models import Region, RegionYear

    others = list(Region.objects.filter(code__in=("540232", "530825", "130727")))
    for county in others:
        RegionYear.objects.update_or_create(
            region=county, year=w.YEAR, defaults={"rural_population": 50_000}
        )
    campaign = w.campaign(world, name="四县评估", counties=[world.county, *others])
    client.force_login(world.admin)
    answer = client.post(f"/supervision/campaigns/{campaign.pk}/", {"seed": 8})
    job = Job.objects.get(kind="verification_sample")
    assert answer.status_code == 302 and answer.url == f"/jobs/{job.pk}/"
    assert not SampleHousehold.objects.filter(campaign_county__campaign=campaign).exists()
    job_run_next("test")
    job.refresh_from_db()
    drawn = SampleHousehold.objects.filter(campaign_county__campaign=campaign).count()
    assert job.status == "done" and drawn == 60 and job.result["households"] == drawn
    campaign.refresh_from_db()
    assert (campaign.seed, campaign.status) == (8, "sampled")
