"""Leading groups (members), responsibilities, multi-year plans (yearly amounts) and cadres'
evaluations written through the API, as on the pages: exact stored values and history rows for
each write; for each refusal its status, its fields and that nothing was written."""

import datetime as dt
from decimal import Decimal

import pytest
from tests.assistance.test_api_writes import api, history, refused
from tests.assistance.test_pages import build_world

from fupin.assistance import services
from fupin.assistance.models import (
    Cadre,
    CadreEvaluation,
    GroupMember,
    LeadingGroup,
    Plan,
    PlanAmount,
    Responsibility,
)
from fupin.core.models import Change

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    return build_world()


@pytest.fixture
def group(world):
    """An editor of group 1 and the units under it."""
    return api("group", "assisting_unit", units_=[world[1]])


@pytest.fixture
def county(world):
    """阳原县's office: sees group 1 (paired with it) and its work there, read-only."""
    return api("county", "county_office", regions=["130727"])


def stored():
    return {
        model.__name__: model.objects.count()
        for model in (
            LeadingGroup,
            GroupMember,
            Responsibility,
            Plan,
            PlanAmount,
            CadreEvaluation,
            Change,
        )
    }


def by(user):
    """The history rows `user` wrote."""
    return lambda rows: [r for r in rows if r[0] == user]


# leading groups ----------------------------------------------------------------------------


def test_a_unit_adds_a_leading_group_adds_members_and_removes_one(world, group):
    made = group.post(
        "/api/leading-groups/",
        {"unit": world[2].pk, "name": "扶贫工作领导小组", "established": "2018-03-01"},
        format="json",
    )
    assert made.status_code == 201, made.json()
    body = made.json()
    group_id = body["id"]
    assert (body["unit"], body["name"], body["established"], body["members"]) == (
        world[2].pk,
        "扶贫工作领导小组",
        "2018-03-01",
        [],
    )
    stored_group = LeadingGroup.objects.get(pk=group_id)
    assert (stored_group.unit, stored_group.region_id, stored_group.established) == (
        world[2],
        None,
        dt.date(2018, 3, 1),
    )
    leader = group.post(
        f"/api/leading-groups/{group_id}/members/",
        {"person": "张组长", "role": "leader", "post": "董事长"},
        format="json",
    )
    assert leader.status_code == 201, leader.json()
    member = group.post(
        f"/api/leading-groups/{group_id}/members/",
        {"person": "李成员", "role": "member", "member_unit": world[3].pk},
        format="json",
    )
    assert member.status_code == 201, member.json()
    members = member.json()["members"]
    assert [(m["person"], m["post"], m["role"], m["member_unit"], m["order"]) for m in members] == [
        ("张组长", "董事长", "leader", None, 0),
        ("李成员", "", "member", world[3].pk, 1),
    ]
    rows = list(
        GroupMember.objects.filter(group_id=group_id)
        .order_by("order")
        .values_list("person", "post", "role", "member_unit", "order")
    )
    assert rows == [
        ("张组长", "董事长", "leader", None, 0),
        ("李成员", "", "member", world[3].pk, 1),
    ]

    gone = group.delete(f"/api/leading-groups/{group_id}/members/{members[1]['id']}/")
    assert gone.status_code == 204
    assert list(GroupMember.objects.filter(group_id=group_id).values_list("person", flat=True)) == [
        "张组长"
    ]
    assert history("leading_group", group_id) == [
        ("group", {"created": [None, "扶贫工作领导小组"]}),
        ("group", {"member": [None, "张组长 leader 董事长"]}),
        ("group", {"member": [None, "李成员 member"]}),
        ("group", {"member": ["李成员 member", None]}),
    ]

    listed = group.get(f"/api/leading-groups/?unit={world[2].pk}").json()
    assert [(g["id"], [m["person"] for m in g["members"]]) for g in listed["results"]] == [
        (group_id, ["张组长"])
    ]
    assert group.get(f"/api/leading-groups/?unit={world[3].pk}").json()["results"] == []
    detail = group.get(f"/api/leading-groups/{group_id}/").json()
    assert detail["name"] == "扶贫工作领导小组" and len(detail["members"]) == 1


