"""The department-feed pages: the definitions with their rules, the upload by an office (at
once when small, by a job when large), 403 for roles that may not import, a batch with its
flags, unknown persons and rulings, ID numbers masked for roles that may not see them, and
the admin's check of a definition."""

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from tests.monitoring.feed_world import (
    COUNTY,
    UNKNOWN,
    VILLAGE,
    WANG,
    ZHANG,
    medical_file,
    registry_people,
    user,
)

from fupin.core.jobs import job_run_next
from fupin.core.models import Job
from fupin.monitoring import feed_views, feeds
from fupin.monitoring.admin import FeedForm
from fupin.monitoring.models import Feed, FeedBatch, FeedRow

pytestmark = pytest.mark.django_db

ROWS = [
    [ZHANG, "张三", 12000, "2024-03-01", "延庆区医院"],
    [UNKNOWN, "赵六", 20000, "2024-03-02", ""],
    [WANG, "王五", 30000, "2024-03-03", ""],
]


@pytest.fixture(scope="module")
def module_world(module_rows, django_db_blocker, tmp_path_factory):
    """The feeds and the registry persons, written once for the module's tests."""
    with django_db_blocker.unblock():
        feeds.feeds_sync()
        registry_people(tmp_path_factory.mktemp("registry"))


@pytest.fixture
def world(module_world, tmp_path, settings):
    settings.DATA_DIR = tmp_path
    return tmp_path


def _upload(path):
    return SimpleUploadedFile(path.name, path.read_bytes(), content_type="text/csv")


def _post(client, world, rows=ROWS, **over):
    data = {"feed": "medical_claims", "mode": "strict", **over}
    data["file"] = _upload(medical_file(world / "医保.csv", rows))
    return client.post("/monitoring/feeds/", data)


def test_the_page_lists_the_definitions_with_their_rules(client, world):
    client.force_login(user("cadre", "village_cadre", VILLAGE))
    page = client.get("/monitoring/feeds/")
    text = page.content.decode()
    assert page.status_code == 200
    assert "医保大额自付" in text and "个人自付金额（元） ≥ 10000" in text and "因病" in text
    assert "鉴定等级为 C级、D级、C、D 之一" in text
    assert "导入部门数据" not in text  # a village cadre does not import


def test_an_office_uploads_a_file_and_sees_the_batch(client, world):
    office = user("county", "county_office", COUNTY)
    client.force_login(office)
    answer = _post(client, world)
    batch = FeedBatch.objects.get()
    assert (
        answer.status_code == 302 and answer["Location"] == f"/monitoring/feeds/batches/{batch.pk}/"
    )
    assert (batch.rows, batch.matched, batch.unmatched, batch.flagged, batch.actor) == (
        3,
        2,
        1,
        1,
        office,
    )
    assert batch.file_name == "医保.csv"
    page = client.get(answer["Location"]).content.decode()
    assert "共 3 行：匹配 2 人，未匹配 1 人，预警 1 条。" in page
    assert "1 人不在导入单位的管辖范围内，已保留但不预警。" in page
    row = FeedRow.objects.get(id_number=ZHANG)
    assert ZHANG in page and "个人自付金额（元）：12000" in page and "/households/H1/" in page
    assert f"cases/new/?household=H1&amp;feed_row={row.pk}&amp;risk=illness" in page
    assert "未匹配人员" in page and UNKNOWN in page  # the importer sees the unknown persons
    assert WANG not in page  # outside the office's regions: not listed


def test_roles_that_may_not_import_get_403_and_nothing_is_written(client, world):
    for name, role in (("cadre", "village_cadre"), ("township", "township_cadre")):
        client.force_login(user(name, role, VILLAGE))
        assert _post(client, world).status_code == 403
    assert FeedBatch.objects.count() == 0
    client.force_login(user("unit", "assisting_unit"))
    assert client.get("/monitoring/feeds/").status_code == 403


def test_an_invalid_file_shows_its_errors_and_writes_nothing(client, world):
    client.force_login(user("county", "county_office", COUNTY))
    answer = _post(client, world, rows=[[ZHANG, "张三", 1, "", ""], ["1101", "李四", "x", "", ""]])
    page = answer.content.decode()
    assert answer.status_code == 400
    assert "证件号码为 4 位，应为18位" in page and "不是数字" in page and "未写入任何数据" in page
    assert (FeedBatch.objects.count(), FeedRow.objects.count()) == (0, 0)


def test_a_large_file_is_imported_by_a_job(client, world, monkeypatch):
    monkeypatch.setattr(feed_views, "SYNC_BYTES", 10)
    client.force_login(user("county", "county_office", COUNTY))
    answer = _post(client, world)
    job = Job.objects.get(kind="feed_import")
    assert answer.status_code == 302 and answer["Location"] == f"/jobs/{job.pk}/"
    assert FeedBatch.objects.count() == 0
    job_run_next()
    job.refresh_from_db()
    batch = FeedBatch.objects.get()
    assert job.status == "done" and job.result["batch"] == batch.pk and job.result["flagged"] == 1
    assert "预警 1 条" in job.message
    page = client.get("/monitoring/feeds/").content.decode()
    assert f"/monitoring/feeds/batches/{batch.pk}/" in page


