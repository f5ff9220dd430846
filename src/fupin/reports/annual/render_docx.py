"""A work report written as Word (.docx) with python-docx, laid out as the PDF: A4 with the
margins of GB/T 9704, the title block, numbered headings, tables whose header row repeats on
each page, the charts as pictures, and the page number in the footer as a PAGE field.

Fonts: a .docx names its fonts and does not carry them. East Asian text is set in the CJK
font the PDF embeds ("WenQuanYi Micro Hei"), named in w:eastAsia of every style, so the file
looks like the PDF where that font is installed; Word elsewhere puts its own Chinese font in
its place, as it does for any font it lacks. Latin text is in the same font in the Chinese
report and in Times New Roman in the English one."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

from docx import Document as new_docx
from docx.document import Document as DocxDocument
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING, WD_TAB_ALIGNMENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor
from docx.styles.style import ParagraphStyle
from docx.text.paragraph import Paragraph as DocxParagraph

from . import render_common as common
from .charts import chart_png
from .document import Chart, Document, Photo, Table
from .document import Paragraph as TextParagraph
from .fonts import cjk_font

INK = RGBColor(0x11, 0x18, 0x27)
MUTED = RGBColor(0x6B, 0x72, 0x80)
HEADER_FILL = "F1F5F9"
LATIN_FONT = "Times New Roman"


def docx_write(document: Document, path: Path) -> None:
    """Write the report as .docx at `path`. The file is made in memory first: a report that
    cannot be written (no CJK font for the charts, a missing photo, a ragged table) leaves
    no file."""
    chinese = common.is_chinese(document)
    east_asia = cjk_font().family
    latin = east_asia if chinese else LATIN_FONT
    word = new_docx()
    _page(word)
    _styles(word, chinese, common.sizes(document), latin, east_asia)
    _properties(word, document, chinese)
    _title_block(word, document, chinese)
    counters = {"table": 0, "figure": 0}
    for item in common.walk(document.sections):
        level = min(len(item.path), 3)
        word.add_paragraph(
            common.heading_text(item.section.heading, item.path, chinese), f"Heading {level}"
        )
        for block in item.section.blocks:
            _block(word, block, chinese, counters)
    _footers(word, document, chinese)
    buffer = io.BytesIO()
    word.save(buffer)
    Path(path).write_bytes(buffer.getvalue())


def _page(word: DocxDocument) -> None:
    section = word.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Cm(common.PAGE_WIDTH_CM), Cm(common.PAGE_HEIGHT_CM)
    section.top_margin, section.bottom_margin = (
        Cm(common.MARGIN_TOP_CM),
        Cm(common.MARGIN_BOTTOM_CM),
    )
    section.left_margin, section.right_margin = (
        Cm(common.MARGIN_LEFT_CM),
        Cm(common.MARGIN_RIGHT_CM),
    )
    section.footer_distance = Cm(common.FOOTER_FROM_EDGE_CM)
    section.header_distance = Cm(1.5)


# -- styles --------------------------------------------------------------------------------


def _child(parent, tag: str, *, first: bool = False):
    element = parent.find(qn(tag))
    if element is None:
        element = OxmlElement(tag)
        parent.insert(0, element) if first else parent.append(element)
    return element


def _set_fonts(rpr, latin: str, east_asia: str) -> None:
    """Name the fonts explicitly, dropping the template's theme fonts (which Word prefers)."""
    fonts = _child(rpr, "w:rFonts", first=True)
    for attribute in ("asciiTheme", "hAnsiTheme", "eastAsiaTheme", "cstheme"):
        fonts.attrib.pop(qn(f"w:{attribute}"), None)
    fonts.set(qn("w:ascii"), latin)
    fonts.set(qn("w:hAnsi"), latin)
    fonts.set(qn("w:eastAsia"), east_asia)
    fonts.set(qn("w:cs"), latin)


def _set_language(rpr, chinese: bool) -> None:
    lang = _child(rpr, "w:lang")
    lang.set(qn("w:val"), "zh-CN" if chinese else "en-GB")
    lang.set(qn("w:eastAsia"), "zh-CN")


