"""Assistance work written through the API, as on the pages: pledges with targets, a unit's own
indicators, cadres (reports, awards), projects (lifecycle, beneficiaries), pairings. Each
write is checked for its exact stored values and history row; each refusal for its status,
its fields and that nothing was written."""

import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from rest_framework.test import APIClient
from tests.assistance.test_pages import build_world, village

from fupin.accounts.models import User
from fupin.assistance.models import (
    Cadre,
    CadreAward,
    CadreReport,
    Indicator,
    Pairing,
    Pledge,
    Project,
    Target,
)
from fupin.core.models import Change
from fupin.regions.models import Region
from fupin.registry.models import Household

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
TOMORROW = TODAY + dt.timedelta(days=1)


@pytest.fixture
def world():
    return build_world()


def api(name, role, *, units_=(), regions=(), language="zh-hans"):
    user = User.objects.create_user(name, password="a-long-test-password", role=role)
    user.units.set(units_)
    user.regions.set(Region.objects.filter(code__in=regions))
    client = APIClient(HTTP_ACCEPT_LANGUAGE=language)
    client.force_authenticate(user)
    client.user = user
    return client


@pytest.fixture
def group(world):
    """An editor of group 1 and the units under it."""
    return api("group", "assisting_unit", units_=[world[1]])


@pytest.fixture
def county(world):
    """阳原县's office: sees group 1 (paired with it) and its work there, read-only."""
    return api("county", "county_office", regions=["130727"])


def stored():
    """How many rows of everything these writes touch."""
    return {
        model.__name__: model.objects.count()
        for model in (
            Pledge,
            Target,
            Indicator,
            Cadre,
            CadreReport,
            CadreAward,
            Project,
            Project.beneficiaries.through,
            Pairing,
            Change,
        )
    }


def history(subject, obj_id):
    """The object's history rows as (user, changes); those a user wrote through the API are
    marked as coming from the API."""
    rows = Change.objects.filter(subject=subject, subject_id=obj_id).order_by("id")
    assert {r.source for r in rows if r.actor_id} <= {"api"}
    return list(rows.values_list("actor__username", "changes"))


def refused(response, status_code, *fields):
    """The response is a refusal with `status_code` (and, for a 400, exactly `fields`)."""
    assert response.status_code == status_code, response.json()
    error = response.json()["error"]
    if fields:
        assert sorted(error["fields"]) == sorted(fields), error
    return error


# pledges and targets ---------------------------------------------------------------------


def pledge_body(world, **over):
    return {
        "unit": world[2].pk,
        "year": 2020,
        "region": "130727",
        "title": "2020 年阳原县帮扶责任书",
        "signed_on": "2020-02-01",
        "targets": [
            {"indicator": "funds_invested", "value": "250000.75"},
            {"indicator": "直接带动就业", "value": "8"},
        ],
        **over,
    }


def test_a_unit_sets_its_pledge_with_exact_targets_then_changes_one(world, group):
    made = group.post("/api/pledges/", pledge_body(world), format="json")
    assert made.status_code == 201, made.json()
    body = made.json()
    assert (body["unit"], body["year"], body["region"], body["title"], body["signed_on"]) == (
        world[2].pk,
        2020,
        "130727",
        "2020 年阳原县帮扶责任书",
        "2020-02-01",
    )
    assert sorted((t["indicator"], t["value"]) for t in body["targets"]) == [
        ("funds_invested", "250000.75"),
        ("jobs_direct", "8.00"),
    ]
    pledge = Pledge.objects.get(unit=world[2], year=2020, region_id="130727")
    assert pledge.parent is not None and pledge.parent.unit == world[1]
    values = {t.indicator.code: t.value for t in pledge.targets.select_related("indicator")}
    assert values == {"funds_invested": Decimal("250000.75"), "jobs_direct": Decimal("8.00")}
    assert history("pledge", pledge.pk) == [
        ("group", {"created": [None, f"{world[2].credit_code} 2020"]}),
        ("group", {"funds_invested": [None, "250000.75"], "jobs_direct": [None, "8.00"]}),
    ]
    again = group.post(
        "/api/pledges/",
        pledge_body(
            world, title="", signed_on=None, targets=[{"indicator": "jobs_direct", "value": 9}]
        ),
        format="json",
    )
    assert again.status_code == 200, again.json()
    assert Pledge.objects.filter(unit=world[2], year=2020, region_id="130727").count() == 1
    pledge.refresh_from_db()
    assert pledge.title == "2020 年阳原县帮扶责任书"  # an empty title leaves it
    values = {t.indicator.code: t.value for t in pledge.targets.select_related("indicator")}
    assert values == {"funds_invested": Decimal("250000.75"), "jobs_direct": Decimal("9.00")}
    assert history("pledge", pledge.pk)[-1] == ("group", {"jobs_direct": ["8.00", "9.00"]})


