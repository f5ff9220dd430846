"""The title row of an exported sheet: what it is, for which region (or unit), which year, and
the day it was made, in the active language; with the page footer of its printout.

Offices print their exports and file them: a sheet of 140 households without a title is a
sheet of nobody knows what. The writer puts the title above the header (readers skip it: see
`readers.header_find`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from django.utils.translation import gettext as _


@dataclass(frozen=True)
class Title:
    """What a sheet is (`what`), for which region or unit (`place`, name and code, or ""),
    which year (`year`: a year, or words such as "each household's latest"; "" for none) and
    when it was made."""

    what: str
    made: dt.date
    place: str = ""
    year: str = ""

    def text(self) -> str:
        """The title row: "罗田县（421123） 贫困户名单 · 2019 年度 · 制表日期 2025-06-30"."""
        parts = [
            _("%(place)s %(what)s") % {"place": self.place, "what": self.what}
            if self.place
            else self.what
        ]
        if self.year:
            parts.append(self.year)
        parts.append(_("制表日期 %(date)s") % {"date": self.made.isoformat()})
        return " · ".join(parts)

    def footer(self) -> str:
        """The printout's footer, in Excel's header/footer codes: the page of the pages."""
        return "&C" + _("第 %(page)s 页，共 %(pages)s 页") % {"page": "&P", "pages": "&N"}


def place_text(name: str, code: str) -> str:
    """A region or unit with its code: "罗田县（421123）"."""
    return _("%(name)s（%(code)s）") % {"name": name, "code": code}


def year_text(year: int | None, *, otherwise: str = "") -> str:
    """ "2019 年度" for a year, `otherwise` without one."""
    if year is None:
        return otherwise
    return _("%(year)s 年度") % {"year": year}


def years_text(years: Iterable[int]) -> str:
    """The years rows cover: "2020 年度", "2019—2021 年度"; "" for none."""
    found = sorted(set(years))
    if not found:
        return ""
    if len(found) == 1:
        return year_text(found[0])
    return _("%(first)s—%(last)s 年度") % {"first": found[0], "last": found[-1]}
