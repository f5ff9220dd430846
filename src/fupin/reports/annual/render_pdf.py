"""A work report written as PDF with reportlab: A4 with the margins of GB/T 9704, the CJK
font embedded as a subset (the file reads the same on a machine without it), text that
copies out as the characters it shows, tables whose header repeats on each page, charts
drawn by `charts`, and page numbers in the footer (— 1 — in Chinese, on the outer side;
Page 1 of 9 in English)."""

from __future__ import annotations

import functools
import io
import re
from dataclasses import dataclass
from pathlib import Path
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_LEFT, TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import cm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    CondPageBreak,
    Flowable,
    Image,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    TableStyle,
)
from reportlab.platypus import (
    Table as PdfTable,
)

from . import render_common as common
from .charts import chart_png
from .document import Chart, Document, Photo, Table
from .document import Paragraph as TextParagraph
from .fonts import cjk_font, latin_fonts, pdf_font, pdf_latin_fonts

INK = colors.HexColor("#111827")
MUTED = colors.HexColor("#6b7280")
HEADER_FILL = colors.HexColor("#f1f5f9")
_CJK_RUN = re.compile(r"[\u2e80-\u9fff\uf900-\ufaff\ufe30-\ufe4f\uff00-\uffef]+")


def pdf_write(document: Document, path: Path) -> None:
    """Write the report as PDF at `path`. The whole file is made in memory first: a report
    that cannot be written (no CJK font, a missing photo, a ragged table) leaves no file."""
    look = _look(document)
    story = _story(document, look)
    buffer = io.BytesIO()
    template = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        topMargin=common.MARGIN_TOP_CM * cm,
        bottomMargin=common.MARGIN_BOTTOM_CM * cm,
        leftMargin=common.MARGIN_LEFT_CM * cm,
        rightMargin=common.MARGIN_RIGHT_CM * cm,
        title=document.title.title,
        author=document.title.issuer,
        subject=document.title.period,
        creator="fupin",
        lang="zh-CN" if look.chinese else "en",
        displayDocTitle=1,
        initialFontName=look.regular,  # no unused Helvetica in the file
    )
    template.build(story, canvasmaker=functools.partial(_PagedCanvas, document=document, look=look))
    Path(path).write_bytes(buffer.getvalue())


@dataclass(frozen=True)
class _Look:
    chinese: bool
    sizes: common.Sizes
    cjk: str  # the registered CJK font
    regular: str  # the body's font: the CJK font, or a Latin serif in English
    bold: str
    styles: dict[str, ParagraphStyle]


def _look(document: Document) -> _Look:
    chinese = common.is_chinese(document)
    cjk = pdf_font(cjk_font())
    latin = None if chinese else latin_fonts()
    regular, bold = pdf_latin_fonts(latin) if latin else (cjk, cjk)
    sizes = common.sizes(document)
    return _Look(chinese, sizes, cjk, regular, bold, _styles(chinese, sizes, regular, bold))


