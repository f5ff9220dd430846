"""Monitoring ranges (监测范围) by region and year: the import, and the evaluation of a
monitoring year against the most specific region's range."""

from decimal import Decimal

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from tests.factories import member_row, write_csv

from fupin.core.errors import RowErrors
from fupin.core.models import Change
from fupin.monitoring.models import MonitoringRange
from fupin.monitoring.services import monitoring_ranges_import
from fupin.regions.models import Region
from fupin.registry.evaluations import evaluation_store
from fupin.registry.imports import registry_import
from fupin.registry.models import HouseholdResult

pytestmark = pytest.mark.django_db

INCOME = {"工资性收入": 7000, "生产经营性收入": 0, "转移性收入": 0, "生产经营性支出": 0}
HEADER = ["行政区划代码", "年度", "监测范围", "依据", "来源", "可信度"]


def _file(tmp_path, rows, name="ranges.csv"):
    return write_csv(tmp_path / name, [dict(zip(HEADER, r, strict=False)) for r in rows], HEADER)


def test_ranges_are_imported_with_history_and_again_change_nothing(tmp_path):
    path = _file(
        tmp_path,
        [
            ("13", 2023, "6,900", "省定", "河北省乡村振兴局", "已确认"),
            ("130727", "2023", "7200元", "", "", "W"),
        ],
    )
    result = monitoring_ranges_import(path=path)
    assert (result.written, result.errors) == (2, [])
    stored = {
        (r.region_id, r.year): (r.amount, r.confidence) for r in MonitoringRange.objects.all()
    }
    assert stored == {
        ("13", 2023): (Decimal("6900.00"), "C"),
        ("130727", 2023): (Decimal("7200.00"), "W"),
    }
    assert Change.objects.filter(subject="monitoring_range").count() == 2
    assert monitoring_ranges_import(path=path).written == 0
    assert Change.objects.filter(subject="monitoring_range").count() == 2


def test_bad_rows_are_named_and_nothing_is_written(tmp_path):
    path = _file(
        tmp_path,
        [
            ("13", 2023, "6900"),
            ("999999", 2023, "6900"),  # no such region
            ("1307", 2019, "6900"),  # before monitoring
            ("1308", 2023, "0"),
            ("1309", 2023, ""),
            ("13", 2023, "7000"),  # again
            ("1310", 2023, "6900", "", "", "maybe"),
        ],
    )
    with pytest.raises(RowErrors) as raised:
        monitoring_ranges_import(path=path)
    found = {(e.row, e.column, e.reason) for e in raised.value.errors}
    assert found == {
        (3, "行政区划代码", "no such region"),
        (4, "年度", "no monitoring regime covers 2019"),
        (5, "监测范围", "must be more than 0"),
        (6, "监测范围", "required value is empty"),
        (7, "年度", "region and year already given on row 2"),
        (8, "可信度", "unknown value; expected one of 已确认、单一来源、未确认"),
    }
    assert not MonitoringRange.objects.exists()
    with pytest.raises(CommandError, match="nothing was written"):
        call_command("monitoring", "import-ranges", str(path))
    assert not MonitoringRange.objects.exists()


def test_a_monitoring_year_is_evaluated_against_the_regions_range(tmp_path):
    yangyuan = (
        Region.objects.filter(code__startswith="130727", level="village").order_by("code")[0].code
    )
    registry_import(
        path=write_csv(
            tmp_path / "r.csv",
            [member_row("M1", 行政区划代码=yangyuan, 年度=2023, **INCOME)],
        )
    )
    # no range of its own: the reference 6,900 of cn-2021 → not at risk
    assert HouseholdResult.objects.get(year=2023).status == "exited"
    monitoring_ranges_import(path=_file(tmp_path, [("1307", 2023, "7200")]))
    evaluation_store(year=2023)
    result = HouseholdResult.objects.get(year=2023)
    assert (result.regime, result.status, result.poverty_line, result.reasons) == (
        "cn-2021",
        "unstable_exited",
        Decimal("7200.00"),
        "below_range",
    )
    call_command("evaluate", "--year", "2023", "--household", "M1")


