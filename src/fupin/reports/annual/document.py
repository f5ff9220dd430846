"""The shape of a work report, independent of the file it is written to: a title block and
numbered sections of paragraphs, tables (each column with its unit) and charts. `compose`
fills it from the data in the reader's language; `render_docx` and `render_pdf` write it."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Literal

Cell = str | int | Decimal | None


@dataclass
class TitleBlock:
    """What heads the first page: the title, who reports, to whom, the period and the date."""

    title: str  # 首钢集团有限公司2019年度定点扶贫工作报告
    issuer: str  # the unit or the leading group
    period: str  # 2019年1月1日至2020年6月30日 / 1 January 2019 to 30 June 2020
    date: dt.date  # the date the report is made
    recipient: str = ""  # 国务院扶贫开发领导小组办公室 …
    number: str = ""  # 文号, e.g. 首钢扶〔2020〕1号


@dataclass
class Paragraph:
    text: str


@dataclass
class Column:
    label: str
    unit: str = ""  # 元, 人, % — printed in the header as "label（unit）"
    numeric: bool = False  # right-aligned, thousands separators


@dataclass
class Table:
    caption: str  # 表1 帮扶指标完成情况
    columns: list[Column]
    rows: list[list[Cell]]
    note: str = ""  # 注：… printed under the table


@dataclass
class Series:
    name: str
    values: list[float]


@dataclass
class Chart:
    """A chart drawn server-side in the pages' look: bars (grouped), a line or a pie."""

    caption: str  # 图1 …
    kind: Literal["bar", "line", "pie"]
    categories: list[str]
    series: list[Series]
    unit: str = ""  # the value axis' unit


@dataclass
class Photo:
    """An image kept under the data folder (a typical case's photo)."""

    path: str  # absolute path
    caption: str = ""


Block = Paragraph | Table | Chart | Photo


@dataclass
class Section:
    """A numbered section (一、二、… / 1. 2. …) with its blocks and sub-sections ((一) / 1.1)."""

    heading: str
    blocks: list[Block] = field(default_factory=list)
    subsections: list[Section] = field(default_factory=list)


@dataclass
class Document:
    title: TitleBlock
    sections: list[Section]
    language: str  # "zh-hans" or "en"
    footer: str = ""  # printed beside the page number
