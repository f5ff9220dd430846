"""The REST API: scope, masking, errors as JSON, optimistic locking, tokens, query counts."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient
from tests.factories import id_number, member_only, member_row, write_csv

from fupin.accounts.models import User
from fupin.core.models import Change
from fupin.regions.models import Region
from fupin.registry.evaluations import evaluation_store
from fupin.registry.imports import registry_import
from fupin.registry.models import Household, Member

pytestmark = pytest.mark.django_db


def _village(county):
    return Region.objects.filter(code__startswith=county, level="village").order_by("code")[0].code


@pytest.fixture
def registry(tmp_path):
    yangyuan, luanping = _village("130727"), _village("130824")
    rows = [
        member_row("Y1", 行政区划代码=yangyuan, 工资性收入=1000, 生产经营性收入=0),
        member_only("Y1", "之子", 证件号码=id_number(birth="20050505")),
        member_row("Y2", 行政区划代码=yangyuan, 工资性收入=9000),
        member_row("L1", 行政区划代码=luanping, 工资性收入=9000),
    ]
    registry_import(path=write_csv(tmp_path / "r.csv", rows))
    evaluation_store(year=2016)


def _client(role, *regions):
    name = f"api-{role}-{'-'.join(regions)}"
    user = User.objects.create_user(name, password="a-long-test-password", role=role)
    user.regions.set(Region.objects.filter(code__in=regions))
    client = APIClient()
    client.force_authenticate(user)
    return client


def test_anonymous_calls_get_a_json_401_or_403():
    response = APIClient().get("/api/households/")
    assert response.status_code in (401, 403)
    assert response.json()["error"]["code"] == "not_authenticated"


def test_households_in_scope_with_filters_and_one_query_per_page(registry):
    client = _client("county_office", "130727")
    with CaptureQueriesContext(connection) as queries:
        body = client.get("/api/households/?year=2016").json()
    assert [h["number"] for h in body["results"]] == ["Y1", "Y2"]
    assert body["count"] == 2
    # user's regions (scope), count, the page
    assert len(queries) == 3
    poor = client.get("/api/households/?year=2016&status=poor").json()["results"]
    assert [(h["number"], h["status"], h["member_count"]) for h in poor] == [("Y1", "poor", 2)]
    assert client.get("/api/households/L1/").status_code == 404
    error = client.get("/api/households/L1/").json()["error"]
    assert error["code"] == "not_found"


def test_id_numbers_masked_for_evaluators_not_for_offices(registry):
    number = Member.objects.get(household__number="Y2").id_number
    office = _client("county_office", "130727").get("/api/households/Y2/").json()
    assert office["members"][0]["id_number"] == number
    evaluator = _client("evaluator", "130727")
    detail = evaluator.get("/api/households/Y2/").json()
    assert detail["members"][0]["id_number"] == number[:6] + "********" + number[-4:]
    members = evaluator.get("/api/members/?household=Y2").json()
    assert members["results"][0]["id_number"] != number


def _survey(version, **over):
    return {
        "version": version,
        "wage_income": "500.00",
        "business_income": "0",
        "property_income": "0",
        "transfer_income": "0",
        "business_expense": "0",
        "food_clothing_ok": True,
        "education_ok": True,
        "medical_ok": True,
        "housing_ok": True,
        "water_ok": True,
        **over,
    }


def test_survey_update_conflict_and_field_errors(registry):
    client = _client("village_cadre", "130727")
    response = client.put("/api/households/Y2/surveys/2016/", _survey(1), format="json")
    assert response.status_code == 200
    assert response.json()["version"] == 2
    assert Change.objects.latest("id").source == "api"
    stale = client.put("/api/households/Y2/surveys/2016/", _survey(1), format="json")
    assert stale.status_code == 409 and stale.json()["error"]["code"] == "conflict"
    bad = client.put(
        "/api/households/Y2/surveys/2016/",
        _survey(2, wage_income="lots", business_expense="-1"),
        format="json",
    )
    assert bad.status_code == 400
    assert set(bad.json()["error"]["fields"]) == {"wage_income", "business_expense"}
    assert Household.objects.get(number="Y2").version == 2
    results = client.get("/api/results/?household=Y2&year=2016").json()["results"]
    assert results[0]["status"] == "poor"  # re-evaluated at once


def test_survey_claims_expenses_and_flags_through_the_api(registry):
    client = _client("village_cadre", "130727")
    extra = {
        "claim_income": "300.00",
        "compliant_expense": "700.25",
        "disaster": None,
        "accident": True,
    }
    response = client.put("/api/households/Y2/surveys/2016/", _survey(1, **extra), format="json")
    assert response.status_code == 200
    (survey,) = [s for s in response.json()["surveys"] if s["year"] == 2016]
    assert {key: survey[key] for key in extra} == extra
    bad = client.put(
        "/api/households/Y2/surveys/2016/",
        _survey(2, claim_income="-0.01", compliant_expense="-5"),
        format="json",
    )
    assert bad.status_code == 400
    assert set(bad.json()["error"]["fields"]) == {"claim_income", "compliant_expense"}
    assert Household.objects.get(number="Y2").version == 2


def test_read_only_roles_and_other_regions_cannot_write(registry):
    evaluator = _client("evaluator", "130727")
    response = evaluator.put("/api/households/Y2/surveys/2016/", _survey(1), format="json")
    assert response.status_code == 403 and response.json()["error"]["code"] == "permission_denied"
    other = _client("county_office", "130824")
    assert (
        other.put("/api/households/Y2/surveys/2016/", _survey(1), format="json").status_code == 404
    )
    assert Household.objects.get(number="Y2").version == 1


def test_token_auth_regions_and_region_results(registry):
    user = User.objects.create_user("tok", password="a-long-test-password", role="province_office")
    user.regions.set(Region.objects.filter(code="13"))
    token = Token.objects.create(user=user)
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    top = client.get("/api/regions/").json()["results"]
    assert [r["code"] for r in top] == ["13"]
    children = client.get("/api/regions/?parent=13").json()["results"]
    assert "1307" in [r["code"] for r in children]
    assert client.get("/api/regions/42/").status_code == 404
    figures = client.get("/api/region-results/?region=130727&year=2016").json()["results"]
    county = next(r for r in figures if r["region"] == "130727")
    assert (county["households"], county["members"], county["poor_members"]) == (2, 3, 3)


def test_schema_is_openapi_3():
    client = _client("administrator")
    response = client.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    schema = response.json()
    assert schema["openapi"].startswith("3.")
    assert "/api/households/{number}/surveys/{year}/" in schema["paths"]
