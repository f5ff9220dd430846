"""/api/monitoring/cases/: the cases of the caller's regions and the writes of the pages
through the same services, errors as the API's JSON errors."""

import copy
import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation
from rest_framework.test import APIClient
from tests.monitoring.case_world import (
    chinese,  # noqa: F401 (an autouse fixture: reasons in Chinese)
    household_rows,
    households_import,
    identify,
    other_village,
    report,
    user,
    world_users,
)

from fupin.core.models import Change
from fupin.monitoring.enums import Phase
from fupin.monitoring.models import Case, Measure, Step

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def module_people(module_rows, django_db_blocker, tmp_path_factory):
    """The households and users, imported once for the module's tests."""
    with django_db_blocker.unblock(), translation.override("zh-hans"):
        households_import(
            tmp_path_factory.mktemp("registry"),
            [
                *household_rows("H1"),
                *household_rows("H2"),
                *household_rows("Z1", village=other_village()),
            ],
        )
        return world_users()


@pytest.fixture
def people(module_people, tmp_path, settings):
    settings.DATA_DIR = tmp_path
    return copy.deepcopy(module_people)


def _api(person):
    client = APIClient()
    client.force_authenticate(person)
    return client


REPORT = {
    "household": "H1",
    "channel": "self_report",
    "report_way": "app",
    "object_type": "unstable_exited",
    "risks": ["illness"],
    "reported_on": "2024-01-08",
}


def test_a_case_is_reported_and_walked_through_the_api(people):
    village, township, county = (_api(p) for p in (people.village, people.township, people.county))
    created = village.post("/api/monitoring/cases/", REPORT, format="json")
    assert created.status_code == 201, created.json()
    body = created.json()
    assert (body["household"], body["phase"], body["next_step"], body["due_on"]) == (
        "H1",
        "identifying",
        "home_visit",
        "2024-02-05",
    )
    url = f"/api/monitoring/cases/{body['id']}/"
    refused = village.post(f"{url}steps/", {"code": "home_visit", "done_on": "2024-01-09"})
    assert refused.status_code == 400
    assert refused.json()["error"]["fields"] == {
        "attachment": ["“入户核实”须上传附件（承诺授权书）"]
    }
    upload = SimpleUploadedFile("consent.pdf", b"%PDF-1.4")
    done = village.post(
        f"{url}steps/",
        {"code": "home_visit", "done_on": "2024-01-09", "attachment": upload},
        format="multipart",
    )
    assert done.status_code == 201
    assert done.json()["steps"][0]["attachment"].endswith("/attachment")
    wrong_role = village.post(f"{url}steps/", {"code": "data_comparison", "done_on": "2024-01-10"})
    assert wrong_role.status_code == 403
    assert wrong_role.json()["error"]["code"] == "forbidden"
    for client, code, day in (
        (township, "data_comparison", "2024-01-10"),
        (village, "village_appraisal", "2024-01-11"),
    ):
        assert client.post(f"{url}steps/", {"code": code, "done_on": day}).status_code == 201
    early = township.post(f"{url}steps/", {"code": "township_review", "done_on": "2024-01-15"})
    assert early.json()["error"]["fields"]["code"] == [
        "公示已进行 4 天，需满 5 天；2024-01-16 起方可进行下一步"
    ]
    notice = village.get(url).json()["notices"][0]
    assert (notice["kind"], notice["end_on"]) == ("publicity", "2024-01-16")
    objection = village.post(
        f"{url}objections/",
        {"notice": notice["id"], "text": "收入有隐瞒", "raised_on": "2024-01-12"},
        format="json",
    ).json()
    blocked = township.post(f"{url}steps/", {"code": "township_review", "done_on": "2024-01-16"})
    assert blocked.status_code == 400
    resolved = township.post(
        f"{url}objections/{objection['id']}/resolve/",
        {"resolved_on": "2024-01-15", "resolution": "不成立"},
        format="json",
    )
    assert resolved.status_code == 200 and resolved.json()["resolved_on"] == "2024-01-15"
    for client, code, day in (
        (township, "township_review", "2024-01-16"),
        (county, "county_approval", "2024-01-20"),
        (village, "announcement", "2024-01-22"),
    ):
        assert client.post(f"{url}steps/", {"code": code, "done_on": day}).status_code == 201
    assert village.get(url).json()["phase"] == "monitoring"
    # elimination refused without a measure: recorded, the conditions answered
    refusal = village.post(f"{url}eliminate/", {"done_on": "2024-07-22"}, format="json")
    assert refusal.status_code == 400
    error = refusal.json()["error"]
    assert error["code"] == "elimination_refused"
    assert error["conditions"] == [
        {"code": "measures", "message": "截至 2024-07-22 已实施帮扶措施 0 项，至少需要 1 项"}
    ]
    assert Step.objects.filter(procedure="elimination", result="refused").count() == 1
    measure = village.post(
        f"{url}measures/",
        {"category": "employment", "content": "公益岗位", "start_on": "2024-02-01"},
        format="json",
    )
    assert measure.status_code == 201
    assert [m["content"] for m in village.get(f"{url}measures/").json()] == ["公益岗位"]
    started = village.post(f"{url}eliminate/", {"done_on": "2024-07-22"}, format="json")
    assert started.status_code == 201 and started.json()["phase"] == "eliminating"


