"""The work report of a unit and of a region on a small world (tests/reports/case_world.py):
its figures and sentences, the English report without Chinese labels, a case chosen into
it, the job run through the queue with its progress and file, the page (refusing a unit the
user may not see, queueing nothing) and the command."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.test import Client
from pdfminer.high_level import extract_text
from tests.assistance.factories import entry, pledge
from tests.reports.case_world import (
    COUNTY,
    case,
    chinese,  # noqa: F401 (autouse)
    upload,
    world_build,
)

from fupin.core.errors import InvalidInput, NotFound
from fupin.core.jobs import job_run_next
from fupin.core.models import Job, JobStatus
from fupin.reports.annual.compose import region_document, unit_document
from fupin.reports.annual.document import Document, Paragraph, Section, Table
from fupin.reports.annual.jobs import work_report_enqueue
from fupin.reports.cases import services as case_services

pytestmark = pytest.mark.django_db
PAGE = "/reports/work/"
YEAR = (dt.date(2019, 1, 1), dt.date(2019, 12, 31))
CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff\u3000-\u303f\uff00-\uffef]+")


@pytest.fixture
def world(settings, tmp_path):
    settings.DATA_DIR = tmp_path
    w = world_build()
    pledge(w.group, 2019, funds_invested="2000000", jobs_direct="100")
    entry("T-1", w.subsidiary, "2019-03-01", "funds_invested", "1500000.00", COUNTY)
    entry("T-2", w.group, "2019-06-01", "funds_invested", "700000.00", COUNTY)
    entry("T-3", w.subsidiary, "2019-07-01", "jobs_direct", "80", COUNTY)
    entry("T-4", w.subsidiary, "2020-01-05", "jobs_direct", "5", COUNTY)  # after the year
    return w


def texts(document: Document) -> list[str]:
    """Every string the document prints: title block, headings, paragraphs, table cells."""
    out = [document.title.title, document.title.issuer, document.title.period]

    def walk(sections: list[Section]) -> None:
        for section in sections:
            out.append(section.heading)
            for block in section.blocks:
                if isinstance(block, Paragraph):
                    out.append(block.text)
                elif isinstance(block, Table):
                    out.extend([block.caption, block.note])
                    out.extend(f"{c.label} {c.unit}" for c in block.columns)
                    out.extend(str(cell) for row in block.rows for cell in row if cell is not None)
                else:
                    out.append(getattr(block, "caption", ""))
                    out.extend(getattr(block, "categories", []))
                    out.extend(s.name for s in getattr(block, "series", []))
            walk(section.subsections)

    walk(document.sections)
    return out


def section(document: Document, heading: str) -> Section:
    return next(s for s in document.sections if s.heading == heading)


def client_of(person) -> Client:
    client = Client(HTTP_ACCEPT_LANGUAGE="zh-hans")
    client.force_login(person)
    return client


def test_the_unit_report_states_the_figures_of_its_tree_in_the_period(world):
    report = unit_document(world.group, *YEAR, language="zh-hans", made=dt.date(2020, 1, 10))
    doc = report.document
    assert doc.title.title == "首钢集团有限公司2019年度定点扶贫工作报告"
    assert doc.title.period == "2019年1月1日至2019年12月31日"
    assert [s.heading for s in doc.sections] == [
        "基本情况", "责任书完成情况", "帮扶资金和物资投向", "选派干部", "帮扶项目", "考核评价",
        "问题整改", "帮扶地区监测情况",
    ]  # fmt: skip
    pledges = section(doc, "责任书完成情况")
    assert pledges.blocks[0].text == (
        "截至2019年12月31日，直接投入帮扶资金220万元，完成计划的110%；"
        "直接带动就业80人，完成计划的80%。"
    )
    table = next(b for b in pledges.blocks if isinstance(b, Table))
    assert table.rows[0] == ["直接投入帮扶资金", "元", 2000000, 2200000, 110]
    assert table.rows[1][2:] == [100, 80, 80]
    where = section(doc, "帮扶资金和物资投向")
    county = next(b for b in where.blocks if isinstance(b, Table))
    assert county.rows[0][:2] == ["阳原县", 2200000]
    assert report.figures["delivered"]["funds_invested"] == "2200000.00"
    assert report.figures["counties"] == {"paired": 1, "exited": 0}
    basics = section(doc, "基本情况").blocks[0].text
    assert "结对帮扶的1个县中，截至2019年12月31日已有0个县脱贫摘帽" in basics


def test_the_english_report_has_no_chinese_labels_only_names(world):
    report = unit_document(world.group, *YEAR, language="en")
    printed = texts(report.document)
    assert report.document.title.title == "首钢集团有限公司: poverty-alleviation work report, 2019"
    assert any("Funds put in directly 2.2 million yuan, 110% of the target" in t for t in printed)
    names = {world.group.name, world.subsidiary.name, world.other_unit.name, "阳原县"}
    names |= {p.name for p in (world.project, world.other_project)}
    runs = {run for name in names for run in CJK.findall(name)}
    found = {run for text in printed for run in CJK.findall(text)}
    assert found and found <= runs, found - runs
    from fupin.regions.models import Region

    region = region_document(Region.objects.get(code=COUNTY), *YEAR, language="en").document
    assert region.title.title == "阳原县: poverty-alleviation work report, 2019"
    found = {run for text in texts(region) for run in CJK.findall(text)}
    assert found and found <= runs, found - runs


def test_a_chosen_case_is_a_sub_section_with_its_text_and_photo(world):
    chosen = case(world)
    case_services.case_photo_add(case=chosen, upload=upload(), caption="种苗发放", actor=None)
    other = case(world, unit=world.other_unit, region="130824", title="滦平县矿业", projects=[],
                 households=[])  # fmt: skip
    report = unit_document(world.group, *YEAR, language="zh-hans", cases=[chosen.pk])
    cases = report.document.sections[-1]
    assert cases.heading == "典型案例"
    assert [s.heading for s in cases.subsections] == ["阳原县牡丹庭院经济"]
    blocks = cases.subsections[0].blocks
    assert blocks[0].text == "地区：阳原县；帮扶单位：首钢技师学院；年度：2019年。"
    photo = blocks[-1]
    assert photo.caption == "种苗发放" and Path(photo.path).is_file()
    with pytest.raises(InvalidInput, match=str(other.pk)):
        unit_document(world.group, *YEAR, language="zh-hans", cases=[other.pk])


def test_the_region_report_lists_the_units_paired_there_and_what_they_delivered(world):
    from fupin.regions.models import Region

    report = region_document(Region.objects.get(code=COUNTY), *YEAR, language="zh-hans")
    doc = report.document
    assert doc.title.title == "阳原县2019年度脱贫攻坚工作报告"
    help_ = section(doc, "帮扶力量和帮扶成效")
    assert help_.blocks[0].text.startswith("2019年，1家帮扶单位与阳原县及所辖地区结对帮扶")
    tables = {b.caption: b for b in help_.blocks if isinstance(b, Table)}
    per_unit = tables["各帮扶单位在本地区落实情况"]
    assert per_unit.rows == [["首钢技师学院", 1500000, 80]]
    assert report.figures["delivered"] == {"funds_invested": "2200000.00", "jobs_direct": "80"}


def test_a_report_of_a_unit_the_user_may_not_see_is_refused_and_nothing_is_queued(world):
    with pytest.raises(NotFound):
        work_report_enqueue(unit=world.other_unit.pk, start=YEAR[0], end=YEAR[1],
                            language="zh-hans", fmt="pdf", actor=world.group_user)  # fmt: skip
    with pytest.raises(NotFound):
        work_report_enqueue(region="130824", start=YEAR[0], end=YEAR[1], language="en",
                            fmt="docx", actor=world.county)  # fmt: skip
    client = client_of(world.group_user)
    assert client.get(PAGE, {"unit": world.other_unit.pk}).status_code == 404
    asked = {"start": "2019-01-01", "end": "2019-12-31", "language": "zh-hans", "fmt": "pdf"}
    answer = client.post(PAGE, {"unit": world.other_unit.pk, **asked})
    assert answer.status_code == 404
    assert client_of(world.county).get(PAGE, {"region": "130824"}).status_code == 404
    assert not Job.objects.exists()


def test_bad_options_are_refused_on_their_field_and_nothing_is_queued(world):
    client = client_of(world.group_user)
    asked = {"start": "2019-12-31", "end": "2019-01-01", "language": "zh-hans", "fmt": "pdf"}
    answer = client.post(PAGE, {"unit": world.group.pk, **asked})
    assert answer.status_code == 200
    assert "结束日期早于开始日期" in answer.content.decode()
    with pytest.raises(InvalidInput, match="格式"):
        work_report_enqueue(unit=world.group.pk, start=YEAR[0], end=YEAR[1],
                            language="zh-hans", fmt="odt", actor=world.group_user)  # fmt: skip
    assert not Job.objects.exists()


def test_the_page_offers_the_units_cases_and_queues_the_job_run_through_the_queue(world):
    chosen = case(world)
    client = client_of(world.group_user)
    page = client.get(PAGE, {"unit": world.group.pk}).content.decode()
    assert f'value="{chosen.pk}"' in page and "阳原县牡丹庭院经济" in page
    answer = client.post(PAGE, {"unit": world.group.pk, "start": "2019-01-01", "end":
                                "2019-12-31", "language": "zh-hans", "fmt": "pdf",
                                "cases": [chosen.pk]})  # fmt: skip
    job = Job.objects.get()
    assert answer.status_code == 302 and answer["Location"] == f"/jobs/{job.pk}/"
    assert job.kind == "work_report" and job.params["cases"] == [chosen.pk]
    ran = job_run_next()
    assert ran.pk == job.pk and ran.status == JobStatus.DONE, ran.message
    assert (ran.stage, ran.done, ran.total) == ("已完成", 3, 3)
    assert ran.result_file.endswith("/首钢集团有限公司-工作报告-2019-01-01至2019-12-31.pdf")
    assert ran.result["figures"]["delivered"]["funds_invested"] == "2200000.00"
    text = extract_text(ran.result_file)
    assert "2,200,000.00" in text and "阳原县牡丹庭院经济" in text
    listed = client.get(PAGE).content.decode()
    assert f"/jobs/{job.pk}/result/" in listed
    download = client.get(f"/jobs/{job.pk}/result/")
    assert download.status_code == 200 and b"".join(download.streaming_content)[:5] == b"%PDF-"


def test_the_command_writes_the_file_and_says_what_is_wrong_in_one_line(world, tmp_path, capsys):
    out = tmp_path / "report.pdf"
    call_command("report", "work", "--unit", world.group.credit_code, "--year", "2019",
                 "--lang", "en", "--out", str(out))  # fmt: skip
    said = capsys.readouterr().out
    assert "1/3 drawing charts" in said and f"wrote {out}" in said
    assert "2,200,000.00" in extract_text(out)
    bad = tmp_path / "bad.pdf"
    with pytest.raises(CommandError, match="no unit 没有这个单位"):
        call_command("report", "work", "--unit", "没有这个单位", "--year", "2019",
                     "--out", str(bad))  # fmt: skip
    with pytest.raises(CommandError, match="--from 2019-02-30: not a date"):
        call_command("report", "work", "--unit", world.group.name, "--from", "2019-02-30",
                     "--to", "2019-12-31", "--out", str(bad))  # fmt: skip
    with pytest.raises(CommandError, match=r"give a \.docx or \.pdf file"):
        call_command("report", "work", "--unit", world.group.name, "--year", "2019",
                     "--out", str(tmp_path / "report.txt"))  # fmt: skip
    with pytest.raises(CommandError, match="典型案例 999 不属于该报告对象"):
        call_command("report", "work", "--unit", world.group.name, "--year", "2019",
                     "--case", "999", "--out", str(bad))  # fmt: skip
    assert not bad.exists() and not Job.objects.exists()


def test_a_county_office_queues_its_leading_groups_report_in_word(world, tmp_path):
    from docx import Document as Docx

    client = client_of(world.county)
    page = client.get(PAGE, {"region": COUNTY}).content.decode()
    assert "阳原县的工作报告" in page
    asked = {"start": "2019-01-01", "end": "2019-12-31", "language": "en", "fmt": "docx"}
    answer = client.post(PAGE, {"region": COUNTY, **asked})
    job = Job.objects.get()
    assert answer["Location"] == f"/jobs/{job.pk}/" and job.params["region"] == COUNTY
    ran = job_run_next()
    assert ran.status == JobStatus.DONE, ran.message
    assert ran.result_file.endswith("/阳原县-work-report-2019-01-01-to-2019-12-31.docx")
    document = Docx(ran.result_file)
    text = "\n".join(p.text for p in document.paragraphs)
    cells = {c.text for t in document.tables for row in t.rows for c in row.cells}
    assert "阳原县: poverty-alleviation work report, 2019" in text
    assert "首钢技师学院" in cells and "1,500,000.00" in cells


def test_rectification_counts_the_units_findings_of_the_period_and_those_still_open(world):
    from fupin.supervision import findings

    def finding(unit, found_on: str, *deadlines: str) -> None:
        found = findings.finding_create(
            source="inspection", found_by="巡视组", found_on=dt.date.fromisoformat(found_on),
            category="work", text=f"{unit.name}的问题", unit=unit, issuer_unit=unit, actor=None,
        )  # fmt: skip
        for deadline in deadlines:
            findings.rectification_add(
                finding=found, requirement="整改", deadline=dt.date.fromisoformat(deadline),
                owner_unit=unit, actor=None,
            )  # fmt: skip

    finding(world.subsidiary, "2019-05-01", "2019-08-01", "2020-06-30")
    finding(world.subsidiary, "2018-03-01", "2018-12-31")  # before the period, still open
    finding(world.other_unit, "2019-05-01", "2019-08-01")  # another unit's
    report = unit_document(world.group, *YEAR, language="zh-hans", made=dt.date(2020, 1, 10))
    rectification = section(report.document, "问题整改")
    assert rectification.blocks[0].text == (
        "报告期内涉及的反馈问题2个，整改任务3项：已销号0项，待销号0项，整改中3项，"
        "其中2项已超过整改期限（截至2020年1月10日）。"
    )
    table = rectification.blocks[1]
    assert [row[0] for row in table.rows] == ["2019-05-01", "2018-03-01"]
    assert [row[3:] for row in table.rows] == [[2, 0, 1], [1, 0, 1]]


def test_the_page_lists_the_users_recent_reports_in_a_fixed_number_of_queries(world):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = client_of(world.group_user)

    def queries() -> int:
        with CaptureQueriesContext(connection) as counted:
            assert client.get(PAGE, {"unit": world.group.pk}).status_code == 200
        return len(counted.captured_queries)

    for _ in range(2):
        work_report_enqueue(unit=world.group.pk, start=YEAR[0], end=YEAR[1], language="en",
                            fmt="pdf", actor=world.group_user)  # fmt: skip
    before = queries()
    for _ in range(3):
        work_report_enqueue(unit=world.subsidiary.pk, start=YEAR[0], end=YEAR[1],
                            language="zh-hans", fmt="docx", actor=world.group_user)  # fmt: skip
    assert queries() == before
    page = client.get(PAGE).content.decode()
    assert len(re.findall(r'href="/jobs/\d+/"', page)) == 5


def test_a_job_whose_user_no_longer_sees_the_unit_fails_without_a_file(world, settings):
    job = work_report_enqueue(unit=world.group.pk, start=YEAR[0], end=YEAR[1],
                              language="zh-hans", fmt="docx", actor=world.group_user)  # fmt: skip
    world.group_user.units.clear()
    ran = job_run_next()
    assert ran.pk == job.pk and ran.status == JobStatus.FAILED
    assert ran.message == f"no unit {world.group.pk}" and ran.result_file == ""
    assert not list(Path(settings.DATA_DIR).rglob("*.docx"))


def test_a_case_of_the_unit_the_user_may_not_see_is_refused(world):
    hidden = case(world, unit=world.other_unit, title="阳原县的案例", projects=[], households=[])
    with pytest.raises(InvalidInput, match=f"典型案例 {hidden.pk} 不属于该报告对象"):
        work_report_enqueue(unit=world.other_unit.pk, start=YEAR[0], end=YEAR[1],
                            language="zh-hans", fmt="pdf", cases=[hidden.pk],
                            actor=world.other_county)  # fmt: skip
    assert not Job.objects.exists()
    job = work_report_enqueue(unit=world.other_unit.pk, start=YEAR[0], end=YEAR[1],
                              language="zh-hans", fmt="pdf", cases=[hidden.pk],
                              actor=world.admin)  # fmt: skip
    assert job.params["cases"] == [hidden.pk]
