"""After one household is edited, the stored region results above it equal what a new bulk
run over the whole registry gives."""

from decimal import Decimal

import pytest
from tests.factories import id_number, member_only, member_row, write_csv

from fupin.regions.models import Region, RegionYear
from fupin.registry.evaluations import evaluation_store, region_results_refresh
from fupin.registry.imports import registry_import
from fupin.registry.models import Household, RegionResult
from fupin.registry.services import survey_update

pytestmark = pytest.mark.django_db

FIELDS = ("households", "members", "poor_members", "rural_population", "incidence")


def _villages(county, n):
    return list(
        Region.objects.filter(code__startswith=county, level="village")
        .order_by("code")
        .values_list("code", flat=True)[:n]
    )


@pytest.fixture
def registry(tmp_path):
    a, b = _villages("130727", 2)
    (c,) = _villages("130824", 1)
    rows = [
        member_row("A1", 行政区划代码=a, 证件号码=id_number(), 工资性收入=1000),
        member_only("A1", "配偶", 证件号码=id_number(male=False)),
        member_row("A2", 行政区划代码=a, 证件号码=id_number(), 工资性收入=9000),
        member_row("B1", 行政区划代码=b, 证件号码=id_number(), 工资性收入=900),
        member_row("C1", 行政区划代码=c, 证件号码=id_number(), 工资性收入=800),
    ]
    registry_import(path=write_csv(tmp_path / "r.csv", rows))
    for code, population in (("130727", 150), ("130824", 40), (a, 60), ("13", 5000)):
        RegionYear.objects.update_or_create(
            region_id=code, year=2016, defaults={"rural_population": population}
        )
    evaluation_store(year=2016)
    return a


def _stored():
    return {
        r.region_id: (*(getattr(r, f) for f in FIELDS), r.exit_eligible, r.statuses)
        for r in RegionResult.objects.filter(year=2016)
    }


def _edit(number, wage):
    household = Household.objects.get(number=number)
    survey_update(
        household=household,
        year=2016,
        values={"wage_income": Decimal(wage)},
        expected_version=household.version,
        actor=None,
    )


def test_an_edit_moves_the_regions_above_it_exactly_as_a_new_bulk_run(registry):
    before = _stored()
    county = before["130727"][-1]
    assert (county["poor"], county["exit_eligible"]) == (2, 1)  # A1 and B1 below the line
    _edit("A1", 20000)  # A1 rises above the line
    after = _stored()
    county, village = after["130727"][-1], after[registry][-1]
    assert (county["poor"], county["exit_eligible"]) == (1, 2)
    assert village.get("poor", 0) == 0 and village["exit_eligible"] == 2
    assert after["13"][-1]["exit_eligible"] == 2
    assert after["130824"] == before["130824"]  # another county is not touched
    evaluation_store(year=2016)  # the whole registry again
    assert _stored() == after


def test_back_and_forth_edits_return_to_the_first_figures(registry):
    before = _stored()
    _edit("B1", 20000)
    assert _stored() != before
    _edit("B1", 900)
    assert _stored() == before


def test_nothing_is_written_for_a_year_without_a_bulk_run(registry):
    assert region_results_refresh(villages=[registry], year=2019) == 0
    assert not RegionResult.objects.filter(year=2019).exists()