@pytest.mark.parametrize(
    ("over", "fields", "reason"),
    [
        ({"targets": [{"indicator": "nope", "value": "1"}]}, ["targets"], "无法识别的指标"),
        ({"targets": [{"indicator": "jobs_direct", "value": "2.5"}]}, ["targets"], "应为整数"),
        (
            {
                "targets": [
                    {"indicator": "jobs_direct", "value": "1"},
                    {"indicator": "直接带动就业", "value": "2"},
                ]
            },
            ["targets"],
            "该目标已在第 1 行给出",
        ),
        ({"targets": [{"indicator": "funds_invested", "value": "-1"}]}, ["targets"], None),
        ({"targets": [{"indicator": "funds_invested", "value": "1.001"}]}, ["targets"], None),
        ({"region": "130799"}, ["region"], "没有这个行政区划"),
        ({"region": "13x"}, ["region"], None),
        ({"year": 1800}, ["year"], None),
        ({"signed_on": "2020-02-30"}, ["signed_on"], None),
        ({"unit": "abc"}, ["unit"], None),
    ],
)
def test_a_bad_pledge_is_a_400_by_field_and_writes_nothing(world, group, over, fields, reason):
    before = stored()
    error = refused(
        group.post("/api/pledges/", pledge_body(world, **over), format="json"), 400, *fields
    )
    assert error["message"] == "请求中有无效字段"
    if reason is not None:
        assert reason in str(error["fields"]), error
    assert stored() == before


def test_a_pledge_takes_only_the_indicators_its_unit_may_use(world, group):
    other = api("other", "assisting_unit", units_=[world[9]])
    made = other.post(
        "/api/indicators/",
        {"unit": world[9].pk, "code": "tea_bought", "name": "采购茶叶", "measure": "quantity"}
        | {"unit_label": "吨"},
        format="json",
    )
    assert made.status_code == 201
    before = stored()
    body = pledge_body(world, targets=[{"indicator": "tea_bought", "value": "1"}])
    error = refused(group.post("/api/pledges/", body, format="json"), 400, "targets")
    assert error["fields"]["targets"] == [
        {"indicator": ["无法识别的指标（请用指标代码或中文名称）"]}
    ]
    assert stored() == before


def test_pledges_are_refused_outside_the_callers_units(world, group, county):
    before = stored()
    body = pledge_body(world, unit=world[1].pk)  # the county sees group 1, paired with it
    error = refused(county.post("/api/pledges/", body, format="json"), 403)
    assert error == {"code": "forbidden", "message": "您的角色不能修改该单位的帮扶工作"}
    sub = api("sub", "assisting_unit", units_=[world[2]])
    refused(sub.post("/api/pledges/", body, format="json"), 404)  # above it: not visible
    refused(group.post("/api/pledges/", pledge_body(world, unit=world[9].pk), format="json"), 404)
    # a unit user who also sees the units paired with their county may not change them
    paired = api("paired", "assisting_unit", units_=[world[2]], regions=["130727"])
    refused(paired.post("/api/pledges/", body, format="json"), 403)
    assert stored() == before


# indicators ------------------------------------------------------------------------------


def indicator_body(world, **over):
    return {
        "unit": world[1].pk,
        "code": "materials_bought",
        "name": "采购物资",
        "measure": "quantity",
        "unit_label": "吨",
        **over,
    }


