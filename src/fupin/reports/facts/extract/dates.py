"""The date a sentence part gives: the end of the period it names — "截至2020年6月底", "as
of the end of june 2020" and "in june 2020" are 2020-06-30, "2019年" and "in 2019" are
2019-12-31, "上半年" of a year its June 30; a date after "since"/"自" starts a period and is
not the figure's date."""

from __future__ import annotations

import calendar
import datetime as dt
import re

from fupin.reports.facts import lexicon as lx
from fupin.reports.facts.extract.sentences import Span

_MONTH_NAMES = "|".join(sorted(lx.MONTHS, key=len, reverse=True))


_DATE_PATTERNS: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(p, re.IGNORECASE), how)
    for p, how in (
        (r"(\d{4})-(\d{1,2})-(\d{1,2})", "ymd"),
        (r"(\d{4})\s?年\s?(\d{1,2})\s?月\s?(\d{1,2})\s?[日号]", "ymd"),
        (r"(\d{4})\s?年\s?(\d{1,2})\s?月", "ym"),
        (r"(\d{4})\s?年\s?上半年", "h1"),
        (r"(\d{4})\s?年", "y"),
        (rf"\b({_MONTH_NAMES})\.?\s+(\d{{1,2}})(?:st|nd|rd|th)?,?\s+(\d{{4}})\b", "mdy"),
        (rf"\b(\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?({_MONTH_NAMES})\.?,?\s+(\d{{4}})\b", "dmy"),
        (rf"\b({_MONTH_NAMES})\.?,?\s+(\d{{4}})\b", "my"),
        (r"\b(?:first half|first six months) of (\d{4})\b", "h1"),
        (r"\b(?:in|by|end of|during|of|throughout)\s+(\d{4})\b", "y"),
    )
)


_SINCE = re.compile(r"(?:since|from|starting|自|从|自从)\s*(?:the\s+)?(?:end of\s+)?$", re.I)


def date_of_part(lower: str, sentence: Span) -> dt.date | None:
    """The date of the sentence part, else of the sentence before it (see the docstring)."""
    found = _date_in(lower, sentence.start, sentence.end)
    if found is None and sentence.sentence_start < sentence.start:
        found = _date_in(lower, sentence.sentence_start, sentence.start)
    return found


def _date_in(lower: str, start: int, end: int) -> dt.date | None:
    candidates: list[tuple[int, dt.date]] = []
    taken: list[tuple[int, int]] = []
    for pattern, how in _DATE_PATTERNS:
        for match in pattern.finditer(lower, start, end):
            if any(a <= match.start() < b for a, b in taken):
                continue
            taken.append(match.span())
            if _SINCE.search(lower[max(start, match.start() - 16) : match.start()]):
                continue
            day = _date_of(match, how)
            if day is not None:
                candidates.append((match.start(), day))
    return min(candidates)[1] if candidates else None


def _date_of(match: re.Match[str], how: str) -> dt.date | None:
    groups = match.groups()
    try:
        if how == "ymd":
            return dt.date(int(groups[0]), int(groups[1]), int(groups[2]))
        if how == "ym":
            return _month_end(int(groups[0]), int(groups[1]))
        if how == "h1":
            return dt.date(int(groups[0]), 6, 30)
        if how == "y":
            year = int(groups[0])
            return dt.date(year, 12, 31) if 1949 <= year <= 2100 else None
        if how == "mdy":
            return dt.date(int(groups[2]), lx.MONTHS[groups[0].lower()], int(groups[1]))
        if how == "dmy":
            return dt.date(int(groups[2]), lx.MONTHS[groups[1].lower()], int(groups[0]))
        if how == "my":
            return _month_end(int(groups[1]), lx.MONTHS[groups[0].lower()])
    except ValueError:
        return None
    return None


def _month_end(year: int, month: int) -> dt.date:
    return dt.date(year, month, calendar.monthrange(year, month)[1])
