"""The early-warning list (预警名单) of a region and year: the households the rules flagged and
the department flags to be verified, on a page and in an xlsx file read back."""

import datetime as dt
import io
import re

import openpyxl
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from tests.monitoring.pages_data import YEAR, build, household, result, user

from fupin.core.identifiers import mask_id_number
from fupin.regions.models import Region
from fupin.registry.models import Member

pytestmark = pytest.mark.django_db


@pytest.fixture
def data():
    return build()


def _rows(html, table):
    body = re.search(rf'<table class="data {table}">.*?<tbody>(.*?)</tbody>', html, re.S).group(1)
    return [
        [
            " ".join(re.sub(r"<[^>]+>", " ", cell).split())
            for cell in re.findall(r"<td[^>]*>(.*?)</td>", tr, re.S)
        ]
        for tr in re.findall(r"<tr[^>]*>(.*?)</tr>", body, re.S)
    ]


def test_the_county_list_names_each_warning_and_flag(client, data):
    client.force_login(user("yy", "county_office", "130727"))
    with CaptureQueriesContext(connection) as queries:
        page = client.get(f"/monitoring/warnings/?region=130727&year={YEAR}")
    assert page.status_code == 200
    html = page.content.decode()
    # session, user, scope, region, path; the count and the page of warnings; the count and
    # the page of flags
    assert len(queries) == 9, [q["sql"][:80] for q in queries]
    a_head = Member.objects.get(household__number="A1").id_number
    rows = _rows(html, "warnings")
    assert [r[0] for r in rows] == ["A1", "B1", "D1"]  # by village, then number
    assert rows[0][2:] == [
        "张大山",
        a_head,  # a county office sees ID numbers
        "5,000.00",
        "7,300.00",
        "收入低于监测范围",
        "脱贫不稳定风险",
        "是",
    ]
    assert rows[1][6] == "收入低于监测范围、住房不安全"
    assert rows[2][-1] == "否"  # D's case was not identified: no case is open
    assert f'href="/monitoring/cases/{data.cases["A"].pk}/"' in html
    assert 'href="/households/A1/"' in html
    assert "共 3 户" in html
    # And the department flag waiting in the county, with its evidence
    flags = _rows(html, "flags")
    assert len(flags) == 1
    assert flags[0][0] == "H1" and flags[0][2] == "孙丽"
    assert "医保大额自付" in flags[0][4]
    assert f'href="/monitoring/feeds/batches/{data.flags["pending"].batch_id}/"' in html
    assert flags[0][6] == "yibao-2024.xlsx 第 2 行 · 自付金额: 52000"
    assert f"/monitoring/warnings/export/?year={YEAR}&amp;region=130727" in html


def test_a_status_narrows_the_list(client, data):
    client.force_login(user("yy", "county_office", "130727"))
    html = client.get(f"/monitoring/warnings/?region=130727&year={YEAR}&status=marginal")
    assert [r[0] for r in _rows(html.content.decode(), "warnings")] == ["B1", "D1"]


def test_the_list_is_paginated(client, data):
    village = data.places.villages[2]
    for n in range(60):
        result(household(f"W{n:02d}", village, "某"), "marginal", "4000.00", "below_range")
    client.force_login(user("yy", "county_office", "130727"))
    first = client.get(f"/monitoring/warnings/?region=130727&year={YEAR}").content.decode()
    assert len(_rows(first, "warnings")) == 50 and "共 63 户" in first
    second = client.get(f"/monitoring/warnings/?region=130727&year={YEAR}&page=2").content.decode()
    assert len(_rows(second, "warnings")) == 13
    with CaptureQueriesContext(connection) as queries:
        client.get(f"/monitoring/warnings/?region=130727&year={YEAR}&page=2")
    assert len(queries) == 9


def test_a_township_cadre_sees_their_township_and_masked_ids_elsewhere_hidden(client, data):
    t2 = data.places.townships[1]
    client.force_login(user("t2", "township_cadre", t2))
    html = client.get(f"/monitoring/warnings/?year={YEAR}").content.decode()
    assert _rows(html, "warnings") == [["该年度没有系统预警户（或尚未评估）。"]]
    assert client.get(f"/monitoring/warnings/?region=130727&year={YEAR}").status_code == 404
    assert client.get("/monitoring/warnings/export/?region=130727").status_code == 404


