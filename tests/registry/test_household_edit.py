"""Creating and editing a household with its members on the web: the import's rules, each
error on its field, nothing written on failure, optimistic locking, history, re-evaluation,
scope."""

import pytest
from tests.factories import id_number, member_row, write_csv

from fupin.accounts.models import User
from fupin.core.models import Change
from fupin.regions.models import Region
from fupin.registry.evaluations import evaluation_store
from fupin.registry.imports import registry_import
from fupin.registry.models import Household, HouseholdResult, Member, RegionResult

pytestmark = pytest.mark.django_db

HEAD = id_number(birth="19700101")
SPOUSE = id_number(birth="19720202", male=False)


@pytest.fixture
def village():
    return Region.objects.filter(code__startswith="130727", level="village")[0].code


@pytest.fixture
def household(tmp_path, village):
    rows = [
        member_row("Y1", 行政区划代码=village, 证件号码=HEAD, 姓名="王一", 工资性收入=5000),
    ]
    registry_import(path=write_csv(tmp_path / "r.csv", rows))
    evaluation_store(year=2016)
    return Household.objects.get(number="Y1")


def _login(client, role, region="130727"):
    user = User.objects.create_user(f"u-{role}", password="a-long-test-password", role=role)
    user.regions.set(Region.objects.filter(code=region))
    client.force_login(user)
    return user


def _post(village, members, version="", number="", **fields):
    data = {
        "number": number,
        "version": version,
        "village_code": village,
        "attribute": "general",
        "main_cause": "illness",
        "standard": "national",
        "registered_year": "2014",
        "m-TOTAL_FORMS": str(len(members)),
        "m-INITIAL_FORMS": "0",
        "m-MIN_NUM_FORMS": "0",
        "m-MAX_NUM_FORMS": "1000",
        **fields,
    }
    for i, member in enumerate(members):
        for key, value in member.items():
            data[f"m-{i}-{key}"] = value
    return data


def _member(number, name, relation):
    return {"id_number": number, "name": name, "relation": relation}


def test_edit_adds_a_member_records_history_and_reevaluates(client, household, village):
    before = HouseholdResult.objects.get(household=household, year=2016)
    county = RegionResult.objects.get(region_id="130727", year=2016)
    user = _login(client, "village_cadre")
    page = client.get("/households/Y1/edit/")
    assert page.status_code == 200 and "王一" in page.content.decode()
    members = [_member(HEAD, "王一", "head"), _member(SPOUSE, "李二", "spouse")]
    response = client.post(
        "/households/Y1/edit/", _post(village, members, version=household.version, phone="139")
    )
    assert response.status_code == 302 and response.url == "/households/Y1/"
    household.refresh_from_db()
    assert household.version == 2 and household.phone == "139"
    assert sorted(household.members.values_list("name", flat=True)) == ["李二", "王一"]
    after = HouseholdResult.objects.get(household=household, year=2016)
    assert after.members == 2 and after.per_capita_income == before.per_capita_income / 2
    assert RegionResult.objects.get(region_id="130727", year=2016).members == county.members + 1
    change = Change.objects.latest("id")
    assert change.actor == user and change.source == "form"
    assert change.changes["fields"] == {
        "phone": ["", "139"],
        "main_cause": ["lack_skills", "illness"],
    }
    assert set(change.changes["members"]) == {SPOUSE}
    detail = client.get("/households/Y1/").content.decode()
    assert "李二" in detail


@pytest.mark.parametrize(
    ("members", "fields", "where", "text"),
    [
        ([_member("110119198001010000", "王一", "head")], {}, "m-0-id_number", "校验码错误"),
        ([_member(HEAD, "王一", "spouse")], {}, "m-0-relation", "没有户主"),
        (
            [_member(HEAD, "王一", "head"), _member(SPOUSE, "李二", "head")],
            {},
            "m-1-relation",
            "两个户主",
        ),
        (
            [_member(HEAD, "王一", "head")],
            {"village_code": "999999999999"},
            "village_code",
            "区划中没有这个行政村",
        ),
        (
            [_member(HEAD, "王一", "head")],
            {"exit_year": "2010"},
            "exit_year",
            "早于识别年度",
        ),
        ([_member(HEAD, "", "head")], {}, "m-0-name", "必填项为空"),
    ],
)
def test_each_error_is_shown_on_its_field_and_nothing_is_written(
    client, household, village, members, fields, where, text
):
    _login(client, "county_office")
    changes = Change.objects.count()
    data = _post(village, members, version=household.version, **fields)
    page = client.post("/households/Y1/edit/", data)
    assert page.status_code == 200
    body = page.content.decode()
    field = page.context["form"][where] if not where.startswith("m-") else None
    if field is not None:
        assert any(text in e for e in field.errors), field.errors
    else:
        index, key = int(where.split("-")[1]), where.split("-", 2)[2]
        errors = page.context["members"].forms[index].errors[key]
        assert any(text in e for e in errors), errors
    assert 'class="error"' in body
    household.refresh_from_db()
    assert household.version == 1 and Change.objects.count() == changes
    assert list(household.members.values_list("id_number", flat=True)) == [HEAD]


def test_a_second_editor_gets_a_conflict_and_nothing_is_written(client, household, village):
    _login(client, "county_office")
    members = [_member(HEAD, "王一", "head")]
    first = client.post("/households/Y1/edit/", _post(village, members, version=1, phone="1"))
    assert first.status_code == 302
    second = client.post("/households/Y1/edit/", _post(village, members, version=1, phone="2"))
    assert second.status_code == 200 and "已被他人修改" in second.content.decode()
    household.refresh_from_db()
    assert household.phone == "1" and household.version == 2


def test_create_a_household_and_refuse_a_taken_number_or_a_person_of_another(
    client, household, village
):
    _login(client, "township_cadre", region=village[:9])
    person = id_number(birth="19900303")
    members = [_member(person, "赵三", "head")]
    made = client.post("/households/new/", _post(village, members, number="N1"))
    assert made.status_code == 302 and made.url == "/households/N1/"
    created = Household.objects.get(number="N1")
    assert created.version == 1 and Change.objects.filter(label="N1").count() == 1
    again = client.post("/households/new/", _post(village, members, number="N1"))
    assert "该户编号已存在" in str(again.context["form"].errors["number"])
    taken = client.post(
        "/households/new/", _post(village, [_member(HEAD, "王一", "head")], number="N2")
    )
    assert "一人只能属于一户" in str(taken.context["members"].forms[0].errors["id_number"])
    assert not Household.objects.filter(number="N2").exists()
    assert Member.objects.filter(id_number=HEAD).get().household.number == "Y1"


def test_scope_and_roles(client, household, village):
    _login(client, "evaluator", region="13")
    assert client.get("/households/Y1/edit/").status_code == 403
    assert client.get("/households/new/").status_code == 403
    client.logout()
    _login(client, "county_office", region="130824")  # another county
    assert client.get("/households/Y1/edit/").status_code == 404
    elsewhere = Region.objects.filter(code__startswith="130824", level="village")[0].code
    page = client.post(
        "/households/new/", _post(village, [_member(id_number(), "甲", "head")], number="X1")
    )
    assert "不在您的管辖范围内" in str(page.context["form"].errors["village_code"])
    made = client.post(
        "/households/new/", _post(elsewhere, [_member(id_number(), "甲", "head")], number="X1")
    )
    assert made.status_code == 302
