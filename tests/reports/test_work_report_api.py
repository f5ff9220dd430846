"""/api/reports/work/: a report asked through the API is checked as the page checks it and
queued as the same job; run through the queue, its file is downloaded through /api/jobs/;
every refusal (a subject out of reach, a case the caller may not see, bad dates or options)
queues nothing; the list holds the caller's own work-report jobs, newest first."""

from __future__ import annotations

import datetime as dt
from urllib.parse import quote

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient
from tests.assistance.factories import entry, pledge
from tests.reports.case_world import (
    COUNTY,
    OTHER_COUNTY,
    case,
    chinese,  # noqa: F401 (autouse)
    world_build,
)

from fupin.core.jobs import job_run_next
from fupin.core.models import Job, JobStatus
from fupin.reports.annual.jobs import work_report_enqueue

pytestmark = pytest.mark.django_db
URL = "/api/reports/work/"
ASKED = {"start": "2019-01-01", "end": "2019-12-31", "language": "zh-hans", "format": "pdf"}


@pytest.fixture
def world(settings, tmp_path):
    settings.DATA_DIR = tmp_path
    w = world_build()
    pledge(w.group, 2019, funds_invested="2000000")
    entry("A-1", w.subsidiary, "2019-03-01", "funds_invested", "1500000.00", COUNTY)
    return w


def api(person) -> APIClient:
    client = APIClient(HTTP_ACCEPT_LANGUAGE="zh-hans")
    client.force_authenticate(person)
    return client


def test_a_units_report_is_queued_run_and_its_file_downloaded_through_the_api(world):
    # given a case of the group's tree and its unit user
    chosen = case(world)
    client = api(world.group_user)
    # when the report is asked for with the case
    answer = client.post(URL, {"unit": world.group.pk, **ASKED, "cases": [chosen.pk]}, "json")
    # then it is accepted as a queued job with the page's parameters
    assert answer.status_code == 202, answer.json()
    job = Job.objects.get()
    body = answer.json()
    assert (body["id"], body["kind"], body["status"]) == (job.pk, "work_report", "queued")
    assert body["url"] == f"http://testserver/api/jobs/{job.pk}/" == answer["Location"]
    assert body["result_file"] is None
    assert job.created_by == world.group_user
    assert job.params == {
        "unit": world.group.pk, "region": None, "start": "2019-01-01", "end": "2019-12-31",
        "language": "zh-hans", "format": "pdf", "cases": [chosen.pk],
    }  # fmt: skip
    # when the queue runs it, the job's API page links its file, which downloads as a PDF
    ran = job_run_next()
    assert ran.pk == job.pk and ran.status == JobStatus.DONE, ran.message
    polled = client.get(body["url"]).json()
    assert (polled["status"], polled["stage"], polled["done"], polled["total"]) == (
        "done", "已完成", 3, 3,
    )  # fmt: skip
    assert polled["result_file"] == f"http://testserver/api/jobs/{job.pk}/result/"
    download = client.get(polled["result_file"])
    assert download.status_code == 200
    assert b"".join(download.streaming_content)[:5] == b"%PDF-"
    name = quote("首钢集团有限公司-工作报告-2019-01-01至2019-12-31.pdf")
    assert download["Content-Disposition"] == f"attachment; filename*=utf-8''{name}"
    # and another user cannot read the job or its file
    assert api(world.other_unit_user).get(polled["result_file"]).status_code == 404


def test_a_year_stands_for_its_first_and_last_day_and_a_region_is_reported_in_word(world):
    answer = api(world.county).post(
        URL, {"region": COUNTY, "year": 2019, "language": "en", "format": "docx"}, "json"
    )
    assert answer.status_code == 202, answer.json()
    job = Job.objects.get()
    assert (job.params["region"], job.params["unit"]) == (COUNTY, None)
    assert (job.params["start"], job.params["end"]) == ("2019-01-01", "2019-12-31")
    assert (job.params["language"], job.params["format"], job.params["cases"]) == (
        "en", "docx", [],
    )  # fmt: skip
    ran = job_run_next()
    assert ran.status == JobStatus.DONE, ran.message
    assert ran.result_file.endswith("/阳原县-work-report-2019-01-01-to-2019-12-31.docx")


