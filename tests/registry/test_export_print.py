"""A village's exported list of 140 households, opened and printed by LibreOffice: landscape A4
pages one page wide, each with the title and the header, numbered in the footer.

Needs LibreOffice (libreoffice-calc) and poppler-utils (pdfinfo, pdftotext); skipped without,
except under CI=true, where .ci/run installs them."""

import re
import subprocess

import pytest
from django.utils import timezone
from tests.factories import id_number, member_row, needs_libreoffice, write_csv

from fupin.accounts.models import User
from fupin.core.jobs import job_run_next
from fupin.regions.models import Region
from fupin.registry.evaluations import evaluation_store
from fupin.registry.imports import registry_import

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.slow,
    needs_libreoffice,  # under CI=true a missing LibreOffice is a failure, not a skip
]
HOUSEHOLDS = 140


def _pdf_text(pdf, page):
    return subprocess.run(
        ["pdftotext", "-layout", "-f", str(page), "-l", str(page), str(pdf), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout


def test_a_villages_140_households_print_as_three_titled_numbered_pages(client, tmp_path):
    # Given a village of 140 households, evaluated in 2016, and its cadre
    village = Region.objects.filter(code__startswith="130727", level="village").first()
    rows = [
        member_row(f"P{n:03d}", 行政区划代码=village.code, 姓名="张三", 证件号码=id_number())
        for n in range(HOUSEHOLDS)
    ]
    registry_import(path=write_csv(tmp_path / "village.csv", rows))
    evaluation_store(year=2016)
    user = User.objects.create_user("cadre", password="a-long-test-password", role="village_cadre")
    user.regions.set([village])
    client.force_login(user)
    # When the cadre exports the list of 2016 and LibreOffice prints it to PDF
    response = client.post("/households/export/", {"year": "2016"})
    job = job_run_next()
    assert job.status == "done" and job.result == {"households": HOUSEHOLDS}
    sheet = tmp_path / "households.xlsx"
    sheet.write_bytes(b"".join(client.get(f"{response.url}result/").streaming_content))
    profile = (tmp_path / "libreoffice").as_uri()
    subprocess.run(
        [
            "libreoffice",
            "--headless",
            "--norestore",
            f"-env:UserInstallation={profile}",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path),
            str(sheet),
        ],
        capture_output=True,
        check=True,
        timeout=240,
    )
    pdf = tmp_path / "households.pdf"
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True)
    # Then it is three landscape A4 pages (51 households a page; none cut at the right)
    assert re.search(r"^Pages:\s+(\d+)$", info.stdout, re.M).group(1) == "3"
    width, height = re.search(r"^Page size:\s+([\d.]+) x ([\d.]+) pts", info.stdout, re.M).groups()
    assert (round(float(width)), round(float(height))) == (842, 595)  # A4 turned sideways
    title = f"（{village.code}） 贫困户名单 · 2016 年度 · 制表日期 {timezone.localdate()}"
    for page in (1, 2, 3):
        text = _pdf_text(pdf, page)
        lines = [line.strip() for line in text.splitlines() if line.strip()]
        # And every page starts with the title and the header and ends with its number
        assert lines[0].endswith(title), lines[0]
        assert lines[1].split()[:3] == ["户编号", "所在村", "户主"]
        assert lines[1].split()[-1] == "人均纯收入"  # the last column is on the page
        assert lines[-1] == f"第 {page} 页，共 3 页"
    assert "P000" in _pdf_text(pdf, 1) and "P139" in _pdf_text(pdf, 3)