def test_errors_are_json_and_write_nothing(people):
    village = _api(people.village)
    report("H1", actor=people.village)
    conflict = village.post("/api/monitoring/cases/", REPORT, format="json")
    assert conflict.status_code == 409
    assert conflict.json()["error"]["code"] == "conflict"
    outside = village.post("/api/monitoring/cases/", REPORT | {"household": "Z1"}, format="json")
    assert outside.status_code == 400
    assert outside.json()["error"]["fields"] == {"household": ["没有户 Z1"]}
    bad = village.post(
        "/api/monitoring/cases/", REPORT | {"household": "H2", "risks": ["floods"]}, format="json"
    )
    assert bad.json()["error"]["fields"] == {"risks": ["无法识别的风险类型 floods"]}
    assert Case.objects.count() == 1
    assert Change.objects.filter(subject="monitoring_case").count() == 1


def test_the_list_filters_and_the_scope(people):
    own = report("H1", actor=people.village)
    monitored = identify(report("H2", actor=people.village), people)
    other = report("Z1", actor=people.other)
    village = _api(people.village)
    ids = [c["id"] for c in village.get("/api/monitoring/cases/").json()["results"]]
    assert sorted(ids) == sorted([own.pk, monitored.pk])
    assert village.get(f"/api/monitoring/cases/{other.pk}/").status_code == 404
    stepped = village.post(
        f"/api/monitoring/cases/{other.pk}/steps/", {"code": "home_visit", "done_on": "2024-01-09"}
    )
    assert stepped.status_code == 404
    admin = _api(people.admin)

    def listed(query):
        return [c["id"] for c in admin.get(f"/api/monitoring/cases/?{query}").json()["results"]]

    assert listed("phase=monitoring") == [monitored.pk]
    assert sorted(listed("overdue=true")) == sorted([own.pk, other.pk])
    assert listed("village=130727") == [other.pk]
    assert listed("next_step=home_visit&village=110119") == [own.pk]
    assert admin.get("/api/monitoring/cases/?village=abc").status_code == 400
    assert admin.get("/api/monitoring/cases/?overdue=maybe").status_code == 400
    province = _api(user("prov", "province_office", "11"))
    assert province.get(f"/api/monitoring/cases/{own.pk}/").status_code == 200
    assert province.post("/api/monitoring/cases/", REPORT, format="json").status_code == 403
    refused = province.post(
        f"/api/monitoring/cases/{own.pk}/eliminate/", {"done_on": "2024-07-22"}, format="json"
    )
    assert refused.status_code == 403
    assert not Step.objects.filter(case=own).exists()


def test_the_list_runs_a_fixed_number_of_queries(people, django_assert_num_queries):
    for number in ("H1", "H2", "Z1"):
        report(number, actor=None)
    admin = _api(people.admin)
    with django_assert_num_queries(2):
        assert len(admin.get("/api/monitoring/cases/").json()["results"]) == 3


def test_a_measure_links_only_what_the_caller_sees(people):
    case = identify(report("H1", actor=people.village), people)
    village = _api(people.village)
    response = village.post(
        f"/api/monitoring/cases/{case.pk}/measures/",
        {"category": "industry", "content": "养殖", "start_on": "2024-02-01", "unit": 999999},
        format="json",
    )
    assert response.status_code == 400 and "unit" in response.json()["error"]["fields"]
    assert not Measure.objects.exists()


def test_the_schema_names_the_case_operations():
    schema = APIClient().get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json").json()
    for path in (
        "/api/monitoring/cases/",
        "/api/monitoring/cases/{id}/steps/",
        "/api/monitoring/cases/{id}/measures/",
        "/api/monitoring/cases/{id}/eliminate/",
        "/api/monitoring/cases/{id}/objections/{objection}/resolve/",
    ):
        assert path in schema["paths"], path


def test_dates_in_the_future_are_refused(people):
    case = report("H1", actor=people.village)
    tomorrow = (dt.date.today() + dt.timedelta(days=1)).isoformat()
    response = _api(people.village).post(
        f"/api/monitoring/cases/{case.pk}/steps/",
        {
            "code": "home_visit",
            "done_on": tomorrow,
            "attachment": SimpleUploadedFile("a.pdf", b"x"),
        },
        format="multipart",
    )
    assert response.status_code == 400
    assert case.steps.count() == 0
    assert Case.objects.get().phase == Phase.IDENTIFYING
