"""Shougang's office writes its report for 2019-01-01 to 2020-06-30 with a typical case chosen
into it, as PDF, waits for the job and reads the file; then browses the typical cases and has
seed 003's text read for facts and accepts the 33 million yuan it finds. Screenshots for the
README (the report's first pages rendered by pdftoppm where poppler is installed)."""

import shutil
import subprocess
from pathlib import Path

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SEED_003 = Path(__file__).parents[1] / "reports" / "seed_texts" / "seed_003.txt"


def _login(page, url: str, username: str) -> None:
    page.goto(f"{url}/accounts/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", "fupin-demo")
    page.click("button[type=submit]")
    page.wait_for_load_state()


def test_a_unit_office_writes_its_report_browses_its_cases_and_reads_a_text(
    live_server, page, shots, tmp_path
):
    from pdfminer.high_level import extract_text
    from PIL import Image

    from fupin.assistance.models import LedgerEntry, Unit
    from fupin.core.jobs import job_run_next
    from fupin.core.models import Job, JobStatus
    from fupin.demo.services import demo_build
    from fupin.reports.enums import FactStatus
    from fupin.reports.models import FactProposal, TypicalCase

    demo_build(scale=0.002, only_demo_regions=True, say=lambda m: None)
    shougang = Unit.objects.get(name="首钢集团有限公司")
    peony = TypicalCase.objects.get(title__contains="黑峪口")
    _login(page, live_server.url, "unit")

    # the work report: the unit, the period, PDF, the peony case chosen
    page.goto(f"{live_server.url}/reports/work/?unit={shougang.pk}")
    page.fill("input[name=start]", "2019-01-01")
    page.fill("input[name=end]", "2020-06-30")
    page.select_option("select[name=fmt]", "pdf")
    page.check(f"input[name=cases][value='{peony.pk}']")
    page.screenshot(path=str(shots / "work-report-form.png"), full_page=True)
    page.click("button.primary")
    page.wait_for_load_state()
    job = Job.objects.get(kind="work_report")
    assert f"/jobs/{job.pk}/" in page.url and job.params["cases"] == [peony.pk]
    assert job_run_next() == job
    job.refresh_from_db()
    assert job.status == JobStatus.DONE, job.message
    page.reload()
    assert Path(job.result_file).name in page.inner_text("main")
    with page.expect_download() as download:
        page.click(f"a[href='/jobs/{job.pk}/result/']")
    pdf = tmp_path / "report.pdf"
    download.value.save_as(pdf)
    text = extract_text(str(pdf))
    for figure in ("33,000,000.00", "416", "300", "45", "41", "1,050,000.00"):
        assert figure in text, figure
    assert "黑峪口" in text  # the case chosen into it
    if shutil.which("pdftoppm"):
        subprocess.run(
            ["pdftoppm", "-png", "-r", "50", "-f", "1", "-l", "3", str(pdf), str(tmp_path / "p")],
            check=True,
        )
        pages = [Image.open(png).convert("RGB") for png in sorted(tmp_path.glob("p-*.png"))]
        assert len(pages) == 3
        gap = 12  # the three pages side by side on grey, as a PDF viewer shows them
        sheet = Image.new(
            "RGB",
            (sum(p.width for p in pages) + gap * 4, max(p.height for p in pages) + gap * 2),
            (156, 163, 175),
        )
        x = gap
        for one in pages:
            sheet.paste(one, (x, gap))
            x += one.width + gap
        sheet.save(shots / "work-report-pdf.png", optimize=True)

    # the case library: search, then a case with its photo, project and masked households
    page.goto(f"{live_server.url}/reports/cases/?q=牡丹")
    cards = page.inner_text("main")
    assert peony.title in cards and "矿业" not in cards
    page.screenshot(path=str(shots / "cases.png"), full_page=True)
    page.goto(f"{live_server.url}/reports/cases/{peony.pk}/")
    detail = page.inner_text("main")
    assert "SG-2018-HYK" in detail or "牡丹种植" in detail
    page.screenshot(
        path=str(shots / "case.png"),
        full_page=True,
        clip={"x": 0, "y": 0, "width": 1280, "height": 1250},
    )

    # facts from a text: seed 003 pasted, the 33 million yuan found and accepted
    page.goto(f"{live_server.url}/reports/facts/new/")
    page.fill("input[name=title]", "首钢新闻：党旗在扶贫路上飘扬")
    page.fill("textarea[name=text]", SEED_003.read_text(encoding="utf-8"))
    page.click("form.fact-new button.primary")
    page.wait_for_load_state()
    funds = FactProposal.objects.get(
        indicator__code="funds_invested", amount=33_000_000, source__unit=shougang
    )
    assert page.locator(f"#d{funds.pk}").count() == 1
    page.screenshot(
        path=str(shots / "facts.png"),
        full_page=True,
        clip={"x": 0, "y": 0, "width": 1280, "height": 1500},
    )
    entries = LedgerEntry.objects.count()
    page.fill(f"input[name=region][form=d{funds.pk}]", "130727")
    page.click(f"#d{funds.pk} button[value=accept]")
    page.wait_for_load_state()
    funds.refresh_from_db()
    assert funds.status == FactStatus.ACCEPTED, page.inner_text("main")
    assert LedgerEntry.objects.count() == entries + 1
    assert funds.entry.amount == 33_000_000 and "事实来源" in funds.entry.evidence
