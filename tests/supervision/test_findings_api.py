"""/api/supervision/findings/: the findings of the caller's scope with their tasks; the task
actions through the same services, refusals as the API's JSON errors writing nothing."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient
from tests.supervision.finding_world import (
    COUNTY,
    OTHER_COUNTY,
    chinese,  # noqa: F401 (autouse: reasons in Chinese)
    finding,
    region,
    submitted,
    task,
    upload,
    world_users,
)

from fupin.core.models import Change
from fupin.supervision import findings
from fupin.supervision.enums import TaskStatus
from fupin.supervision.models import Rectification

pytestmark = pytest.mark.django_db
URL = "/api/supervision/findings/"


@pytest.fixture
def world(settings, tmp_path):
    settings.DATA_DIR = tmp_path
    return world_users()


def _api(person) -> APIClient:
    client = APIClient(HTTP_ACCEPT_LANGUAGE="zh-hans")
    client.force_authenticate(person)
    return client


def test_a_user_of_another_region_cannot_read_a_finding(world):
    t = task(finding())
    theirs = task(finding(region=region(OTHER_COUNTY)), owner_region=region(OTHER_COUNTY))
    other = _api(world.other)
    assert other.get(f"{URL}{t.finding_id}/").status_code == 404
    listed = other.get(URL).json()
    assert [f["id"] for f in listed["results"]] == [theirs.finding_id]
    refused = other.post(f"{URL}{t.finding_id}/tasks/{t.pk}/sign-off/", {}, format="json")
    assert refused.status_code == 404
    # a unit user outside it sees nothing of it either
    assert _api(world.group).get(f"{URL}{t.finding_id}/").status_code == 404
    # the county concerned, the prefecture above and the issuing province read it
    for person in (world.county, world.prefecture, world.province, world.admin):
        shown = _api(person).get(f"{URL}{t.finding_id}/")
        assert shown.status_code == 200
        body = shown.json()
        assert (body["region"], body["issuer_region"], body["source"]) == (
            COUNTY,
            "13",
            "inspection",
        )
        assert [(x["id"], x["owner_region"], x["status"]) for x in body["tasks"]] == [
            (t.pk, COUNTY, "open")
        ]


def test_the_list_filters_and_reads_in_a_fixed_number_of_queries(world):
    for _ in range(3):
        submitted()
    late = task(finding(source="audit", found_by="审计署"), deadline=dt.date(2024, 6, 30))
    admin = _api(world.admin)
    with CaptureQueriesContext(connection) as queries:
        body = admin.get(URL).json()
    assert body["count"] == 4
    few = len(queries)
    submitted()
    with CaptureQueriesContext(connection) as queries:
        assert admin.get(URL).json()["count"] == 5
    assert len(queries) == few  # findings, tasks, evidence: prefetched, whatever the count
    audits = admin.get(URL, {"source": "audit"}).json()["results"]
    assert [f["id"] for f in audits] == [late.finding_id]
    overdue = admin.get(URL, {"overdue": "true"}).json()["results"]
    assert {f["id"] for f in overdue} >= {late.finding_id}
    assert all(any(t["overdue"] for t in f["tasks"]) for f in overdue)
    assert admin.get(URL, {"overdue": "maybe"}).status_code == 400
    assert admin.get(URL, {"region": "13x"}).status_code == 400


def test_sign_off_without_evidence_is_refused_by_the_api_and_writes_nothing(world):
    t = submitted(evidence=False)
    before = Change.objects.count()
    answer = _api(world.province).post(
        f"{URL}{t.finding_id}/tasks/{t.pk}/sign-off/", {}, format="json"
    )
    assert answer.status_code == 400
    assert "没有佐证材料" in answer.json()["error"]["message"]
    assert Rectification.objects.get(pk=t.pk).status == TaskStatus.SUBMITTED
    assert Change.objects.count() == before


def test_the_task_actions_of_the_owner_and_the_issuer(world):
    t = task(finding())
    base = f"{URL}{t.finding_id}/tasks/{t.pk}"
    county, province = _api(world.county), _api(world.province)
    missing = county.post(f"{base}/submit/", {}, format="json")
    assert missing.status_code == 400
    assert missing.json()["error"]["fields"]["measures"] == ["请先填写整改措施，再报送整改完成"]
    findings.rectification_update(task=t, measures="已整改", actor=world.county)
    findings.evidence_add(task=t, upload=upload(), actor=world.county)
    done = county.post(f"{base}/submit/", {"on": "2024-05-01"}, format="json")
    assert done.status_code == 200 and done.json()["status"] == "submitted"
    assert len(done.json()["evidence"]) == 1
    owner = county.post(f"{base}/sign-off/", {}, format="json")
    assert owner.status_code == 403  # not the issuer
    signed = province.post(f"{base}/sign-off/", {"on": "2024-05-03"}, format="json")
    assert signed.status_code == 200
    assert (signed.json()["status"], signed.json()["signed_off_by"]) == ("signed_off", "p-office")
    blank = province.post(f"{base}/reopen/", {"reason": " "}, format="json")
    assert blank.status_code == 400
    assert blank.json()["error"]["fields"]["reason"] == ["重新整改须说明原因"]
    reopened = province.post(f"{base}/reopen/", {"reason": "复查未通过"}, format="json")
    assert reopened.status_code == 200
    assert (reopened.json()["status"], reopened.json()["reopened"]) == ("open", 1)
    assert reopened.json()["reopen_reason"] == "复查未通过"
    other_task = province.post(f"{URL}{t.finding_id}/tasks/999999/reopen/", {"reason": "x"})
    assert other_task.status_code == 404
