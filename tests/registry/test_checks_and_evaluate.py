import csv

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from tests.factories import id_number, member_only, member_row, write_csv

from fupin.core.errors import RowErrors
from fupin.registry.checks import registry_check
from fupin.registry.imports import registry_import

pytestmark = pytest.mark.django_db


def _registry(tmp_path):
    """Four households around the 2016 line (2,952 yuan): one member each unless noted."""
    rows = [
        # H_LOW: 2,951 per capita → below the line → poor
        member_row("H_LOW", 工资性收入=2951, 生产经营性收入=0, 转移性收入=0),
        # H_AT: exactly the line, guarantees met → exit_eligible
        member_row("H_AT", 工资性收入=2952, 生产经营性收入=0, 转移性收入=0),
        # H_EXIT: exited in 2016 with housing unsafe → wrongly_exited
        member_row("H_EXIT", 脱贫年度=2016, 工资性收入=5000, 住房安全有保障="否"),
        # H_OMIT: not registered, below the line → omitted; two members
        member_row(
            "H_OMIT",
            识别年度="",
            贫困户属性="",
            主要致贫原因="",
            工资性收入=3000,
            生产经营性收入=0,
            转移性收入=0,
        ),
        member_only("H_OMIT", "之子", 证件号码=id_number(birth="20100101")),
        # H_SICK: main cause illness but every member healthy (a data-quality finding)
        member_row(
            "H_SICK", 主要致贫原因="因病", 工资性收入=4000, 生产经营性收入=900, 生产经营性支出=0
        ),
    ]
    return write_csv(tmp_path / "registry.csv", rows)


def _read(path):
    with path.open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def test_evaluate_from_database_gives_statuses_and_reasons(tmp_path, capsys):
    registry_import(path=_registry(tmp_path))
    call_command("evaluate", "--year", "2016", "--out", str(tmp_path / "db"))
    rows = {r["household_id"]: r for r in _read(tmp_path / "db" / "households.csv")}
    assert {k: (r["status"], r["reasons"]) for k, r in rows.items()} == {
        "H_LOW": ("poor", "below_line"),
        "H_AT": ("exit_eligible", ""),
        "H_EXIT": ("wrongly_exited", "housing"),
        "H_OMIT": ("omitted", "below_line"),
        "H_SICK": ("exit_eligible", ""),
    }
    assert rows["H_OMIT"]["per_capita_income"] == "1500.00"
    assert rows["H_LOW"]["poverty_line"] == "2952.00"
    out = capsys.readouterr().out
    assert "5 households evaluated" in out


def test_evaluate_of_a_file_equals_evaluate_of_the_database(tmp_path):
    path = _registry(tmp_path)
    call_command("evaluate", "--year", "2016", "--input", str(path), "--out", str(tmp_path / "f"))
    registry_import(path=path)
    call_command("evaluate", "--year", "2016", "--out", str(tmp_path / "db"))
    for name in ("households.csv", "regions.csv"):
        assert _read(tmp_path / "f" / name) == _read(tmp_path / "db" / name)


def test_year_selects_that_years_line(tmp_path):
    path = write_csv(
        tmp_path / "y.csv",
        [member_row("H", 年度=2015, 工资性收入=2900, 生产经营性收入=0, 转移性收入=0)],
    )
    call_command("evaluate", "--year", "2015", "--input", str(path), "--out", str(tmp_path / "o"))
    (row,) = _read(tmp_path / "o" / "households.csv")
    assert (row["poverty_line"], row["below_line"], row["status"]) == (
        "2855.00",
        "false",
        "exit_eligible",
    )


def test_evaluate_rejects_a_year_without_a_line(tmp_path):
    with pytest.raises(CommandError, match="no regime covers 2031"):
        call_command("evaluate", "--year", "2031", "--out", str(tmp_path / "o"))
    with pytest.raises(CommandError, match="regime cn-2014 has no poverty line for 2021"):
        call_command("evaluate", "--year", "2021", "--regime", "cn-2014", "--out", str(tmp_path))


def test_region_incidence_uses_rural_population(tmp_path):
    registry_import(path=_registry(tmp_path))
    stats = tmp_path / "stats.csv"
    stats.write_text(
        "行政区划代码,年度,农村人口\n110119202201,2016,100\n110119,2016,101\n", "utf-8"
    )
    call_command("regions", "import-stats", str(stats))
    call_command("evaluate", "--year", "2016", "--out", str(tmp_path / "o"))
    regions = {(r["code"], r["level"]): r for r in _read(tmp_path / "o" / "regions.csv")}
    village = regions[("110119202201", "village")]
    # poor + exit_eligible members: H_LOW, H_AT, H_SICK → 3 of 100 → not below 2 %
    assert (village["poor_members"], village["rural_population"], village["exit_eligible"]) == (
        "3",
        "100",
        "false",
    )
    county = regions[("110119000000", "county")]
    assert county["rural_population"] == "101" and county["exit_eligible"] == "false"


