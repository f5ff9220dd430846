"""What the Word and the PDF writer share: how a cell, a date, a heading's number and a
caption are shown, the page's geometry (GB/T 9704) and the text sizes, how wide each
table column is, and the photos read and made fit to embed."""

from __future__ import annotations

import datetime as dt
import io
import math
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

from fupin.core.errors import InvalidInput

from .document import Cell, Chart, Column, Document, Photo, Section, Table

EMPTY = "—"

# A4 with the margins of GB/T 9704 (党政机关公文格式): the text block is 156 mm × 225 mm
PAGE_WIDTH_CM, PAGE_HEIGHT_CM = 21.0, 29.7
MARGIN_TOP_CM, MARGIN_BOTTOM_CM = 3.7, 3.5
MARGIN_LEFT_CM, MARGIN_RIGHT_CM = 2.8, 2.6
TEXT_WIDTH_CM = PAGE_WIDTH_CM - MARGIN_LEFT_CM - MARGIN_RIGHT_CM
TEXT_HEIGHT_CM = PAGE_HEIGHT_CM - MARGIN_TOP_CM - MARGIN_BOTTOM_CM
FOOTER_FROM_EDGE_CM = 2.0


@dataclass(frozen=True, slots=True)
class Sizes:
    """Text sizes in points: Chinese by the standard (title 二号, text 三号, 28 pt lines),
    English in the sizes of an English report."""

    title: float
    heading: float
    body: float
    leading: float  # the body's line pitch
    caption: float
    table: float
    note: float
    footer: float


CHINESE = Sizes(
    title=22, heading=16, body=16, leading=28, caption=12, table=10.5, note=10.5, footer=14
)
ENGLISH = Sizes(
    title=18, heading=13, body=12, leading=17, caption=10.5, table=9.5, note=9, footer=10
)


def is_chinese(document: Document) -> bool:
    return document.language.lower().startswith("zh")


def sizes(document: Document) -> Sizes:
    return CHINESE if is_chinese(document) else ENGLISH


# -- cells --------------------------------------------------------------------------------


def cell_text(value: Cell, column: Column) -> str:
    """A cell as printed: Decimal amounts with two places and thousands separators
    (33,000,000.00), whole numbers with separators (1,416), nothing as "—". A "%" column
    holds percentage points (98.5 → 98.50), printed without thousands separators."""
    if value is None or value == "":
        return EMPTY
    if isinstance(value, bool):  # not a Cell, but never print True as 1
        return str(value)
    if isinstance(value, Decimal):
        if not value.is_finite():
            return EMPTY
        shown = value.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
        return f"{shown:.2f}" if column.unit == "%" else f"{shown:,.2f}"
    if isinstance(value, int):
        return str(value) if column.unit == "%" else f"{value:,}"
    if isinstance(value, float):  # not a Cell either: figures should be Decimal
        return f"{value:.2f}" if column.unit == "%" else f"{value:,.2f}"
    return str(value)


def is_right_aligned(value: Cell, column: Column) -> bool:
    return column.numeric or (isinstance(value, int | Decimal) and not isinstance(value, bool))


def header_text(column: Column, chinese: bool) -> str:
    if not column.unit:
        return column.label
    return f"{column.label}（{column.unit}）" if chinese else f"{column.label} ({column.unit})"


def check_table(table: Table) -> None:
    if not table.columns:
        raise InvalidInput(f"table {table.caption!r}: no columns")
    for number, row in enumerate(table.rows, start=1):
        if len(row) != len(table.columns):
            raise InvalidInput(
                f"table {table.caption!r}, row {number}: {len(row)} cells"
                f" for {len(table.columns)} columns"
            )


def check_chart(chart: Chart) -> None:
    for series in chart.series:
        if len(series.values) != len(chart.categories):
            raise InvalidInput(
                f"chart {chart.caption!r}, series {series.name!r}: {len(series.values)} values"
                f" for {len(chart.categories)} categories"
            )
    if chart.kind == "pie":
        if len(chart.series) > 1:
            raise InvalidInput(f"chart {chart.caption!r}: a pie shows one series")
        if any(value < 0 for series in chart.series for value in series.values):
            raise InvalidInput(f"chart {chart.caption!r}: a pie cannot show negative values")


