"""The seeds' places and the figures the demo gives them.

Counties and their exit years: the five counties named in the seed reports. Zhongba, Luotian
and Zhenyuan exited in the first half of 2019 (seed 002, China Baowu); the day within that
half-year, the exit years of Yangyuan and Luanping and every household count are demo
assumptions, sized so that the dashboards and the evaluation have real work to do (10–40 k
households a county).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass


@dataclass(frozen=True)
class DemoCounty:
    code: str
    name: str
    households: int
    exit_year: int
    seed: str
    exit_date: dt.date | None = None


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
    ),
    DemoCounty(
        "130824", "滦平县", 15_000, 2018, "seed 003: Shougang mining project", dt.date(2018, 9, 29)
    ),
)

HEIYUKOU = "110119202201"  # 黑峪口村, 香营乡, 延庆区 (seed 003, Shougang)
HEIYUKOU_PEONY_HOUSEHOLDS = 40  # seed 003: 1,200 peony seedlings for 40 households (2018)

SURVEY_YEARS = (2016, 2017, 2018, 2019, 2020)
PASSWORD = "fupin-demo"