def test_the_batch_page_masks_id_numbers_for_roles_that_may_not_see_them(client, world):
    feeds.feed_import(feed="medical_claims", path=medical_file(world / "m.csv", ROWS))
    batch = FeedBatch.objects.get()
    client.force_login(user("evaluator", "evaluator", VILLAGE))
    page = client.get(f"/monitoring/feeds/batches/{batch.pk}/").content.decode()
    assert ZHANG[:6] + "********" + ZHANG[-4:] in page and ZHANG not in page
    assert "未匹配人员" not in page  # not the importer's: the unknown persons are not listed
    assert "排除" not in page.split("待核实预警")[1].split("</table>")[0]  # no actions


def test_a_cadre_rules_a_flag_out_on_the_batch_page(client, world):
    feeds.feed_import(feed="medical_claims", path=medical_file(world / "m.csv", ROWS))
    row = FeedRow.objects.get(id_number=ZHANG)
    client.force_login(user("yy", "county_office", "130727"))
    assert (
        client.post(f"/monitoring/feeds/rows/{row.pk}/dismiss/", {"reason": "x"}).status_code == 404
    )
    client.force_login(user("cadre", "village_cadre", VILLAGE))
    answer = client.post(f"/monitoring/feeds/rows/{row.pk}/dismiss/", {"reason": "已报销，无困难"})
    assert answer.status_code == 302
    row.refresh_from_db()
    assert row.dismissed == "已报销，无困难"
    page = client.get(answer["Location"]).content.decode()
    assert "已排除" in page and "已报销，无困难" in page and "第 2 行的预警已排除。" in page
    assert "您的管辖范围内没有待核实的预警。" in page


def test_the_batch_page_queries_do_not_grow_with_the_rows(
    client, world, django_assert_max_num_queries
):
    rows = [[ZHANG, "张三", 10000 + n, "", ""] for n in range(60)]
    feeds.feed_import(feed="medical_claims", path=medical_file(world / "m.csv", rows))
    batch = FeedBatch.objects.get()
    client.force_login(user("county", "county_office", COUNTY))
    with django_assert_max_num_queries(16):
        page = client.get(f"/monitoring/feeds/batches/{batch.pk}/")
    assert page.content.decode().count("/dismiss/") == 60


def test_an_administrator_loads_the_defaults_from_the_page(client, world, admin_user):
    Feed.objects.filter(code="dibao").delete()
    client.force_login(admin_user)
    answer = client.post("/monitoring/feeds/sync/")
    assert answer.status_code == 302 and Feed.objects.filter(code="dibao").exists()
    client.force_login(user("county", "county_office", COUNTY))
    assert client.post("/monitoring/feeds/sync/").status_code == 403


def test_the_admin_form_names_the_condition_that_is_wrong(world):
    data = {
        "code": "water",
        "name": "供水",
        "department": "other",
        "columns": '{"id_number": "身份证号", "days": {"header": "停水天数", "type": "number"}}',
        "rule": '[{"column": "days", "op": ">", "value": 7},{"column": "hours", "op": "nonempty"}]',
        "risk": "other",
        "description": "",
        "active": True,
    }
    form = FeedForm(data=data)
    assert not form.is_valid()
    assert form.errors["rule"] == ["第 2 个条件：列定义中没有 hours"]
    form = FeedForm(
        data={**data, "rule": '[{"column": "days", "op": ">", "value": 7}]', "risk": "fire"}
    )
    assert not form.is_valid() and form.errors["risk"] == ["无法识别的风险类型 fire"]
    form = FeedForm(data={**data, "rule": '[{"column": "days", "op": ">", "value": 7}]'})
    assert form.is_valid(), form.errors


def test_the_english_page_has_english_labels(client, world):
    client.force_login(user("county-en", "county_office", COUNTY))
    client.cookies["django_language"] = "en"
    page = client.get("/monitoring/feeds/").content.decode()
    body = page[page.index("<main") :]
    assert "Department screening" in body and "Import a department's file" in body
    assert "is one of" in body
    # what stays Chinese is data: the feeds' names, descriptions and the files' headers
    labels = re.sub(r"<td>.*?</td>|<td class=\"code\">.*?</td>", " ", body, flags=re.S)
    labels = re.sub(r"<option[^>]*>.*?</option>", " ", labels, flags=re.S)
    assert not re.findall(r"[\u4e00-\u9fff]+", re.sub(r"<[^>]+>", " ", labels))