def _first_line_chars(style: ParagraphStyle, size: float, chars: int) -> None:
    """A first-line indent of `chars` characters: Word reads w:firstLineChars, other
    programs the length it comes to."""
    style.paragraph_format.first_line_indent = Pt(size * chars)
    ind = style.element.get_or_add_pPr().find(qn("w:ind"))
    if ind is not None and chars:
        ind.set(qn("w:firstLineChars"), str(chars * 100))


def _styles(word: DocxDocument, chinese: bool, s: common.Sizes, latin: str, east_asia: str) -> None:
    defaults = word.styles.element.find(qn("w:docDefaults"))
    rpr_default = defaults.find(qn("w:rPrDefault")) if defaults is not None else None
    if rpr_default is not None:
        rpr = _child(rpr_default, "w:rPr")
        _set_fonts(rpr, latin, east_asia)
        _set_language(rpr, chinese)

    def paragraph_style(name: str, size: float, *, base: str = "Normal", bold: bool = False):
        styles = word.styles
        style = styles[name] if name in styles else styles.add_style(name, 1)  # 1: paragraph
        if name not in ("Normal",) and style.base_style is None and base != name:
            style.base_style = styles[base]
        _set_fonts(style.element.get_or_add_rPr(), latin, east_asia)
        style.font.size = Pt(size)
        style.font.bold = bold
        style.font.italic = False
        style.font.color.rgb = INK
        return style

    def exact(style: ParagraphStyle, leading: float) -> None:
        style.paragraph_format.line_spacing_rule = WD_LINE_SPACING.EXACTLY
        style.paragraph_format.line_spacing = Pt(leading)

    normal = paragraph_style("Normal", s.body)
    normal.paragraph_format.space_before = normal.paragraph_format.space_after = Pt(0)
    normal.paragraph_format.line_spacing = 1.0

    body = paragraph_style("Body Text", s.body)
    body.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    body.paragraph_format.space_before = Pt(0)
    body.paragraph_format.space_after = Pt(0 if chinese else 6)
    body.paragraph_format.widow_control = True
    exact(body, s.leading)
    if chinese:
        _first_line_chars(body, s.body, 2)

    for level, size in ((1, s.heading), (2, s.body), (3, s.body)):
        heading = paragraph_style(f"Heading {level}", size, base="Body Text", bold=True)
        heading.paragraph_format.keep_with_next = True
        heading.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.LEFT
        heading.paragraph_format.space_before = Pt(0 if chinese else (10, 6, 4)[level - 1])
        heading.paragraph_format.space_after = Pt(0 if chinese else 3)
        exact(heading, s.leading)
        if chinese:
            _first_line_chars(heading, s.body, 2)

    title = paragraph_style("Report Title", s.title, bold=True)
    title.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    title.paragraph_format.space_before = Pt(6)
    title.paragraph_format.space_after = Pt(s.leading * 0.6)
    exact(title, s.title * 1.5)
    meta = paragraph_style("Report Meta", s.body)
    meta.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    exact(meta, s.leading)
    recipient = paragraph_style("Report Recipient", s.body)
    exact(recipient, s.leading)

    caption = paragraph_style("Caption", s.caption, bold=True)
    caption.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    caption.paragraph_format.space_before = Pt(s.caption * 0.5)
    caption.paragraph_format.space_after = Pt(3)
    cell = paragraph_style("Table Text", s.table)
    cell.paragraph_format.line_spacing = 1.1
    note = paragraph_style("Table Note", s.note)
    note.paragraph_format.space_before = Pt(3)
    note.paragraph_format.space_after = Pt(s.note * 0.8)
    picture = paragraph_style("Picture", s.body)
    picture.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    picture.paragraph_format.keep_with_next = True
    picture.paragraph_format.space_before = Pt(4)

    footer = paragraph_style("Footer", s.footer)
    ppr = footer.element.get_or_add_pPr()
    tabs = ppr.find(qn("w:tabs"))
    if tabs is not None:  # the template's centre and right tabs are for Letter paper
        ppr.remove(tabs)
    footer.paragraph_format.tab_stops.add_tab_stop(Cm(common.TEXT_WIDTH_CM), WD_TAB_ALIGNMENT.RIGHT)


def _properties(word: DocxDocument, document: Document, chinese: bool) -> None:
    properties = word.core_properties
    properties.title = document.title.title
    properties.author = properties.last_modified_by = document.title.issuer
    properties.subject = document.title.period
    properties.language = "zh-CN" if chinese else "en-GB"
    made = dt.datetime.combine(document.title.date, dt.time(), tzinfo=dt.UTC)
    properties.created = properties.modified = made
    properties.revision = 1


