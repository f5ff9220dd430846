"""The demo's assessments as its users see them: Shougang's 2019 self assessment (the `unit`
login), whose pledges set no target for two of the central scheme's items, and no developer
notes (sources of the demo's figures, confidence tags) on the assessment and unit pages."""

import re
from decimal import Decimal

import pytest
from tests.assistance.test_assessment_pages import cells, login, row_of, text, url

from fupin.assessment.models import Assessment, Scheme
from fupin.assistance.models import Unit
from fupin.demo.assistance import assistance_build, demo_regions
from fupin.regions.services import regions_load

pytestmark = [pytest.mark.django_db, pytest.mark.slow]
NOTES = re.compile(r"DOMAIN|§|\[[UWC]\]|assum|TODO|seed \d", re.IGNORECASE)


@pytest.fixture
def demo():
    regions_load(only=demo_regions())
    return assistance_build(say=lambda m: None)


def test_shougangs_2019_self_assessment_leaves_out_the_items_without_target(client, demo):
    shougang = demo["shougang"]
    scheme = Scheme.objects.get(year=2019, name="中央单位定点扶贫工作成效评价")
    login(client, "unit", "assisting_unit", units_=[shougang])
    page = text(client.get(url(shougang, "?year=2019")))
    form = page[page.index('class="card edit self-assessment"') :]
    assert [cells(row_of(form, code))[3:] for code in ("introduced", "training")] == [
        ["—", "不适用", "无目标"],
        ["—", "不适用", "无目标"],
    ]
    assert cells(row_of(form, "funds"))[3:] == ["100.00%", "25.00", "20,000,000.00 / 20,000,000.00"]
    assert cells(row_of(form, "produce"))[3:] == [
        "100.00%",
        "10.00",
        "150,000,000.00 / 150,000,000.00",
    ]
    assert cells(row_of(form, "cadres"))[3:] == ["33.33%", "3.33", "1 / 3"]
    posted = client.post(
        url(shougang, f"{scheme.pk}/self/"),
        {f"self-{scheme.pk}-score_review": "25", f"self-{scheme.pk}-decided_on": "2020-01-15"},
    )
    assert posted.status_code == 302
    done = Assessment.objects.get(unit=shougang, scheme=scheme, stage="self")
    # 25 + 10 + 3.33 + 25 = 63.33 of the 75 applicable points: 84.44 of 100, not 一般 63.33
    assert (done.total, done.grade.label) == (Decimal("84.44"), "较好")
    page = text(client.get(posted.url))
    assert "已计算中央单位定点扶贫工作成效评价自评：总分 84.44，等次 较好。" in page
    assert "依据：《中央单位定点扶贫工作成效评价办法》" in page


def test_no_developer_notes_reach_the_demos_assessment_and_unit_pages(client, demo):
    login(client, "root", None, superuser=True)
    years = sorted(set(Scheme.objects.values_list("year", flat=True)))
    assert years == [2016, 2017, 2018, 2019]
    for unit in Unit.objects.filter(parent__isnull=True):
        for year in years:
            page = text(client.get(url(unit, f"?year={year}")))
            assert not NOTES.findall(page), (unit.name, year, NOTES.findall(page))
        page = text(client.get(f"/assistance/units/{unit.pk}/?year=2019"))
        assert not NOTES.findall(page), (unit.name, NOTES.findall(page))
    assert "国务院扶贫开发领导小组通报" in text(client.get(url(demo["minmetals"], "?year=2018")))
