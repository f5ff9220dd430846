"""The work report's writers: a Document built by hand, in Chinese and in English, written as
Word and as PDF, and read back as a reader's programs read them (python-docx, pdfminer)."""

from __future__ import annotations

import datetime as dt
import io
import os
import re
import shutil
import subprocess
import warnings
from decimal import Decimal
from pathlib import Path

import pytest
from docx import Document as open_docx
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Cm
from pdfminer.high_level import extract_text
from pdfminer.pdfdocument import PDFDocument
from pdfminer.pdfpage import PDFPage
from pdfminer.pdfparser import PDFParser
from pdfminer.pdftypes import resolve1
from pdfminer.utils import decode_text
from PIL import Image

from fupin.core.errors import InvalidInput
from fupin.reports.annual import fonts
from fupin.reports.annual.charts import chart_png
from fupin.reports.annual.document import (
    Chart,
    Column,
    Document,
    Paragraph,
    Photo,
    Section,
    Series,
    Table,
    TitleBlock,
)
from fupin.reports.annual.render_common import (
    balanced_lines,
    caption_text,
    cell_text,
    chinese_number,
    date_text,
    heading_text,
)
from fupin.reports.annual.render_docx import docx_write
from fupin.reports.annual.render_pdf import pdf_write

CJK = re.compile(r"[\u3000-\u303f\u3400-\u9fff\uff00-\uffef]")
TEXT_ZH = (
    "集团公司深入学习贯彻习近平总书记关于扶贫工作的重要论述，把定点扶贫作为重大政治任务，"
    "全年投入无偿帮扶资金3,300万元，培训基层干部416人，帮助销售农产品2,200万元。"
)
TEXT_EN = (
    "The group treated its paired counties as a political task. In the year it granted 33"
    " million yuan, trained 416 local cadres and helped sell 22 million yuan of farm produce."
)


def _photo(folder: Path) -> str:
    path = folder / "site.png"
    image = Image.new("RGB", (640, 400), "#dbeafe")
    image.paste((22, 163, 74), (80, 200, 560, 380))
    image.save(path)
    return str(path)


def chinese_document(folder: Path, *, length: int = 5) -> Document:
    table = Table(
        "帮扶指标完成情况",
        [
            Column("指标"),
            Column("目标", "元", True),
            Column("完成", "元", True),
            Column("人数", "人", True),
        ],
        [
            ["投入无偿帮扶资金", Decimal("30000000"), Decimal("33000000"), None],
            ["培训基层干部", None, None, 416],
            ["购买贫困地区农产品", Decimal("5000000.5"), Decimal("22000000"), 1416],
        ],
        note="完成数据截至2020年6月30日。",
    )
    bar = Chart(
        "各县投入资金",
        "bar",
        ["赤城县", "丰宁满族自治县", "云县"],
        [Series("2019年", [1200.5, 3300, 2210]), Series("2020年", [1500, 3600, 2500])],
        unit="万元",
    )
    pie = Chart(
        "资金构成",
        "pie",
        ["无偿帮扶", "引进资金", "消费扶贫"],
        [Series("资金", [3300, 1200, 2200])],
    )
    return Document(
        TitleBlock(
            "首钢集团有限公司2019年度定点扶贫工作报告",
            "首钢集团有限公司扶贫工作领导小组",
            "2019年1月1日至2020年6月30日",
            dt.date(2020, 7, 15),
            recipient="国务院扶贫开发领导小组办公室",
            number="首钢扶〔2020〕1号",
        ),
        [
            Section(
                "基本情况",
                [Paragraph(TEXT_ZH)],
                [
                    Section("组织领导", [Paragraph(TEXT_ZH)] * length),
                    Section("资金投入", [table, Paragraph(TEXT_ZH)]),
                ],
            ),
            Section(
                "主要做法和成效",
                [Paragraph(TEXT_ZH)],
                [
                    Section("产业帮扶", [bar, *[Paragraph(TEXT_ZH)] * length]),
                    Section("消费扶贫", [pie, Photo(_photo(folder), "赤城县帮扶项目现场")]),
                ],
            ),
        ],
        "zh-hans",
        footer="首钢集团有限公司",
    )