# -- content -------------------------------------------------------------------------------


def _title_block(word: DocxDocument, document: Document, chinese: bool) -> None:
    block = document.title
    if block.number:
        number = word.add_paragraph(
            block.number if chinese else f"Ref. {block.number}", "Report Meta"
        )
        number.paragraph_format.space_after = Pt(common.sizes(document).leading * 0.5)
    title = word.add_paragraph(style="Report Title")
    width_em = common.TEXT_WIDTH_CM / 2.54 * 72 / common.sizes(document).title - 0.5
    lines = common.balanced_lines(block.title, width_em) if chinese else [block.title]
    for index, line in enumerate(lines):
        run = title.add_run(line)
        if index < len(lines) - 1:
            run.add_break()
    word.add_paragraph(block.issuer, "Report Meta")
    if block.period:
        word.add_paragraph(f"（{block.period}）" if chinese else f"({block.period})", "Report Meta")
    date = word.add_paragraph(common.date_text(block.date, chinese), "Report Meta")
    date.paragraph_format.space_after = Pt(common.sizes(document).leading * 0.8)
    if block.recipient:
        word.add_paragraph(
            f"{block.recipient}：" if chinese else f"To: {block.recipient}", "Report Recipient"
        )


def _block(word: DocxDocument, block: object, chinese: bool, counters: dict[str, int]) -> None:
    if isinstance(block, TextParagraph):
        word.add_paragraph(block.text, "Body Text")
    elif isinstance(block, Table):
        counters["table"] += 1
        _table(word, block, chinese, counters["table"])
    elif isinstance(block, Chart):
        counters["figure"] += 1
        png = chart_png(block, width_cm=common.TEXT_WIDTH_CM, chinese=chinese)
        _picture(word, png, common.TEXT_WIDTH_CM)
        caption = common.caption_text(block.caption, "figure", counters["figure"], chinese)
        word.add_paragraph(caption, "Caption")
    elif isinstance(block, Photo):
        counters["figure"] += 1
        picture = common.photo_picture(block)
        width, _ = common.picture_size_cm(picture)
        holder = _picture(word, picture.data, width)
        if block.caption:
            caption = common.caption_text(block.caption, "figure", counters["figure"], chinese)
            word.add_paragraph(caption, "Caption")
        else:
            holder.paragraph_format.keep_with_next = False
    else:
        raise TypeError(f"not a block of a report: {block!r}")


def _picture(word: DocxDocument, data: bytes, width_cm: float) -> DocxParagraph:
    paragraph = word.add_paragraph(style="Picture")
    paragraph.add_run().add_picture(io.BytesIO(data), width=Cm(width_cm))
    return paragraph


def _table(word: DocxDocument, table: Table, chinese: bool, number: int) -> None:
    common.check_table(table)
    caption = word.add_paragraph(
        common.caption_text(table.caption, "table", number, chinese), "Caption"
    )
    caption.paragraph_format.keep_with_next = True
    size = (common.CHINESE if chinese else common.ENGLISH).table
    widths = common.column_widths(table, chinese, common.TEXT_WIDTH_CM, size / 72 * 2.54)
    grid = word.add_table(rows=1 + len(table.rows), cols=len(table.columns))
    grid.style = word.styles["Table Grid"]
    grid.alignment = WD_TABLE_ALIGNMENT.CENTER
    grid.autofit = False
    _cell_margins(grid, top=50, bottom=50, side=90)
    for column, width in zip(grid.columns, widths, strict=True):
        column.width = Cm(width)
    rows = grid.rows
    header = rows[0]
    _row_flags(header, heading=True)
    for cell, column, width in zip(header.cells, table.columns, widths, strict=True):
        _cell(
            cell, common.header_text(column, chinese), width, WD_ALIGN_PARAGRAPH.CENTER, bold=True
        )
        _shade(cell, HEADER_FILL)
    for row, values in zip(rows[1:], table.rows, strict=True):
        _row_flags(row, heading=False)
        for cell, value, column, width in zip(
            row.cells, values, table.columns, widths, strict=True
        ):
            align = (
                WD_ALIGN_PARAGRAPH.RIGHT
                if common.is_right_aligned(value, column)
                else WD_ALIGN_PARAGRAPH.LEFT
            )
            _cell(cell, common.cell_text(value, column), width, align, bold=False)
    if table.note:
        word.add_paragraph(common.note_text(table.note, chinese), "Table Note")
    else:
        word.add_paragraph(style="Table Note")