def test_a_unit_adds_its_own_indicator_and_sees_it(world, group):
    made = group.post("/api/indicators/", indicator_body(world), format="json")
    assert made.status_code == 201, made.json()
    indicator = Indicator.objects.get(code="materials_bought")
    assert made.json() == {
        "id": indicator.pk,
        "code": "materials_bought",
        "name": "采购物资",
        "name_en": "",
        "measure": "quantity",
        "unit_label": "吨",
        "standard": False,
        "owner": world[1].pk,
    }
    assert history("indicator", indicator.pk) == [("group", {"created": [None, "采购物资"]})]
    codes = [i["code"] for i in group.get("/api/indicators/?page_size=100").json()["results"]]
    assert "materials_bought" in codes and "funds_invested" in codes
    other = api("other", "assisting_unit", units_=[world[9]])
    with CaptureQueriesContext(connection) as queries:
        listed = other.get("/api/indicators/?page_size=100").json()
    assert len(queries) == 4  # the user's regions and units (scope), count, the page
    codes = [i["code"] for i in listed["results"]]
    assert "materials_bought" not in codes and "funds_invested" in codes
    assert listed["count"] == Indicator.objects.filter(standard=True).count()
    # the subsidiary sets a target of it
    body = pledge_body(world, targets=[{"indicator": "采购物资", "value": "12.5"}])
    assert group.post("/api/pledges/", body, format="json").status_code == 201
    assert Target.objects.get(indicator=indicator).value == Decimal("12.50")


def test_indicator_conflicts_are_409_and_bad_ones_400_writing_nothing(world, group, county):
    before = stored()
    taken = refused(
        group.post("/api/indicators/", indicator_body(world, code="funds_invested"), format="json"),
        409,
    )
    assert taken == {"code": "conflict", "message": "指标 funds_invested 已存在"}
    named = refused(
        group.post(
            "/api/indicators/", indicator_body(world, name="直接投入帮扶资金"), format="json"
        ),
        409,
    )
    assert named["code"] == "conflict"
    error = refused(
        group.post("/api/indicators/", indicator_body(world, code="grade"), format="json"),
        400,
        "code",
    )
    assert error["fields"]["code"] == ["“grade”为保留字，请换一个指标代码"]
    refused(
        group.post("/api/indicators/", indicator_body(world, measure="litre"), format="json"),
        400,
        "measure",
    )
    refused(county.post("/api/indicators/", indicator_body(world), format="json"), 403)
    refused(
        group.post("/api/indicators/", indicator_body(world, unit=world[9].pk), format="json"), 404
    )
    assert stored() == before


# cadres ----------------------------------------------------------------------------------


def cadre_body(world, **over):
    return {
        "name": "赵书记",
        "unit": world[3].pk,
        "role": "first_secretary",
        "post": "驻村第一书记",
        "region": village("130727"),
        "start": "2021-03-01",
        "end": "2023-02-28",
        **over,
    }


