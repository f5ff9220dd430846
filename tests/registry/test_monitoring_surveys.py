"""The survey's claims, compliant expenses and disaster/accident flags (理赔收入, 合规自付支出,
遭受自然灾害, 发生意外事故): imported, exported, edited, and read by the monitoring rules
with the household's survey of the year before."""

from decimal import Decimal

import pytest
from django.core.management import call_command
from tests.factories import HEADER, id_number, member_only, member_row, write_csv

from fupin.core.errors import RowErrors
from fupin.regions.models import Region
from fupin.registry.evaluations import evaluation_store
from fupin.registry.exports import registry_export
from fupin.registry.imports import registry_import
from fupin.registry.models import Household, HouseholdResult, RegionResult, Survey
from fupin.registry.selectors import household_evaluate
from fupin.registry.services import survey_update

pytestmark = pytest.mark.django_db

NEW = ["理赔收入", "合规自付支出", "遭受自然灾害", "发生意外事故"]
SURVEY_VALUES = (
    "year",
    "wage_income",
    "claim_income",
    "compliant_expense",
    "disaster",
    "accident",
)


def _village(county="130727", index=0):
    return (
        Region.objects.filter(code__startswith=county, level="village")
        .order_by("code")
        .values_list("code", flat=True)[index]
    )


def _surveys():
    return list(Survey.objects.order_by("household__number", "year").values_list(*SURVEY_VALUES))


def _two_years(tmp_path, village):
    """M1 falls from 10,000 to 6,999 per head (above the 6,000 range: a 30.01 % drop), M2 from
    10,000 to 7,000 (exactly 30 %), M3 has compliant expenses above its income (two people),
    M4 suffered a disaster; M5 is registered, below the range and had an accident."""
    rows = []
    for number, y2020, y2021 in (
        ("M1", {"工资性收入": 10000}, {"工资性收入": 6999}),
        ("M2", {"工资性收入": 10000}, {"工资性收入": 7000}),
        (
            "M3",
            {"工资性收入": 20000},
            {"工资性收入": 20000, "合规自付支出": 25000.5, "理赔收入": 5000.49},
        ),
        (
            "M4",
            {"工资性收入": 9000},
            {"工资性收入": 9000, "遭受自然灾害": "是", "发生意外事故": "否"},
        ),
        ("M5", {"工资性收入": 9000}, {"工资性收入": 5000, "发生意外事故": "是"}),
    ):
        common = {"行政区划代码": village, "生产经营性收入": 0, "转移性收入": 0}
        registered = {"识别年度": 2014, "脱贫年度": 2018} if number == "M5" else {"识别年度": ""}
        head = id_number()
        rows.append(member_row(number, 证件号码=head, 年度=2020, **common, **registered, **y2020))
        rows.append(member_row(number, 证件号码=head, 年度=2021, **common, **registered, **y2021))
        if number == "M3":
            rows.append(member_only(number, "配偶", 证件号码=id_number(male=False)))
    return write_csv(tmp_path / "two-years.csv", rows, HEADER + NEW)


def test_the_new_columns_import_and_round_trip_unchanged(tmp_path):
    registry_import(path=_two_years(tmp_path, _village()))
    m3 = Survey.objects.get(household__number="M3", year=2021)
    assert (m3.claim_income, m3.compliant_expense, m3.disaster, m3.accident) == (
        Decimal("5000.49"),
        Decimal("25000.50"),
        None,
        None,
    )
    m4 = Survey.objects.get(household__number="M4", year=2021)
    assert (m4.claim_income, m4.compliant_expense, m4.disaster, m4.accident) == (
        Decimal("0.00"),
        Decimal("0.00"),
        True,
        False,
    )
    before = (_surveys(), list(Household.objects.values_list("number", "version")))
    for name in ("registry.csv", "registry.xlsx"):
        for year in (2020, 2021):
            exported = tmp_path / f"{year}-{name}"
            registry_export(path=exported, year=year, unmasked=True)
            registry_import(path=exported)
            assert (_surveys(), list(Household.objects.values_list("number", "version"))) == before
    text = (tmp_path / "2021-registry.csv").read_text("utf-8-sig")
    assert all(title in text.splitlines()[0] for title in NEW)


def test_a_file_without_the_new_columns_still_imports(tmp_path):
    registry_import(path=write_csv(tmp_path / "old.csv", [member_row("O1", 年度=2021)]))
    survey = Survey.objects.get(household__number="O1")
    assert (survey.claim_income, survey.compliant_expense, survey.disaster, survey.accident) == (
        Decimal("0.00"),
        Decimal("0.00"),
        None,
        None,
    )
    version = Household.objects.get(number="O1").version
    exported = tmp_path / "export.csv"
    call_command("registry", "export", str(exported), "--unmasked")
    registry_import(path=exported)
    assert Household.objects.get(number="O1").version == version


