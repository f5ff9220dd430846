"""Assistance API: scope, the unit summary, filters, recording and reversing entries, errors
as JSON, query counts."""

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient
from tests.assistance.factories import entry
from tests.assistance.test_pages import build_world, village

from fupin.accounts.models import User
from fupin.assistance.models import LedgerEntry
from fupin.regions.models import Region

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    return build_world()


def api(name, role, *, units_=(), regions=()):
    user = User.objects.create_user(name, password="a-long-test-password", role=role)
    user.units.set(units_)
    user.regions.set(Region.objects.filter(code__in=regions))
    client = APIClient()
    client.force_authenticate(user)
    return client


def test_units_in_scope_in_constant_queries_and_a_units_summary(world):
    client = api("group", "assisting_unit", units_=[world[1]])
    with CaptureQueriesContext(connection) as queries:
        body = client.get("/api/units/").json()
    assert [u["name"] for u in body["results"]] == ["测试集团", "测试子公司", "测试孙公司"]
    assert (
        body["results"][1]["parent"] == world[1].pk
        and body["results"][1]["parent_name"] == "测试集团"
    )
    # the user's regions and units (scope), count, the page
    assert len(queries) == 4
    detail = client.get(f"/api/units/{world[1].pk}/?year=2020").json()
    summary = detail["summary"]
    assert detail["year"] == 2020
    assert summary["funds_invested"] == {
        "name": "直接投入帮扶资金",
        "unit": "元",
        "target": "1000000.00",
        "delivered": "350000.50",
        "completion": "0.3500",
    }
    assert summary["jobs_direct"]["target"] == 30 and summary["jobs_direct"]["delivered"] == 12
    assert summary["counties"] == {
        "paired": 1,
        "exited": 1,
        "exited_list": [{"code": "130727", "name": "阳原县", "exit_date": "2020-04-26"}],
    }
    assert summary["cadres"] == {"dispatched": 1, "awarded": 0}
    assert summary["grade"] == {"year": None, "previous_year": "好"}
    assert client.get(f"/api/units/{world[9].pk}/").status_code == 404
    bad = client.get(f"/api/units/{world[1].pk}/?year=20x0")
    assert bad.status_code == 400 and bad.json()["error"]["fields"] == {
        "year": ["not a whole number"]
    }
    assert client.get(f"/api/units/{world[1].pk}/?year=1800").status_code == 400


def test_pairings_pledges_cadres_projects_in_scope(world):
    client = api("sub", "assisting_unit", units_=[world[2]])
    assert client.get("/api/pairings/").json()["count"] == 0  # the pairing is the group's
    pledges = client.get("/api/pledges/?year=2020").json()["results"]
    assert [(p["unit"], p["targets"]) for p in pledges] == [
        (
            world[2].pk,
            [{"indicator": "funds_invested", "name": "直接投入帮扶资金", "value": "400000.00"}],
        )
    ]
    assert [c["name"] for c in client.get("/api/cadres/").json()["results"]] == ["王驻村"]
    projects = client.get("/api/projects/").json()["results"]
    assert [(p["code"], p["budget"], p["status"]) for p in projects] == [
        ("P-001", "1234567.89", "planned")
    ]
    assert client.get(f"/api/pledges/?unit={world[1].pk}").status_code == 404
    county = api("county", "county_office", regions=["130727"])
    pairings = county.get("/api/pairings/").json()["results"]
    assert [(p["unit_name"], p["region"], p["kind"]) for p in pairings] == [
        ("测试集团", "130727", "fixed_point")
    ]
    cadre = county.get("/api/cadres/").json()["results"][0]
    detail = county.get(f"/api/cadres/{cadre['id']}/").json()
    assert detail["warnings"] == ["term of 1.5 years is shorter than 2"]
    group = api("group", "assisting_unit", units_=[world[1]])
    assert [
        p["year"] for p in group.get(f"/api/pledges/?unit={world[1].pk}").json()["results"]
    ] == [2020, 2020]


def test_ledger_list_filters_in_constant_queries(world):
    client = api("group", "assisting_unit", units_=[world[1]])
    with CaptureQueriesContext(connection) as queries:
        body = client.get("/api/ledger/").json()
    assert [(e["entry_id"], e["amount"]) for e in body["results"]] == [
        ("E3", "12.00"),
        ("E2", "100000.00"),
        ("E1", "250000.50"),
    ]
    assert len(queries) == 4  # scope (2), count, the page
    for n in range(5):
        entry(f"M{n}", world[3], f"2020-10-0{n + 1}", "donations", "1.00")
    with CaptureQueriesContext(connection) as more:
        assert client.get("/api/ledger/").json()["count"] == 8
    assert len(more) == 2  # count, the page: the scope stays on the authenticated user

    def ids(query):
        return [e["entry_id"] for e in client.get("/api/ledger/" + query).json()["results"]]

    assert ids(f"?unit={world[3].pk}&indicator=funds_invested") == ["E2"]
    assert ids("?indicator=funds_invested&date_from=2020-03-15") == ["E2"]
    assert ids("?date_from=2020-03-01&date_to=2020-03-01") == ["E1"]
    bad = client.get("/api/ledger/?date_from=2020-02-30")
    assert bad.status_code == 400 and "date_from" in bad.json()["error"]["fields"]
    assert client.get("/api/ledger/?unit=abc").status_code == 400
    assert client.get(f"/api/ledger/?unit={world[9].pk}").status_code == 404


