"""The finding pages: an overdue task on the dashboards of its owner county and of the
prefecture above, and of its owner unit; the list with its filters, counts and overdue marks;
a task worked through its page; refusals on the page writing nothing; the upload."""

import datetime as dt

import pytest
from django.db import connection
from django.template import Context, Template
from django.test import Client
from django.test.utils import CaptureQueriesContext
from tests.supervision.finding_world import (
    COUNTY,
    OTHER_COUNTY,
    PREFECTURE,
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
from fupin.supervision.models import Evidence, Finding, Rectification

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(settings, tmp_path):
    settings.DATA_DIR = tmp_path
    return world_users()


def client_of(person) -> Client:
    client = Client(HTTP_ACCEPT_LANGUAGE="zh-hans")
    client.force_login(person)
    return client


def _overdue_task() -> Rectification:
    """A task of 阳原县 whose deadline has passed."""
    found = finding(found_on=dt.date(2024, 3, 1))
    return task(found, requirement="逐户核实帮扶措施（超期）", deadline=dt.date(2024, 6, 30))


def test_an_overdue_task_is_on_the_owner_countys_page_and_the_prefectures(world):
    late = _overdue_task()
    on_time = task(finding(), requirement="按期任务", deadline=dt.date.today() + dt.timedelta(30))
    link = f"/supervision/tasks/{late.pk}/"
    for person, code in ((world.county, COUNTY), (world.prefecture, PREFECTURE)):
        page = client_of(person).get(f"/regions/{code}/")
        assert page.status_code == 200
        html = page.content.decode()
        assert 'data-overdue="1"' in html
        assert link in html and "逐户核实帮扶措施（超期）" in html
        assert f"/supervision/tasks/{on_time.pk}/" not in html
    # not on another county's page, nor on its prefecture's
    other = client_of(world.other).get(f"/regions/{OTHER_COUNTY}/").content.decode()
    assert link not in other and "data-overdue" not in other
    other_prefecture = client_of(world.admin).get("/regions/1308/").content.decode()
    assert link not in other_prefecture
    # signed off, it leaves both dashboards
    late = findings.rectification_update(task=late, measures="已核实", actor=None)
    findings.evidence_add(task=late, upload=upload(), actor=None)
    late = findings.rectification_submit(task=late, actor=None)
    findings.rectification_sign_off(task=late, actor=world.province)
    for person, code in ((world.county, COUNTY), (world.prefecture, PREFECTURE)):
        assert link not in client_of(person).get(f"/regions/{code}/").content.decode()


def test_the_region_dashboard_reads_its_overdue_tasks_in_one_query(world):
    for _ in range(7):
        _overdue_task()
    prefecture = region(PREFECTURE)
    tag = Template("{% load supervision_tags %}{% overdue_tasks region %}")
    with CaptureQueriesContext(connection) as queries:
        html = tag.render(Context({"region": prefecture}))
    assert len(queries) == 1  # the count and the first five, with their findings and owners
    assert 'data-overdue="7"' in html
    assert html.count("/supervision/tasks/") == 5
    assert "?overdue=on&amp;region=1307" in html


def test_an_overdue_task_of_a_unit_is_on_its_page_and_its_groups(world):
    found = finding(region=None, unit=world.subsidiary_unit)
    late = task(
        found, owner_region=None, owner_unit=world.subsidiary_unit, deadline=dt.date(2024, 6, 30)
    )
    link = f"/supervision/tasks/{late.pk}/"
    for person, unit in (
        (world.subsidiary, world.subsidiary_unit),
        (world.group, world.group_unit),
    ):
        page = client_of(person).get(f"/assistance/units/{unit.pk}/")
        assert page.status_code == 200
        assert link in page.content.decode()


def test_the_list_counts_tasks_by_state_marks_the_overdue_and_filters(world):
    late = _overdue_task()
    findings.rectification_sign_off(task=submitted(), actor=world.province)
    audit = finding(source="audit", found_by="审计署", region=region(OTHER_COUNTY))
    task(audit, owner_region=region(OTHER_COUNTY), deadline=dt.date.today() + dt.timedelta(9))
    admin = client_of(world.admin)
    with CaptureQueriesContext(connection) as queries:
        page = admin.get("/supervision/findings/")
    assert page.status_code == 200
    assert len(queries) == 6  # session, user, count, the page, counts by state, overdue
    html = page.content.decode()
    assert html.count("data-finding=") == 3
    assert f'data-finding="{late.finding_id}" class="overdue"' in html
    counts = dict(
        (s, page.context["counts"][i][2]) for i, s in enumerate(["open", "submitted", "signed_off"])
    )
    assert counts == {"open": 2, "submitted": 0, "signed_off": 1}
    assert page.context["overdue"] == 1
    only = admin.get("/supervision/findings/", {"overdue": "on"}).content.decode()
    assert only.count("data-finding=") == 1 and f'data-finding="{late.finding_id}"' in only
    audits = admin.get("/supervision/findings/", {"source": "audit"})
    assert [f.pk for f in audits.context["page"]] == [audit.pk]
    there = admin.get("/supervision/findings/", {"region": OTHER_COUNTY})
    assert [f.pk for f in there.context["page"]] == [audit.pk]
    # the other county's office sees its own finding only
    theirs = client_of(world.other).get("/supervision/findings/")
    assert [f.pk for f in theirs.context["page"]] == [audit.pk]


def test_a_task_is_worked_through_its_page(world):
    t = task(finding())
    url = f"/supervision/tasks/{t.pk}/"
    county, province = client_of(world.county), client_of(world.province)
    page = county.get(url)
    assert page.status_code == 200 and page.context["may_work"]
    assert not page.context["may_sign_off"]
    saved = county.post(url, {"action": "measures", "measures": "逐户核实", "version": 1})
    assert saved.status_code == 302
    submitted_ = county.post(url, {"action": "submit", "on": "2024-05-01"})
    assert submitted_.status_code == 302
    # no evidence yet: the sign-off is refused on its form, nothing written
    before = Change.objects.count()
    refused = province.post(url, {"action": "sign_off", "on": "2024-05-02"})
    assert refused.status_code == 400
    assert "没有佐证材料，不能销号" in refused.content.decode()
    assert Rectification.objects.get(pk=t.pk).status == TaskStatus.SUBMITTED
    assert Change.objects.count() == before
    added = county.post(url, {"action": "evidence", "file": upload(), "note": "整改报告"})
    assert added.status_code == 302
    evidence = Evidence.objects.get(task=t)
    download = county.get(f"/supervision/tasks/{t.pk}/evidence/{evidence.pk}")
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == b"%PDF-1.4 report"
    # the owner may not sign off: 403, nothing written
    assert county.post(url, {"action": "sign_off"}).status_code == 403
    assert province.post(url, {"action": "sign_off", "on": "2024-05-02"}).status_code == 302
    t.refresh_from_db()
    assert (t.status, t.signed_off_by) == (TaskStatus.SIGNED_OFF, world.province)
    # reopening needs a reason
    blank = province.post(url, {"action": "reopen", "reason": ""})
    assert blank.status_code == 400 and "重新整改须说明原因" in blank.content.decode()
    assert Rectification.objects.get(pk=t.pk).status == TaskStatus.SIGNED_OFF
    again = province.post(url, {"action": "reopen", "reason": "佐证材料不全"})
    assert again.status_code == 302
    t.refresh_from_db()
    assert (t.status, t.reopened, t.reopen_reason) == (TaskStatus.OPEN, 1, "佐证材料不全")
    assert "佐证材料不全" in county.get(url).content.decode()


def test_a_stale_form_is_a_conflict_and_writes_nothing(world):
    t = task(finding())
    url = f"/supervision/tasks/{t.pk}/"
    findings.rectification_update(task=t, measures="他人已填写", actor=None)  # version 2
    page = client_of(world.county).post(
        url, {"action": "measures", "measures": "我的", "version": 1}
    )
    assert page.status_code == 400 and "已被他人修改" in page.content.decode()
    assert Rectification.objects.get(pk=t.pk).measures == "他人已填写"


def test_those_outside_see_no_finding_and_no_task(world):
    t = task(finding())
    other = client_of(world.other)
    assert other.get(f"/supervision/findings/{t.finding_id}/").status_code == 404
    assert other.get(f"/supervision/tasks/{t.pk}/").status_code == 404
    assert other.post(f"/supervision/tasks/{t.pk}/", {"action": "sign_off"}).status_code == 404


def test_the_issuer_records_a_finding_and_sets_its_task_through_the_pages(world):
    province = client_of(world.province)
    form = province.get("/supervision/findings/new/")
    assert form.context["form"].initial["issuer_region"] == "13"
    data = {
        "source": "supervision",
        "found_by": "省扶贫开发领导小组督查组",
        "found_on": "2024-04-01",
        "region": COUNTY,
        "category": "funds",
        "text": "项目资金拨付滞后",
        "issuer_region": "13",
    }
    created = province.post("/supervision/findings/new/", data)
    assert created.status_code == 302
    found = Finding.objects.get()
    assert (found.source, found.region_id, found.created_by) == (
        "supervision",
        COUNTY,
        world.province,
    )
    url = f"/supervision/findings/{found.pk}/"
    bad = province.post(
        url, {"owner_region": "999999", "requirement": "加快拨付", "deadline": "2024-06-30"}
    )
    assert bad.status_code == 400 and "没有代码为 999999 的行政区划" in bad.content.decode()
    assert not Rectification.objects.exists()
    made = province.post(
        url, {"owner_region": COUNTY, "requirement": "加快拨付", "deadline": "2024-06-30"}
    )
    assert made.status_code == 302
    assert Rectification.objects.get().owner_region_id == COUNTY
    # the county office is no issuer of this finding: no form, and a POST is refused
    county = client_of(world.county)
    assert not county.get(url).context["may_issue"]
    refused = county.post(
        url, {"owner_region": COUNTY, "requirement": "再次", "deadline": "2024-06-30"}
    )
    assert refused.status_code == 403
    assert Rectification.objects.count() == 1
    # a finding in the name of an office not the user's is refused on the form
    data["issuer_region"] = OTHER_COUNTY
    other = county.post("/supervision/findings/new/", data)
    assert other.status_code == 400 and Finding.objects.count() == 1


def test_the_upload_writes_all_or_nothing_and_lists_row_and_column(world, tmp_path):
    from tests.supervision.test_findings_import import row, xlsx

    province = client_of(world.province)
    bad = xlsx(tmp_path, [row(), row(整改时限="明年")], "bad.xlsx")
    with bad.open("rb") as handle:
        page = province.post("/supervision/findings/import/", {"file": handle})
    assert page.status_code == 400
    assert [(p["row"], p["column"]) for p in page.context["problems"]] == [(3, "整改时限")]
    assert "整改时限" in page.content.decode()
    assert not Finding.objects.exists() and not Rectification.objects.exists()
    good = xlsx(tmp_path, [row(), row(整改要求="建立台账")], "good.xlsx")
    with good.open("rb") as handle:
        done = province.post("/supervision/findings/import/", {"file": handle})
    assert done.status_code == 302
    assert Finding.objects.count() == 1 and Rectification.objects.count() == 2
    assert not list((tmp_path / "uploads").glob("*"))  # the uploads are not kept
    # a county office imports in its own name only
    with good.open("rb") as handle:
        theirs = client_of(world.county).post("/supervision/findings/import/", {"file": handle})
    assert theirs.status_code == 400 and Rectification.objects.count() == 2


def test_the_pages_speak_english_too(world):
    t = submitted(evidence=False)
    english = Client(HTTP_ACCEPT_LANGUAGE="en")
    english.force_login(world.province)
    page = english.get(f"/supervision/tasks/{t.pk}/").content.decode()
    assert "Sign off" in page and "Send back for rectification" in page
    refused = english.post(f"/supervision/tasks/{t.pk}/", {"action": "sign_off"})
    assert refused.status_code == 400
    assert (
        "no evidence, no sign-off: the owner uploads the evidence first" in refused.content.decode()
    )
    listed = english.get("/supervision/findings/").content.decode()
    assert ">Findings<" in listed or "Findings</" in listed