def test_the_household_page_shows_the_range_and_the_status_at_risk(client, tmp_path):
    test_a_monitoring_year_is_evaluated_against_the_regions_range(tmp_path)
    client.force_login(_user("yy-page", "county_office", "130727"))
    page = client.get("/households/M1/").content.decode()
    assert "贫困线 / 监测范围" in page
    assert "7,200.00" in page and "脱贫不稳定风险" in page and "收入低于监测范围" in page


def _user(name, role, *codes):
    from fupin.accounts.models import User

    user = User.objects.create_user(name, password="a-long-test-password", role=role)
    user.regions.set(Region.objects.filter(code__in=codes))
    return user


def _upload(tmp_path, rows):
    from django.core.files.uploadedfile import SimpleUploadedFile

    path = _file(tmp_path, rows)
    return SimpleUploadedFile("监测范围.csv", path.read_bytes(), content_type="text/csv")


def test_an_office_sets_the_ranges_of_its_regions_on_the_page(client, tmp_path):
    client.force_login(_user("hebei", "province_office", "13"))
    ok = client.post("/monitoring/ranges/", {"file": _upload(tmp_path, [("13", 2024, "7500")])})
    assert ok.status_code == 302
    assert MonitoringRange.objects.get().amount == Decimal("7500.00")
    refused = client.post(
        "/monitoring/ranges/",
        {"file": _upload(tmp_path, [("1307", 2024, "7600"), ("42", 2024, "7000")])},
    )
    page = refused.content.decode()
    assert refused.status_code == 400
    assert "该区划不在您的管辖范围内" in page and "未写入任何数据" in page
    assert MonitoringRange.objects.count() == 1  # the valid row of the file was not written
    client.logout()
    # a county office reads the province's range that applies to it, and sets its own
    client.force_login(_user("yy", "county_office", "130727"))
    page = client.get("/monitoring/ranges/").content.decode()
    assert "河北省" in page and "7500.00" in page
    client.logout()
    client.force_login(_user("cadre", "village_cadre", "130727"))
    page = client.get("/monitoring/ranges/").content.decode()
    assert "导入监测范围" not in page
    denied = client.post("/monitoring/ranges/", {"file": _upload(tmp_path, [("13", 2024, "1")])})
    assert denied.status_code == 403 and "您的角色不能设定监测范围" in denied.content.decode()
    assert MonitoringRange.objects.get().amount == Decimal("7500.00")


def test_the_english_page_has_no_chinese_labels(client, tmp_path):
    import re

    client.force_login(_user("hebei-en", "province_office", "13"))
    client.cookies["django_language"] = "en"
    page = client.get("/monitoring/ranges/").content.decode()
    body = page[page.index("<main") :] if "<main" in page else page
    # the column names of the file are given in Chinese on purpose, with their English
    labels = re.sub(r"Columns:.*?history\.", "", body, flags=re.S)
    assert "Monitoring range" in labels and "Import monitoring ranges" in labels
    assert not re.findall(r"[\u4e00-\u9fff]+", re.sub(r"<[^>]+>", " ", labels))


def test_the_command_writes_the_errors_file_and_reports(tmp_path, capsys):
    from openpyxl import load_workbook

    bad = _file(tmp_path, [("13", 2023, "6900"), ("13", 2019, "6900")])
    out = tmp_path / "errors.xlsx"
    with pytest.raises(CommandError, match="nothing was written"):
        call_command("monitoring", "import-ranges", str(bad), "--errors", str(out))
    rows = [r for r in load_workbook(out).active.iter_rows(values_only=True) if r and r[0] == 3]
    assert rows and rows[0][1] == "年度"
    assert not MonitoringRange.objects.exists()
    good = _file(tmp_path, [("13", 2023, "6900")], name="good.csv")
    call_command("monitoring", "import-ranges", str(good))
    assert "written 1 ranges, skipped 0 rows" in capsys.readouterr().out