def test_bad_group_and_member_bodies_are_400s_writing_nothing(world, group):
    own = services.leading_group_save(name="领导小组", unit=world[1], actor=None)
    before = stored()
    refused(group.post("/api/leading-groups/", {"unit": world[1].pk}, format="json"), 400, "name")
    refused(
        group.post(
            f"/api/leading-groups/{own.pk}/members/",
            {"person": "", "role": "boss", "member_unit": world[9].pk},
            format="json",
        ),
        400,
        "person",
        "role",
    )
    refused(
        group.post(
            f"/api/leading-groups/{own.pk}/members/",
            {"person": "某人", "role": "member", "member_unit": world[9].pk},
            format="json",
        ),
        400,
        "member_unit",
    )
    assert stored() == before


def test_the_county_may_read_groups_but_not_change_them(world, county):
    own = services.leading_group_save(name="领导小组", unit=world[1], actor=None)
    member = services.group_member_add(group=own, person="张三", role="leader", actor=None)
    assert [g["id"] for g in county.get("/api/leading-groups/").json()["results"]] == [own.pk]
    before = stored()
    refused(
        county.post("/api/leading-groups/", {"unit": world[1].pk, "name": "新"}, format="json"),
        403,
    )
    refused(
        county.post(
            f"/api/leading-groups/{own.pk}/members/",
            {"person": "李四", "role": "member"},
            format="json",
        ),
        403,
    )
    refused(county.delete(f"/api/leading-groups/{own.pk}/members/{member.pk}/"), 403)
    assert stored() == before


def test_another_units_groups_are_404s(world, group):
    other = services.leading_group_save(name="其他小组", unit=world[9], actor=None)
    member = services.group_member_add(group=other, person="王五", role="leader", actor=None)
    own = services.leading_group_save(name="本小组", unit=world[1], actor=None)
    before = stored()
    refused(group.get(f"/api/leading-groups/{other.pk}/"), 404)
    refused(
        group.post("/api/leading-groups/", {"unit": world[9].pk, "name": "新"}, format="json"),
        404,
    )
    refused(
        group.post(
            f"/api/leading-groups/{other.pk}/members/",
            {"person": "李四", "role": "member"},
            format="json",
        ),
        404,
    )
    refused(group.delete(f"/api/leading-groups/{other.pk}/members/{member.pk}/"), 404)
    # a member of another group through one's own group
    refused(group.delete(f"/api/leading-groups/{own.pk}/members/{member.pk}/"), 404)
    assert stored() == before


# responsibilities --------------------------------------------------------------------------


def duty(world, **over):
    return {
        "person": "赵副省长",
        "post": "副省长",
        "kind": "theatre",
        "unit": world[2].pk,
        "region": "130727",
        "start": "2019-01-01",
        "end": "2020-12-31",
        **over,
    }


def test_a_unit_adds_responsibilities_for_a_paired_region_and_for_itself(world, group):
    made = group.post("/api/responsibilities/", duty(world), format="json")
    assert made.status_code == 201, made.json()
    body = made.json()
    stored_duty = Responsibility.objects.get(pk=body["id"])
    assert (
        stored_duty.person,
        stored_duty.post,
        stored_duty.kind,
        stored_duty.unit,
        stored_duty.region_id,
        stored_duty.start,
        stored_duty.end,
    ) == (
        "赵副省长",
        "副省长",
        "theatre",
        None,
        "130727",
        dt.date(2019, 1, 1),
        dt.date(2020, 12, 31),
    )
    assert (body["unit"], body["region"], body["end"]) == (None, "130727", "2020-12-31")
    assert history("responsibility", stored_duty.pk) == [
        ("group", {"created": [None, "theatre 130727"]})
    ]
    own = group.post(
        "/api/responsibilities/",
        duty(world, kind="unit", region="", end=None, person="钱经理", post=""),
        format="json",
    )
    assert own.status_code == 201, own.json()
    own_duty = Responsibility.objects.get(pk=own.json()["id"])
    assert (own_duty.unit, own_duty.region_id, own_duty.end, own_duty.post) == (
        world[2],
        None,
        None,
        "",
    )
    assert history("responsibility", own_duty.pk) == [
        ("group", {"created": [None, f"unit {world[2]}"]})
    ]
    listed = group.get(f"/api/responsibilities/?unit={world[2].pk}").json()["results"]
    assert [d["person"] for d in listed] == ["赵副省长", "钱经理"]
    elsewhere = group.get(f"/api/responsibilities/?unit={world[3].pk}").json()["results"]
    assert [d["person"] for d in elsewhere] == ["赵副省长"]


