"""The seeds' places and the figures the demo gives them.

Counties and their exit years: the five counties named in the seed reports. Zhongba, Luotian
and Zhenyuan exited in the first half of 2019 (seed 002, China Baowu); the day within that
half-year, the exit years of Yangyuan and Luanping and every household count are demo
assumptions, sized so that the dashboards and the evaluation have real work to do (10–40 k
households a county).

Wrongly exited (错退) shares are demo assumptions too: half a per cent of the exits, as low
as the 2018–2020 third-party evaluations found, except in Yangyuan, the county that applies
for exit in 2020 and fails its verification on that one rate (about 3 %, the threshold is
2 %) while its incidence passes.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from fupin.demo.synthetic import WRONGLY_EXITED_SHARE


@dataclass(frozen=True)
class DemoCounty:
    code: str
    name: str
    households: int
    exit_year: int
    seed: str
    exit_date: dt.date | None = None
    #: share of its exits recorded on data that fail the standard (错退)
    wrongly_exited_share: float = WRONGLY_EXITED_SHARE


COUNTIES: tuple[DemoCounty, ...] = (
    DemoCounty(
        "540232",
        "仲巴县",
        10_000,
        2019,
        "seed 002: China Baowu, exited H1 2019",
        dt.date(2019, 4, 30),
    ),
    DemoCounty(
        "421123",
        "罗田县",
        40_000,
        2019,
        "seed 002: China Baowu, exited H1 2019",
        dt.date(2019, 4, 30),
    ),
    DemoCounty(
        "530825",
        "镇沅县",
        20_000,
        2019,
        "seed 002: China Baowu, exited H1 2019",
        dt.date(2019, 4, 30),
    ),
    DemoCounty(
        "130727",
        "阳原县",
        25_000,
        2020,
        "seed 003: Shougang purchasing union",
        dt.date(2020, 2, 29),
        wrongly_exited_share=0.034,
    ),
    DemoCounty(
        "130824", "滦平县", 15_000, 2018, "seed 003: Shougang mining project", dt.date(2018, 9, 29)
    ),
)

HEIYUKOU = "110119202201"  # 黑峪口村, 香营乡, 延庆区 (seed 003, Shougang)
HEIYUKOU_PEONY_HOUSEHOLDS = 40  # seed 003: 1,200 peony seedlings for 40 households (2018)

SURVEY_YEARS = (2016, 2017, 2018, 2019, 2020)
PASSWORD = "fupin-demo"


def with_townships(rows: Iterable[tuple[object, ...]]) -> list[tuple[object, ...]]:
    """Region-year rows (code, year, rural population, poor county, poor village, exit year,
    exit date) with a row for each township of their villages: its rural population the sum
    of its villages' in the year, so that a township shows an incidence of its own."""
    rows = list(rows)
    known = {(str(row[0]), row[1]) for row in rows}
    townships: dict[tuple[str, object], int] = {}
    for code, year, rural, *_ in rows:
        if len(str(code)) == 12 and isinstance(rural, int):
            key = (str(code)[:9], year)
            townships[key] = townships.get(key, 0) + rural
    extra = [
        (code, year, rural, False, False, None, None)
        for (code, year), rural in sorted(townships.items())
        if (code, year) not in known
    ]
    return rows + extra
