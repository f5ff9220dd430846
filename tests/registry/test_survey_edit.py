"""Editing a yearly survey on the household page: one write path, optimistic locking,
history, immediate re-evaluation, scope and roles."""

from decimal import Decimal

import pytest
from tests.factories import member_row, write_csv

from fupin.accounts.models import User
from fupin.core.models import Change
from fupin.regions.models import Region
from fupin.registry.evaluations import evaluation_store
from fupin.registry.imports import registry_import
from fupin.registry.models import Household, HouseholdResult, Survey

pytestmark = pytest.mark.django_db

URL = "/households/Y1/surveys/2016/"


@pytest.fixture
def household(tmp_path):
    village = Region.objects.filter(code__startswith="130727", level="village")[0].code
    rows = [member_row("Y1", 行政区划代码=village, 工资性收入=5000, 生产经营性收入=0, 转移性收入=0)]
    registry_import(path=write_csv(tmp_path / "r.csv", rows))
    evaluation_store(year=2016)
    return Household.objects.get(number="Y1")


def _login(client, role, region="130727"):
    user = User.objects.create_user(f"u-{role}", password="a-long-test-password", role=role)
    user.regions.set(Region.objects.filter(code=region))
    client.force_login(user)
    return user


def _form(version, **over):
    data = {
        "version": version,
        "wage_income": "1000",
        "business_income": "0",
        "property_income": "0",
        "transfer_income": "500.50",
        "business_expense": "0",
        "food_clothing_ok": "true",
        "education_ok": "true",
        "medical_ok": "true",
        "housing_ok": "false",
        "water_ok": "true",
    }
    return {**data, **over}


def test_edit_updates_survey_version_evaluation_and_history(client, household):
    assert HouseholdResult.objects.get(household=household).status == "exit_eligible"
    user = _login(client, "village_cadre")
    page = client.get(URL)
    assert page.status_code == 200 and 'value="5000.00"' in page.content.decode()
    response = client.post(URL, _form(household.version))
    assert response.status_code == 302 and response.url == "/households/Y1/"
    survey = Survey.objects.get(household=household, year=2016)
    assert (survey.wage_income, survey.transfer_income, survey.housing_ok) == (
        Decimal("1000.00"),
        Decimal("500.50"),
        False,
    )
    household.refresh_from_db()
    assert household.version == 2
    result = HouseholdResult.objects.get(household=household, year=2016)
    assert (result.status, result.reasons) == ("poor", "below_line;housing")
    change = Change.objects.latest("id")
    assert (change.actor, change.source, change.label) == (user, "form", "Y1")
    assert change.changes["surveys"]["2016"]["wage_income"] == ["5000.00", "1000.00"]
    assert change.changes["surveys"]["2016"]["housing_ok"] == [True, False]
    detail = client.get("/households/Y1/").content.decode()
    assert "收入低于贫困线" in detail and "u-village_cadre" in detail
    assert "工资性收入: 5000.00 → 1000.00" in detail


def test_a_second_editor_gets_a_conflict_and_nothing_is_written(client, household):
    _login(client, "county_office")
    client.post(URL, _form(household.version))  # the first editor saves
    before = (Change.objects.count(), Survey.objects.get().wage_income)
    response = client.post(URL, _form(household.version, wage_income="7777"))
    text = response.content.decode()
    assert response.status_code == 200
    assert "已被他人修改" in text
    assert (Change.objects.count(), Survey.objects.get().wage_income) == before
    assert Household.objects.get().version == 2


def test_bad_values_are_field_errors_and_nothing_is_written(client, household):
    _login(client, "county_office")
    response = client.post(URL, _form(household.version, wage_income="三千", business_expense="-5"))
    text = response.content.decode()
    assert response.status_code == 200 and text.count('class="error"') == 2
    assert Survey.objects.get().wage_income == Decimal("5000.00")
    assert Household.objects.get().version == 1


def test_roles_and_scope(client, household):
    _login(client, "evaluator")
    assert client.get(URL).status_code == 403
    assert client.post(URL, _form(1)).status_code == 403
    client.logout()
    _login(client, "county_office", region="130824")
    assert client.get(URL).status_code == 404
    assert Household.objects.get().version == 1


def test_claims_expenses_and_the_two_flags_on_the_form(client, household):
    _login(client, "village_cadre")
    page = client.get(URL).content.decode()
    assert all(
        label in page for label in ("理赔收入", "合规自付支出", "遭受自然灾害", "发生意外事故")
    )
    data = _form(
        household.version,
        housing_ok="true",
        claim_income="1200.50",
        compliant_expense="8000",
        disaster="true",
        accident="",
    )
    assert client.post(URL, data).status_code == 302
    survey = Survey.objects.get(household=household, year=2016)
    assert (survey.claim_income, survey.compliant_expense, survey.disaster, survey.accident) == (
        Decimal("1200.50"),
        Decimal("8000.00"),
        True,
        None,
    )
    change = Change.objects.latest("id").changes["surveys"]["2016"]
    assert change["compliant_expense"] == ["0.00", "8000.00"] and change["disaster"] == [None, True]
    detail = client.get("/households/Y1/").content.decode()
    assert "1,200.50" in detail and "8,000.00" in detail and "遭受自然灾害" in detail
    # left blank, the amounts are 0; a negative one is a field error and nothing is written
    household.refresh_from_db()
    assert client.post(URL, _form(household.version, housing_ok="true")).status_code == 302
    assert Survey.objects.get(household=household, year=2016).compliant_expense == 0
    household.refresh_from_db()
    assert household.version == 3
    response = client.post(URL, _form(household.version, claim_income="-1"))
    assert response.status_code == 200 and "claim_income" in response.context["form"].errors
    household.refresh_from_db()
    assert household.version == 3