def english_document(folder: Path, *, length: int = 5) -> Document:
    table = Table(
        "Targets and results",
        [
            Column("Indicator"),
            Column("Target", "yuan", True),
            Column("Delivered", "yuan", True),
            Column("People", "persons", True),
        ],
        [
            ["Grants", Decimal("30000000"), Decimal("33000000"), None],
            ["Local cadres trained", None, None, 416],
            ["Farm produce bought", Decimal("5000000.5"), Decimal("22000000"), 1416],
        ],
        note="Figures as of 30 June 2020.",
    )
    bar = Chart(
        "Funds by county",
        "bar",
        ["Chicheng", "Fengning Manchu Autonomous County", "Yun"],
        [Series("2019", [1200.5, 3300, 2210]), Series("2020", [1500, 3600, 2500])],
        unit="10,000 yuan",
    )
    pie = Chart(
        "Funds by kind",
        "pie",
        ["Grants", "Attracted", "Produce"],
        [Series("Funds", [3300, 1200, 2200])],
    )
    return Document(
        TitleBlock(
            "Shougang Group 2019 Report on Paired Poverty Alleviation",
            "Shougang Group Co., Ltd.",
            "1 January 2019 to 30 June 2020",
            dt.date(2020, 7, 15),
            recipient="Poverty Alleviation Office of the State Council",
        ),
        [
            Section(
                "Overview",
                [Paragraph(TEXT_EN)],
                [
                    Section("Leadership", [Paragraph(TEXT_EN)] * length),
                    Section("Funds", [table, Paragraph(TEXT_EN)]),
                ],
            ),
            Section(
                "What was done",
                [Paragraph(TEXT_EN)],
                [
                    Section("Industries", [bar, *[Paragraph(TEXT_EN)] * length]),
                    Section(
                        "Buying produce", [pie, Photo(_photo(folder), "A project in Chicheng")]
                    ),
                ],
            ),
        ],
        "en",
        footer="Shougang Group",
    )


@pytest.fixture(scope="module")
def written(tmp_path_factory):
    """Both reports in both formats, written once for the module's tests."""
    folder = tmp_path_factory.mktemp("reports")
    paths = {}
    for language, build in (("zh", chinese_document), ("en", english_document)):
        document = build(folder)
        paths[language, "docx"] = folder / f"{language}.docx"
        paths[language, "pdf"] = folder / f"{language}.pdf"
        docx_write(document, paths[language, "docx"])
        pdf_write(document, paths[language, "pdf"])
    return paths


def _pdf_pages(path: Path) -> list[str]:
    with path.open("rb") as file:
        count = sum(1 for _ in PDFPage.get_pages(file))
    return [extract_text(path, page_numbers=[n]) for n in range(count)]


def _docx_texts(path: Path) -> tuple[list[tuple[str, str]], list[list[str]]]:
    word = open_docx(path)
    paragraphs = [(p.style.name, p.text) for p in word.paragraphs]
    tables = [[cell.text for cell in row.cells] for table in word.tables for row in table.rows]
    return paragraphs, tables


# -- what both writers share -----------------------------------------------------------------


def test_cells_are_shown_with_separators_two_places_for_money_and_a_dash_for_nothing():
    money, people, rate = (
        Column("资金", "元", True),
        Column("人数", "人", True),
        Column("率", "%", True),
    )
    assert cell_text(Decimal("33000000"), money) == "33,000,000.00"
    assert cell_text(Decimal("0.005"), money) == "0.01"  # half up, as the ledger rounds
    assert cell_text(416, people) == "416"
    assert cell_text(1416, people) == "1,416"
    assert cell_text(None, people) == "—"
    assert cell_text(Decimal("98.5"), rate) == "98.50"
    assert cell_text(Decimal("1250"), rate) == "1250.00"  # percentage points, no separator
    assert cell_text("赤城县", Column("县")) == "赤城县"


