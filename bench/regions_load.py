"""Benchmark ``regions_load``: `fupin regions load` (665,276 regions, 620,573 villages) into a
fresh SQLite database, against plain pandas reading the same shipped file and writing the same
rows with ``to_sql``. Both must store the same table."""

from __future__ import annotations

import io
import lzma
import sqlite3
from pathlib import Path

import pandas as pd

from bench.harness import run_measured
from bench.registry import Context, benchmark, note, report


def migrate(data_dir: str) -> None:
    from bench.import_file import setup_django

    setup_django(data_dir)


def fupin_load(data_dir: str) -> int:
    from bench.import_file import setup_django

    setup_django(data_dir)
    from fupin.regions.services import regions_load

    return regions_load()


def pandas_load(data_dir: str) -> int:
    from fupin.policy.regimes import load_regime
    from fupin.regions.codes import DATA_DIR, short_name

    divisions, coordinates = DATA_DIR / "divisions-2023.tsv.xz", DATA_DIR / "coordinates.csv"

    text = lzma.decompress(divisions.read_bytes()).decode("utf-8")
    frame = pd.read_csv(io.StringIO(text), sep="\t", header=None, names=["code", "name"], dtype=str)
    length = frame.code.str.len()
    levels = {2: "province", 4: "prefecture", 6: "county", 9: "township", 12: "village"}
    parents = {4: 2, 6: 4, 9: 6, 12: 9}
    frame["level"] = length.map(levels)
    frame["parent_id"] = [
        c[: parents[n]] if n > 2 else None for c, n in zip(frame.code, length, strict=True)
    ]
    western = set(load_regime("cn-2014").western_provinces)
    frame["is_western"] = frame.code.str[:2].isin(western)
    frame["short_name"] = frame.name
    named = frame.name.str.endswith(("自治区", "自治县", "自治旗", "自治州", "委员会", "委会"))
    frame.loc[named, "short_name"] = [
        short_name(n, lv) for n, lv in zip(frame.name[named], frame.level[named], strict=True)
    ]
    coords = pd.read_csv(coordinates, dtype={"code": str})
    frame["padded"] = frame.code.str.pad(12, side="right", fillchar="0")
    frame = frame.merge(coords.rename(columns={"code": "padded"}), on="padded", how="left")
    frame.loc[length.to_numpy() > 6, ["longitude", "latitude"]] = None
    frame = frame.drop(columns=["padded"])
    with sqlite3.connect(Path(data_dir) / "fupin.sqlite3") as con:
        frame.to_sql("regions_region", con, if_exists="append", index=False, chunksize=50_000)
    return len(frame)


def table_digest(data_dir: str) -> list[object]:
    with sqlite3.connect(Path(data_dir) / "fupin.sqlite3") as con:
        return list(
            con.execute(
                "SELECT count(*), sum(level = 'village'), count(parent_id), sum(is_western), "
                "count(longitude), sum(length(short_name)), min(short_name), max(short_name) "
                "FROM regions_region"
            ).fetchone()
        )


@benchmark("regions_load")
def regions_load(context: Context) -> bool:
    """The official tree into an empty database; fupin against pandas."""
    results = []
    for _ in range(context.repeat):
        ours, theirs = context.scratch("regions-fupin"), context.scratch("regions-pandas")
        run_measured("bench.regions_load:migrate", str(ours))
        run_measured("bench.regions_load:migrate", str(theirs))
        results.append(
            (
                run_measured("bench.regions_load:fupin_load", str(ours)),
                run_measured("bench.regions_load:pandas_load", str(theirs)),
            )
        )
    fupin, baseline = sorted(results, key=lambda r: r[0].seconds)[len(results) // 2]
    same = (
        run_measured("bench.regions_load:table_digest", str(ours)).result
        == run_measured("bench.regions_load:table_digest", str(theirs)).result
    )
    if not same:
        note("regions_load: the two tables differ")
    report(
        "regions_load",
        regions=fupin.result,
        seconds=fupin.seconds,
        peak_mb=fupin.peak_mb,
        baseline_seconds=baseline.seconds,
        baseline_peak_mb=baseline.peak_mb,
        ratio=baseline.seconds / fupin.seconds,
    )
    return same