def _cell_margins(grid, *, top: int, bottom: int, side: int) -> None:
    """The cells' padding in twips, for the whole table."""
    margins = OxmlElement("w:tblCellMar")
    for edge, twips in (("top", top), ("left", side), ("bottom", bottom), ("right", side)):
        element = OxmlElement(f"w:{edge}")
        element.set(qn("w:w"), str(twips))
        element.set(qn("w:type"), "dxa")
        margins.append(element)
    _insert_before(grid._tbl.tblPr, margins, "w:tblLook", "w:tblCaption", "w:tblDescription")


def _row_flags(row, *, heading: bool) -> None:
    """A row not split over two pages; the header row repeated at the top of each page."""
    trpr = row._tr.get_or_add_trPr()
    trpr.append(OxmlElement("w:cantSplit"))
    if heading:
        trpr.append(OxmlElement("w:tblHeader"))


def _cell(cell, text: str, width_cm: float, align, *, bold: bool) -> None:
    cell.width = Cm(width_cm)
    cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
    paragraph = cell.paragraphs[0]
    paragraph.style = "Table Text"
    paragraph.alignment = align
    run = paragraph.add_run(text)
    run.bold = bold or None


def _shade(cell, fill: str) -> None:
    shading = OxmlElement("w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:color"), "auto")
    shading.set(qn("w:fill"), fill)
    successors = ("w:noWrap", "w:tcMar", "w:textDirection", "w:tcFitText", "w:vAlign", "w:hideMark")
    _insert_before(cell._tc.get_or_add_tcPr(), shading, *successors)


def _insert_before(parent, element, *successors: str) -> None:
    """Add `element` before the first of `successors` present: Word wants the schema's order."""
    for child in parent:
        if child.tag in {qn(tag) for tag in successors}:
            child.addprevious(element)
            return
    parent.append(element)


# -- footers -------------------------------------------------------------------------------


def _field(paragraph: DocxParagraph, instruction: str) -> None:
    """A field (PAGE, NUMPAGES) Word fills in; "1" shows until it does."""

    def char(kind: str) -> None:
        element = OxmlElement("w:fldChar")
        element.set(qn("w:fldCharType"), kind)
        paragraph.add_run()._r.append(element)

    char("begin")
    code = OxmlElement("w:instrText")
    code.set(qn("xml:space"), "preserve")
    code.text = f" {instruction} "
    paragraph.add_run()._r.append(code)
    char("separate")
    paragraph.add_run("1")
    char("end")


def _footers(word: DocxDocument, document: Document, chinese: bool) -> None:
    """Chinese: — 1 — on the right of odd pages and the left of even ones (GB/T 9704), the
    footer text on the other side; English: the text on the left, Page 1 of 9 on the right."""
    section = word.sections[0]
    footer_text = document.footer
    if chinese:
        word.settings.odd_and_even_pages_header_footer = True
        odd = section.footer.paragraphs[0]
        odd.style = "Footer"
        _muted(odd, footer_text)
        odd.add_run("\t— ")
        _field(odd, "PAGE")
        odd.add_run(" —")
        even = section.even_page_footer.paragraphs[0]
        even.style = "Footer"
        even.add_run("— ")
        _field(even, "PAGE")
        even.add_run(" —\t")
        _muted(even, footer_text)
    else:
        paragraph = section.footer.paragraphs[0]
        paragraph.style = "Footer"
        _muted(paragraph, footer_text)
        paragraph.add_run("\tPage ")
        _field(paragraph, "PAGE")
        paragraph.add_run(" of ")
        _field(paragraph, "NUMPAGES")


def _muted(paragraph: DocxParagraph, text: str) -> None:
    if text:
        run = paragraph.add_run(text)
        run.font.size = Pt(10.5 if any("\u4e00" <= c <= "\u9fff" for c in text) else 9)
        run.font.color.rgb = MUTED