def test_headings_and_captions_are_numbered_in_each_language():
    assert [chinese_number(n) for n in (1, 9, 10, 11, 20, 23)] == [
        "一",
        "九",
        "十",
        "十一",
        "二十",
        "二十三",
    ]
    assert heading_text("基本情况", (2,), True) == "二、基本情况"
    assert heading_text("组织领导", (2, 3), True) == "（三）组织领导"
    assert heading_text("党建", (1, 1, 2), True) == "2. 党建"
    assert heading_text("Overview", (2,), False) == "2. Overview"
    assert heading_text("Leadership", (2, 3), False) == "2.3 Leadership"
    assert heading_text("一、基本情况", (1,), True) == "一、基本情况"  # already numbered
    assert caption_text("帮扶指标", "table", 3, True) == "表3 帮扶指标"
    assert caption_text("Funds", "figure", 2, False) == "Figure 2 Funds"
    assert caption_text("表1 帮扶指标", "table", 3, True) == "表1 帮扶指标"
    assert date_text(dt.date(2020, 7, 15), True) == "2020年7月15日"
    assert date_text(dt.date(2020, 7, 5), False) == "5 July 2020"


def test_a_long_title_is_broken_into_even_lines():
    lines = balanced_lines("首钢集团有限公司2019年度定点扶贫工作报告", 19.5)
    assert lines == ["首钢集团有限公司2019", "年度定点扶贫工作报告"]
    assert balanced_lines("定点扶贫工作报告", 19.5) == ["定点扶贫工作报告"]


# -- charts ------------------------------------------------------------------------------------


def test_a_chart_is_a_png_of_the_width_asked_and_the_same_bytes_each_time():
    chart = Chart(
        "投入",
        "bar",
        ["甲县", "乙县"],
        [Series("2019年", [1, 2]), Series("2020年", [3, 4])],
        "万元",
    )
    png = chart_png(chart, width_cm=15.6)
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    assert Image.open(io.BytesIO(png)).width == round(15.6 / 2.54 * 200)
    assert chart_png(chart, width_cm=15.6) == png
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # matplotlib warns of each glyph it has not
        english = chart_png(chart, width_cm=15.6, chinese=False)
    assert english != png  # "Unit: 万元", not "单位：", Chinese names still drawn
    line = Chart("Lifted", "line", ["2019", "2020"], [Series("People", [1200, 16416])])
    assert chart_png(line, width_cm=10) != chart_png(
        Chart("Lifted", "line", ["2019", "2020"], [Series("People", [1200, 1])]), width_cm=10
    )


def test_a_series_of_the_wrong_length_is_refused_naming_it():
    chart = Chart("投入", "bar", ["甲县", "乙县"], [Series("2020年", [3])])
    with pytest.raises(InvalidInput, match="series '2020年': 1 values for 2 categories"):
        chart_png(chart, width_cm=15)


def test_a_pie_of_negative_values_is_refused():
    chart = Chart("构成", "pie", ["甲", "乙"], [Series("资金", [3, -1])])
    with pytest.raises(InvalidInput, match="negative"):
        chart_png(chart, width_cm=15)


# -- Word --------------------------------------------------------------------------------------


