"""Household list, detail and export: scope, filters, masking, query counts."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from python_calamine import CalamineWorkbook
from tests.factories import id_number, member_only, member_row, write_csv

from fupin.accounts.models import User
from fupin.regions.models import Region
from fupin.registry.evaluations import evaluation_store
from fupin.registry.imports import registry_import
from fupin.registry.models import Member

pytestmark = pytest.mark.django_db


def _village(county):
    return Region.objects.filter(code__startswith=county, level="village").order_by("code")[0].code


@pytest.fixture
def registry(tmp_path):
    yangyuan, luanping = _village("130727"), _village("130824")
    rows = [
        member_row("Y1", 行政区划代码=yangyuan, 姓名="贫困甲", 工资性收入=1000, 生产经营性收入=0),
        member_only("Y1", "之子", 姓名="贫困乙", 证件号码=id_number(birth="20050505")),
        member_row(
            "Y2", 行政区划代码=yangyuan, 姓名="富裕丙", 工资性收入=9000, 主要致贫原因="因病"
        ),
        member_row("L1", 行政区划代码=luanping, 姓名="滦平丁", 工资性收入=9000),
    ]
    registry_import(path=write_csv(tmp_path / "r.csv", rows))
    evaluation_store(year=2016)


def _login(client, role, *regions):
    user = User.objects.create_user(f"u-{role}", password="a-long-test-password", role=role)
    user.regions.set(Region.objects.filter(code__in=regions))
    client.force_login(user)
    return user


def test_list_shows_only_households_in_scope_in_one_page_query(client, registry):
    _login(client, "county_office", "130727")
    with CaptureQueriesContext(connection) as queries:
        page = client.get("/households/")
    text = page.content.decode()
    # match the household links, not bare strings a CSRF token may contain
    assert [n for n in ("Y1", "Y2", "L1") if f">{n}</a>" in text] == ["Y1", "Y2"]
    assert "共 2 户" in text
    # session, user, scope, latest year, count, the page
    assert len(queries) == 6
    head = Member.objects.get(name="贫困甲").id_number
    assert head in text  # a county office sees ID numbers


def test_filters_narrow_the_list(client, registry):
    _login(client, "province_office", "13")
    assert _numbers(client, "?status=poor&year=2016") == ["Y1"]
    assert _numbers(client, "?q=贫困乙") == ["Y1"]
    assert _numbers(client, "?q=L") == ["L1"]
    assert _numbers(client, "?cause=illness") == ["Y2"]
    assert _numbers(client, "?region=130824") == ["L1"]
    # a value that does not validate is ignored with its message, never a 500
    page = client.get("/households/?year=abc&status=rich&region=x1")
    assert page.status_code == 200 and "Y1" in page.content.decode()


def _numbers(client, query):
    text = client.get("/households/" + query).content.decode()
    return [n for n in ("Y1", "Y2", "L1") if f">{n}</a>" in text]


def test_detail_in_scope_only_and_ids_masked_for_evaluators(client, registry):
    head = Member.objects.get(name="贫困甲").id_number
    _login(client, "evaluator", "130727")
    page = client.get("/households/Y1/")
    text = page.content.decode()
    assert page.status_code == 200
    assert head not in text and head[:6] + "********" + head[-4:] in text
    assert "收入低于贫困线" in text  # the stored evaluation's reason
    assert client.get("/households/L1/").status_code == 404
    assert client.get("/households/NOPE/").status_code == 404


def test_export_of_the_filtered_list_runs_as_a_job_and_opens_with_its_rows(
    client, registry, tmp_path
):
    from fupin.core.jobs import job_run_next

    _login(client, "evaluator", "13")
    response = client.post("/households/export/", {"status": "exit_eligible", "year": "2016"})
    assert response.status_code == 302 and response.url.startswith("/jobs/")
    job = job_run_next()
    assert job.status == "done" and job.result == {"households": 2}
    page = client.get(response.url).content.decode()
    assert "已导出 2 户" in page and "下载结果" in page
    download = client.get(f"{response.url}result/")
    path = tmp_path / "x.xlsx"
    path.write_bytes(b"".join(download.streaming_content))
    title, header, *rows = CalamineWorkbook.from_path(str(path)).get_sheet_by_index(0).to_python()
    assert title[0].startswith("河北省（130000） 贫困户名单 · 2016 年度 · 制表日期 ")
    assert header[:4] == ["户编号", "所在村", "户主", "户主证件号码"]
    assert sorted(r[0] for r in rows) == ["L1", "Y2"]
    assert all("*" in r[3] for r in rows)  # masked for an evaluator
    client.logout()
    _login(client, "county_office", "130727")
    assert client.get(response.url).status_code == 404  # someone else's job