def test_a_unit_adds_a_cadre_changes_it_and_adds_a_report_and_an_award(world, group):
    made = group.post("/api/cadres/", cadre_body(world), format="json")
    assert made.status_code == 201, made.json()
    cadre = Cadre.objects.get(name="赵书记")
    assert (cadre.unit, cadre.region_id, cadre.role, cadre.post, cadre.start, cadre.end) == (
        world[3],
        village("130727"),
        "first_secretary",
        "驻村第一书记",
        dt.date(2021, 3, 1),
        dt.date(2023, 2, 28),
    )
    assert made.json()["id"] == cadre.pk and made.json()["unit_name"] == "测试孙公司"
    assert made.json()["warnings"] == []
    changed = group.patch(
        f"/api/cadres/{cadre.pk}/",
        {"post": "第一书记兼工作队长", "end": "2022-02-28"},
        format="json",
    )
    assert changed.status_code == 200, changed.json()
    assert changed.json()["warnings"] == ["term of 1.0 years is shorter than 2"]
    cadre.refresh_from_db()
    assert (cadre.post, cadre.end, cadre.name) == (
        "第一书记兼工作队长",
        dt.date(2022, 2, 28),
        "赵书记",
    )
    report = group.post(
        f"/api/cadres/{cadre.pk}/reports/",
        {"date": "2021-06-30", "title": "上半年工作报告", "text": "走访 120 户"},
        format="json",
    )
    assert report.status_code == 201, report.json()
    stored_report = CadreReport.objects.get(cadre=cadre)
    assert (stored_report.date, stored_report.title, stored_report.text) == (
        dt.date(2021, 6, 30),
        "上半年工作报告",
        "走访 120 户",
    )
    assert report.json() == {
        "id": stored_report.pk,
        "cadre": cadre.pk,
        "date": "2021-06-30",
        "title": "上半年工作报告",
        "text": "走访 120 户",
        "attachment": "",
    }
    award = group.post(
        f"/api/cadres/{cadre.pk}/awards/",
        {"year": 2021, "title": "优秀第一书记", "awarded_by": "河北省委组织部"},
        format="json",
    )
    assert award.status_code == 201, award.json()
    stored_award = CadreAward.objects.get(cadre=cadre)
    assert (stored_award.year, stored_award.title, stored_award.awarded_by, stored_award.date) == (
        2021,
        "优秀第一书记",
        "河北省委组织部",
        None,
    )
    assert history("cadre", cadre.pk) == [
        ("group", {"created": [None, "赵书记"]}),
        (
            "group",
            {"post": ["驻村第一书记", "第一书记兼工作队长"], "end": ["2023-02-28", "2022-02-28"]},
        ),
        ("group", {"report": [None, "2021-06-30 上半年工作报告"]}),
        ("group", {"award": [None, "2021 优秀第一书记"]}),
    ]


@pytest.mark.parametrize(
    ("over", "fields"),
    [
        ({"end": "2021-02-28"}, ["end"]),
        ({"role": "mayor"}, ["role"]),
        ({"region": "130799"}, ["region"]),
        ({"start": ""}, ["start"]),
        ({"name": ""}, ["name"]),
        ({"unit": 0}, ["unit"]),
    ],
)
def test_a_bad_cadre_is_a_400_by_field_and_writes_nothing(world, group, over, fields):
    before = stored()
    refused(group.post("/api/cadres/", cadre_body(world, **over), format="json"), 400, *fields)
    assert stored() == before


def test_cadre_refusals_name_the_field_in_the_readers_language(world):
    english = api("en", "assisting_unit", units_=[world[1]], language="en")
    body = cadre_body(world, end="2021-02-28")
    error = refused(english.post("/api/cadres/", body, format="json"), 400, "end")
    assert error["fields"]["end"] == ["ends before it starts"]
    chinese = api("zh", "assisting_unit", units_=[world[1]])
    error = refused(chinese.post("/api/cadres/", body, format="json"), 400, "end")
    assert error["fields"]["end"] == ["结束日期早于开始日期"]
    cadre = Cadre.objects.get(name="王驻村")
    before = stored()
    late = refused(
        chinese.post(
            f"/api/cadres/{cadre.pk}/reports/",
            {"date": TOMORROW.isoformat(), "title": "明天的报告"},
            format="json",
        ),
        400,
        "date",
    )
    assert late["fields"]["date"] == [f"日期晚于今天（{TOMORROW}）"]
    refused(
        chinese.post(
            f"/api/cadres/{cadre.pk}/awards/",
            {"year": 2021, "title": "表彰", "date": TOMORROW.isoformat()},
            format="json",
        ),
        400,
        "date",
    )
    refused(
        chinese.post(
            f"/api/cadres/{cadre.pk}/awards/", {"year": 1800, "title": "表彰"}, format="json"
        ),
        400,
        "year",
    )
    refused(
        chinese.patch(f"/api/cadres/{cadre.pk}/", {"end": "2019-12-31"}, format="json"), 400, "end"
    )
    assert stored() == before