def test_the_chinese_docx_has_the_title_block_numbered_headings_and_the_figures(written):
    paragraphs, cells = _docx_texts(written["zh", "docx"])
    texts = [text for _, text in paragraphs]
    assert texts[:6] == [
        "首钢扶〔2020〕1号",
        "首钢集团有限公司2019\n年度定点扶贫工作报告",
        "首钢集团有限公司扶贫工作领导小组",
        "（2019年1月1日至2020年6月30日）",
        "2020年7月15日",
        "国务院扶贫开发领导小组办公室：",
    ]
    headings = [(style, text) for style, text in paragraphs if style.startswith("Heading")]
    assert headings == [
        ("Heading 1", "一、基本情况"),
        ("Heading 2", "（一）组织领导"),
        ("Heading 2", "（二）资金投入"),
        ("Heading 1", "二、主要做法和成效"),
        ("Heading 2", "（一）产业帮扶"),
        ("Heading 2", "（二）消费扶贫"),
    ]
    assert "表1 帮扶指标完成情况" in texts
    assert [t for t in texts if t.startswith("图")] == [
        "图1 各县投入资金",
        "图2 资金构成",
        "图3 赤城县帮扶项目现场",
    ]
    assert "注：完成数据截至2020年6月30日。" in texts
    assert cells[0] == ["指标", "目标（元）", "完成（元）", "人数（人）"]
    assert cells[1] == ["投入无偿帮扶资金", "30,000,000.00", "33,000,000.00", "—"]
    assert cells[2] == ["培训基层干部", "—", "—", "416"]
    assert cells[3] == ["购买贫困地区农产品", "5,000,000.50", "22,000,000.00", "1,416"]


def test_the_docx_is_an_a4_page_with_official_margins_repeated_header_and_right_aligned_numbers(
    written,
):
    word = open_docx(written["zh", "docx"])
    section = word.sections[0]
    assert (round(section.page_width.cm, 1), round(section.page_height.cm, 1)) == (21.0, 29.7)
    assert round(section.top_margin.cm, 2) == 3.7 and round(section.left_margin.cm, 2) == 2.8
    table = word.tables[0]
    header = table.rows[0]._tr.trPr
    assert header is not None and header.find(qn("w:tblHeader")) is not None
    assert all(row._tr.trPr.find(qn("w:tblHeader")) is None for row in table.rows[1:])
    amount = table.rows[1].cells[2].paragraphs[0]
    assert amount.text == "33,000,000.00" and amount.alignment == WD_ALIGN_PARAGRAPH.RIGHT
    assert table.rows[1].cells[0].paragraphs[0].alignment == WD_ALIGN_PARAGRAPH.LEFT
    assert all(cell.paragraphs[0].runs[0].bold for cell in table.rows[0].cells)


def test_the_docx_has_a_picture_per_chart_and_photo_at_the_text_width(written):
    word = open_docx(written["zh", "docx"])
    shapes = word.inline_shapes
    assert len(shapes) == 3  # two charts and the photo
    assert all(abs(shape.width - Cm(15.6)) < Cm(0.01) for shape in shapes)


def test_the_docx_footer_has_a_page_field_and_the_styles_name_the_east_asian_font(written):
    family = fonts.cjk_font().family
    word = open_docx(written["zh", "docx"])
    section = word.sections[0]
    for footer in (section.footer, section.even_page_footer):
        xml = footer._element.xml
        assert " PAGE " in xml and "首钢集团有限公司" in xml
        assert "— " in footer.paragraphs[0].text
    for name in ("Normal", "Body Text", "Heading 1", "Heading 2", "Caption", "Table Text"):
        fonts_element = word.styles[name].element.rPr.find(qn("w:rFonts"))
        assert fonts_element.get(qn("w:eastAsia")) == family, name
        assert fonts_element.get(qn("w:eastAsiaTheme")) is None, name
    body = word.styles["Body Text"].element.pPr.find(qn("w:ind"))
    assert body.get(qn("w:firstLineChars")) == "200"  # two characters' indent
    assert word.core_properties.title == "首钢集团有限公司2019年度定点扶贫工作报告"
    assert word.core_properties.author == "首钢集团有限公司扶贫工作领导小组"


