"""A failed import counts its errors and warnings as its error file lists them."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import load_workbook
from tests.factories import id_number, member_only, member_row, write_csv

from fupin.accounts.models import User
from fupin.core.jobs import job_run_next
from fupin.core.models import Change, Job
from fupin.regions.models import Region
from fupin.registry.models import Household, Member

pytestmark = pytest.mark.django_db


def _village():
    return Region.objects.filter(code__startswith="130727", level="village").order_by("code")[0]


def _bad_check_digit():
    number = id_number(birth="19700101", address="110101")
    return number[:17] + ("0" if number[17] != "0" else "1")


def _fifteen_digits(n):
    return f"130727700101{n:03d}"  # GB 11643-1989: accepted with a warning


def _file(tmp_path):
    village = _village().code
    rows = [
        member_row("C1", 行政区划代码=village, 证件号码=_fifteen_digits(11)),
        member_only("C1", "配偶", 证件号码=_bad_check_digit()),
        member_row("C2", 行政区划代码=village, 证件号码=_fifteen_digits(13)),
        member_only("C2", "之子", 证件号码=_bad_check_digit()),
        member_row("C3", 行政区划代码=village, 证件号码=_fifteen_digits(15)),
        member_only("C3", "之女", 证件号码=_bad_check_digit()),
    ]
    path = write_csv(tmp_path / "c.csv", rows)
    return SimpleUploadedFile("登记表.csv", path.read_bytes(), content_type="text/csv")


def _login(client):
    user = User.objects.create_user(
        "c-office", password="a-long-test-password", role="county_office"
    )
    user.regions.set(Region.objects.filter(code="130727"))
    client.force_login(user)


def _levels(client, job):
    response = client.get(f"/jobs/{job.pk}/errors/")
    body = b"".join(response.streaming_content)
    rows = list(load_workbook(io.BytesIO(body), read_only=True).active.iter_rows(values_only=True))
    return [row[4] for row in rows[2:]]  # below the title and the header


def test_failed_import_counts_errors_and_warnings_as_its_error_file(client, tmp_path):
    # given a county office and a file with three bad check digits (errors) and three
    # 15-digit numbers (warnings)
    _login(client)
    # when it is imported strictly
    client.post("/households/import/", {"file": _file(tmp_path), "mode": "strict"})
    job = job_run_next()
    # then the job says 3 errors and 3 warnings, as the error file lists them
    assert job.status == "failed"
    assert job.result == {"errors": 3, "warnings": 3}
    assert job.message == "3 error(s) and 3 warning(s) in the file; nothing was written"
    page = client.get(f"/jobs/{job.pk}/").content.decode()
    assert "文件中有 3 处错误、3 处提示，未写入任何数据" in page
    assert sorted(_levels(client, job)) == ["提示"] * 3 + ["错误"] * 3
    # and nothing was written
    assert not Household.objects.exists() and not Member.objects.exists()
    assert not Change.objects.exists()
    # an English reader reads the same counts
    client.cookies["django_language"] = "en"
    english = client.get(f"/jobs/{job.pk}/").content.decode()
    assert "3 error(s) and 3 warning(s) in the file; nothing was written" in english
    assert Job.objects.count() == 1


def test_failed_import_without_warnings_keeps_its_message(tmp_path):
    from django.core.management import CommandError, call_command

    village = _village().code
    rows = [
        member_row("C4", 行政区划代码=village, 证件号码=id_number(address="110101")),
        member_only("C4", "配偶", 证件号码=_bad_check_digit()),
    ]
    path = write_csv(tmp_path / "c4.csv", rows)
    with pytest.raises(CommandError, match=r"^1 error\(s\) in the file; nothing was written$"):
        call_command("registry", "import", str(path))
    assert not Household.objects.exists()


def test_skip_invalid_import_names_the_counts_of_its_error_file(client, tmp_path):
    # given the same file imported skipping invalid households
    _login(client)
    client.post("/households/import/", {"file": _file(tmp_path), "mode": "skip-invalid"})
    job = job_run_next()
    # then the three households are skipped and the message counts the file's rows
    assert job.status == "done" and (job.result["errors"], job.result["warnings"]) == (3, 3)
    assert job.message.endswith("跳过 3 户。 错误清单中有 3 处错误、3 处提示。")
    assert sorted(_levels(client, job)) == ["提示"] * 3 + ["错误"] * 3
    assert not Household.objects.exists()
