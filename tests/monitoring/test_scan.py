"""`fupin monitoring scan --year Y [--region CODE] [--out DIR]`: the early-warning list of a
year, read from the registry by the monitoring rules, nothing stored."""

import csv

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from tests.factories import HEADER, id_number, member_only, member_row, write_csv

from fupin.monitoring.services import monitoring_ranges_import
from fupin.regions.models import Region
from fupin.registry.evaluations import evaluation_store
from fupin.registry.imports import registry_import
from fupin.registry.models import HouseholdResult, RegionResult

pytestmark = pytest.mark.django_db

NEW = ["理赔收入", "合规自付支出", "遭受自然灾害", "发生意外事故"]


def _village(county):
    return (
        Region.objects.filter(code__startswith=county, level="village")
        .order_by("code")
        .values_list("code", flat=True)[0]
    )


@pytest.fixture
def registry(tmp_path):
    """Households of two counties with surveys of 2021 and 2022 (range 6,500 in 2022)."""
    yangyuan, luanping = _village("130727"), _village("130824")
    plans = [
        # number, village, registered, (wage 2021, wage 2022), more of 2022
        ("S1", yangyuan, 2014, (9000, 6400), {}),  # registered, below: unstable_exited
        ("S2", yangyuan, "", (9000, 6500), {}),  # equal to the range: not below
        ("S3", yangyuan, "", (10000, 6999), {}),  # a drop of 30.01 %: sudden_hardship
        ("S4", yangyuan, "", (10000, 7000), {}),  # exactly 30 %: not flagged
        ("S5", luanping, "", (8000, 8000), {"遭受自然灾害": "是"}),
        ("S6", luanping, "", (8000, 8000), {"吃穿不愁": "否"}),  # marginal
        ("S7", luanping, 2015, (8000, 8000), {"合规自付支出": 9000, "理赔收入": 999.99}),
    ]
    rows = []
    for number, village, registered, (before, now), more in plans:
        person = id_number()
        common = {"行政区划代码": village, "识别年度": registered, "脱贫年度": ""}
        common.update(生产经营性收入=0, 转移性收入=0)
        for year, wage, extra in ((2021, before, {}), (2022, now, more)):
            rows.append(
                member_row(number, 证件号码=person, 年度=year, 工资性收入=wage, **common, **extra)
            )
    rows.append(member_only("S7", "配偶", 证件号码=id_number(male=False)))
    registry_import(path=write_csv(tmp_path / "registry.csv", rows, HEADER + NEW))
    HouseholdResult.objects.all().delete()
    RegionResult.objects.all().delete()
    return tmp_path


def _scan(out, *args):
    from io import StringIO

    printed = StringIO()
    call_command("monitoring", "scan", *args, "--out", str(out), stdout=printed)
    with (out / "warnings.csv").open(encoding="utf-8") as handle:
        return printed.getvalue(), list(csv.reader(handle))


def test_the_scan_writes_the_flagged_households_with_their_rules(registry):
    printed, rows = _scan(registry / "out", "--year", "2022")
    assert rows == [
        ["household_id", "year", "per_capita_income", "range", "rules", "status"],
        ["S1", "2022", "6400.00", "6500.00", "below_range", "unstable_exited"],
        ["S3", "2022", "6999.00", "6500.00", "income_drop", "sudden_hardship"],
        ["S5", "2022", "8000.00", "6500.00", "disaster", "sudden_hardship"],
        ["S6", "2022", "8000.00", "6500.00", "food_clothing", "marginal"],
        ["S7", "2022", "4000.00", "6500.00", "below_range;rigid_expense", "unstable_exited"],
    ]
    assert printed == (
        "2022 (cn-2021): 5 of 7 households flagged: unstable_exited 2, marginal 1, "
        f"sudden_hardship 2; written {registry / 'out' / 'warnings.csv'}\n"
    )
    # a scan stores nothing
    assert not HouseholdResult.objects.exists() and not RegionResult.objects.exists()


def test_the_scan_gives_what_the_stored_evaluation_gives(registry):
    _, rows = _scan(registry / "out", "--year", "2022")
    evaluation_store(year=2022)
    stored = {
        (r.household.number, str(r.per_capita_income), str(r.poverty_line), r.reasons, r.status)
        for r in HouseholdResult.objects.filter(year=2022)
        .exclude(status__in=["exited", "not_poor"])
        .select_related("household")
    }
    assert {(r[0], r[2], r[3], r[4], r[5]) for r in rows[1:]} == stored


def test_a_region_limits_the_scan_and_its_ranges_apply(registry):
    ranges = registry / "ranges.csv"
    write_csv(
        ranges,
        [{"行政区划代码": "130727", "年度": 2022, "监测范围": 7000, "依据": "", "来源": "县"}],
        ["行政区划代码", "年度", "监测范围", "依据", "来源"],
    )
    monitoring_ranges_import(path=ranges)
    printed, rows = _scan(registry / "yy", "--year", "2022", "--region", "130727")
    assert [(r[0], r[3], r[4], r[5]) for r in rows[1:]] == [
        ("S1", "7000.00", "below_range", "unstable_exited"),
        ("S2", "7000.00", "below_range", "marginal"),
        ("S3", "7000.00", "below_range;income_drop", "marginal"),
    ]
    assert printed.startswith("2022 (cn-2021): 3 of 4 households under 130727 flagged: ")
    # a village code of twelve digits, or the county's padded code, works alike
    _, padded = _scan(registry / "padded", "--year", "2022", "--region", "130727000000")
    assert padded == rows


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--year", "2016"], "no monitoring regime covers 2016"),
        (["--year", "2040"], "no monitoring regime covers 2040"),
        (["--year", "2022", "--region", "999999"], "no region with code 999999"),
    ],
)
def test_a_year_without_monitoring_or_an_unknown_region_is_a_one_line_error(
    registry, args, message
):
    with pytest.raises(CommandError) as caught:
        _scan(registry / "bad", *args)
    assert str(caught.value).startswith(message) and "\n" not in str(caught.value)
    assert not (registry / "bad").exists()


def test_a_year_without_a_year_before_has_no_income_drop(registry):
    printed, rows = _scan(registry / "2021", "--year", "2021")
    # 2021 has no year before in the registry: no drop; S7 (two people on 8,000) is below
    assert rows[1:] == [["S7", "2021", "4000.00", "6000.00", "below_range", "unstable_exited"]]
    assert printed.startswith("2021 (cn-2021): 1 of 7 households flagged: unstable_exited 1")