def test_cadre_writes_outside_the_callers_units_are_refused(world, group, county):
    mine = Cadre.objects.get(name="王驻村")  # of unit 2, in 阳原县
    theirs = Cadre.objects.get(name="李挂职")  # of unit 9
    before = stored()
    report = {"date": "2021-01-05", "title": "报告"}
    refused(county.post("/api/cadres/", cadre_body(world, unit=world[1].pk), format="json"), 403)
    refused(county.patch(f"/api/cadres/{mine.pk}/", {"post": "x"}, format="json"), 403)
    refused(county.post(f"/api/cadres/{mine.pk}/reports/", report, format="json"), 403)
    refused(
        county.post(f"/api/cadres/{mine.pk}/awards/", {"year": 2021, "title": "x"}, format="json"),
        403,
    )
    refused(group.patch(f"/api/cadres/{theirs.pk}/", {"post": "x"}, format="json"), 404)
    refused(group.post(f"/api/cadres/{theirs.pk}/reports/", report, format="json"), 404)
    refused(group.patch(f"/api/cadres/{mine.pk}/", {"unit": world[9].pk}, format="json"), 404)
    refused(group.post("/api/cadres/", cadre_body(world, unit=world[9].pk), format="json"), 404)
    sub = api("sub", "assisting_unit", units_=[world[3]], regions=["130727"])
    refused(sub.patch(f"/api/cadres/{mine.pk}/", {"post": "x"}, format="json"), 403)
    refused(group.patch("/api/cadres/99999999/", {"post": "x"}, format="json"), 404)
    assert stored() == before
    assert Cadre.objects.get(pk=mine.pk).post == "第一书记"


# projects --------------------------------------------------------------------------------


def project_body(world, **over):
    return {
        "code": "P-100",
        "name": "扶贫车间",
        "kind": "workshop",
        "unit": world[3].pk,
        "region": "130727",
        "budget": "987654321.05",
        "planned_end": "2022-06-30",
        "notice_start": "2021-03-01",
        "notice_days": 7,
        "jobs_created": 40,
        "income_per_year": "3600.50",
        **over,
    }


def test_a_unit_adds_a_project_changes_it_and_moves_it_on(world, group):
    made = group.post("/api/projects/", project_body(world), format="json")
    assert made.status_code == 201, made.json()
    project = Project.objects.get(code="P-100")
    assert (project.budget, project.income_per_year, project.status, project.unit) == (
        Decimal("987654321.05"),
        Decimal("3600.50"),
        "planned",
        world[3],
    )
    assert (made.json()["budget"], made.json()["income_per_year"]) == ("987654321.05", "3600.50")
    assert (project.notice_start, project.notice_days, project.jobs_created) == (
        dt.date(2021, 3, 1),
        7,
        40,
    )
    changed = group.patch(f"/api/projects/{project.pk}/", {"budget": "0.10"}, format="json")
    assert changed.status_code == 200, changed.json()
    assert changed.json()["budget"] == "0.10" and changed.json()["version"] == 2
    project.refresh_from_db()
    assert project.budget == Decimal("0.10") and project.name == "扶贫车间"
    early = refused(
        group.post(
            f"/api/projects/{project.pk}/advance/",
            {"status": "approved", "on": "2021-03-05"},
            format="json",
        ),
        400,
        "status",
    )
    assert early["fields"]["status"] == ["项目 P-100：公示期至 2021-03-08"]
    moved = group.post(
        f"/api/projects/{project.pk}/advance/",
        {"status": "approved", "on": "2021-03-08"},
        format="json",
    )
    assert moved.status_code == 200, moved.json()
    assert (moved.json()["status"], moved.json()["approved_on"]) == ("approved", "2021-03-08")
    back = group.post(
        f"/api/projects/{project.pk}/advance/",
        {"status": "planned", "on": "2021-03-09"},
        format="json",
    )
    refused(back, 400, "status")
    later = group.post(
        f"/api/projects/{project.pk}/advance/",
        {"status": "under_construction", "on": TOMORROW.isoformat()},
        format="json",
    )
    refused(later, 400, "on")
    project.refresh_from_db()
    assert (project.status, project.approved_on, project.started_on) == (
        "approved",
        dt.date(2021, 3, 8),
        None,
    )
    assert history("project", project.pk) == [
        ("group", {"created": [None, "P-100"]}),
        ("group", {"budget": ["987654321.05", "0.10"]}),
        ("group", {"status": ["planned", "approved"], "approved_on": [None, "2021-03-08"]}),
    ]