# -- numbers of headings, tables and figures -------------------------------------------------

_CHINESE_DIGITS = "零一二三四五六七八九"


def chinese_number(n: int) -> str:
    """1 → 一, 10 → 十, 12 → 十二, 20 → 二十, 99 → 九十九."""
    if not 0 < n < 100:
        return str(n)
    tens, ones = divmod(n, 10)
    text = ("" if tens == 1 else _CHINESE_DIGITS[tens]) + "十" if tens else ""
    return text + (_CHINESE_DIGITS[ones] if ones else "")


_NUMBERED = re.compile(
    r"^\s*(?:[一二三四五六七八九十]+、|[（(][一二三四五六七八九十]+[）)]|\d+(?:\.\d+)*[.、\s])"
)


def heading_text(heading: str, path: tuple[int, ...], chinese: bool) -> str:
    """The heading with its number: 一、 (一) 1. (1) in Chinese, 1. 1.1 1.1.1 in English.
    A heading that already starts with a number keeps it."""
    if _NUMBERED.match(heading):
        return heading
    if not chinese:
        number = ".".join(str(n) for n in path)
        return f"{number}{'.' if len(path) == 1 else ''} {heading}"
    n, level = path[-1], len(path)
    if level == 1:
        return f"{chinese_number(n)}、{heading}"
    if level == 2:
        return f"（{chinese_number(n)}）{heading}"
    if level == 3:
        return f"{n}. {heading}"
    return f"（{n}）{heading}"


_CAPTION_NUMBER = re.compile(r"^\s*(?:表|图|Table|Figure|Fig\.)\s*\d+", re.IGNORECASE)


def caption_text(caption: str, kind: str, n: int, chinese: bool) -> str:
    """表1 … / Table 1 … (kind "table"), 图1 … / Figure 1 … (kind "figure"); a caption that
    already carries its number keeps it."""
    if _CAPTION_NUMBER.match(caption):
        return caption.strip()
    if chinese:
        return f"{'表' if kind == 'table' else '图'}{n} {caption}".rstrip()
    return f"{'Table' if kind == 'table' else 'Figure'} {n} {caption}".rstrip()


def note_text(note: str, chinese: bool) -> str:
    if re.match(r"^\s*(注|说明|Note)", note, re.IGNORECASE):
        return note.strip()
    return f"注：{note.strip()}" if chinese else f"Note: {note.strip()}"


def date_text(day: dt.date, chinese: bool) -> str:
    """2020年7月15日 / 15 July 2020."""
    if chinese:
        return f"{day.year}年{day.month}月{day.day}日"
    # not strftime("%B"): it follows the process's locale
    return f"{day.day} {_MONTHS[day.month - 1]} {day.year}"


_MONTHS = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip


@dataclass(frozen=True, slots=True)
class Numbered:
    """A section with its number path ((2, 1) = 二、's (一)) for walking the document."""

    section: Section
    path: tuple[int, ...]


def walk(sections: list[Section], path: tuple[int, ...] = ()) -> Iterator[Numbered]:
    """Every section and sub-section in reading order, with its number path."""
    for n, section in enumerate(sections, start=1):
        here = (*path, n)
        yield Numbered(section, here)
        yield from walk(section.subsections, here)


# -- tables' column widths -----------------------------------------------------------------


def text_width_em(text: str) -> float:
    """The width of a line of text in ems: a Chinese character is one, a Latin one about half."""
    return sum(1.0 if unicodedata.east_asian_width(char) in "WF" else 0.55 for char in text)


def _tokens(text: str) -> list[str]:
    """Words of Latin text (with their space) and single Chinese characters: where a line
    may break."""
    return re.findall(r"[^\s\u3000-\u9fff\uff00-\uffef]+\s*|\S\s*|\s+", text)


