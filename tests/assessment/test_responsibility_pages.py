"""Responsibility assessment pages: a province office lists its prefectures and departments of
a year with their grades and last year's, computes and records a prefecture's final
assessment; a prefecture office sees its own result only and computes its self assessment;
the region page shows a prefecture's grade and the provincial leaders' theatres, on the
prefecture's page and on its counties'."""

import datetime as dt
import re
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation
from tests.assessment.qinghai import (
    department,
    department_scheme,
    haixi_findings,
    prefecture_scheme,
    qinghai,
)
from tests.assistance.test_assessment_pages import cells, login, row_of, text

from fupin.assessment import services
from fupin.assessment.models import Assessment
from fupin.assistance.models import Responsibility
from fupin.core.models import Change

pytestmark = pytest.mark.django_db
LIST = "/assistance/responsibility/"


@pytest.fixture(autouse=True)
def chinese():
    with translation.override("zh-hans"):
        yield


@pytest.fixture
def world():
    """Qinghai's 2019 prefecture and department schemes; Haixi's final 84.50 (较好) after
    一般 in 2018, Xining recorded 好 in 2018 and not yet assessed in 2019; the Education
    department's final 2019 grade 好."""
    q = qinghai()
    haixi_findings()
    education = department()
    old = prefecture_scheme(q["63"], 2018)
    services.assessment_record(scheme=old, region=q["6328"], grade="一般")
    services.assessment_record(scheme=old, region=q["6301"], grade="好")
    prefectures, departments = prefecture_scheme(q["63"]), department_scheme(q["63"])
    services.assessment_compute(
        scheme=prefectures,
        region=q["6328"],
        stage="final",
        scores={"reduction": Decimal(52), "funds": Decimal(27)},
        deductions=[(Decimal(2), "整改不到位")],
    )
    services.assessment_record(scheme=departments, unit=education, grade="好")
    return {**q, "prefectures": prefectures, "departments": departments, "education": education}


def _rows(page):
    return [cells(r) for r in re.findall(r'<tr data-subject="[^"]+">(.*?)</tr>', page, re.S)]


def test_a_province_office_lists_its_departments_and_prefectures(client, world):
    login(client, "qinghai", "province_office", regions=["63"])
    with CaptureQueriesContext(connection) as queries:
        page = text(client.get(f"{LIST}?year=2019"))
    # session, user, scope; the years, the schemes, assessments of the two years, prefectures
    assert len(queries) == 7, [q["sql"][:80] for q in queries]
    assert _rows(page) == [
        ["青海省教育厅", "—", "好", "终评 · 直接登记等次", "—"],
        ["西宁市", "—", "—", "尚未考核", "好"],
        ["海西蒙古族藏族自治州", "84.50", "较好", "终评", "一般"],
    ]
    assert "青海省市（州）脱贫攻坚目标责任考核" in page


def test_a_prefecture_office_sees_its_own_result_only(client, world):
    login(client, "haixi", "prefecture_office", regions=["6328"])
    assert [r[0] for r in _rows(text(client.get(f"{LIST}?year=2019")))] == ["海西蒙古族藏族自治州"]
    page = text(client.get("/assistance/responsibility/regions/6328/?year=2019"))
    assert cells(row_of(page, "rectification"))[2:] == ["75.00%", "7.50", "3 / 4"]
    assert "84.50" in page and 'class="final-grade">较好' in page
    assert 'class="previous-grade">一般' in page
    assert "final-assessment" not in page and "final-record" not in page  # the province's
    assert client.get("/assistance/responsibility/regions/6301/?year=2019").status_code == 404
    scheme = world["prefectures"].pk
    for tail in (f"{scheme}/final/", f"{scheme}/record/grade/"):
        posted = client.post(f"/assistance/responsibility/regions/6328/{tail}", {})
        assert posted.status_code == 403, tail
    assert client.post(f"/assistance/responsibility/regions/6301/{scheme}/self/").status_code == 404
    assert (
        client.get(f"/assistance/responsibility/departments/{world['education'].pk}/").status_code
        == 404
    )
    # its own self assessment
    posted = client.post(
        f"/assistance/responsibility/regions/6328/{scheme}/self/",
        {f"self-{scheme}-score_reduction": "58", f"self-{scheme}-score_funds": "29"},
    )
    assert posted.status_code == 302
    own = Assessment.objects.get(region_id="6328", stage="self")
    assert (own.total, own.grade.label) == (Decimal("94.50"), "好")