def _styles(chinese: bool, s: common.Sizes, regular: str, bold: str) -> dict[str, ParagraphStyle]:
    wrap = "CJK" if chinese else None
    base = ParagraphStyle(
        "body",
        fontName=regular,
        fontSize=s.body,
        leading=s.leading,
        textColor=INK,
        wordWrap=wrap,
        alignment=TA_JUSTIFY,
        firstLineIndent=2 * s.body if chinese else 0,
        spaceAfter=0 if chinese else 6,
    )

    def style(name: str, **changes: object) -> ParagraphStyle:
        return ParagraphStyle(name, parent=base, **changes)

    centred = {"alignment": TA_CENTER, "firstLineIndent": 0}
    return {
        "body": base,
        "title": style(
            "title",
            fontName=bold,
            fontSize=s.title,
            leading=s.title * 1.5,
            spaceBefore=6,
            spaceAfter=s.leading * 0.6,
            **centred,
        ),
        "number": style("number", spaceAfter=s.leading * 0.5, **centred),
        "meta": style("meta", **centred),
        "date": style("date", spaceAfter=s.leading * 0.8, **centred),
        "recipient": style("recipient", firstLineIndent=0, alignment=TA_LEFT),
        "h1": style(
            "h1",
            fontName=bold,
            firstLineIndent=2 * s.body if chinese else 0,
            fontSize=s.heading,
            leading=s.leading,
            alignment=TA_LEFT,
            spaceBefore=0 if chinese else 10,
            spaceAfter=0 if chinese else 4,
        ),
        "h2": style(
            "h2",
            fontName=bold,
            firstLineIndent=2 * s.body if chinese else 0,
            fontSize=s.body,
            alignment=TA_LEFT,
            spaceBefore=0 if chinese else 6,
            spaceAfter=0 if chinese else 3,
        ),
        "h3": style(
            "h3",
            fontName=bold,
            alignment=TA_LEFT,
            firstLineIndent=2 * s.body if chinese else 0,
        ),
        "caption": style(
            "caption",
            fontName=bold,
            fontSize=s.caption,
            leading=s.caption * 1.5,
            spaceBefore=s.caption * 0.5,
            spaceAfter=3,
            **centred,
        ),
        "figure": style(
            "figure",
            fontName=bold,
            fontSize=s.caption,
            leading=s.caption * 1.5,
            spaceBefore=2,
            spaceAfter=s.caption * 0.8,
            **centred,
        ),
        "cell": style(
            "cell",
            fontSize=s.table,
            leading=s.table * 1.35,
            firstLineIndent=0,
            alignment=TA_LEFT,
            spaceAfter=0,
        ),
        "number_cell": style(
            "number_cell",
            fontSize=s.table,
            leading=s.table * 1.35,
            firstLineIndent=0,
            alignment=TA_RIGHT,
            spaceAfter=0,
            wordWrap=None,
        ),
        "head": style(
            "head",
            fontName=bold,
            fontSize=s.table,
            leading=s.table * 1.35,
            spaceAfter=0,
            **centred,
        ),
        "note": style(
            "note",
            fontSize=s.note,
            leading=s.note * 1.5,
            firstLineIndent=0,
            alignment=TA_LEFT,
            spaceBefore=3,
            spaceAfter=s.note * 0.8,
        ),
    }


class _Stroked(Paragraph):
    """A paragraph drawn with its outlines stroked as well as filled: the bold of a font that
    has no bold face (Chinese headings and the title)."""

    def __init__(self, text: str, style: ParagraphStyle, stroke: float) -> None:
        super().__init__(text, style)
        self._stroke = stroke

    def draw(self) -> None:
        canvas = self.canv
        canvas.saveState()
        canvas.setStrokeColor(self.style.textColor)
        canvas.setLineWidth(self._stroke)
        canvas._code.append("2 Tr")  # fill and stroke; text objects keep it, restoreState ends it
        super().draw()
        canvas.restoreState()


def _markup(text: str, look: _Look) -> str:
    """The text escaped for a paragraph; in English, Chinese runs in the CJK font."""
    shown = escape(text).replace("\n", "<br/>")
    if look.chinese or look.regular == look.cjk:
        return shown
    return _CJK_RUN.sub(lambda m: f'<font name="{look.cjk}">{m.group(0)}</font>', shown)


def _para(text: str, look: _Look, style: str, *, stroke: float = 0.0) -> Paragraph:
    """A paragraph in a style; in Chinese, the bold styles are stroked (the font has no bold)."""
    markup = _markup(text, look)
    if look.chinese and stroke:
        return _Stroked(markup, look.styles[style], stroke)
    return Paragraph(markup, look.styles[style])