def wrap_em(text: str, width_em: float) -> str:
    """The text broken into lines ("\n") of at most `width_em` ems, greedily."""
    lines: list[str] = []
    line = ""
    for token in _tokens(text):
        if line and text_width_em((line + token).rstrip()) > width_em:
            lines.append(line.rstrip())
            line = token.lstrip()
        else:
            line += token
    if line.strip():
        lines.append(line.rstrip())
    return "\n".join(lines)


def balanced_lines(text: str, width_em: float) -> list[str]:
    """A title too long for one line broken into lines of about equal length, not a long
    line and an orphaned last character."""
    total = text_width_em(text)
    if total <= width_em:
        return [text]
    count = math.ceil(total / width_em)
    while True:
        lines = wrap_em(text, total / count + 0.8).split("\n")
        if len(lines) <= count or count > 6:
            return lines
        count += 1


def column_widths(table: Table, chinese: bool, total: float, size: float) -> list[float]:
    """Widths (in the unit of `total`) that fill the text block: each column as wide as its
    longest cell, a header allowed to wrap to about six characters; when they do not fit, the
    number columns keep their width and the text columns share what is left."""
    em = size * 1.05  # padding of the cells included
    natural = []
    for index, column in enumerate(table.columns):
        cells = [text_width_em(cell_text(row[index], column)) for row in table.rows]
        header = text_width_em(header_text(column, chinese))
        natural.append((max([*cells, min(header, 6.0), 2.0]) + 1.2) * em)
    if sum(natural) <= total:
        scale = total / sum(natural)
        return [width * scale for width in natural]
    fixed = [
        width if column.numeric else 0.0
        for width, column in zip(natural, table.columns, strict=True)
    ]
    flexible = sum(natural) - sum(fixed)
    left = total - sum(fixed)
    if flexible == 0 or left < total * 0.3:  # all numbers, or numbers too wide: all shrink
        return [width * total / sum(natural) for width in natural]
    return [
        fixed_width or width * left / flexible
        for width, fixed_width in zip(natural, fixed, strict=True)
    ]


# -- photos --------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Picture:
    data: bytes  # PNG or JPEG
    width: int  # pixels
    height: int


MAX_PHOTO_PIXELS = 1800  # about 290 dpi at the text block's width


def photo_picture(photo: Photo) -> Picture:
    """The photo upright (its EXIF orientation applied), as PNG or JPEG no wider than needed;
    InvalidInput naming the file when it is missing or not an image."""
    from PIL import Image, ImageOps, UnidentifiedImageError

    path = Path(photo.path)
    if not path.is_file():
        raise InvalidInput(f"photo {photo.path}: no such file")
    try:
        with Image.open(path) as image:
            image.load()
            upright = ImageOps.exif_transpose(image)
            changed = upright is not image
            if max(upright.size) > MAX_PHOTO_PIXELS:
                upright = upright.copy()
                upright.thumbnail((MAX_PHOTO_PIXELS, MAX_PHOTO_PIXELS))
                changed = True
            if not changed and image.format in ("PNG", "JPEG"):
                return Picture(path.read_bytes(), *image.size)
            buffer = io.BytesIO()
            if upright.mode in ("RGBA", "LA", "P"):
                upright.save(buffer, format="PNG")
            else:
                upright.convert("RGB").save(buffer, format="JPEG", quality=88)
            return Picture(buffer.getvalue(), *upright.size)
    except (UnidentifiedImageError, OSError) as error:
        raise InvalidInput(f"photo {photo.path}: not an image the report can show") from error


def picture_size_cm(picture: Picture) -> tuple[float, float]:
    """The picture at the text block's width, or lower when it would take more than 60% of
    the page's height."""
    width = TEXT_WIDTH_CM
    height = width * picture.height / picture.width
    if height > TEXT_HEIGHT_CM * 0.6:
        height = TEXT_HEIGHT_CM * 0.6
        width = height * picture.width / picture.height
    return width, height


def chart_height_cm(chart: Chart, width_cm: float) -> float:
    """Charts are drawn at a fixed proportion of their width; a pie a little taller."""
    return width_cm * (0.5 if chart.kind == "pie" else 0.56)