def test_an_evaluator_sees_masked_id_numbers(client, data):
    client.force_login(user("eval", "evaluator", "130727"))
    html = client.get(f"/monitoring/warnings/?region=130727&year={YEAR}").content.decode()
    a_head = Member.objects.get(household__number="A1").id_number
    assert a_head not in html and mask_id_number(a_head) in html


def _sheet(response):
    content = b"".join(response.streaming_content)
    return openpyxl.load_workbook(io.BytesIO(content), read_only=True).active


def test_the_export_writes_the_list_with_its_title(client, data):
    client.force_login(user("eval", "evaluator", "130727"))
    response = client.get(f"/monitoring/warnings/export/?region=130727&year={YEAR}")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert f"warnings-130727-{YEAR}.xlsx" in response["Content-Disposition"]
    rows = [list(r) for r in _sheet(response).iter_rows(values_only=True)]
    title = rows[0][0]
    assert title.startswith("河北省张家口市阳原县（130727） 预警名单 · 2024 年度 · 制表日期 ")
    assert rows[1] == [
        "户编号",
        "行政区划代码",
        "所在村",
        "姓名",
        "证件号码",
        "人均纯收入（元）",
        "监测范围（元）",
        "预警来源",
        "预警内容",
        "状态",
        "已纳入监测",
    ]
    a_head = Member.objects.get(household__number="A1").id_number
    v1 = data.places.villages[0]
    assert rows[2][:2] == ["A1", v1]
    assert rows[2][3:] == [
        "张大山",
        mask_id_number(a_head),  # an evaluator may not see ID numbers
        5000,
        7300,
        "系统预警",
        "收入低于监测范围",
        "脱贫不稳定风险",
        "是",
    ]
    assert [r[0] for r in rows[2:]] == ["A1", "B1", "D1", "H1"]
    h_head = Member.objects.get(household__number="H1").id_number
    assert rows[5][3:] == [
        "孙丽",
        mask_id_number(h_head),
        None,
        None,
        "部门筛查预警：医保大额自付",
        "yibao-2024.xlsx 第 2 行 · 自付金额: 52000",
        "待核实",
        "否",
    ]


def test_the_export_shows_ids_to_those_who_may_see_them(client, data):
    client.force_login(user("yy", "county_office", "130727"))
    response = client.get(f"/monitoring/warnings/export/?region=130727&year={YEAR}&status=marginal")
    rows = [list(r) for r in _sheet(response).iter_rows(values_only=True)]
    assert "预警名单（边缘易致贫风险）" in rows[0][0]
    b_head = Member.objects.get(household__number="B1").id_number
    assert [r[0] for r in rows[2:]] == ["B1", "D1", "H1"]
    assert rows[2][4] == b_head


def test_the_english_list_has_no_chinese_labels_except_names(client, data):
    client.force_login(user("yy", "county_office", "130727"))
    client.cookies["django_language"] = "en"
    html = client.get(f"/monitoring/warnings/?region=130727&year={YEAR}").content.decode()
    assert "Income below the monitoring range" in html
    main = re.search(r"<main>(.*)</main>", html, re.S).group(1)
    text = re.sub(r"<[^>]+>", " ", main)
    names = ["张大山", "李秀英", "赵小红", "孙丽", "医保大额自付", "yibao-2024.xlsx", "自付金额"]
    for region in Region.objects.filter(code__in=["13", "1307"]) | Region.objects.filter(
        code__startswith="130727"
    ):
        names += [region.name, region.short_name]
    for name in sorted(set(names), key=len, reverse=True):
        text = text.replace(name, " ")
    assert re.findall(r"[\u4e00-\u9fff]+", text) == []


def test_a_flag_of_a_default_feed_shows_its_column_titles_not_their_definitions():
    from django.utils import translation

    from fupin.monitoring.exports import flag_evidence
    from fupin.monitoring.feed_definitions import feed_get, feeds_sync
    from fupin.monitoring.models import FeedBatch, FeedRow

    feeds_sync()
    batch = FeedBatch.objects.create(
        feed=feed_get("medical_claims"),
        file_name="医保.csv",
        imported_at=dt.datetime(2026, 9, 1, tzinfo=dt.UTC),
    )
    row = FeedRow(
        batch=batch,
        row_number=3,
        id_number="130727196203150979",
        values={"id_number": "130727196203150979", "self_paid": "15800", "date": "2026-08-30"},
    )
    with translation.override("zh-hans"):
        shown = flag_evidence(row)
    assert shown == "医保.csv 第 3 行 · 个人自付金额（元）: 15800 · 结算日期: 2026-08-30"