def test_registry_check_finds_the_inconsistent_household(tmp_path, capsys):
    registry_import(path=_registry(tmp_path))
    findings = registry_check(year=2016)
    rules = {(f.household, f.rule) for f in findings}
    assert ("H_SICK", "illness_all_healthy") in rules
    assert ("H_SICK", "business_income_no_expense") in rules
    assert ("H_LOW", "no_helper") in rules
    assert ("H_LOW", "illness_all_healthy") not in rules
    call_command("registry", "check", "--out", str(tmp_path / "f.xlsx"))
    assert "illness_all_healthy 因病致贫但家庭成员均健康" in capsys.readouterr().out


def test_one_household_evaluates_as_in_bulk(tmp_path, capsys):
    from fupin.registry.selectors import household_evaluate

    registry_import(path=_registry(tmp_path))
    call_command("evaluate", "--year", "2016", "--out", str(tmp_path / "bulk"))
    bulk = {r["household_id"]: r for r in _read(tmp_path / "bulk" / "households.csv")}
    for number, row in bulk.items():
        one = household_evaluate(number=number, year=2016)
        assert (str(one["per_capita_income"]), one["status"], one["reasons"], one["members"]) == (
            row["per_capita_income"],
            row["status"],
            row["reasons"],
            int(row["members"]),
        )
    call_command("evaluate", "--year", "2016", "--household", "H_OMIT")
    out = capsys.readouterr().out
    assert "status: omitted" in out and "reasons: below_line" in out and "members: 2" in out
    with pytest.raises(CommandError, match="household NOPE has no survey for 2016"):
        call_command("evaluate", "--year", "2016", "--household", "NOPE")


def test_land_per_person_check(tmp_path):
    from tests.factories import HEADER

    header = [*HEADER, "耕地面积", "林地面积"]
    rows = [
        member_row("BIG", 耕地面积="120.5", 林地面积="10"),
        member_row("SMALL", 耕地面积="20", 林地面积="71"),
    ]
    registry_import(path=write_csv(tmp_path / "land.csv", rows, header))
    found = {(f.household, f.rule, f.detail) for f in registry_check(year=2016)}
    assert ("BIG", "land_per_person", "cultivated_land_mu 120.50 for 1 members") in found
    assert ("SMALL", "forest_per_person", "forest_land_mu 71.00 for 1 members") in found
    assert not any(h == "SMALL" and r == "land_per_person" for h, r, _ in found)


def test_checks_of_payments_helpers_certificates_and_blank_fields(tmp_path):
    from tests.factories import HEADER

    header = [*HEADER, "民族", "健康状况", "残疾证号", "享受低保", "低保金", "特困供养金"]
    header += ["帮扶责任人", "帮扶责任人证件号码", "是否通生活用电", "是否有卫生厕所"]
    poor_person = id_number(birth="19700101")
    disabled = id_number(birth="19600101")
    wrong_certificate = id_number(birth="19610101")
    not_check = "8" if wrong_certificate[17] == "9" else "9"
    full = {"民族": "汉族", "是否通生活用电": "是", "是否有卫生厕所": "是", "帮扶责任人": "王干部"}
    rows = [
        member_row("POOR", 证件号码=poor_person, **full),
        member_row("HELPED", 帮扶责任人证件号码=poor_person, **full),
        member_row("DIBAO0", 贫困户属性="低保贫困户", 享受低保="是", 低保金=0, **full),
        member_row("DIBAO_PAID", 享受低保="否", 低保金=1200, **full),
        member_row("DIBAO_OK", 贫困户属性="低保贫困户", 享受低保="是", 低保金=900, **full),
        member_row("SUPPORT", 特困供养金=800, **full),
        member_row("DISABLED", 证件号码=disabled, 健康状况="残疾", **full),
        member_only(
            "DISABLED",
            "配偶",
            证件号码=wrong_certificate,
            健康状况="残疾",
            残疾证号=(certificate := wrong_certificate[:17] + not_check + "12"),
            民族="汉族",
        ),
        member_only(
            "DISABLED",
            "之子",
            证件号码=(good := id_number(birth="19900101")),
            健康状况="残疾",
            残疾证号=good + "42",
            民族="汉族",
        ),
        member_row("BLANK"),
    ]
    registry_import(path=write_csv(tmp_path / "more.csv", rows, header))
    found = {(f.household, f.rule, f.detail) for f in registry_check(year=2016)}
    expected = {
        ("HELPED", "helper_is_poor", "assistance person is a member of poor household POOR"),
        ("DIBAO0", "dibao_payment_mismatch", "on dibao but dibao payment is 0"),
        ("DIBAO_PAID", "dibao_payment_mismatch", "dibao payment 1200.00 but no member on dibao"),
        (
            "SUPPORT",
            "destitute_payment_mismatch",
            "support payment 800.00 but not a destitute household",
        ),
        ("DISABLED", "disability_certificate_empty", "disabled, no disability certificate number"),
        ("BLANK", "ethnicity_empty", "ethnicity is empty"),
        ("BLANK", "electricity_empty", "household electricity not recorded"),
        ("BLANK", "toilet_empty", "sanitary toilet not recorded"),
    }
    assert expected <= found
    invalid = {(h, d) for h, r, d in found if r == "disability_certificate_invalid"}
    assert invalid == {
        (
            "DISABLED",
            f"disability certificate {certificate} is not the ID number followed by category "
            "and grade digits",
        )
    }
    new_rules = {r for _, r, _ in expected} | {"disability_certificate_invalid"}
    flagged = {h for h, r, _ in found if r in new_rules}
    assert flagged == {h for h, _, _ in expected} | {"DISABLED"}
    assert "DIBAO_OK" not in flagged and "POOR" not in flagged


