"""Reading the text of a .txt (UTF-8 or GB18030), .docx or .pdf file, and the refusals."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from fupin.core.errors import InvalidInput
from fupin.reports.facts import reading
from fupin.reports.facts.reading import text_read

CHINESE = "首钢在阳原县直接投入帮扶资金3300万元，带动当地就业416人。"
FONT = Path("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc")


def test_utf8_text_with_a_bom_and_crlf(tmp_path):
    path = tmp_path / "报告.txt"
    path.write_bytes(("\ufeff" + CHINESE + "\r\n第二行\r\n").encode("utf-8"))
    assert text_read(path) == (CHINESE + "\n第二行", "txt")


def test_gb18030_text(tmp_path):
    path = tmp_path / "gbk.txt"
    path.write_bytes(CHINESE.encode("gb18030"))
    assert text_read(path) == (CHINESE, "txt")


def test_an_upload_is_read_like_a_file():
    upload = SimpleUploadedFile("news.TXT", b"33 million yuan has been invested.")
    assert text_read(upload) == ("33 million yuan has been invested.", "txt")


def test_docx_paragraphs_and_table_cells_in_order(tmp_path):
    import docx

    document = docx.Document()
    document.add_paragraph("一、帮扶成效")
    table = document.add_table(rows=2, cols=2)
    table.cell(0, 0).text = "指标"
    table.cell(0, 1).text = "完成"
    table.cell(1, 0).text = "直接投入帮扶资金"
    table.cell(1, 1).text = "3300万元"
    document.add_paragraph("二、下一步打算")
    path = tmp_path / "report.docx"
    document.save(path)
    text, kind = text_read(path)
    assert kind == "docx"
    assert text == "一、帮扶成效\n指标\t完成\n直接投入帮扶资金\t3300万元\n二、下一步打算"


def _pdf(path: Path, lines: list[str], font: str = "Helvetica") -> Path:
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    page = canvas.Canvas(str(path), pagesize=A4)
    page.setFont(font, 12)
    for n, line in enumerate(lines):
        page.drawString(72, 760 - 20 * n, line)
    page.save()
    return path


def test_pdf_with_a_latin_text(tmp_path):
    path = _pdf(tmp_path / "news.pdf", ["As of the end of June 2020,", "33 million yuan invested."])
    text, kind = text_read(path)
    assert kind == "pdf"
    assert "33 million yuan invested." in text
    assert "As of the end of June 2020," in text


def test_pdf_with_a_chinese_text(tmp_path):
    if not FONT.exists():  # .ci/run installs fonts-wqy-microhei
        if os.environ.get("CI") == "true":
            pytest.fail(f"{FONT} is missing: apt-get install fonts-wqy-microhei")
        pytest.skip("no WenQuanYi Micro Hei font")
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    pdfmetrics.registerFont(TTFont("WQY", str(FONT), subfontIndex=0))
    path = _pdf(tmp_path / "报告.pdf", [CHINESE], font="WQY")
    text, _ = text_read(path)
    assert CHINESE in text


def test_a_scanned_pdf_has_no_text_layer(tmp_path):
    from reportlab.pdfgen import canvas

    page = canvas.Canvas(str(tmp_path / "scan.pdf"))
    page.rect(100, 100, 200, 200, fill=1)  # a picture, no text
    page.save()
    with pytest.raises(InvalidInput, match=r"^no text layer: scan.pdf"):
        text_read(tmp_path / "scan.pdf")


@pytest.mark.parametrize(
    ("name", "content", "reason"),
    [
        (
            "report.doc",
            b"\xd0\xcf\x11\xe0 old word",
            r"report.doc: texts are read from .txt, .docx or .pdf",
        ),
        ("empty.txt", b"  \n ", r"empty.txt: the file is empty"),
        ("utf16.txt", "report".encode("utf-16"), r"utf16.txt: not a text file"),
        ("broken.docx", b"PK\x03\x04 not really a zip", r"broken.docx: not a readable Word"),
        ("fake.pdf", b"hello, not a pdf", r"fake.pdf: not a PDF file"),
        (
            "cut.pdf",
            b"%PDF-1.4\n1 0 obj << /Type /Catalog",
            r"cut.pdf: (not a readable PDF|no text)",
        ),
        ("bytes.txt", b"\xff\xfe\xfa\xfb\x81\x30", r"bytes.txt: neither UTF-8 nor GB18030"),
    ],
)
def test_bad_files_are_refused_by_name(name, content, reason):
    with pytest.raises(InvalidInput, match=reason):
        text_read(SimpleUploadedFile(name, content))


def test_over_the_size_limit(monkeypatch, tmp_path):
    monkeypatch.setattr(reading, "MAX_BYTES", 10)
    upload = SimpleUploadedFile("long.txt", b"x" * 11)
    with pytest.raises(InvalidInput, match=r"long\.txt: larger than"):
        text_read(upload)
    path = tmp_path / "long.txt"
    path.write_bytes(b"x" * 11)
    with pytest.raises(InvalidInput, match=r"long\.txt: larger than"):
        text_read(path)
