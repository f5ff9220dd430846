"""The early-warning list (预警名单) of a region and year as an xlsx sheet: a title row (what,
where, which year, the day made), then the households the rules flagged and the department
flags waiting to be verified, one row each, written as they are read (constant memory)."""

from __future__ import annotations

import datetime as dt
import json
import os
import tempfile
from collections.abc import Iterator, Sequence
from typing import IO, Any

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from fupin.core.errors import InvalidInput
from fupin.core.identifiers import mask_id_number
from fupin.exchange.titles import Title, year_text
from fupin.exchange.writers import write_table
from fupin.monitoring import selectors
from fupin.monitoring.feed_definitions import feed_definition
from fupin.monitoring.models import Feed, FeedRow
from fupin.regions.models import Region
from fupin.registry import marks
from fupin.registry.enums import Status
from fupin.registry.exports import region_place
from fupin.registry.models import HouseholdResult

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
#: columns written as text: codes and ID numbers keep their leading zeros and all digits
TEXT_COLUMNS = (0, 1, 4)


def warnings_header() -> list[str]:
    return [
        _("户编号"),
        _("行政区划代码"),
        _("所在村"),
        _("姓名"),
        _("证件号码"),
        _("人均纯收入（元）"),
        _("监测范围（元）"),
        _("预警来源"),
        _("预警内容"),
        _("状态"),
        _("已纳入监测"),
    ]


def warnings_rows(
    *,
    results: QuerySet[HouseholdResult],
    flags: QuerySet[FeedRow],
    region: Region | None,
    year: int,
    status: str = "",
    unmasked: bool = False,
) -> Iterator[list[Any]]:
    """The rows of the sheet: each warning of the year (the rules that fired in words, its
    status, whether a case is open), then each pending department flag (the feed and the
    evidence of its row); `status` narrows the warnings to one status."""
    statuses = dict(Status.choices)
    yes, no = _("是"), _("否")
    shown = (lambda n: n) if unmasked else mask_id_number
    listed = selectors.warning_list(results=results, region=region, year=year, status=status)
    for r in listed.iterator(chunk_size=2000):
        yield [
            r.household.number,
            r.village_id,
            r.village.name,
            r.head_name,
            shown(r.head_id_number) if r.head_id_number else None,
            r.per_capita_income,
            r.poverty_line,
            _("系统预警"),
            _("、").join(marks.due_of(r.reasons)) or None,
            str(statuses.get(r.status, r.status)),
            yes if r.open_case else no,
        ]
    pending = selectors.flag_list(flags=flags, region=region, year=year)
    for f in pending.iterator(chunk_size=2000):
        yield [
            f.household.number if f.household else None,
            f.village_id,
            f.village.name if f.village else None,
            f.member.name if f.member else None,
            shown(f.id_number) if f.id_number else None,
            None,
            None,
            _("部门筛查预警：%(feed)s") % {"feed": f.batch.feed.name},
            flag_evidence(f),
            _("待核实"),
            no,
        ]


def flag_evidence(flag: FeedRow) -> str:
    """A department flag's evidence as one line: its file and row, then the values of the
    feed's columns ("医疗费用: 52000"), the ID number left out."""
    where = _("%(file)s 第 %(row)s 行") % {"file": flag.batch.file_name, "row": flag.row_number}
    values = [
        f"{title}: {flag.values[key]}"
        for key, title in _titles(flag.batch.feed).items()
        if key != "id_number" and flag.values.get(key) not in (None, "")
    ]
    return " · ".join([where, *values])


_TITLES: dict[str, dict[str, str]] = {}


def _titles(feed: Feed) -> dict[str, str]:
    """Each column key of a feed with its title (its first header), parsed once per
    definition; a definition that does not parse is read as far as it goes."""
    key = json.dumps([feed.columns, feed.rule], sort_keys=True, default=str)
    if key not in _TITLES:
        try:
            _TITLES[key] = {c.key: c.title for c in feed_definition(feed).columns}
        except InvalidInput:
            _TITLES[key] = {name: _title(spec, name) for name, spec in (feed.columns or {}).items()}
    return _TITLES[key]


def _title(spec: Any, name: str) -> str:
    """A column's first header however the definition writes it: a header, a list of them,
    or a table with `header`."""
    header = spec.get("header", name) if isinstance(spec, dict) else spec
    if isinstance(header, list):
        header = header[0] if header else name
    return str(header)


def warnings_export(
    *,
    results: QuerySet[HouseholdResult],
    flags: QuerySet[FeedRow],
    region: Region | None,
    places: Sequence[str] = (),
    year: int,
    status: str = "",
    unmasked: bool = False,
    made: dt.date,
) -> IO[bytes]:
    """The warning list written to a temporary xlsx file, returned open for reading (the file
    has no name left on disk: it is gone when closed). `places` name the regions in the
    title when no `region` is given (all regions when empty)."""
    what = _("预警名单")
    if status:
        what = f"{what}（{dict(Status.choices).get(status, status)}）"
    title = Title(
        what=what,
        made=made,
        place=region_place([region.code] if region is not None else list(places)),
        year=year_text(year),
    )
    folder = tempfile.mkdtemp(prefix="fupin-warnings-")
    path = os.path.join(folder, "warnings.xlsx")
    try:
        write_table(
            path,
            warnings_header(),
            warnings_rows(
                results=results,
                flags=flags,
                region=region,
                year=year,
                status=status,
                unmasked=unmasked,
            ),
            sheet="warnings",
            text_columns=TEXT_COLUMNS,
            title=title,
            key_columns=4,
        )
        return open(path, "rb")  # the response closes it
    finally:
        if os.path.exists(path):
            os.unlink(path)  # the open handle keeps the content until it is closed
        os.rmdir(folder)