def test_a_county_office_does_not_see_its_prefectures_result(client, world):
    login(client, "golmud", "county_office", regions=["632801"])
    assert client.get("/assistance/responsibility/regions/6328/").status_code == 404
    assert _rows(text(client.get(f"{LIST}?year=2019"))) == []
    login(client, "cadre", "village_cadre", regions=["632801"])
    assert client.get(LIST).status_code == 403


def test_the_province_office_computes_and_records_a_final_assessment(client, world):
    login(client, "qinghai", "province_office", regions=["63"])
    scheme = world["prefectures"].pk
    page = text(client.get("/assistance/responsibility/regions/6301/?year=2019"))
    form = page[page.index('class="card edit final-assessment"') :]
    # Xining's one task of 2019 is open
    assert cells(row_of(form, "rectification"))[3:] == ["0.00%", "0.00", "0 / 1"]
    prefix = f"score-{scheme}-"
    refused = client.post(
        f"/assistance/responsibility/regions/6301/{scheme}/final/",
        {f"{prefix}score_reduction": "61", f"{prefix}score_funds": "20"},
    )
    assert refused.status_code == 200 and "0 到 60.00" in refused.content.decode()
    assert not Assessment.objects.filter(region_id="6301", scheme_id=scheme).exists()
    posted = client.post(
        f"/assistance/responsibility/regions/6301/{scheme}/final/",
        {f"{prefix}score_reduction": "53", f"{prefix}score_funds": "27"},
    )
    assert posted.status_code == 302
    done = Assessment.objects.get(region_id="6301", scheme_id=scheme)
    assert (done.stage, done.total, done.grade.label) == ("final", Decimal("80.00"), "较好")
    assert "总分 80.00，等次 较好" in text(client.get(posted.url))
    recorded = client.post(
        f"/assistance/responsibility/regions/6301/{scheme}/record/grade/",
        {f"final-{scheme}-grade": "一般", f"final-{scheme}-note": "省扶贫开发领导小组通报"},
    )
    assert recorded.status_code == 302
    done = Assessment.objects.get(region_id="6301", scheme_id=scheme)
    assert (done.recorded, done.grade.label) == (True, "一般")
    assert Change.objects.filter(subject="assessment", subject_id=done.pk).count() == 2


def test_a_department_page_for_the_province_office(client, world):
    login(client, "qinghai", "province_office", regions=["63"])
    page = text(
        client.get(f"/assistance/responsibility/departments/{world['education'].pk}/?year=2019")
    )
    assert "青海省教育厅" in page and 'class="final-grade">好' in page
    form = page[page.index('class="card edit final-assessment"') :]
    assert cells(row_of(form, "rectification"))[3:] == ["—", "不适用", "无到期整改任务"]
    client.cookies["django_language"] = "en"
    page = text(client.get(f"{LIST}?year=2019"))
    assert "Responsibility assessment 2019" in page and "Not assessed yet" in page
    english = text(client.get(f"/assistance/responsibility/departments/{world['education'].pk}/"))
    assert "Rectification rate" in english and "no rectification due" in english
    login(client, "hebei", "province_office", regions=["13"])
    assert (
        client.get(f"/assistance/responsibility/departments/{world['education'].pk}/").status_code
        == 404
    )


def test_the_region_page_shows_a_prefectures_grade(client, world):
    login(client, "qinghai", "province_office", regions=["63"])
    page = text(client.get("/regions/6328/?year=2019"))
    block = page[page.index('class="data responsibility-grades"') :]
    row = re.search(r"<tr data-scheme[^>]*>(.*?)</tr>", block, re.S).group(1)
    assert cells(row) == ["青海省市（州）脱贫攻坚目标责任考核", "84.50", "较好", "一般"]
    assert "responsibility-grades" not in text(client.get("/regions/632801/?year=2019"))
    login(client, "haixi", "prefecture_office", regions=["6328"])
    assert "responsibility-grades" in text(client.get("/regions/6328/?year=2019"))


def test_a_theatre_shows_on_the_prefecture_and_its_counties(client, world):
    Responsibility.objects.create(
        person="王省长", post="副省长", kind="theatre", region_id="6328", start=dt.date(2016, 9, 14)
    )
    login(client, "qinghai", "province_office", regions=["63"])
    for code in ("6328", "632801"):
        page = text(client.get(f"/regions/{code}/"))
        duties = page[page.index('class="data duties"') :]
        assert cells(re.search(r"<tbody><tr>(.*?)</tr>", duties, re.S).group(1)) == [
            "王省长",
            "副省长",
            "督战战区",
            "海西蒙古族藏族自治州 6328",
            "2016-09-14",
        ], code
    assert 'class="data duties"' not in text(client.get("/regions/6301/"))
