"""/api/verification/: campaigns and samples scoped to the caller, the rates, a verdict PUT
against its version (409 with both sides), and the field workbook down and up again."""

from __future__ import annotations

import datetime as dt
import io
import json
from decimal import Decimal

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation
from rest_framework.test import APIClient
from tests.supervision import verification_world as w

from fupin.accounts.models import User
from fupin.core.models import Change
from fupin.supervision import verification
from fupin.supervision.models import SampleHousehold, Verdict
from fupin.supervision.verification_workbook import COLUMNS, XLSX

pytestmark = pytest.mark.django_db
VISIT = "2019-11-20"
COL = {c.key: i + 1 for i, c in enumerate(COLUMNS)}


@pytest.fixture(autouse=True)
def chinese():
    with translation.override("zh-hans"):
        yield


@pytest.fixture
def sampled():
    world = w.build()
    campaign = w.campaign(world)
    verification.campaign_sample(campaign=campaign, seed=7, actor=None)
    return world, campaign


def _api(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


def _mine(campaign, user):
    return list(
        SampleHousehold.objects.filter(campaign_county__campaign=campaign, evaluator=user).order_by(
            "order"
        )
    )


def test_an_evaluator_sees_only_their_campaigns_and_households(sampled):
    world, campaign = sampled
    first, second = world.evaluators
    other = w.campaign(world, name="另一次评估检查", evaluators=[second])
    verification.campaign_sample(campaign=other, seed=3, actor=None)
    api = _api(first)
    listed = api.get("/api/verification/campaigns/").json()
    assert [c["id"] for c in listed["results"]] == [campaign.pk]
    assert listed["results"][0]["counties"][0]["county"] == w.COUNTY
    assert api.get(f"/api/verification/campaigns/{other.pk}/").status_code == 404
    assert api.get(f"/api/verification/campaigns/{other.pk}/rates/").status_code == 404
    assert api.get(f"/api/verification/campaigns/{other.pk}/workbook/").status_code == 404
    samples = api.get("/api/verification/samples/", {"page_size": 500}).json()
    mine = _mine(campaign, first)
    assert [s["id"] for s in samples["results"]] == [s.pk for s in mine]
    assert samples["results"][0]["household"] == mine[0].household.number
    village = mine[0].sample_village.village_id
    filtered = api.get("/api/verification/samples/", {"village": village}).json()
    assert {s["village"] for s in filtered["results"]} == {village}
    assert api.get("/api/verification/samples/", {"campaign": other.pk}).json()["count"] == 0
    theirs = _mine(campaign, second)[0]
    assert api.get(f"/api/verification/samples/{theirs.pk}/").status_code == 404
    put = api.put(
        f"/api/verification/samples/{theirs.pk}/verdict/",
        {"version": 0, "visited_on": VISIT},
        format="json",
    )
    assert put.status_code == 404
    assert api.get("/api/verification/samples/", {"county": "x"}).status_code == 400
    assert not Verdict.objects.exists()


def test_the_lists_run_a_fixed_number_of_queries(sampled, django_assert_num_queries):
    world, _campaign = sampled
    api = _api(world.admin)
    with django_assert_num_queries(4):  # count, page, counties, evaluators
        assert api.get("/api/verification/campaigns/").status_code == 200
    with django_assert_num_queries(2):  # count, page
        assert api.get("/api/verification/samples/").json()["count"] == 60


def test_a_verdict_put_against_an_old_version_is_409_with_both_versions(sampled):
    world, campaign = sampled
    first = world.evaluators[0]
    sample = next(s for s in _mine(campaign, first) if s.stratum == "registered")
    url = f"/api/verification/samples/{sample.pk}/verdict/"
    body = {"version": 0, "income_found": "6000", "visited_on": VISIT, "approval": "approve"}
    created = _api(first).put(url, body, format="json")
    assert created.status_code == 200, created.json()
    assert (created.json()["version"], created.json()["income_found"]) == (1, "6000.00")
    assert created.json()["evaluator"] == "eval1"
    changed = _api(world.admin).put(
        url, {**body, "version": 1, "income_found": "6100"}, format="json"
    )
    assert changed.json()["version"] == 2
    changes = Change.objects.count()
    stale = _api(first).put(url, {**body, "version": 1, "income_found": "5900"}, format="json")
    assert stale.status_code == 409
    error = stale.json()["error"]
    assert (error["code"], error["by"], error["version"], error["sample"]) == (
        "conflict",
        "boss",
        2,
        sample.pk,
    )
    assert error["theirs"]["income_found"] == "6100.00"
    assert error["ours"]["income_found"] == "5900.00"
    assert Verdict.objects.get(sample=sample).income_found == Decimal("6100.00")
    assert Change.objects.count() == changes
    bad = _api(first).put(url, {**body, "version": 2, "wrongly_exited": True}, format="json")
    assert bad.status_code == 400  # a household still registered cannot be wrongly exited
    assert "wrongly_exited" in bad.json()["error"]["fields"]
    assert _api(first).put(url, {"version": 2}, format="json").status_code == 400


def test_rates_answer_exact_values(sampled):
    world, campaign = sampled
    rows = SampleHousehold.objects.filter(campaign_county__campaign=campaign)
    for sample in rows:
        verification.verdict_record(
            sample=sample,
            values={"income_found": Decimal("6000"), "visited_on": dt.date(2019, 11, 20)},
            expected_version=None,
            actor=world.admin,
        )
    data = _api(world.evaluators[0]).get(f"/api/verification/campaigns/{campaign.pk}/rates/")
    [county] = data.json()["counties"]
    rates = {i["code"]: i for i in county["indicators"]}
    assert rates["wrongly_exited_rate"]["value"] == "0/1"
    assert rates["approval_rate"]["denominator"] == 0 and rates["approval_rate"]["value"] is None
    assert county["exit"] is None and "群众认可度" in county["problem"]


def test_the_workbook_goes_down_and_back_up_with_a_conflict_to_resolve(sampled):
    world, campaign = sampled
    first = world.evaluators[0]
    mine = _mine(campaign, first)
    verification.verdict_record(
        sample=mine[0],
        values={"income_found": Decimal("6000"), "visited_on": dt.date(2019, 11, 20)},
        expected_version=None,
        actor=first,
    )
    api = _api(first)
    url = f"/api/verification/campaigns/{campaign.pk}/workbook/"
    down = api.get(url)
    assert down.status_code == 200 and down["Content-Type"] == XLSX
    book = openpyxl.load_workbook(io.BytesIO(down.content))
    ws = book.worksheets[0]
    rows = {ws.cell(r, COL["sample_id"]).value: r for r in range(3, ws.max_row + 1)}
    assert set(rows) == {s.pk for s in mine}
    ws.cell(rows[mine[0].pk], COL["income_found"], 6400)
    buffer = io.BytesIO()
    book.save(buffer)
    content = buffer.getvalue()

    def upload(**extra):
        file = SimpleUploadedFile("filled.xlsx", content, content_type=XLSX)
        return api.post(url, {"file": file, **extra}, format="multipart")

    # someone else changes that verdict after the download
    verification.verdict_record(
        sample=mine[0],
        values={"income_found": Decimal("6100"), "visited_on": dt.date(2019, 11, 20)},
        expected_version=1,
        actor=world.admin,
    )
    refused = upload()
    assert refused.status_code == 409
    [conflict] = refused.json()["error"]["conflicts"]
    assert (conflict["sample"], conflict["row"], conflict["by"]) == (
        mine[0].pk,
        rows[mine[0].pk],
        "boss",
    )
    assert (conflict["theirs"]["income_found"], conflict["ours"]["income_found"]) == (
        "6100.00",
        "6400.00",
    )
    assert Verdict.objects.get(sample=mine[0]).income_found == Decimal("6100.00")
    taken = upload(choices=json.dumps({str(mine[0].pk): "mine"}))
    assert taken.status_code == 200, taken.json()
    assert taken.json()["changed"] == 1
    assert Verdict.objects.get(sample=mine[0]).income_found == Decimal("6400.00")
    # another evaluator's upload of these rows: 400 naming each row, nothing written
    other = _api(world.evaluators[1]).post(
        url,
        {"file": SimpleUploadedFile("x.xlsx", content, content_type=XLSX)},
        format="multipart",
    )
    assert other.status_code == 400
    assert {r["column"] for r in other.json()["error"]["rows"]} == {"样本编号"}
    assert len(other.json()["error"]["rows"]) == len(mine)
    bad = upload(choices="{not json")
    assert bad.status_code == 400 and "choices" in bad.json()["error"]["fields"]


def test_an_office_reads_its_countys_campaign_but_not_another(sampled):
    world, campaign = sampled
    stranger = User.objects.create_user("yangyuan", password="x", role="county_office")
    stranger.regions.set(["130727"])
    assert _api(stranger).get(f"/api/verification/campaigns/{campaign.pk}/").status_code == 404
    assert _api(world.office).get(f"/api/verification/campaigns/{campaign.pk}/").status_code == 200
    sample = SampleHousehold.objects.filter(campaign_county__campaign=campaign).first()
    refused = _api(world.office).put(
        f"/api/verification/samples/{sample.pk}/verdict/",
        {"version": 0, "visited_on": VISIT},
        format="json",
    )
    assert refused.status_code == 403
    assert not Verdict.objects.exists()