def test_a_region_the_unit_is_not_paired_with_is_refused(world, group):
    before = stored()
    error = refused(
        group.post("/api/responsibilities/", duty(world, region="421123"), format="json"),
        400,
        "region",
    )
    assert error["fields"]["region"] == ["不在本单位结对帮扶的地区内"]
    assert stored() == before


def test_an_administrator_names_any_region_without_a_unit(world):
    admin = api("admin", "administrator")
    made = admin.post(
        "/api/responsibilities/", duty(world, unit=None, region="421123"), format="json"
    )
    assert made.status_code == 201, made.json()
    assert Responsibility.objects.get(pk=made.json()["id"]).region_id == "421123"


def test_bad_responsibilities_are_400s_writing_nothing(world, group):
    before = stored()
    refused(
        group.post("/api/responsibilities/", duty(world, unit=None), format="json"), 400, "unit"
    )
    refused(
        group.post(
            "/api/responsibilities/",
            duty(world, kind="boss", person="", start="2019-02-30"),
            format="json",
        ),
        400,
        "kind",
        "person",
        "start",
    )
    refused(
        group.post("/api/responsibilities/", duty(world, end="2018-12-31"), format="json"),
        400,
        "end",
    )
    refused(
        group.post("/api/responsibilities/", duty(world, region="999999"), format="json"),
        400,
        "region",
    )
    assert stored() == before


def test_responsibilities_are_403_for_the_county_and_404_for_another_unit(world, group, county):
    before = stored()
    refused(
        county.post("/api/responsibilities/", duty(world, unit=world[1].pk), format="json"), 403
    )
    refused(
        group.post(
            "/api/responsibilities/", duty(world, unit=world[9].pk, region=""), format="json"
        ),
        404,
    )
    assert stored() == before


# plans --------------------------------------------------------------------------------------


def plan_body(world, **over):
    return {
        "unit": world[2].pk,
        "title": "三年帮扶规划",
        "region": "130727",
        "first_year": 2019,
        "last_year": 2021,
        **over,
    }


def test_a_unit_adds_a_plan_and_sets_exact_amounts(world, group):
    made = group.post("/api/plans/", plan_body(world), format="json")
    assert made.status_code == 201, made.json()
    body = made.json()
    plan = Plan.objects.get(pk=body["id"])
    assert (plan.unit, plan.title, plan.region_id, plan.first_year, plan.last_year) == (
        world[2],
        "三年帮扶规划",
        "130727",
        2019,
        2021,
    )
    assert body["amounts"] == []
    url = f"/api/plans/{plan.pk}/amounts/"
    first = group.post(
        url, {"year": 2020, "indicator": "funds_invested", "value": "123456.78"}, format="json"
    )
    assert first.status_code == 201, first.json()
    jobs = group.post(url, {"year": 2021, "indicator": "直接带动就业", "value": "8"}, format="json")
    assert jobs.status_code == 201, jobs.json()
    again = group.post(
        url, {"year": 2020, "indicator": "funds_invested", "value": "0.10"}, format="json"
    )
    assert again.status_code == 200, again.json()
    assert again.json()["amounts"] == [
        {"year": 2020, "indicator": "funds_invested", "value": "0.10"},
        {"year": 2021, "indicator": "jobs_direct", "value": "8.00"},
    ]
    values = {(a.year, a.indicator.code): a.value for a in plan.amounts.select_related("indicator")}
    assert values == {
        (2020, "funds_invested"): Decimal("0.10"),
        (2021, "jobs_direct"): Decimal("8.00"),
    }
    assert history("plan", plan.pk) == [
        ("group", {"created": [None, f"{world[2].credit_code} 2019–2021"]}),
        ("group", {"2020 funds_invested": [None, "123456.78"]}),
        ("group", {"2021 jobs_direct": [None, "8.00"]}),
        ("group", {"2020 funds_invested": ["123456.78", "0.10"]}),
    ]
    listed = group.get(f"/api/plans/?unit={world[1].pk}").json()["results"]
    assert [p["id"] for p in listed] == [plan.pk]
    assert group.get(f"/api/plans/{plan.pk}/").json()["amounts"] == again.json()["amounts"]


