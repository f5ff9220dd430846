"""The demo's responsibility assessment of Qinghai (seed 004): its 2019 and 2020 schemes of
departments and prefectures, each of the eight prefectures and five departments graded in both
years, the 2016 methods assessing them, and a second build changing nothing."""

from decimal import Decimal

import pytest

from fupin.assessment import selectors
from fupin.assessment.models import Assessment, Scheme
from fupin.core.models import Change
from fupin.demo.assistance import assistance_build, demo_regions
from fupin.demo.responsibility import responsibility_build
from fupin.regions.models import Region
from fupin.regions.services import regions_load

pytestmark = [pytest.mark.django_db, pytest.mark.slow]


@pytest.fixture
def demo():
    regions_load(only=demo_regions())
    assistance_build(say=lambda m: None)
    return responsibility_build(say=lambda m: None)


def test_qinghais_departments_and_prefectures_are_graded_in_2019_and_2020(demo):
    assert demo == 26  # 8 prefectures and 5 departments, two years
    schemes = Scheme.objects.filter(region_id="63").order_by("year", "subject")
    assert [(s.year, s.subject) for s in schemes] == [
        (2016, "department"),
        (2016, "prefecture"),
        (2019, "department"),
        (2019, "prefecture"),
        (2020, "department"),
        (2020, "prefecture"),
    ]
    haixi = Region.objects.get(code="6328")
    assert selectors.final_grades(haixi, [2020, 2019], kind="prefecture") == {
        2020: "较好",
        2019: "一般",
    }
    results = {
        (r.scheme.subject, r.subject.name): (r.final.total, r.final.grade.label, r.previous)
        for r in selectors.responsibility_results(2020)
    }
    assert len(results) == 13
    # no finding of 2020 concerns Haixi: its rectification item does not apply and the 78
    # points of the four contents are rescaled from 90 to 100
    assert results[("prefecture", "海西蒙古族藏族自治州")] == (Decimal("86.67"), "较好", "一般")
    assert results[("department", "青海省住房和城乡建设厅")] == (Decimal("92.22"), "好", "较好")
    departments = Assessment.objects.filter(scheme__region_id="63", unit__isnull=False)
    assert departments.count() == 10
    assert {a.unit.kind for a in departments} == {"government"}


def test_a_second_build_changes_nothing(demo):
    before = (Assessment.objects.count(), Scheme.objects.count(), Change.objects.count())
    assert responsibility_build(say=lambda m: None) == demo
    assert (Assessment.objects.count(), Scheme.objects.count(), Change.objects.count()) == before


def test_each_qinghai_prefecture_has_a_provincial_leaders_theatre_shown_below_it(demo, client):
    from fupin.accounts.models import User
    from fupin.assistance.models import Responsibility

    theatres = Responsibility.objects.filter(kind="theatre", region__code__startswith="63")
    assert theatres.count() == 8
    assert {t.region_id for t in theatres} == {
        f"63{p}" for p in ("01", "02", "22", "23", "25", "26", "27", "28")
    }
    haixi = theatres.get(region_id="6328")
    client.force_login(User.objects.create_user("q", password="x", is_superuser=True))
    county = Region.objects.filter(code__startswith="6328", level="county").first()
    for code in ("6328", county.code):  # the prefecture's page and a county's under it
        page = client.get(f"/regions/{code}/").content.decode()
        assert haixi.person in page and "督战战区" in page
    responsibility_build(say=lambda m: None)
    assert theatres.count() == 8