def test_project_conflicts_are_409_and_bad_ones_400_writing_nothing(world, group):
    project = Project.objects.get(code="P-001")
    before = stored()
    taken = refused(
        group.post("/api/projects/", project_body(world, code="P-001"), format="json"), 409
    )
    assert taken == {"code": "conflict", "message": "项目编号 P-001 已存在"}
    # another unit's project code is taken too, though the caller does not see it
    refused(group.patch(f"/api/projects/{project.pk}/", {"code": "P-009"}, format="json"), 409)
    for over, field in [
        ({"budget": "-1"}, "budget"),
        ({"budget": "1.005"}, "budget"),
        ({"budget": "1" * 17}, "budget"),
        ({"kind": "casino"}, "kind"),
        ({"code": "P 1"}, "code"),
        ({"notice_days": 0}, "notice_days"),
        ({"region": "990000"}, "region"),
    ]:
        refused(
            group.post("/api/projects/", project_body(world, **over), format="json"), 400, field
        )
    refused(
        group.patch(f"/api/projects/{project.pk}/", {"budget": "abc"}, format="json"), 400, "budget"
    )
    refused(
        group.post(f"/api/projects/{project.pk}/advance/", {"status": "approved"}, format="json"),
        400,
        "on",
    )
    refused(
        group.post(
            f"/api/projects/{project.pk}/advance/",
            {"status": "approved", "on": "2021-01-01"},
            format="json",
        ),
        400,
        "status",  # not publicly noticed
    )
    assert stored() == before
    project.refresh_from_db()
    assert (project.code, project.budget, project.status) == (
        "P-001",
        Decimal("1234567.89"),
        "planned",
    )


def test_beneficiaries_come_from_the_registry_of_the_projects_region(world, group):
    project = Project.objects.get(code="P-001")  # in 阳原县
    for i in range(3):
        Household.objects.create(number=f"H{i}", village_id=village("130727"))
    Household.objects.create(number="H-LT", village_id=village("421123"))
    url = f"/api/projects/{project.pk}/beneficiaries/"
    before = stored()
    error = refused(group.post(url, {"add": ["H0", "H-LT", "H-NONE"]}, format="json"), 400, "add")
    assert error["fields"]["add"] == [
        "以下户编号不在项目实施地（阳原县）的建档立卡户中：H-LT、H-NONE"
    ]
    assert stored() == before
    added = group.post(url, {"add": ["H0", "H1", "H2", "H1"]}, format="json")
    assert added.status_code == 200, added.json()
    assert added.json() == {"added": 3, "removed": 0, "beneficiaries": ["H0", "H1", "H2"]}
    changed = group.post(url, {"add": ["H0"], "remove": ["H1", "H-NONE"]}, format="json")
    assert changed.json() == {"added": 0, "removed": 1, "beneficiaries": ["H0", "H2"]}
    assert history("project", project.pk) == [
        ("group", {"beneficiaries": [None, "H0 H1 H2"]}),
        ("group", {"beneficiaries": ["H1", None]}),
    ]
    refused(group.post(url, {"add": "H0"}, format="json"), 400, "add")


def test_project_writes_outside_the_callers_units_are_refused(world, group, county):
    mine = Project.objects.get(code="P-001")
    theirs = Project.objects.get(code="P-009")
    before = stored()
    advance = {"status": "approved", "on": "2021-01-01"}
    refused(
        county.post("/api/projects/", project_body(world, unit=world[1].pk), format="json"), 403
    )
    refused(county.patch(f"/api/projects/{mine.pk}/", {"name": "x"}, format="json"), 403)
    refused(county.post(f"/api/projects/{mine.pk}/advance/", advance, format="json"), 403)
    refused(county.post(f"/api/projects/{mine.pk}/beneficiaries/", {"add": []}, format="json"), 403)
    refused(group.patch(f"/api/projects/{theirs.pk}/", {"name": "x"}, format="json"), 404)
    refused(group.post(f"/api/projects/{theirs.pk}/advance/", advance, format="json"), 404)
    refused(group.post("/api/projects/", project_body(world, unit=world[9].pk), format="json"), 404)
    refused(group.patch(f"/api/projects/{mine.pk}/", {"unit": world[9].pk}, format="json"), 404)
    sub = api("sub", "assisting_unit", units_=[world[3]], regions=["130727"])
    refused(sub.patch(f"/api/projects/{mine.pk}/", {"name": "x"}, format="json"), 403)
    assert stored() == before


