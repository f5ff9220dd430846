"""Compose a work report (a `Document`) from the data, in the reader's language: the unit's
(`unit_document`) or a region's leading group's (`region_document`) for a period. The
sections are built in `unit_sections` and `region_sections` from the selectors of the apps
they report on; this module holds what both share: the title block, how amounts, dates and
periods read in a sentence, the typical cases chosen into the report and the key figures a
job keeps."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db.models import QuerySet
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from fupin.assistance.enums import Measure
from fupin.assistance.models import Indicator, Unit
from fupin.core.errors import InvalidInput
from fupin.regions.models import Region
from fupin.reports.annual.document import (
    Document,
    Paragraph,
    Photo,
    Section,
    TitleBlock,
)
from fupin.reports.annual.render_common import date_text
from fupin.reports.models import TypicalCase

PHOTOS_PER_CASE = 2
WAN = Decimal(10_000)
YI = Decimal(100_000_000)
MILLION = Decimal(1_000_000)


def english() -> bool:
    return (translation.get_language() or "").startswith("en")


# -- how figures read in a sentence ----------------------------------------------------------


def date_words(day: dt.date) -> str:
    """2020年6月30日 / 30 June 2020."""
    return date_text(day, not english())


def whole_year(start: dt.date, end: dt.date) -> bool:
    return start == dt.date(start.year, 1, 1) and end == dt.date(start.year, 12, 31)


def period_words(start: dt.date, end: dt.date) -> str:
    """2019年度 / 2019 for a calendar year; 2019年1月1日至2020年6月30日 / 1 January 2019 to
    30 June 2020 otherwise."""
    if whole_year(start, end):
        return str(start.year) if english() else f"{start.year}年度"
    joined = " to " if english() else "至"
    return f"{date_words(start)}{joined}{date_words(end)}"


def _trimmed(value: Decimal, places: int = 2) -> str:
    """A number with thousands separators and at most `places` decimals, no trailing zeros."""
    text = f"{value.quantize(Decimal(1).scaleb(-places)):,.{places}f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def count_words(value: Decimal | int) -> str:
    return f"{int(value):,}"


def yuan_words(value: Decimal) -> str:
    """An amount in yuan as a sentence says it: 3,300万元, 2.66亿元, 8,400元; 33 million
    yuan, 84,000 yuan."""
    value = Decimal(value)
    if english():
        if abs(value) >= MILLION:
            return f"{_trimmed(value / MILLION)} million yuan"
        return f"{_trimmed(value)} yuan"
    if abs(value) >= YI:
        return f"{_trimmed(value / YI)}亿元"
    if abs(value) >= WAN:
        return f"{_trimmed(value / WAN)}万元"
    return f"{_trimmed(value)}元"


def indicator_name(indicator: Indicator) -> str:
    """The indicator's name in the reader's language. A unit's own indicator without an
    English name reads as its code in English (its Chinese name is a label, not a name)."""
    if english() and not indicator.name_en:
        words = indicator.code.split("_")
        if len(words) > 1 and words[-1] == indicator_unit(indicator):  # materials_bought_t
            words = words[:-1]
        return " ".join(words).capitalize()
    return indicator.shown_name


def indicator_unit(indicator: Indicator) -> str:
    """The unit of the indicator's figures: 元 / yuan, 人 / people, 吨 / t …; in English a
    unit label the catalogue does not know is left out rather than printed in Chinese."""
    shown = indicator.shown_unit
    if english() and any("\u4e00" <= ch <= "\u9fff" for ch in shown):
        return ""
    return shown


def amount_words(indicator: Indicator, value: Decimal) -> str:
    """The delivered amount of an indicator as a sentence says it (3,300万元, 416人, 416
    people, 378,000吨)."""
    if indicator.measure == Measure.YUAN:
        return yuan_words(value)
    number = count_words(value) if indicator.measure == Measure.COUNT else _trimmed(value)
    unit = indicator_unit(indicator)
    if english():
        return f"{number} {unit}".strip()
    return f"{number}{unit}"


def percent_of(delivered: Decimal, target: Decimal | None) -> Decimal | None:
    """Completion in percentage points with two places (None without a target)."""
    if not target:
        return None
    return (Decimal(delivered) * 100 / Decimal(target)).quantize(Decimal("0.01"))


def percent_words(value: Decimal) -> str:
    return f"{_trimmed(value, 1)}%"


def grade_words(label: str | None) -> str:
    """A grade as the reader reads it (the schemes' labels are Chinese; the catalogue has them
    in English under the context 考核等次); — when there is none."""
    if not label:
        return "—"
    return pgettext("考核等次", label)


def listing(items: Iterable[str]) -> str:
    """Items joined as a sentence lists them: 甲、乙和丙 / A, B and C."""
    items = [i for i in items if i]
    if len(items) <= 1:
        return "".join(items)
    if english():
        return ", ".join(items[:-1]) + " and " + items[-1]
    return "、".join(items[:-1]) + "和" + items[-1]


def sentence_join(parts: Iterable[str]) -> str:
    """Clauses joined into one sentence: ；-separated in Chinese, ;-separated in English."""
    parts = [p for p in parts if p]
    return ("; " if english() else "；").join(parts)


def full_stop(text: str) -> str:
    if not text:
        return text
    if english():
        return text if text.endswith(".") else text + "."
    return text if text.endswith("。") else text + "。"


# -- the report --------------------------------------------------------------------------------


@dataclass
class Report:
    """A composed report and the key figures a job keeps as its result."""

    document: Document
    figures: dict[str, Any] = field(default_factory=dict)


def made_today() -> dt.date:
    return timezone.localdate()


def title_block(
    issuer: str, start: dt.date, end: dt.date, made: dt.date, *, kind: str
) -> TitleBlock:
    """The title block: 首钢集团有限公司2019年度定点扶贫工作报告 / 首钢集团有限公司: poverty-
    alleviation work report, 2019; `kind` "unit" (定点扶贫) or "region" (脱贫攻坚)."""
    period = period_words(start, end)
    if kind == "unit":
        title = _("%(issuer)s%(period)s定点扶贫工作报告") % {"issuer": issuer, "period": period}
    else:
        title = _("%(issuer)s%(period)s脱贫攻坚工作报告") % {"issuer": issuer, "period": period}
    if whole_year(start, end):
        shown = f"{date_words(start)}{' to ' if english() else '至'}{date_words(end)}"
    else:
        shown = period
    return TitleBlock(title=title, issuer=issuer, period=shown, date=made)


def check_period(start: dt.date, end: dt.date) -> None:
    if end < start:
        raise InvalidInput(_("结束日期早于开始日期"))
    if end.year - start.year > 10:
        raise InvalidInput(_("报告期不能超过十年"))


def unit_document(
    unit: Unit,
    start: dt.date,
    end: dt.date,
    *,
    language: str,
    cases: Iterable[int] = (),
    made: dt.date | None = None,
) -> Report:
    """The unit's work report for [start, end] in `language` ("zh-hans" or "en"), with the
    typical cases of `cases` (ids of the unit's cases)."""
    from fupin.reports.annual import unit_sections

    check_period(start, end)
    made = made or made_today()
    with translation.override(language):
        chosen = cases_chosen(cases, unit=unit)
        sections, figures = unit_sections.sections(unit, start, end, made)
        if chosen:
            sections.append(cases_section(chosen))
        document = Document(
            title=title_block(unit.name, start, end, made, kind="unit"),
            sections=sections,
            language="en" if english() else "zh-hans",
            footer=unit.name,
        )
    return Report(document, {**figures, "cases": [c.pk for c in chosen]})


def region_document(
    region: Region,
    start: dt.date,
    end: dt.date,
    *,
    language: str,
    cases: Iterable[int] = (),
    made: dt.date | None = None,
) -> Report:
    """The work report of a region's leading group (a province, prefecture or county)."""
    from fupin.reports.annual import region_sections

    check_period(start, end)
    made = made or made_today()
    with translation.override(language):
        chosen = cases_chosen(cases, region=region)
        issuer, sections, figures = region_sections.sections(region, start, end, made)
        if chosen:
            sections.append(cases_section(chosen))
        document = Document(
            title=title_block(issuer, start, end, made, kind="region"),
            sections=sections,
            language="en" if english() else "zh-hans",
            footer=issuer,
        )
    return Report(document, {**figures, "cases": [c.pk for c in chosen]})


# -- typical cases -------------------------------------------------------------------------------


def cases_offered(
    *, unit: Unit | None = None, region: Region | None = None
) -> QuerySet[TypicalCase]:
    """The typical cases a report of the unit (its tree) or of the region (the region and
    under it) may include, of any year, latest first."""
    from fupin.reports.cases.selectors import cases_of

    return cases_of(unit=unit, region=region, year_from=1949, year_to=9999).order_by("-year", "-pk")


def cases_chosen(
    ids: Iterable[int], *, unit: Unit | None = None, region: Region | None = None
) -> list[TypicalCase]:
    """The chosen cases in the order given; InvalidInput naming an id that is not one of the
    cases the report may include."""
    wanted = []
    for raw in ids:
        try:
            wanted.append(int(raw))
        except (TypeError, ValueError):
            raise InvalidInput(_("典型案例编号 %(id)s 无效") % {"id": raw}) from None
    if not wanted:
        return []
    found = {c.pk: c for c in cases_offered(unit=unit, region=region).filter(pk__in=wanted)}
    missing = [str(pk) for pk in wanted if pk not in found]
    if missing:
        raise InvalidInput(_("典型案例 %(ids)s 不属于该报告对象") % {"ids": "、".join(missing)})
    return [found[pk] for pk in dict.fromkeys(wanted)]


def _photo_path(path: str) -> Path:
    stored = Path(path)
    if stored.is_absolute():
        return stored
    return Path(settings.DATA_DIR) / "attachments" / stored


def cases_section(cases: list[TypicalCase]) -> Section:
    """典型案例: each case a sub-section with where and by whom, its text and its first
    photos."""
    subsections = []
    for case in cases:
        where = [case.region.name, case.unit.name if case.unit else "", str(case.year)]
        if english():
            lead = f"Place: {where[0]}" + (f"; unit: {where[1]}" if where[1] else "")
            lead += f"; year: {where[2]}."
        else:
            lead = f"地区：{where[0]}" + (f"；帮扶单位：{where[1]}" if where[1] else "")
            lead += f"；年度：{where[2]}年。"
        blocks: list[Any] = [Paragraph(lead)]
        if case.summary:
            blocks.append(Paragraph(case.summary))
        blocks.extend(Paragraph(p.strip()) for p in case.text.split("\n") if p.strip())
        photos = sorted(case.photos.all(), key=lambda p: (p.order, p.pk))[:PHOTOS_PER_CASE]
        for photo in photos:
            path = _photo_path(photo.path)
            if path.is_file():
                blocks.append(Photo(str(path), photo.caption))
        subsections.append(Section(case.title, blocks))
    heading = _("典型案例")
    intro = _("本报告选入典型案例%(n)s个。") % {"n": len(cases)}
    return Section(heading, [Paragraph(intro)], subsections)
