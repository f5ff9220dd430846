"""The monitoring dashboard: monitored households of a region and year by object type, risk,
phase and child region, the year's rule warnings and the pending department flags, in the
user's scope, in a bounded number of queries."""

import json
import re
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation
from tests.monitoring.pages_data import YEAR, build, user

from fupin.monitoring import access
from fupin.monitoring.selectors import monitoring_dashboard
from fupin.regions.models import Region
from fupin.registry.models import HouseholdResult, RegionResult

pytestmark = pytest.mark.django_db


@pytest.fixture
def data():
    return build()


def _county_dashboard(person, year=YEAR):
    county = Region.objects.get(code="130727")
    with translation.override("zh-hans"):
        return monitoring_dashboard(
            region=county,
            children=list(Region.objects.filter(parent=county).order_by("code")),
            cases=access.cases_for(person),
            results=HouseholdResult.objects.all(),
            region_results=RegionResult.objects.all(),
            flags=access.feed_rows_for(person),
            year=year,
        )


def _counts(lines):
    return {line.code: line.n for line in lines}


def test_the_county_is_counted_by_type_risk_phase_and_township(data):
    office = user("yy", "county_office", "130727")
    d = _county_dashboard(office)
    t1, t2 = data.places.townships
    # Then the five cases under way in 2024 are counted (not the one eliminated in 2023, nor
    # the one reported in 2025, nor Luanping's)
    total = d.total
    assert (total.cases, total.open, total.eliminated, total.overdue) == (5, 3, 1, 1)
    assert (total.warnings, total.flags, total.households) == (3, 1, 1000)
    assert total.per_thousand == Decimal("5.0")
    assert _counts(d.by_type) == {"unstable_exited": 2, "marginal": 2, "sudden_hardship": 1}
    assert [line.label for line in d.by_type] == ["脱贫不稳定户", "边缘易致贫户", "突发严重困难户"]
    assert _counts(d.by_phase) == {
        "identifying": 1,
        "monitoring": 1,
        "eliminating": 1,
        "eliminated": 1,
        "not_identified": 1,
    }
    # And each case counts once per risk type, and once per sub-type it names
    risks = _counts(d.by_risk)
    assert {k: v for k, v in risks.items() if v} == {
        "illness": 2,
        "schooling": 1,
        "disaster": 2,
        "disaster:flood": 1,
        "disaster:drought": 1,
        "accident": 1,
        "lack_of_labour": 1,
    }
    flood = next(line for line in d.by_risk if line.code == "disaster:flood")
    assert (flood.label, flood.sub) == ("因自然灾害 · 洪涝", True)
    # And per township: cases, open, eliminated, overdue, warnings, flags and the rate
    rows = {r.region.code: r for r in d.rows}
    first, second = rows[t1], rows[t2]
    assert (first.cases, first.open, first.eliminated, first.overdue) == (4, 2, 1, 1)
    assert (first.warnings, first.flags, first.households) == (3, 1, 400)
    assert first.per_thousand == Decimal("10.0")
    assert (second.cases, second.open, second.warnings, second.flags) == (1, 1, 0, 0)
    assert second.per_thousand == Decimal("1.7")  # 1 of 600 households
    assert sum(r.cases for r in d.rows) == 5
    assert [(w.code, w.n) for w in d.warnings] == [
        ("unstable_exited", 1),
        ("marginal", 2),
        ("sudden_hardship", 0),
    ]
    assert d.households_year == YEAR


def test_another_year_counts_the_cases_under_way_then(data):
    office = user("yy", "county_office", "130727")
    # In 2023: B and C (reported 2023) and F (eliminated in September 2023)
    d = _county_dashboard(office, 2023)
    assert (d.total.cases, d.total.open, d.total.eliminated) == (3, 1, 2)
    assert d.total.warnings == 1  # A's 2023 result
    # the household counts of the latest evaluation up to then, else the first after it
    assert d.households_year == YEAR
    # In 2025: the 2024 elimination and refusal are past; G is reported
    d = _county_dashboard(office, 2025)
    assert _counts(d.by_phase) == {
        "identifying": 2,
        "monitoring": 1,
        "eliminating": 1,
        "eliminated": 0,
        "not_identified": 0,
    }


def test_the_page_draws_the_counts_and_the_map_in_few_queries(client, data):
    client.force_login(user("yy", "county_office", "130727"))
    with CaptureQueriesContext(connection) as queries:
        page = client.get(f"/monitoring/?region=130727&year={YEAR}")
    assert page.status_code == 200
    html = page.content.decode()
    # session, user, scope, the region, its path, its children; cases by region, phase and
    # type; risks; warnings; flags; households' years and figures
    assert len(queries) == 12, [q["sql"][:80] for q in queries]
    assert re.search(r'id="figure-cases">5<', html)
    assert re.search(r'id="figure-rate">5.0<', html)
    assert '<tr data-code="disaster:flood" class="sub"><td>因自然灾害 · 洪涝</td>' in html
    t1 = data.places.townships[0]
    assert f'href="/monitoring/?region={t1}&amp;year={YEAR}"' in html
    chart = json.loads(re.search(r'id="chart-data"[^>]*>(.*?)</script>', html, re.S).group(1))
    assert chart["map"]["url"] == "/regions/130727/map.json"
    assert chart["map"]["areas"] == [
        {"code": "130727", "name": "阳原县", "incidence": 5.0, "poor": 5}
    ]
    assert chart["map"]["link"] == f"/monitoring/?region={{code}}&year={YEAR}"
    assert [b["poor"] for b in chart["bars"]][:2] == [4, 1]
    assert chart["labels"]["unit"] == "‰"