def _story(document: Document, look: _Look) -> list[Flowable]:
    """The title block, then each heading with its blocks. Before each heading, a break
    unless the page has room for the heading, those right under it and the start of its
    first block (two lines, a table's header and first rows, a whole chart): no heading
    is left alone at the foot of a page, and a long table still starts on it."""
    story = _title_block(document, look)
    counters = {"table": 0, "figure": 0}
    items = list(common.walk(document.sections))
    parts: list[tuple[Paragraph, list[tuple[list[Flowable], float]]]] = []
    for item in items:
        level = min(len(item.path), 3)
        text = common.heading_text(item.section.heading, item.path, look.chinese)
        heading = _para(text, look, f"h{level}", stroke=(0.45, 0.3, 0.2)[level - 1])
        parts.append((heading, [_block(block, look, counters) for block in item.section.blocks]))
    rooms = [0.0] * len(parts)  # from the last heading up: a heading keeps with those under it
    for index in reversed(range(len(parts))):
        heading, blocks = parts[index]
        style = heading.style
        own = style.leading + style.spaceBefore + style.spaceAfter
        nested = index + 1 < len(items) and len(items[index + 1].path) > len(items[index].path)
        rooms[index] = own + (blocks[0][1] if blocks else rooms[index + 1] if nested else 0.0)
    for (heading, blocks), room in zip(parts, rooms, strict=True):
        story.extend([CondPageBreak(room), heading])
        for flowables, _start in blocks:
            story.extend(flowables)
    return story


def _title_block(document: Document, look: _Look) -> list[Flowable]:
    block = document.title
    chinese = look.chinese
    story: list[Flowable] = [Spacer(1, look.sizes.leading * 0.5)]
    if block.number:
        story.append(_para(block.number if chinese else f"Ref. {block.number}", look, "number"))
    width_em = common.TEXT_WIDTH_CM * cm / look.sizes.title - 0.5
    title = "\n".join(common.balanced_lines(block.title, width_em)) if chinese else block.title
    story.append(_para(title, look, "title", stroke=0.6))
    story.append(_para(block.issuer, look, "meta"))
    if block.period:
        period = f"（{block.period}）" if chinese else f"({block.period})"
        story.append(_para(period, look, "meta"))
    story.append(_para(common.date_text(block.date, chinese), look, "date"))
    if block.recipient:
        story.append(
            _para(
                f"{block.recipient}：" if chinese else f"To: {block.recipient}", look, "recipient"
            )
        )
    return story


def _block(block: object, look: _Look, counters: dict[str, int]) -> tuple[list[Flowable], float]:
    """The block's flowables and the height of its start, which its heading keeps with."""
    if isinstance(block, TextParagraph):
        return [_para(block.text, look, "body")], 2 * look.sizes.leading
    if isinstance(block, Table):
        counters["table"] += 1
        return _table(block, look, counters["table"]), _table_start(look)
    figure = look.styles["figure"]
    caption_height = figure.leading + figure.spaceBefore + figure.spaceAfter
    if isinstance(block, Chart):
        counters["figure"] += 1
        png = chart_png(block, width_cm=common.TEXT_WIDTH_CM, chinese=look.chinese)
        width, height = common.TEXT_WIDTH_CM, common.chart_height_cm(block, common.TEXT_WIDTH_CM)
        image = Image(io.BytesIO(png), width=width * cm, height=height * cm)
        caption = common.caption_text(block.caption, "figure", counters["figure"], look.chinese)
        image.keepWithNext = 1  # with its caption
        return [image, _para(caption, look, "figure", stroke=0.2)], height * cm + caption_height
    if isinstance(block, Photo):
        counters["figure"] += 1
        picture = common.photo_picture(block)
        width, height = common.picture_size_cm(picture)
        space = Spacer(1, 4)
        image = Image(io.BytesIO(picture.data), width=width * cm, height=height * cm)
        if not block.caption:
            return [space, image], height * cm + 4
        space.keepWithNext = image.keepWithNext = 1
        caption = common.caption_text(block.caption, "figure", counters["figure"], look.chinese)
        flowables = [space, image, _para(caption, look, "figure", stroke=0.2)]
        return flowables, height * cm + 4 + caption_height
    raise TypeError(f"not a block of a report: {block!r}")