def test_bad_plans_and_amounts_are_400s_writing_nothing(world, group):
    plan = services.plan_create(
        unit=world[2], title="规划", first_year=2019, last_year=2021, actor=None
    )
    before = stored()
    refused(
        group.post("/api/plans/", plan_body(world, last_year=2018), format="json"),
        400,
        "last_year",
    )
    refused(
        group.post("/api/plans/", plan_body(world, title="", first_year=1900), format="json"),
        400,
        "title",
        "first_year",
    )
    url = f"/api/plans/{plan.pk}/amounts/"
    for body, field in [
        ({"year": 2022, "indicator": "funds_invested", "value": "1"}, "year"),
        ({"year": 2020, "indicator": "no_such", "value": "1"}, "indicator"),
        ({"year": 2020, "indicator": "jobs_direct", "value": "1.5"}, "value"),
        ({"year": 2020, "indicator": "funds_invested", "value": "-1"}, "value"),
        ({"year": 2020, "indicator": "funds_invested", "value": "1.234"}, "value"),
    ]:
        refused(group.post(url, body, format="json"), 400, field)
    assert stored() == before


def test_plans_are_403_for_the_county_and_404_for_another_unit(world, group, county):
    own = services.plan_create(
        unit=world[1], title="规划", first_year=2019, last_year=2021, actor=None
    )
    other = services.plan_create(
        unit=world[9], title="其他", first_year=2019, last_year=2021, actor=None
    )
    amount = {"year": 2020, "indicator": "funds_invested", "value": "1"}
    before = stored()
    assert [p["id"] for p in county.get("/api/plans/").json()["results"]] == [own.pk]
    refused(county.post("/api/plans/", plan_body(world, unit=world[1].pk), format="json"), 403)
    refused(county.post(f"/api/plans/{own.pk}/amounts/", amount, format="json"), 403)
    refused(group.post("/api/plans/", plan_body(world, unit=world[9].pk), format="json"), 404)
    refused(group.post(f"/api/plans/{other.pk}/amounts/", amount, format="json"), 404)
    refused(group.get(f"/api/plans/{other.pk}/"), 404)
    assert stored() == before


# cadres' evaluations ------------------------------------------------------------------------


def test_a_unit_evaluates_its_cadre_and_the_detail_shows_it(world, group):
    cadre = Cadre.objects.get(name="王驻村")
    url = f"/api/cadres/{cadre.pk}/evaluations/"
    made = group.post(url, {"year": 2020, "grade": "excellent", "note": "表现突出"}, format="json")
    assert made.status_code == 201, made.json()
    assert made.json() == {"year": 2020, "grade": "excellent", "note": "表现突出"}
    replaced = group.post(url, {"year": 2020, "grade": "competent"}, format="json")
    assert replaced.status_code == 200, replaced.json()
    group.post(url, {"year": 2021, "grade": "excellent"}, format="json")
    rows = list(cadre.evaluations.order_by("year").values_list("year", "grade", "note"))
    assert rows == [(2020, "competent", ""), (2021, "excellent", "")]
    assert by("group")(history("cadre", cadre.pk)) == [
        ("group", {"evaluation 2020": [None, "excellent"]}),
        ("group", {"evaluation 2020": ["excellent", "competent"]}),
        ("group", {"evaluation 2021": [None, "excellent"]}),
    ]
    detail = group.get(f"/api/cadres/{cadre.pk}/").json()
    assert detail["evaluations"] == [
        {"year": 2020, "grade": "competent", "note": ""},
        {"year": 2021, "grade": "excellent", "note": ""},
    ]
    assert detail["name"] == "王驻村" and "warnings" in detail


def test_bad_evaluations_are_400s_403s_and_404s_writing_nothing(world, group, county):
    cadre = Cadre.objects.get(name="王驻村")
    other = Cadre.objects.get(name="李挂职")
    before = stored()
    url = f"/api/cadres/{cadre.pk}/evaluations/"
    refused(group.post(url, {"year": 1900, "grade": "best"}, format="json"), 400, "year", "grade")
    refused(county.post(url, {"year": 2020, "grade": "excellent"}, format="json"), 403)
    refused(
        group.post(
            f"/api/cadres/{other.pk}/evaluations/",
            {"year": 2020, "grade": "excellent"},
            format="json",
        ),
        404,
    )
    assert stored() == before