def test_a_wrong_assistance_person_number_is_an_import_error(tmp_path):
    from tests.factories import HEADER

    path = write_csv(
        tmp_path / "helper.csv",
        [member_row("H1", 帮扶责任人证件号码="360426199101010072")],
        [*HEADER, "帮扶责任人证件号码"],
    )
    with pytest.raises(RowErrors) as caught:
        registry_import(path=path)
    assert [str(e) for e in caught.value.errors if e.severity == "error"] == [
        "row 2, column 帮扶责任人证件号码: check digit is wrong (expected 1) "
        "(value: 360426199101010072)"
    ]


def _two_years(tmp_path):
    """Two households that exited in 2019, with their surveys of 2019 and 2020 (lines 3,218
    and 4,000): H_BACK exited rightly and is below the line in 2020 (返贫); H_WRONG was below
    2019's line when it exited (错退) and is well above the line in 2020."""
    rows = []
    for number, income_2019, income_2020 in (("H_BACK", 3300, 3999), ("H_WRONG", 3217, 9000)):
        person = id_number()
        for year, income in ((2019, income_2019), (2020, income_2020)):
            rows.append(
                member_row(
                    number,
                    年度=year,
                    识别年度=2014,
                    脱贫年度=2019,
                    工资性收入=income,
                    生产经营性收入=0,
                    转移性收入=0,
                    证件号码=person,
                )
            )
    return write_csv(tmp_path / "two-years.csv", rows)


def test_wrongly_exited_is_judged_on_the_exit_years_data(tmp_path):
    path = _two_years(tmp_path)
    call_command("evaluate", "--year", "2020", "--input", str(path), "--out", str(tmp_path / "f"))
    registry_import(path=path)
    call_command("evaluate", "--year", "2020", "--out", str(tmp_path / "db"))
    expected = {
        "H_BACK": ("returned_to_poverty", "below_line", "true"),
        "H_WRONG": ("wrongly_exited", "below_line", "false"),
    }
    for folder in ("f", "db"):
        rows = _read(tmp_path / folder / "households.csv")
        assert {r["household_id"]: (r["status"], r["reasons"], r["below_line"]) for r in rows} == (
            expected
        )
    # as of 2019 both are judged on 2019 alone: H_BACK exited rightly
    call_command("evaluate", "--year", "2019", "--out", str(tmp_path / "y19"))
    rows = _read(tmp_path / "y19" / "households.csv")
    assert {r["household_id"]: r["status"] for r in rows} == {
        "H_BACK": "exited",
        "H_WRONG": "wrongly_exited",
    }


def test_stored_and_one_household_evaluations_agree_on_returned_to_poverty(tmp_path):
    from fupin.registry.evaluations import evaluation_store, household_result_refresh
    from fupin.registry.models import Household, HouseholdResult, RegionResult

    registry_import(path=_two_years(tmp_path))
    assert evaluation_store(year=2020)["households"] == 2
    stored = dict(
        HouseholdResult.objects.filter(year=2020).values_list("household__number", "status")
    )
    assert stored == {"H_BACK": "returned_to_poverty", "H_WRONG": "wrongly_exited"}
    village = RegionResult.objects.get(year=2020, region__level="village")
    # each household counted once, though the snapshot also read its 2019 survey
    assert (village.households, village.statuses["returned_to_poverty"]) == (2, 1)
    assert village.statuses["wrongly_exited"] == 1
    for number in ("H_BACK", "H_WRONG"):
        fresh = household_result_refresh(household=Household.objects.get(number=number), year=2020)
        assert fresh.status == stored[number]