def test_the_english_docx_numbers_1_and_1_1_and_pages_n_of_m(written):
    paragraphs, cells = _docx_texts(written["en", "docx"])
    texts = [text for _, text in paragraphs]
    assert texts[:5] == [
        "Shougang Group 2019 Report on Paired Poverty Alleviation",
        "Shougang Group Co., Ltd.",
        "(1 January 2019 to 30 June 2020)",
        "15 July 2020",
        "To: Poverty Alleviation Office of the State Council",
    ]
    headings = [text for style, text in paragraphs if style.startswith("Heading")]
    assert headings[:3] == ["1. Overview", "1.1 Leadership", "1.2 Funds"]
    assert "Table 1 Targets and results" in texts and "Figure 2 Funds by kind" in texts
    assert cells[0] == ["Indicator", "Target (yuan)", "Delivered (yuan)", "People (persons)"]
    assert cells[1][2] == "33,000,000.00" and cells[2][3] == "416"
    footer = open_docx(written["en", "docx"]).sections[0].footer
    assert " PAGE " in footer._element.xml and " NUMPAGES " in footer._element.xml
    assert not any(CJK.search(text) for text in texts + [c for row in cells for c in row])


# -- PDF ---------------------------------------------------------------------------------------


def test_the_chinese_pdf_reads_back_as_chinese_with_the_figures_and_page_numbers(written):
    pages = _pdf_pages(written["zh", "pdf"])
    assert len(pages) > 1
    text = "".join(pages)
    for expected in (
        "首钢扶〔2020〕1号",
        "年度定点扶贫工作报告",
        "2020年7月15日",
        "国务院扶贫开发领导小组办公室：",
        "一、基本情况",
        "（一）组织领导",
        "二、主要做法和成效",
        "表1 帮扶指标完成情况",
        "目标（元）",
        "33,000,000.00",
        "5,000,000.50",
        "416",
        "1,416",
        "注：完成数据截至2020年6月30日。",
        "图1 各县投入资金",
        "图3 赤城县帮扶项目现场",
    ):
        assert expected in text, expected
    for number, page in enumerate(pages, start=1):
        assert f"— {number} —" in page
        assert "首钢集团有限公司" in page


def test_the_pdf_embeds_a_subset_of_the_cjk_font_and_names_its_author(written):
    raw = written["zh", "pdf"].read_bytes()
    postscript = fonts.cjk_font().postscript
    assert b"/FontFile2" in raw
    names = set(re.findall(rb"/BaseFont /([A-Z]{6}\+[\w-]+)", raw))
    assert names and all(postscript.encode() in name for name in names)
    assert b"/Helvetica" not in raw  # no font a reader's machine must have
    with written["zh", "pdf"].open("rb") as file:
        info = PDFDocument(PDFParser(file)).info[0]
    assert decode_text(resolve1(info["Author"])) == "首钢集团有限公司扶贫工作领导小组"
    assert decode_text(resolve1(info["Title"])) == "首钢集团有限公司2019年度定点扶贫工作报告"


def test_the_english_pdf_has_pages_n_of_m_and_no_chinese_character(written):
    pages = _pdf_pages(written["en", "pdf"])
    assert len(pages) > 1
    text = "".join(pages)
    for expected in (
        "1. Overview",
        "1.2 Funds",
        "Table 1 Targets and results",
        "Target (yuan)",
        "33,000,000.00",
        "416",
        "15 July 2020",
        "Figure 1 Funds by county",
    ):
        assert expected in text, expected
    for number, page in enumerate(pages, start=1):
        assert f"Page {number} of {len(pages)}" in page
    assert not CJK.search(text)


def test_a_long_table_repeats_its_header_on_the_next_page(tmp_path):
    rows = [[f"第{n}村", Decimal(n * 1000), n] for n in range(1, 91)]
    table = Table(
        "各村投入", [Column("村"), Column("资金", "元", True), Column("户数", "户", True)], rows
    )
    document = Document(
        TitleBlock("各村投入明细", "某集团", "2019年", dt.date(2020, 1, 2)),
        [Section("明细", [table])],
        "zh-hans",
    )
    pdf_write(document, tmp_path / "long.pdf")
    pages = _pdf_pages(tmp_path / "long.pdf")
    assert len(pages) >= 2
    assert all("资金（元）" in page for page in pages)
    assert "90,000.00" in pages[-1]