def test_record_and_reverse_through_the_api(world):
    client = api("group", "assisting_unit", units_=[world[1]])
    posted = client.post(
        "/api/ledger/",
        {
            "entry_id": "A-1",
            "unit": world[2].pk,
            "indicator": "funds_invested",
            "amount": "1234.56",
            "date": "2020-07-01",
            "region": village("130727"),
        },
        format="json",
    )
    assert posted.status_code == 201, posted.json()
    body = posted.json()
    assert (body["entry_id"], body["unit"], body["amount"], body["reverses"]) == (
        "A-1",
        world[2].pk,
        "1234.56",
        None,
    )
    summary = client.get(f"/api/units/{world[1].pk}/?year=2020").json()["summary"]
    assert summary["funds_invested"]["delivered"] == "351235.06"
    reversed_ = client.post(
        f"/api/ledger/{body['id']}/reverse/", {"date": "2020-08-01"}, format="json"
    )
    assert reversed_.status_code == 201
    assert (reversed_.json()["amount"], reversed_.json()["reverses"]) == ("-1234.56", "A-1")
    summary = client.get(f"/api/units/{world[1].pk}/?year=2020").json()["summary"]
    assert summary["funds_invested"]["delivered"] == "350000.50"
    again = client.post(f"/api/ledger/{body['id']}/reverse/", {"date": "2020-08-02"}, format="json")
    assert again.status_code == 409 and again.json()["error"]["code"] == "conflict"
    assert LedgerEntry.objects.filter(reverses__entry_id="A-1").count() == 1
    duplicate = client.post(
        "/api/ledger/",
        {
            "entry_id": "A-1",
            "unit": world[2].pk,
            "indicator": "donations",
            "amount": "1",
            "date": "2020-07-01",
        },
        format="json",
    )
    assert duplicate.status_code == 409


@pytest.mark.parametrize(
    ("values", "field"),
    [
        ({"amount": "0"}, "amount"),
        ({"amount": "abc"}, "amount"),
        ({"amount": "1.5", "indicator": "jobs_direct"}, "amount"),
        ({"indicator": "nope"}, "indicator"),
        ({"region": "990000"}, "region"),
        ({"date": "2020-02-30"}, "date"),
        ({"unit": 0}, "unit"),
    ],
)
def test_bad_input_is_a_400_by_field_and_writes_nothing(world, values, field):
    client = api("group", "assisting_unit", units_=[world[1]])
    data = {
        "unit": world[1].pk,
        "indicator": "funds_invested",
        "amount": "10",
        "date": "2020-06-01",
        **values,
    }
    before = LedgerEntry.objects.count()
    response = client.post("/api/ledger/", data, format="json")
    assert response.status_code == 400
    assert list(response.json()["error"]["fields"]) == [field]
    assert LedgerEntry.objects.count() == before


def test_writes_outside_the_users_units_are_refused_and_write_nothing(world):
    before = LedgerEntry.objects.count()
    e9 = LedgerEntry.objects.get(entry_id="E9")
    e1 = LedgerEntry.objects.get(entry_id="E1")
    record = {"indicator": "donations", "amount": "5", "date": "2020-06-01"}
    sub = api("sub", "assisting_unit", units_=[world[2]])
    assert (
        sub.post("/api/ledger/", {**record, "unit": world[9].pk}, format="json").status_code == 404
    )
    assert (
        sub.post("/api/ledger/", {**record, "unit": world[1].pk}, format="json").status_code == 404
    )
    assert (
        sub.post(f"/api/ledger/{e9.pk}/reverse/", {"date": "2020-06-01"}, format="json").status_code
        == 404
    )
    county = api("county", "county_office", regions=["130727"])
    refused = county.post("/api/ledger/", {**record, "unit": world[1].pk}, format="json")
    assert refused.status_code == 403 and refused.json()["error"]["code"] == "forbidden"
    assert (
        county.post(
            f"/api/ledger/{e1.pk}/reverse/", {"date": "2020-06-01"}, format="json"
        ).status_code
        == 403
    )
    assert LedgerEntry.objects.count() == before
    assert LedgerEntry.objects.get(entry_id="E1").amount == Decimal("250000.50")


def test_the_schema_still_generates_with_the_new_endpoints(client):
    schema = client.get("/api/schema/?format=json").json()
    for path in (
        "/api/units/",
        "/api/units/{id}/",
        "/api/ledger/",
        "/api/ledger/{id}/reverse/",
        "/api/pledges/",
    ):
        assert path in schema["paths"], path
    assert "post" in schema["paths"]["/api/ledger/"]