def _refusals(world, hidden, foreign) -> list[tuple[object, int, str | None]]:
    unit = {"unit": world.group.pk}
    return [
        ({"unit": world.other_unit.pk, **ASKED}, 404, None),  # a unit the caller may not see
        ({"region": OTHER_COUNTY, **ASKED}, 404, None),  # a region outside the caller's scope
        ({"unit": 2**70, **ASKED}, 400, "unit"),  # past any id
        ({**unit, **ASKED, "cases": [hidden.pk]}, 400, "cases"),  # a case the caller may not see
        ({"unit": world.subsidiary.pk, **ASKED, "cases": [foreign.pk]}, 400, "cases"),
        ({**unit, **ASKED, "cases": ["x"]}, 400, "cases"),
        ({**unit, **ASKED, "cases": 5}, 400, "cases"),
        ({**unit, **ASKED, "start": "2019-12-31", "end": "2019-01-01"}, 400, "end"),
        ({**unit, **ASKED, "start": "2019-02-30"}, 400, "start"),
        ({**unit, **ASKED, "end": None}, 400, "end"),
        ({**unit, **ASKED, "start": "2000-01-01", "end": "2019-12-31"}, 400, "end"),  # > 10 years
        ({**unit, "year": 2019, "start": "2019-01-01", "language": "en"}, 400, "year"),
        ({**unit, "year": "20x9", "language": "en", "format": "pdf"}, 400, "year"),
        ({**unit, **ASKED, "format": "odt"}, 400, "format"),
        ({**unit, **ASKED, "language": "fr"}, 400, "language"),
        ({**unit, **ASKED, "language": ["en"]}, 400, "language"),
        (ASKED, 400, "unit"),  # neither a unit nor a region
        ({**unit, "region": COUNTY, **ASKED}, 400, "unit"),  # both
        ({"unit": "首钢", **ASKED}, 400, "unit"),
        ({"unit": True, **ASKED}, 400, "unit"),
        ({"region": 130727, **ASKED}, 400, "region"),
        ([1, 2], 400, "non_field_errors"),
    ]


def test_every_refusal_names_its_field_and_queues_nothing(world):
    # given a case the group's user may not see (the other group's, in 阳原县) and one they
    # see that is not of the subsidiary's tree (the group's own)
    hidden = case(world, unit=world.other_unit, title="他人的案例", projects=[], households=[])
    foreign = case(world, unit=world.group, title="集团的案例", projects=[], households=[])
    client = api(world.group_user)
    for body, code, field in _refusals(world, hidden, foreign):
        # when the report is asked for with a body that is wrong in one way
        answer = client.post(URL, body, "json")
        # then the answer says where, and no job is queued
        assert answer.status_code == code, (body, answer.json())
        error = answer.json()["error"]
        if field is None:
            assert error["code"] == "not_found", error
        else:
            assert error["code"] == "invalid" and field in error["fields"], (body, error)
            assert all(error["fields"][field]), error
        assert Job.objects.count() == 0, body
    # while the same body with a case of the subject is queued
    good = {"unit": world.group.pk, **ASKED, "cases": [foreign.pk]}
    assert client.post(URL, good, "json").status_code == 202
    assert Job.objects.get().params["cases"] == [foreign.pk]


def test_the_reasons_are_the_pages(world):
    hidden = case(world, unit=world.other_unit, title="他人的案例", projects=[], households=[])
    client = api(world.group_user)
    unit = {"unit": world.group.pk, **ASKED}
    fields = client.post(URL, {**unit, "cases": [hidden.pk]}, "json").json()["error"]["fields"]
    assert str(hidden.pk) in fields["cases"][0]
    long = client.post(URL, {**unit, "start": "2000-01-01"}, "json").json()["error"]["fields"]
    assert long == {"end": ["报告期不能超过十年"]}
    early = client.post(URL, {**unit, "end": "2018-12-31"}, "json").json()["error"]["fields"]
    assert early == {"end": ["结束日期早于开始日期"]}
    english = APIClient(HTTP_ACCEPT_LANGUAGE="en")
    english.force_authenticate(world.group_user)
    fields = english.post(URL, {**unit, "end": "2018-12-31"}, "json").json()["error"]["fields"]
    assert fields == {"end": ["The end date is before the start date"]}
    assert not Job.objects.exists()


def test_the_list_holds_the_callers_work_reports_newest_first_in_fixed_queries(world):
    # given two reports of the group's user, one of another user and a job of another kind
    year = {"start": dt.date(2019, 1, 1), "end": dt.date(2019, 12, 31), "language": "en"}
    first = work_report_enqueue(unit=world.group.pk, fmt="pdf", actor=world.group_user, **year)
    work_report_enqueue(unit=world.other_unit.pk, fmt="pdf", actor=world.admin, **year)
    Job.objects.create(kind="households_export", params={}, created_by=world.group_user)
    second = work_report_enqueue(
        unit=world.subsidiary.pk, fmt="docx", actor=world.group_user, **year
    )
    client = api(world.group_user)

    def listed(**params: object) -> tuple[dict, int]:
        with CaptureQueriesContext(connection) as queries:
            answer = client.get(URL, params)
        assert answer.status_code == 200
        return answer.json(), len(queries)

    # when the list is read, then it holds the two, newest first, each with its API url
    body, count = listed()
    assert body["count"] == 2
    assert [j["id"] for j in body["results"]] == [second.pk, first.pk]
    assert body["results"][0]["url"] == f"http://testserver/api/jobs/{second.pk}/"
    assert body["results"][0]["params"]["format"] == "docx"
    # a page of one links the next
    paged, _ = listed(page_size=1)
    assert [j["id"] for j in paged["results"]] == [second.pk] and paged["next"]
    # and three more reports cost no more queries
    for _ in range(3):
        work_report_enqueue(unit=world.group.pk, fmt="pdf", actor=world.group_user, **year)
    more, again = listed()
    assert more["count"] == 5 and again == count
    # an administrator's list is their own reports too
    theirs = api(world.admin).get(URL).json()["results"]
    assert [r["params"]["unit"] for r in theirs] == [world.other_unit.pk]
    assert APIClient().get(URL).status_code in (401, 403)