def _table_start(look: _Look) -> float:
    """The height of a table's caption, header and first three rows (of up to two lines)."""
    caption = look.styles["caption"]
    rows = 4 * (look.sizes.table * 1.35 * 2 + 6.5)
    return float(caption.leading + caption.spaceBefore + caption.spaceAfter + rows)


def _table(table: Table, look: _Look, number: int) -> list[Flowable]:
    common.check_table(table)
    chinese = look.chinese
    header = [
        _para(common.header_text(column, chinese), look, "head", stroke=0.25)
        for column in table.columns
    ]
    rows = [
        [
            _para(
                common.cell_text(value, column),
                look,
                "number_cell" if common.is_right_aligned(value, column) else "cell",
            )
            for value, column in zip(row, table.columns, strict=True)
        ]
        for row in table.rows
    ]
    widths = common.column_widths(table, chinese, common.TEXT_WIDTH_CM * cm, look.sizes.table)
    grid = PdfTable([header, *rows], colWidths=widths, repeatRows=1, hAlign="CENTER")
    grid.setStyle(
        TableStyle(
            [
                ("FONT", (0, 0), (-1, -1), look.regular, look.sizes.table),  # not Helvetica
                ("GRID", (0, 0), (-1, -1), 0.5, INK),
                ("BOX", (0, 0), (-1, -1), 0.9, INK),
                ("BACKGROUND", (0, 0), (-1, 0), HEADER_FILL),
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                ("TOPPADDING", (0, 0), (-1, -1), 3),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 3.5),
                ("LEFTPADDING", (0, 0), (-1, -1), 4),
                ("RIGHTPADDING", (0, 0), (-1, -1), 4),
            ]
        )
    )
    caption = common.caption_text(table.caption, "table", number, chinese)
    style = look.styles["caption"]
    start = style.leading + style.spaceBefore + style.spaceAfter + 4 * (look.sizes.table * 2 + 6.5)
    story: list[Flowable] = [
        CondPageBreak(start),
        _para(caption, look, "caption", stroke=0.2),
        grid,
    ]
    if table.note:
        story.append(_para(common.note_text(table.note, chinese), look, "note"))
    else:
        story.append(Spacer(1, look.sizes.note * 0.8))
    return story


class _PagedCanvas(Canvas):
    """Holds the pages back until the end, so that each footer can say how many there are."""

    def __init__(self, *args: object, document: Document, look: _Look, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self._report, self._look = document, look
        self._held: list[dict[str, object]] = []

    def showPage(self) -> None:  # reportlab names it so
        self._held.append(dict(self.__dict__))
        self._startPage()

    def save(self) -> None:
        total = len(self._held)
        for state in self._held:
            self.__dict__.update(state)
            self._footer(total)
            super().showPage()
        super().save()

    def _footer(self, total: int) -> None:
        look, page = self._look, self._pageNumber
        y = (common.MARGIN_BOTTOM_CM - 1.2) * cm
        left = common.MARGIN_LEFT_CM * cm
        right = (common.PAGE_WIDTH_CM - common.MARGIN_RIGHT_CM) * cm
        if look.chinese:
            # GB/T 9704: — 1 — under the text, on the right of odd pages and the left of even
            number, size = f"— {page} —", look.sizes.footer
            odd = page % 2 == 1
        else:
            number, size, odd = f"Page {page} of {total}", look.sizes.footer, True
        self.setFillColor(INK)
        self.setFont(look.regular, size)
        if odd:
            self.drawRightString(right - (size if look.chinese else 0), y, number)
        else:
            self.drawString(left + size, y, number)
        footer = self._report.footer
        if footer:
            font = look.cjk if _CJK_RUN.search(footer) else look.regular
            self.setFont(font, look.sizes.note)
            self.setFillColor(MUTED)
            if odd:
                self.drawString(left, y, footer)
            else:
                self.drawRightString(right, y, footer)
