"""The demo's work reports state the seeds' figures: Shougang's for 2019-01-01 to 2020-06-30
(seed 003) in Word and PDF, Baowu's 10 counties and 6 exits by mid-2019 (seed 002),
Minmetals' 12 officials, 5 awarded and its grade rising from 一般 to 好 (seed 001, 2018),
Qinghai's leading group and its responsibility assessment (seed 004); the English report
prints no Chinese but names. Each unit's document is composed once per module."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
from docx import Document as Docx
from pdfminer.high_level import extract_text

from fupin.assistance.selectors import unit_of
from fupin.regions.models import Region
from fupin.reports.annual.compose import region_document, unit_document
from fupin.reports.annual.document import Paragraph, Section, Table
from fupin.reports.annual.render_docx import docx_write
from fupin.reports.annual.render_pdf import pdf_write

pytestmark = [pytest.mark.django_db, pytest.mark.slow]
CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff\u3000-\u303f\uff00-\uffef]+")
PERIODS = {
    "首钢集团有限公司": (dt.date(2019, 1, 1), dt.date(2020, 6, 30)),
    "中国宝武钢铁集团有限公司": (dt.date(2019, 1, 1), dt.date(2019, 6, 30)),
    "中国五矿集团有限公司": (dt.date(2018, 1, 1), dt.date(2018, 12, 31)),
}
_made: dict[tuple[str, str], object] = {}


def report(name: str, language: str = "zh-hans"):
    """The unit's report of its seed's period, composed once per module."""
    key = (name, language)
    if key not in _made:
        _made[key] = unit_document(unit_of(name), *PERIODS[name], language=language)
    return _made[key]


def printed(sections: list[Section]) -> str:
    out = []
    for section in sections:
        out.append(section.heading)
        for block in section.blocks:
            if isinstance(block, Paragraph):
                out.append(block.text)
            elif isinstance(block, Table):
                out.append(" ".join(c.label for c in block.columns))
                out.extend(" ".join(str(c) for c in row if c is not None) for row in block.rows)
        out.append(printed(section.subsections))
    return "\n".join(out)


def docx_text(path: Path) -> str:
    document = Docx(str(path))
    cells = [c.text for t in document.tables for row in t.rows for c in row.cells]
    return "\n".join([p.text for p in document.paragraphs] + cells)


SHOUGANG_FIGURES = (
    "33,000,000.00",  # 直接投入帮扶资金 (元)
    "266,000,000.00",  # 购买农产品 (元)
    "1,050,000.00",  # 捐赠 (元)
)


def test_shougangs_report_states_seed_003s_figures_in_word_and_pdf(small_demo, tmp_path):
    made = report("首钢集团有限公司")
    text = printed(made.document.sections)
    assert (
        made.document.title.title == "首钢集团有限公司2019年1月1日至2020年6月30日定点扶贫工作报告"
    )
    assert "截至2020年6月30日，直接投入帮扶资金3,300万元" in text
    assert "购买农产品2.66亿元" in text and "捐赠105万元" in text
    for clause in ("直接带动就业416人", "间接带动就业300人", "带动建档立卡人员就业15人",
                   "招收学生45人", "招聘毕业生41人"):  # fmt: skip
        assert clause in text
    assert made.figures["delivered"]["funds_invested"] == "33000000.00"
    docx, pdf = tmp_path / "shougang.docx", tmp_path / "shougang.pdf"
    docx_write(made.document, docx)
    pdf_write(made.document, pdf)
    for written in (docx_text(docx), extract_text(str(pdf))):
        for figure in SHOUGANG_FIGURES:
            assert figure in written
        # a line (or a page, with its footer) may break inside a sentence
        compact = re.sub(
            r"首钢集团有限公司—\d+—|—\d+—首钢集团有限公司", "", "".join(written.split())
        )
        assert "直接带动就业416人" in compact and "间接带动就业300人" in compact
        assert "招收学生45人" in compact and "招聘毕业生41人" in compact
        assert "带动建档立卡人员就业15人" in compact
        assert "典型案例" not in compact  # none chosen


def test_baowu_minmetals_and_qinghai_reports_state_counties_cadres_and_grades(small_demo, tmp_path):
    baowu = printed(report("中国宝武钢铁集团有限公司").document.sections)
    assert "结对帮扶的10个县中，截至2019年6月30日已有6个县脱贫摘帽" in baowu
    for county in ("仲巴县", "罗田县", "镇沅彝族哈尼族拉祜族自治县"):
        assert f"{county}（2019年4月30日）" in baowu
    minmetals = report("中国五矿集团有限公司").document
    text = printed(minmetals.sections)
    assert "报告期内在岗的选派干部12人，其中5人受到表彰。" in text
    assert "2017年度考核评价等次为“一般”，2018年度为“好”（一般 → 好），较上年提升。" in text
    cadres = next(s for s in minmetals.sections if s.heading == "选派干部")
    table = next(b for b in cadres.blocks if isinstance(b, Table))
    assert len(table.rows) == 12
    assert sum(1 for row in table.rows if "2018年度优秀扶贫挂职干部" in row[-1]) == 5
    qinghai = region_document(
        Region.objects.get(code="63"), dt.date(2019, 1, 1), dt.date(2019, 12, 31),
        language="zh-hans",
    ).document  # fmt: skip
    assert qinghai.title.issuer == "青海省扶贫开发工作领导小组"
    assessed = next(s for s in qinghai.sections if s.heading == "责任考核")
    grades = {row[1]: row[3] for row in assessed.blocks[1].rows}
    assert len(grades) == 13 and grades["西宁市"] == "好"
    pdf = tmp_path / "minmetals.pdf"
    pdf_write(minmetals, pdf)
    compact = "".join(extract_text(str(pdf)).split())
    assert "选派干部12人，其中5人受到表彰" in compact and "（一般→好）" in compact


def test_the_english_report_prints_no_chinese_but_names(small_demo):
    from fupin.assistance.models import Cadre, CadreAward, GroupMember, Project, Unit

    made = report("中国五矿集团有限公司", "en").document
    text = printed(made.sections) + made.title.title
    assert "12 dispatched cadres were in post in the period; 5 of them were awarded." in text
    assert "(average → good), a rise on the year before" in text
    names = [
        *Unit.objects.values_list("name", flat=True),
        *Region.objects.filter(code__startswith="43").values_list("name", flat=True),
        *Region.objects.filter(code__startswith="53").values_list("name", flat=True),
        *Cadre.objects.values_list("name", flat=True),
        *Cadre.objects.values_list("post", flat=True),
        *CadreAward.objects.values_list("title", flat=True),
        *GroupMember.objects.values_list("person", flat=True),
        *GroupMember.objects.values_list("post", flat=True),
        *Project.objects.values_list("name", flat=True),
        "中国五矿扶贫工作领导小组",
    ]
    known = {run for name in names for run in CJK.findall(name)}
    found = set(CJK.findall(text))
    assert found and found <= known, sorted(found - known)


def test_this_years_report_states_the_monitored_households_of_the_paired_counties(small_demo):
    from django.utils import timezone

    from fupin.monitoring.models import Case
    from fupin.monitoring.selectors import cases_in_year

    year = timezone.localdate().year
    made = unit_document(
        unit_of("首钢集团有限公司"), dt.date(year, 1, 1), dt.date(year, 12, 31), language="zh-hans"
    )
    monitoring = next(s for s in made.document.sections if s.heading == "帮扶地区监测情况")
    table = next(b for b in monitoring.blocks if isinstance(b, Table))
    yangyuan = next(row for row in table.rows if row[0] == "阳原县")
    monitored = cases_in_year(Case.objects.filter(village__code__startswith="130727"), year)
    assert yangyuan[1] == monitored.count() > 0
    assert f"纳入监测的农户{monitored.count()}户" in monitoring.blocks[0].text
