"""Imports and evaluations started from the web run as background jobs with progress."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from tests.factories import id_number, member_row, write_csv

from fupin.accounts.models import User
from fupin.core.jobs import job_run_next
from fupin.core.models import Change, Job
from fupin.regions.models import Region
from fupin.registry.models import Household, RegionResult

pytestmark = pytest.mark.django_db


def _village(county):
    return Region.objects.filter(code__startswith=county, level="village").order_by("code")[0].code


def _login(client, role, *regions):
    user = User.objects.create_user(f"j-{role}", password="a-long-test-password", role=role)
    user.regions.set(Region.objects.filter(code__in=regions))
    client.force_login(user)
    return user


def _upload(tmp_path, rows):
    path = write_csv(tmp_path / "upload.csv", rows)
    return SimpleUploadedFile("登记表.csv", path.read_bytes(), content_type="text/csv")


def test_import_job_writes_with_history_of_the_uploader(client, tmp_path):
    user = _login(client, "county_office", "130727")
    rows = [member_row("J1", 行政区划代码=_village("130727"))]
    response = client.post(
        "/households/import/", {"file": _upload(tmp_path, rows), "mode": "strict"}
    )
    assert response.status_code == 302
    job = Job.objects.get()
    assert job.status == "queued" and "刷新" in client.get(response.url).content.decode()
    job = job_run_next()
    assert job.status == "done" and job.result["households"] == 1
    assert job.done == 1 and job.total == 1  # progress reached the end
    change = Change.objects.get(label="J1")
    assert (change.actor, change.job, change.source) == (user, str(job.pk), "import")


def test_import_outside_the_users_regions_fails_with_an_error_file(client, tmp_path):
    _login(client, "county_office", "130727")
    rows = [member_row("J2", 行政区划代码=_village("130824"))]
    client.post("/households/import/", {"file": _upload(tmp_path, rows), "mode": "strict"})
    job = job_run_next()
    assert job.status == "failed" and "nothing was written" in job.message
    errors = client.get(f"/jobs/{job.pk}/errors/")
    assert errors.status_code == 200
    reason = "行政村不在您的管辖范围内 / village outside your regions"  # the uploader reads Chinese
    assert reason in _reasons(errors)
    assert "未写入任何数据" in client.get(f"/jobs/{job.pk}/").content.decode()
    assert not Household.objects.exists() and not Change.objects.exists()


def test_an_english_readers_error_file_and_job_page_are_english(client, tmp_path):
    _login(client, "county_office", "130727")
    client.cookies["django_language"] = "en"
    rows = [member_row("J3", 行政区划代码=_village("130824"))]
    client.post("/households/import/", {"file": _upload(tmp_path, rows), "mode": "strict"})
    job = job_run_next()
    assert job.params["language"] == "en"
    assert "village outside your regions" in _reasons(client.get(f"/jobs/{job.pk}/errors/"))
    assert "nothing was written" in client.get(f"/jobs/{job.pk}/").content.decode()
    assert not Household.objects.exists()


def _reasons(response):
    import io

    from openpyxl import load_workbook

    body = b"".join(response.streaming_content) if response.streaming else response.content
    sheet = load_workbook(io.BytesIO(body), read_only=True).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[1][2] == "原因 reason"  # the header, under the title row
    return [row[2] for row in rows[2:]]


def test_import_page_refuses_read_only_roles_and_bad_files(client, tmp_path):
    _login(client, "evaluator", "130727")
    assert client.get("/households/import/").status_code == 403
    client.logout()
    _login(client, "village_cadre", "130727")
    bad = SimpleUploadedFile("x.pdf", b"%PDF", content_type="application/pdf")
    response = client.post("/households/import/", {"file": bad, "mode": "strict"})
    assert response.status_code == 200 and "请上传 xlsx 或 csv 文件" in response.content.decode()
    assert not Job.objects.exists()


def test_evaluation_job_for_administrators_and_offices_of_their_regions(client, tmp_path):
    from fupin.registry.imports import registry_import
    from fupin.registry.models import HouseholdResult, Survey

    yangyuan = _village("130727")
    registry_import(
        path=write_csv(
            tmp_path / "r.csv", [member_row("E1"), member_row("E2", 行政区划代码=yangyuan)]
        )
    )
    # the import evaluated both; now both surveys change behind the evaluation's back
    Survey.objects.filter(year=2016).update(wage_income=1)
    _login(client, "village_cadre", yangyuan)
    response = client.post("/households/evaluate/", {"year": 2016})
    assert response.status_code == 403 and "您的角色不能运行评估" in response.content.decode()
    assert not Job.objects.exists()
    client.logout()
    _login(client, "county_office", "130727")
    page = client.get("/households/evaluate/").content.decode()
    assert "阳原县（130727）" in page
    assert client.post("/households/evaluate/", {"year": 2016}).status_code == 302
    call_command("worker", "--once")
    job = Job.objects.get()
    assert job.status == "done" and job.result["households"] == 1
    statuses = dict(HouseholdResult.objects.values_list("household__number", "status"))
    # the county's own household is evaluated again; the other county's is not touched
    assert statuses == {"E2": "poor", "E1": "exit_eligible"}
    county = RegionResult.objects.get(year=2016, region_id="130727")
    assert county.statuses["poor"] == 1 and "exit_eligible" not in county.statuses
    client.logout()
    _login(client, "administrator")
    assert client.post("/households/evaluate/", {"year": 2016}).status_code == 302
    call_command("worker", "--once")
    assert Job.objects.latest("pk").result["households"] == 2
    assert HouseholdResult.objects.get(household__number="E1").status == "poor"
    assert RegionResult.objects.filter(year=2016, region_id="110119202201").exists()


def test_an_import_leaves_the_figures_current(tmp_path):
    from fupin.registry.evaluations import evaluation_store
    from fupin.registry.imports import registry_import
    from fupin.registry.models import HouseholdResult

    yangyuan = _village("130727")
    registry_import(path=write_csv(tmp_path / "a.csv", [member_row("A1", 行政区划代码=yangyuan)]))
    evaluation_store(year=2016)
    result = registry_import(
        path=write_csv(
            tmp_path / "b.csv",
            [
                member_row("B1", 行政区划代码=yangyuan, 工资性收入=100),
                member_row("B2", 行政区划代码=yangyuan),
            ],
        )
    )
    assert result.evaluated == {2016: 3}
    assert HouseholdResult.objects.filter(year=2016).count() == 3
    county = RegionResult.objects.get(year=2016, region_id="130727")
    province = RegionResult.objects.get(year=2016, region_id="13")
    assert (county.households, province.households) == (3, 3)
    assert county.statuses["poor"] == 1


def test_an_import_with_a_survey_before_any_regime_is_written_and_evaluates_the_rest(tmp_path):
    from fupin.registry.imports import registry_import
    from fupin.registry.models import HouseholdResult, Survey

    yangyuan = _village("130727")
    person = id_number()
    rows = [
        member_row("P1", 行政区划代码=yangyuan, 年度=year, 证件号码=person) for year in (2013, 2016)
    ]
    result = registry_import(path=write_csv(tmp_path / "p.csv", rows))
    # 2013 is before cn-2014 is in force: the survey is kept and not evaluated (evaluating it
    # made the import fail after its write)
    assert result.evaluated == {2016: 1}
    assert sorted(Survey.objects.values_list("year", flat=True)) == [2013, 2016]
    assert list(HouseholdResult.objects.values_list("year", flat=True)) == [2016]