def test_a_province_office_sets_one_range_on_the_page_and_the_year_is_evaluated_again(
    client, tmp_path
):
    test_a_monitoring_year_is_evaluated_against_the_regions_range(tmp_path)  # 1307 → 7200
    assert HouseholdResult.objects.get(year=2023).status == "unstable_exited"
    client.force_login(_user("hebei-one", "province_office", "13"))
    form = client.get("/monitoring/ranges/?code=1307&year=2023").content.decode()
    assert 'value="7200.00"' in form and "设定监测范围" in form
    one = {"action": "set", "code": "1307", "year": "2023", "amount": "6500", "confidence": "W"}
    assert client.post("/monitoring/ranges/", one).status_code == 302
    stored = MonitoringRange.objects.get(region_id="1307", year=2023)
    assert (stored.amount, stored.confidence) == (Decimal("6500.00"), "W")
    # the stored result of 2023 follows at once: 7,000 a person is above 6,500
    result = HouseholdResult.objects.get(year=2023)
    assert (result.status, result.poverty_line) == ("exited", Decimal("6500.00"))
    history = Change.objects.filter(subject="monitoring_range").order_by("pk").last()
    assert history.changes["amount"] == ["7200.00", "6500.00"] and history.actor.username == (
        "hebei-one"
    )


@pytest.mark.parametrize(
    ("values", "field", "message"),
    [
        ({"code": "42", "year": "2024", "amount": "7000"}, "code", "该区划不在您的管辖范围内"),
        ({"code": "139999", "year": "2024", "amount": "7000"}, "code", "没有这个行政区划"),
        ({"code": "13", "year": "2019", "amount": "7000"}, "year", "2021"),
        ({"code": "13", "year": "2024", "amount": "0"}, "amount", "0.01"),
        ({"code": "13", "year": "2024", "amount": ""}, "amount", "该字段是必填项"),
    ],
)
def test_a_bad_range_on_the_page_names_its_field_and_writes_nothing(client, values, field, message):
    client.force_login(_user("hebei-bad", "province_office", "13"))
    response = client.post("/monitoring/ranges/", {"action": "set", "confidence": "C", **values})
    assert response.status_code == 400
    errors = response.context["one"].errors
    assert field in errors and message in " ".join(errors[field])
    assert not MonitoringRange.objects.exists()
    assert not Change.objects.filter(subject="monitoring_range").exists()


def test_a_village_cadre_may_not_set_a_range(client):
    client.force_login(_user("cadre-one", "village_cadre", "130727"))
    assert 'name="action" value="set"' not in client.get("/monitoring/ranges/").content.decode()
    one = {"action": "set", "code": "130727", "year": "2024", "amount": "9000", "confidence": "C"}
    assert client.post("/monitoring/ranges/", one).status_code == 403
    assert not MonitoringRange.objects.exists()


def test_ranges_import_is_also_a_subcommand_of_ranges(tmp_path, capsys):
    call_command("monitoring", "ranges", "import", str(_file(tmp_path, [("13", 2023, "6900")])))
    assert "written 1 ranges" in capsys.readouterr().out
    call_command("monitoring", "ranges", "--year", "2023")
    assert "13 河北省 2023 6900.00 [C]" in capsys.readouterr().out


def test_the_admin_refuses_a_range_for_a_year_without_monitoring(admin_client):
    response = admin_client.post(
        "/admin/monitoring/monitoringrange/add/",
        {"region": "13", "year": "2019", "amount": "6900", "confidence": "C"},
    )
    assert response.status_code == 200
    assert "2019 年没有防止返贫监测政策" in str(response.context["adminform"].form.errors["year"])
    assert not MonitoringRange.objects.exists()
    ok = admin_client.post(
        "/admin/monitoring/monitoringrange/add/",
        {"region": "13", "year": "2024", "amount": "6900", "confidence": "C"},
    )
    assert ok.status_code == 302 and MonitoringRange.objects.get().year == 2024