# -- what is refused, leaving no file ----------------------------------------------------------


@pytest.mark.parametrize("write", [pdf_write, docx_write])
def test_without_a_cjk_font_the_error_says_what_to_install_and_nothing_is_written(
    write, tmp_path, monkeypatch
):
    document = chinese_document(tmp_path, length=1)
    monkeypatch.setattr(fonts, "CJK_CANDIDATES", ())
    monkeypatch.delenv(fonts.ENV_VARIABLE, raising=False)
    with pytest.raises(
        InvalidInput, match=r"install the fonts-wqy-microhei package or set FUPIN_CJK_FONT"
    ):
        write(document, tmp_path / "report.out")
    missing = tmp_path / "no-such-font.ttf"
    monkeypatch.setenv(fonts.ENV_VARIABLE, str(missing))
    with pytest.raises(
        InvalidInput, match=rf"FUPIN_CJK_FONT={re.escape(str(missing))}: no such font file"
    ):
        write(document, tmp_path / "report.out")
    assert not (tmp_path / "report.out").exists()


def _cff_font(path: Path) -> Path:
    """A small OpenType font with CFF outlines and one Chinese character (中), built here so
    that the refusal is tested whatever fonts the machine has."""
    from fontTools.fontBuilder import FontBuilder
    from fontTools.pens.t2CharStringPen import T2CharStringPen

    def outline():
        pen = T2CharStringPen(500, None)
        pen.moveTo((0, 0))
        pen.lineTo((0, 500))
        pen.lineTo((500, 0))
        pen.closePath()
        return pen.getCharString()

    builder = FontBuilder(1000, isTTF=False)
    builder.setupGlyphOrder([".notdef", "uni4E2D"])
    builder.setupCharacterMap({0x4E2D: "uni4E2D"})
    builder.setupCFF(
        "TestCFF", {"FullName": "TestCFF"}, {".notdef": outline(), "uni4E2D": outline()}, {}
    )
    builder.setupHorizontalMetrics({".notdef": (500, 0), "uni4E2D": (500, 0)})
    builder.setupHorizontalHeader(ascent=800, descent=-200)
    builder.setupNameTable({"familyName": "TestCFF", "styleName": "Regular"})
    builder.setupOS2()
    builder.setupPost()
    builder.save(str(path))
    return path


def test_a_font_with_cff_outlines_is_refused(tmp_path, monkeypatch):
    cff = _cff_font(tmp_path / "cff.otf")
    monkeypatch.setenv(fonts.ENV_VARIABLE, str(cff))
    with pytest.raises(InvalidInput, match="not a TrueType-outline font"):
        pdf_write(chinese_document(tmp_path, length=1), tmp_path / "report.pdf")
    assert not (tmp_path / "report.pdf").exists()


@pytest.mark.parametrize("write", [pdf_write, docx_write])
def test_a_missing_photo_or_a_ragged_table_is_named_and_nothing_is_written(write, tmp_path):
    gone = Photo(str(tmp_path / "gone.jpg"), "现场")
    document = Document(
        TitleBlock("报告", "某集团", "2019年", dt.date(2020, 1, 2)),
        [Section("情况", [gone])],
        "zh-hans",
    )
    with pytest.raises(InvalidInput, match=r"gone\.jpg: no such file"):
        write(document, tmp_path / "report.out")
    ragged = Table(
        "指标", [Column("指标"), Column("资金", "元", True)], [["甲", Decimal(1)], ["乙"]]
    )
    document.sections[0].blocks = [ragged]
    with pytest.raises(InvalidInput, match="table '指标', row 2: 1 cells for 2 columns"):
        write(document, tmp_path / "report.out")
    assert not (tmp_path / "report.out").exists()