@pytest.mark.parametrize(
    ("column", "value", "reason"),
    [
        ("理赔收入", "-1", "must not be negative"),
        ("合规自付支出", "很多", "not a number"),
        (
            "遭受自然灾害",
            "也许",
            "must be 是/否 (also √/×、✓/✗、有/无、Y/N、yes/no、true/false、1/0)",
        ),
    ],
)
def test_a_bad_value_names_its_row_and_column_and_nothing_is_written(
    tmp_path, column, value, reason
):
    rows = [member_row("B1", 年度=2021), member_row("B2", 年度=2021, **{column: value})]
    with pytest.raises(RowErrors) as caught:
        registry_import(path=write_csv(tmp_path / "bad.csv", rows, HEADER + NEW))
    assert [(e.row, e.column, e.reason) for e in caught.value.errors] == [(3, column, reason)]
    assert not Household.objects.exists() and not Survey.objects.exists()


EXPECTED_2021 = {
    "M1": ("sudden_hardship", "income_drop"),
    "M2": ("not_poor", ""),
    "M3": ("sudden_hardship", "rigid_expense"),
    "M4": ("sudden_hardship", "disaster"),
    "M5": ("unstable_exited", "below_range;income_drop;accident"),
}


def test_stored_evaluation_reads_the_year_before_and_one_household_agrees(tmp_path):
    registry_import(path=_two_years(tmp_path, _village()))
    evaluation_store(year=2021)
    stored = {
        r.household.number: r
        for r in HouseholdResult.objects.filter(year=2021).select_related("household")
    }
    assert {n: (r.status, r.reasons) for n, r in stored.items()} == EXPECTED_2021
    for number, result in stored.items():
        alone = household_evaluate(number=number, year=2021)
        assert (alone["status"], alone["reasons"], alone["per_capita_income"]) == (
            result.status,
            result.reasons,
            result.per_capita_income,
        )
    # members at risk: all but M2 (M3 has two people)
    village = RegionResult.objects.get(year=2021, region_id=_village())
    assert (village.poor_members, village.statuses["sudden_hardship"]) == (5, 3)
    # 2020 has no year before in the registry: no income drop
    evaluation_store(year=2020)
    assert set(HouseholdResult.objects.filter(year=2020).values_list("status", flat=True)) == {
        "exited",
        "not_poor",
    }


def test_editing_the_year_before_evaluates_the_monitoring_year_again(tmp_path):
    registry_import(path=_two_years(tmp_path, _village()))
    evaluation_store(year=2021)
    household = Household.objects.get(number="M2")
    survey_update(
        household=household,
        year=2020,
        values={"wage_income": Decimal("10000.02")},  # now 7,000 is a drop of 30.0001 %
        expected_version=household.version,
        actor=None,
    )
    result = HouseholdResult.objects.get(household=household, year=2021)
    assert (result.status, result.reasons) == ("sudden_hardship", "income_drop")
    village = RegionResult.objects.get(year=2021, region_id=_village())
    assert village.statuses["sudden_hardship"] == 4
    after = {
        r.region_id: (r.poor_members, r.statuses) for r in RegionResult.objects.filter(year=2021)
    }
    evaluation_store(year=2021)
    assert {
        r.region_id: (r.poor_members, r.statuses) for r in RegionResult.objects.filter(year=2021)
    } == after


def test_an_edit_under_monitoring_keeps_the_other_villages_members_at_risk(tmp_path):
    here, there = _village(index=0), _village(index=1)
    rows = [
        member_row("V1", 行政区划代码=here, 年度=2021, 识别年度="", 工资性收入=100),
        member_row("V2", 行政区划代码=there, 年度=2021, 识别年度="", 工资性收入=100),
    ]
    registry_import(path=write_csv(tmp_path / "v.csv", rows))
    evaluation_store(year=2021)
    assert RegionResult.objects.get(year=2021, region_id="130727").poor_members == 2
    household = Household.objects.get(number="V1")
    survey_update(
        household=household,
        year=2021,
        values={"wage_income": Decimal("9000.00")},
        expected_version=household.version,
        actor=None,
    )
    # V2, in the village not edited, is still counted at risk above it
    assert RegionResult.objects.get(year=2021, region_id="130727").poor_members == 1


def test_fupin_evaluate_reads_the_year_before_from_the_registry_and_from_a_file(tmp_path):
    import csv

    path = _two_years(tmp_path, _village())
    registry_import(path=path)
    for args in ([], ["--input", str(path)]):
        out = tmp_path / f"out{len(args)}"
        call_command("evaluate", "--year", "2021", "--out", str(out), *args)
        with (out / "households.csv").open(encoding="utf-8") as handle:
            rows = {r["household_id"]: (r["status"], r["reasons"]) for r in csv.DictReader(handle)}
        assert rows == EXPECTED_2021, args
