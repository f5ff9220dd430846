"""Scope of the region pages and the dashboard figures from the stored evaluation."""

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from tests.factories import id_number, member_only, member_row, write_csv

from fupin.accounts.models import User
from fupin.regions.models import Region
from fupin.registry.evaluations import evaluation_store
from fupin.registry.imports import registry_import
from fupin.registry.models import HouseholdResult, RegionResult

pytestmark = pytest.mark.django_db


def _village(county):
    return (
        Region.objects.filter(code__startswith=county, level="village")
        .order_by("code")
        .values_list("code", flat=True)
        .first()
    )


@pytest.fixture
def registry(tmp_path):
    """Yangyuan: one poor household of two and one above the line; Luanping: one above."""
    yangyuan, luanping = _village("130727"), _village("130824")
    rows = [
        member_row("Y1", 行政区划代码=yangyuan, 工资性收入=2000, 生产经营性收入=0, 转移性收入=0),
        member_only("Y1", "之子", 证件号码=id_number(birth="20050505")),
        member_row("Y2", 行政区划代码=yangyuan, 工资性收入=9000),
        member_row("L1", 行政区划代码=luanping, 工资性收入=9000),
    ]
    registry_import(path=write_csv(tmp_path / "r.csv", rows))
    evaluation_store(year=2016)
    return yangyuan, luanping


def _user(name, role, *regions):
    user = User.objects.create_user(name, password="a-long-test-password", role=role)
    user.regions.set(Region.objects.filter(code__in=regions))
    return user


def test_evaluation_is_stored_per_household_and_region(registry):
    yangyuan, _ = registry
    statuses = dict(HouseholdResult.objects.values_list("household__number", "status"))
    assert statuses == {"Y1": "poor", "Y2": "exit_eligible", "L1": "exit_eligible"}
    y1 = HouseholdResult.objects.get(household__number="Y1")
    assert (y1.members, y1.per_capita_income, y1.reasons) == (2, Decimal("1000.00"), "below_line")
    county = RegionResult.objects.get(region_id="130727", year=2016)
    assert (county.households, county.members, county.poor_members) == (2, 3, 3)
    assert county.statuses == {"poor": 1, "exit_eligible": 1, "exits": 0, "registrations": 0}
    assert RegionResult.objects.get(region_id=yangyuan).households == 2
    assert RegionResult.objects.get(region_id="13").households == 3
    evaluation_store(year=2016)  # a second run replaces, never duplicates
    assert HouseholdResult.objects.count() == 3
    assert RegionResult.objects.filter(region_id="13").count() == 1


def test_county_user_sees_only_the_county(client, registry):
    client.force_login(_user("county", "county_office", "130727"))
    assert client.get("/").url == "/regions/130727/"
    page = client.get("/regions/130727/")
    text = page.content.decode()
    assert page.status_code == 200 and "阳原县" in text
    assert 'href="/regions/13/"' not in text  # the province is named, not linked
    for outside in ("13", "1308", "130824", "130824100", "11"):
        assert client.get(f"/regions/{outside}/").status_code == 404, outside


def test_province_user_sees_counties_and_the_figures(client, registry):
    client.force_login(_user("hebei", "province_office", "13"))
    with CaptureQueriesContext(connection) as queries:
        page = client.get("/regions/13/?year=2016")
    text = page.content.decode()
    assert page.status_code == 200
    # session, user, scope, region, ancestors, children, years, results, counties; the
    # assistance in the region: pairings, deliveries, cadres in post, projects; its leading
    # groups and responsibilities
    assert len(queries) == 16  # and the overdue rectification tasks under the region
    assert "张家口市" in text and "承德市" in text
    assert ">3<" in text  # households of the province
    assert client.get("/regions/130824/").status_code == 200
    assert client.get("/regions/42/").status_code == 404


def test_user_without_regions_sees_nothing(client, registry):
    client.force_login(_user("nobody", "village_cadre"))
    text = client.get("/").content.decode()
    assert "阳原县" not in text and "河北省" not in text
    assert client.get("/regions/130727/").status_code == 404


def test_dashboard_without_evaluation_says_how_to_run_one(client):
    client.force_login(_user("admin2", "administrator"))
    text = client.get("/regions/130727/").content.decode()
    assert "尚无评估结果" in text


def test_years_reach_the_present_and_2021_on_is_monitoring(client, tmp_path):
    yangyuan = _village("130727")
    person = id_number()
    rows = [
        member_row("M1", 行政区划代码=yangyuan, 证件号码=person, 脱贫年度=2019, 工资性收入=9000),
        member_row(
            "M1", 行政区划代码=yangyuan, 证件号码=person, 脱贫年度=2019, 年度=2021, 工资性收入=5000
        ),
    ]
    result = registry_import(path=write_csv(tmp_path / "m.csv", rows))
    # the import evaluated both years of its surveys, each under the regime in force
    assert result.evaluated == {2016: 1, 2021: 1}
    assert HouseholdResult.objects.get(year=2021).regime == "cn-2021"
    assert HouseholdResult.objects.get(year=2021).status == "unstable_exited"
    client.force_login(_user("c1", "county_office", "130727"))
    page = client.get("/regions/130727/").content.decode()
    # the latest year with data is shown, and the selector reaches the present
    assert 'value="2021" selected' in page
    assert 'value="2026"' in page and 'value="2014"' in page
    assert "有返贫致贫风险人口" in page and "风险人口占比" in page
    assert "脱贫不稳定风险 <b>1</b>" in page and "退出条件" not in page
    old = client.get("/regions/130727/?year=2016").content.decode()
    assert "贫困人口" in old and "退出条件" in old and "脱贫不稳定风险" not in old
    empty = client.get("/regions/130727/?year=2024").content.decode()
    assert 'value="2024" selected' in empty and "2024 年度尚无评估结果" in empty