# -- as a reader's office program opens it -----------------------------------------------------

needs_writer = pytest.mark.skipif(
    not shutil.which("libreoffice") or not Path("/usr/lib/libreoffice/program/libswlo.so").exists(),
    reason="needs libreoffice-writer",
)


@pytest.mark.slow
@needs_writer
def test_libreoffice_opens_the_docx_and_prints_its_figures(written, tmp_path):
    profile = (tmp_path / "libreoffice").as_uri()
    subprocess.run(
        ["libreoffice", "--headless", "--norestore", f"-env:UserInstallation={profile}",
         "--convert-to", "pdf", "--outdir", str(tmp_path), str(written["zh", "docx"])],
        capture_output=True, check=True, timeout=240,
    )  # fmt: skip
    pages = _pdf_pages(tmp_path / "zh.pdf")
    text = "".join(pages)
    assert len(pages) > 1
    assert "一、基本情况" in text and "33,000,000.00" in text and "目标（元）" in text
    assert "— 1 —" in pages[0] and "— 2 —" in pages[1]


def test_chinese_names_in_the_english_report_are_set_in_the_cjk_font(tmp_path):
    if fonts.latin_fonts() is None:  # DejaVu or Liberation Serif come with the distribution
        if os.environ.get("CI") == "true":
            pytest.fail("no Latin serif (fonts-dejavu-core or fonts-liberation) on this machine")
        pytest.skip("no Latin serif on this machine: all text is in the CJK font")
    document = Document(
        TitleBlock("Report", "Shougang Group", "2019", dt.date(2020, 1, 2)),
        [Section("Places", [Paragraph("The group paired with 赤城县 (Chicheng) in 2016.")])],
        "en",
    )
    pdf_write(document, tmp_path / "mixed.pdf")
    assert "赤城县 (Chicheng)" in extract_text(tmp_path / "mixed.pdf")
    names = re.findall(rb"/BaseFont /[A-Z]{6}\+([\w-]+)", (tmp_path / "mixed.pdf").read_bytes())
    assert any(fonts.cjk_font().postscript.encode() in name for name in names)
    assert any(fonts.latin_fonts().regular.postscript.encode() in name for name in names)


def test_a_chart_without_values_says_so_instead_of_failing():
    empty = Chart("投入", "bar", [], [])
    assert chart_png(empty, width_cm=12)[:8] == b"\x89PNG\r\n\x1a\n"
    zero_pie = Chart("构成", "pie", ["甲", "乙"], [Series("资金", [0, 0])])
    assert chart_png(zero_pie, width_cm=12)[:8] == b"\x89PNG\r\n\x1a\n"


def test_the_charts_drawn_ahead_are_the_ones_written(tmp_path, monkeypatch):
    """The job's stage 绘制图表 draws every chart once; writing the file then takes those
    pictures (no chart is drawn a second time), and outside the block they are drawn again."""
    from fupin.reports.annual import charts
    from fupin.reports.annual.render_docx import docx_write

    document = chinese_document(tmp_path)
    drawings = []
    real = charts.check_chart
    monkeypatch.setattr(charts, "check_chart", lambda chart: drawings.append(chart) or real(chart))
    steps = []
    with charts.charts_drawn(document, progress=lambda n, total: steps.append((n, total))) as n:
        assert n == len(charts.charts_of(document)) >= 2
        assert steps == [(i, n) for i in range(1, n + 1)] and len(drawings) == n
        docx_write(document, tmp_path / "ahead.docx")
        assert len(drawings) == n  # none drawn again
    docx_write(document, tmp_path / "again.docx")
    assert len(drawings) == 2 * n

    def pictures(path: Path) -> list[bytes]:
        rels = open_docx(path).part.rels.values()
        return sorted(r.target_part.blob for r in rels if r.reltype.endswith("/image"))

    assert pictures(tmp_path / "ahead.docx") == pictures(tmp_path / "again.docx") != []