# pairings --------------------------------------------------------------------------------


def test_administrators_pair_a_unit_with_a_region_through_the_api(world):
    admin = api("admin", "administrator")
    body = {"unit": world[2].pk, "region": "421123", "kind": "counterpart", "start": "2021-01-01"}
    made = admin.post("/api/pairings/", body, format="json")
    assert made.status_code == 201, made.json()
    pairing = Pairing.objects.get(unit=world[2], region_id="421123")
    assert made.json() == {
        "id": pairing.pk,
        "unit": world[2].pk,
        "unit_name": "测试子公司",
        "region": "421123",
        "region_name": "罗田县",
        "kind": "counterpart",
        "start": "2021-01-01",
        "end": None,
    }
    ended = admin.post("/api/pairings/", body | {"end": "2025-12-31"}, format="json")
    assert ended.status_code == 200 and ended.json()["end"] == "2025-12-31"
    assert Pairing.objects.filter(unit=world[2]).count() == 1
    rows = Change.objects.filter(subject="pairing", subject_id=pairing.pk).order_by("id")
    assert [(c.source, c.actor.username, c.changes) for c in rows] == [
        ("api", "admin", {"created": [None, "counterpart 2021-01-01–"]}),
        ("api", "admin", {"end": [None, "2025-12-31"]}),
    ]
    before = stored()
    refused(admin.post("/api/pairings/", body | {"end": "2020-12-31"}, format="json"), 400, "end")
    refused(admin.post("/api/pairings/", body | {"kind": "x"}, format="json"), 400, "kind")
    refused(admin.post("/api/pairings/", body | {"unit": 99999999}, format="json"), 404)
    assert stored() == before


def test_only_administrators_pair_units(world, group, county):
    body = {"unit": world[1].pk, "region": "421123", "kind": "counterpart", "start": "2021-01-01"}
    before = stored()
    error = refused(group.post("/api/pairings/", body, format="json"), 403)
    assert error["message"] == "只有系统管理员可以修改帮扶单位和结对关系"
    refused(county.post("/api/pairings/", body, format="json"), 403)
    refused(group.post("/api/pairings/", body | {"unit": world[9].pk}, format="json"), 404)
    assert stored() == before


def test_the_schema_has_the_writes():
    schema = APIClient().get("/api/schema/?format=json").json()
    paths = schema["paths"]
    for path, method in [
        ("/api/pledges/", "post"),
        ("/api/indicators/", "post"),
        ("/api/cadres/", "post"),
        ("/api/cadres/{id}/", "patch"),
        ("/api/cadres/{id}/reports/", "post"),
        ("/api/cadres/{id}/awards/", "post"),
        ("/api/projects/", "post"),
        ("/api/projects/{id}/", "patch"),
        ("/api/projects/{id}/advance/", "post"),
        ("/api/projects/{id}/beneficiaries/", "post"),
        ("/api/pairings/", "post"),
        ("/api/leading-groups/", "post"),
        ("/api/leading-groups/{id}/members/", "post"),
        ("/api/leading-groups/{id}/members/{member_id}/", "delete"),
        ("/api/responsibilities/", "post"),
        ("/api/plans/", "post"),
        ("/api/plans/{id}/amounts/", "post"),
        ("/api/cadres/{id}/evaluations/", "post"),
    ]:
        assert method in paths[path], (path, method)
    assert "put" not in paths["/api/projects/{id}/"] and "delete" not in paths["/api/cadres/{id}/"]