def test_a_province_map_is_coloured_by_county(client, data):
    client.force_login(user("hebei", "province_office", "13"))
    with CaptureQueriesContext(connection) as queries:
        html = client.get(f"/monitoring/?year={YEAR}").content.decode()
    assert len(queries) == 13  # and the counties of the map
    chart = json.loads(re.search(r'id="chart-data"[^>]*>(.*?)</script>', html, re.S).group(1))
    areas = {a["code"]: (a["poor"], a["incidence"]) for a in chart["map"]["areas"]}
    assert areas == {"130727": (5, 5.0), "130824": (1, 2.0)}
    bars = {b["name"]: b["poor"] for b in chart["bars"]}
    assert bars["张家口市"] == 5 and bars["承德市"] == 1


def test_the_query_count_does_not_grow_with_the_cases(client, data):
    from tests.monitoring.pages_data import case, household

    client.force_login(user("yy", "county_office", "130727"))
    url = f"/monitoring/?region=130727&year={YEAR}"
    with CaptureQueriesContext(connection) as before:
        client.get(url)
    village = data.places.villages[2]
    for n in range(30):
        h = household(f"X{n}", village, "某")
        case(h, "marginal", ["illness", "disability"], "monitoring", "2024-06-01")
    with CaptureQueriesContext(connection) as after:
        html = client.get(url).content.decode()
    assert len(after) == len(before)
    assert re.search(r'id="figure-cases">35<', html)


def test_a_village_cadre_sees_only_their_village(client, data):
    v1 = data.places.villages[0]
    client.force_login(user("cadre", "village_cadre", v1))
    html = client.get(f"/monitoring/?year={YEAR}").content.decode()
    # A (identifying), B (monitoring), C (eliminated in 2024) are in the village
    assert re.search(r'id="figure-cases">3<', html)
    assert re.search(r'id="figure-warnings">2<', html)  # A and B; D is in the other village
    assert re.search(r'id="figure-flags">1<', html)
    for outside in ("130727", data.places.townships[0], data.places.villages[1], "13"):
        assert client.get(f"/monitoring/?region={outside}").status_code == 404, outside


def test_a_county_office_sees_its_county_not_another(client, data):
    client.force_login(user("yy", "county_office", "130727"))
    assert client.get("/monitoring/?region=130824").status_code == 404
    assert client.get("/monitoring/?region=13").status_code == 404
    # its county in the latest year with data: 2025, G reported; C and D closed in 2024
    html = client.get("/monitoring/").content.decode()
    assert "阳原县" in html and "滦平" not in html
    assert re.search(r'<option value="2025" selected>', html)
    assert re.search(r'id="figure-cases">4<', html)


def test_an_assisting_unit_has_no_monitoring_pages_nor_menu_entry(client, data):
    client.force_login(user("unit", "assisting_unit"))
    for url in ("/monitoring/", "/monitoring/warnings/", "/monitoring/mine/"):
        assert client.get(url).status_code == 403, url
    assert 'href="/monitoring/"' not in client.get("/jobs/").content.decode()
    client.force_login(user("yy", "county_office", "130727"))
    assert 'href="/monitoring/">监测</a>' in client.get("/jobs/").content.decode()


def test_the_year_selector_offers_the_monitoring_years(client, data):
    client.force_login(user("yy", "county_office", "130727"))
    html = client.get("/monitoring/?year=2019").content.decode()
    years = re.findall(r'<option value="(\d{4})"', html)
    assert years[-1] == "2021" and "2020" not in years
    assert re.search(r'<option value="2025" selected>', html)  # 2019 asked: the default


def test_the_english_page_has_no_chinese_labels_except_names(client, data):
    client.force_login(user("yy", "county_office", "130727"))
    client.cookies["django_language"] = "en"
    html = client.get(f"/monitoring/?region=130727&year={YEAR}").content.decode()
    assert "unstable lifted-out household" in html and "flood" in html
    names = {r.name for r in Region.objects.filter(code__startswith="130727")} | {
        r.short_name for r in Region.objects.filter(code__in=["13", "1307", "130727"])
    }
    main = re.search(r"<main>(.*)</main>", html, re.S).group(1)
    main = re.sub(r'<script id="chart-data".*?</script>', "", main, flags=re.S)
    text = re.sub(r"<[^>]+>", " ", main)
    for name in sorted(names, key=len, reverse=True):
        text = text.replace(name, " ")
    assert re.findall(r"[\u4e00-\u9fff]+", text) == []
    chart = json.loads(re.search(r'id="chart-data"[^>]*>(.*?)</script>', html, re.S).group(1))
    assert not re.search(r"[\u4e00-\u9fff]", json.dumps(chart["labels"], ensure_ascii=False))
