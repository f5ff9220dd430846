"""A synthetic registry file in the import layout (one row per member), made with numpy:
checksum-valid unique ID numbers, households of 1–6 members in real villages of Luotian
(421123), incomes around the 2016 line. Also the pieces a benchmark database needs."""

from __future__ import annotations

import os
from pathlib import Path

import numpy as np
import pandas as pd

COUNTY = "421123"
YEAR = 2016
WEIGHTS = np.array([7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2])
CHECK = np.array(list("10X98765432"))


def setup_django(data_dir: str) -> None:
    """Point fupin at a fresh SQLite database in `data_dir` and migrate it."""
    os.environ["FUPIN_DATA_DIR"] = data_dir
    os.environ.pop("FUPIN_DATABASE_URL", None)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "fupin.settings")
    import django

    django.setup()
    from fupin.core.commands import ensure_migrated

    ensure_migrated()


def prepare_database(data_dir: str) -> int:
    """Migrate and load the division tree of the county; returns its village count."""
    setup_django(data_dir)
    from fupin.regions.models import Region
    from fupin.regions.services import regions_load

    regions_load(only=[COUNTY])
    return Region.objects.filter(level="village").count()


def _villages(data_dir: str) -> list[str]:
    import sqlite3

    with sqlite3.connect(Path(data_dir) / "fupin.sqlite3") as con:
        rows = con.execute(
            "SELECT code FROM regions_region WHERE level = 'village' ORDER BY code"
        ).fetchall()
    return [r[0] for r in rows]


def id_numbers(index: np.ndarray, address: str) -> np.ndarray:
    """Unique checksum-valid ID numbers from integers: a birth date per 500 people, the
    sequence from the rest (odd for men, even for women)."""
    days = (index // 500) % 20_000
    born = (np.datetime64("1940-01-01") + days.astype("timedelta64[D]")).astype(str)
    dates = np.char.replace(born, "-", "")
    seq = np.char.zfill(((index % 500) + 1).astype(str), 3)
    body = np.char.add(np.char.add(address, dates), seq)
    digits = np.frombuffer("".join(body.tolist()).encode(), dtype=np.uint8).reshape(-1, 17) - 48
    check = CHECK[(digits.astype(np.int64) @ WEIGHTS) % 11]
    return np.char.add(body, check)


def write_file(data_dir: str, path: str, members: int, seed: int = 7) -> dict[str, int]:
    """Write about `members` rows to `path` (.csv); returns the counts in it."""
    rng = np.random.default_rng(seed)
    villages = np.array(_villages(data_dir))
    sizes = rng.choice(
        [1, 2, 3, 4, 5, 6], size=members // 3 + 1, p=[0.08, 0.18, 0.25, 0.27, 0.15, 0.07]
    )
    sizes = sizes[np.cumsum(sizes) <= members]
    households = len(sizes)
    total = int(sizes.sum())
    hh_index = np.repeat(np.arange(households), sizes)
    first = np.r_[True, hh_index[1:] != hh_index[:-1]]
    village = villages[rng.integers(0, len(villages), households)]
    number = np.char.add(village, np.char.zfill(np.arange(households).astype(str), 6))
    per_capita = rng.lognormal(np.log(2952 * 0.95), 0.35, households)
    wage = np.round(per_capita * sizes * 0.6, 2)
    business = np.round(per_capita * sizes * 0.25, 2)
    transfer = np.round(per_capita * sizes * 0.15, 2)
    flags = np.where(rng.random((households, 5)) < 0.97, "是", "否")
    frame = pd.DataFrame(
        {
            "户编号": number[hh_index],
            "行政区划代码": village[hh_index],
            "姓名": np.array(["张", "王", "李", "刘", "陈"])[hh_index % 5],
            "证件号码": id_numbers(np.arange(total), COUNTY),
            "与户主关系": np.where(first, "户主", "之子"),
            "贫困户属性": np.where(first, "一般贫困户", ""),
            "主要致贫原因": np.where(first, "缺技术", ""),
            "识别年度": np.where(first, "2014", ""),
            "脱贫年度": "",
            "年度": YEAR,
            "工资性收入": np.where(first, wage[hh_index].astype(str), ""),
            "生产经营性收入": np.where(first, business[hh_index].astype(str), ""),
            "财产性收入": np.where(first, "0", ""),
            "转移性收入": np.where(first, transfer[hh_index].astype(str), ""),
            "生产经营性支出": np.where(first, "0", ""),
            **{
                name: np.where(first, flags[hh_index, i], "")
                for i, name in enumerate(
                    [
                        "吃穿不愁",
                        "义务教育有保障",
                        "基本医疗有保障",
                        "住房安全有保障",
                        "饮水安全有保障",
                    ]
                )
            },
        }
    )
    frame.to_csv(path, index=False)
    return {"rows": total, "households": households}


def stored_counts(data_dir: str) -> dict[str, object]:
    """What a run left in the database: row counts and the total of wage incomes in cents."""
    import sqlite3

    with sqlite3.connect(Path(data_dir) / "fupin.sqlite3") as con:
        count = {
            t: con.execute(f"SELECT count(*) FROM registry_{t}").fetchone()[0]
            for t in ("household", "member", "survey")
        }
        cents = con.execute(
            "SELECT sum(CAST(ROUND(wage_income * 100) AS INTEGER)) FROM registry_survey"
        ).fetchone()[0]
    return {**count, "wage_cents": cents}
