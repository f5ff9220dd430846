"""Benchmark ``ledger``: `fupin ledger import` of a 200,000-entry file into SQLite, then the
year's progress of the group (every indicator, summed over its 200 subsidiaries), against a
plain pandas pipeline doing the same job: read the file, validate every row vectorised
(required values, credit codes with their GB 32100 check character, known units, indicators
and regions, regions the units' tree is paired with, dates, amounts above zero, whole counts,
unique numbers), write the entries with
``to_sql`` and sum them per indicator. Both must store the same rows and the same totals."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import numpy as np
import pandas as pd

from bench.harness import run_measured
from bench.registry import Context, benchmark, note, report

ENTRIES = 200_000
UNITS = 200
COUNTY = "421123"
INDICATORS = ("funds_invested", "donations", "produce_bought", "jobs_direct", "cadres_trained")
COUNTS = {"jobs_direct", "cadres_trained"}
ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
WEIGHTS = np.array([1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28])


def credit_codes(n: int) -> list[str]:
    from stdnum.cn import uscc

    return [(b := f"91420000{i:09d}") + uscc.calc_check_digit(b) for i in range(1, n + 1)]


def prepare(data_dir: str, path: str) -> dict[str, int]:
    """The database (division tree of the county, the group and its subsidiaries, paired with
    the county) and the ledger file."""
    from bench.import_file import setup_django

    setup_django(data_dir)
    import datetime as dt

    from fupin.assistance import services
    from fupin.assistance.models import Unit
    from fupin.regions.models import Region
    from fupin.regions.services import regions_load

    regions_load(only=[COUNTY])
    codes = credit_codes(UNITS + 1)
    rows = [{"code": codes[0], "name": "集团", "parent_code": None}]
    rows += [
        {"code": c, "name": f"子公司{i}", "parent_code": codes[0]} for i, c in enumerate(codes[1:])
    ]
    services.units_save(rows, actor=None)
    group = Unit.objects.get(credit_code=codes[0])
    services.pairings_save(
        [
            {
                "unit": group,
                "region": COUNTY,
                "kind": "fixed_point",
                "start": dt.date(2015, 1, 1),
                "end": None,
            }
        ],
        actor=None,
    )
    villages = list(
        Region.objects.filter(level="village").order_by("code").values_list("code", flat=True)
    )
    rng = np.random.default_rng(7)
    indicator = np.array(INDICATORS)[rng.integers(0, len(INDICATORS), ENTRIES)]
    counts = np.isin(indicator, list(COUNTS))
    amount = np.where(
        counts,
        rng.integers(1, 50, ENTRIES).astype(str),
        np.char.mod("%.2f", rng.uniform(1, 9e5, ENTRIES)),
    )
    days = rng.integers(0, 365, ENTRIES)
    frame = pd.DataFrame(
        {
            "编号": [f"B{i:07d}" for i in range(ENTRIES)],
            "单位信用代码": np.array(codes[1:])[rng.integers(0, UNITS, ENTRIES)],
            "日期": (np.datetime64("2020-01-01") + days.astype("timedelta64[D]")).astype(str),
            "指标": indicator,
            "数值": amount,
            "行政区划代码": np.array(villages)[rng.integers(0, len(villages), ENTRIES)],
            "凭证": "凭证",
        }
    )
    frame.to_csv(path, index=False)
    return {"entries": ENTRIES, "units": UNITS, "villages": len(villages)}


def fupin_run(data_dir: str, path: str) -> dict[str, str]:
    import datetime as dt

    from bench.import_file import setup_django

    setup_django(data_dir)
    from fupin.assistance.imports import ledger_import
    from fupin.assistance.models import Unit
    from fupin.assistance.selectors import unit_progress

    ledger_import(path=path)
    group = Unit.objects.get(parent__isnull=True)
    progress = unit_progress(group, dt.date(2020, 1, 1), dt.date(2020, 12, 31))
    return {p.indicator.code: str(p.delivered) for p in progress if p.delivered}


def _credit_ok(codes: pd.Series) -> pd.Series:
    """GB 32100 check characters, vectorised."""
    chars = np.array([list(c) for c in codes.str.pad(18, fillchar="?").str[:18]])
    lookup = {ch: i for i, ch in enumerate(ALPHABET)}
    values = np.vectorize(lambda ch: lookup.get(ch, -1))(chars)
    body_ok = (values[:, :17] >= 0).all(axis=1)
    check = (31 - (values[:, :17] * WEIGHTS).sum(axis=1) % 31) % 31
    return pd.Series(body_ok & (values[:, 17] == check) & (codes.str.len() == 18).to_numpy())


def pandas_run(data_dir: str, path: str) -> dict[str, str]:
    con = sqlite3.connect(Path(data_dir) / "fupin.sqlite3")
    frame = pd.read_csv(path, dtype=str, keep_default_na=False)
    units = pd.read_sql("SELECT id, credit_code, path FROM assistance_unit", con)
    indicators = pd.read_sql("SELECT id, code, measure FROM assistance_indicator", con)
    regions = set(pd.read_sql("SELECT code FROM regions_region", con).code)
    bad = (frame[["编号", "单位信用代码", "日期", "指标", "数值"]] == "").any(axis=1)
    bad |= ~_credit_ok(frame["单位信用代码"]).to_numpy()
    frame = frame.merge(units, left_on="单位信用代码", right_on="credit_code", how="left")
    frame = frame.merge(
        indicators, left_on="指标", right_on="code", how="left", suffixes=("", "_i")
    )
    bad |= frame["id"].isna() | frame["id_i"].isna()
    bad |= ~frame["行政区划代码"].isin(regions) & (frame["行政区划代码"] != "")
    dates = pd.to_datetime(frame["日期"], format="%Y-%m-%d", errors="coerce")
    bad |= ~_paired(con, frame, units, dates)
    bad |= dates.isna() | (dates > pd.Timestamp.today())
    amounts = pd.to_numeric(frame["数值"], errors="coerce")
    bad |= amounts.isna() | (amounts <= 0) | ((frame["measure"] == "count") & (amounts % 1 != 0))
    bad |= frame["编号"].duplicated(keep=False)
    if bad.any():
        raise SystemExit(f"{int(bad.sum())} invalid rows")
    now = pd.Timestamp.now().isoformat()
    out = pd.DataFrame(
        {
            "entry_id": frame["编号"],
            "unit_id": frame["id"].astype(int),
            "date": frame["日期"],
            "indicator_id": frame["id_i"].astype(int),
            "amount": frame["数值"],
            "region_id": frame["行政区划代码"],
            "evidence": frame["凭证"],
            "note": "",
            "reason": "",
            "created_at": now,
            "job": "",
        }
    )
    out.to_sql("assistance_ledgerentry", con, if_exists="append", index=False, chunksize=20_000)
    con.commit()
    summed = frame.assign(amount=frame["数值"].map(_cents)).groupby("指标")["amount"].sum()
    return {code: f"{cents // 100}.{cents % 100:02d}" for code, cents in summed.items()}


def _paired(
    con: sqlite3.Connection, frame: pd.DataFrame, units: pd.DataFrame, dates: pd.Series
) -> pd.Series:
    """Rows with no region, or a region under one that a unit above, at or under the row's
    unit is paired with on the row's date."""
    pairings = pd.read_sql(
        'SELECT p.region_id, p.start, p."end", u.path FROM assistance_pairing p '
        "JOIN assistance_unit u ON u.id = p.unit_id",
        con,
    )
    covered = (frame["行政区划代码"] == "").to_numpy().copy()
    paths = set(units["path"])
    for pairing in pairings.itertuples():
        related = {p for p in paths if p.startswith(pairing.path) or pairing.path.startswith(p)}
        fits = frame["path"].isin(related) & (dates >= pd.Timestamp(pairing.start))
        if pairing.end is not None:
            fits &= dates <= pd.Timestamp(pairing.end)
        fits &= frame["行政区划代码"].str.startswith(pairing.region_id)
        covered |= fits.to_numpy()
    return pd.Series(covered)


def _cents(text: str) -> int:
    whole, _, part = text.partition(".")
    return int(whole) * 100 + int((part + "00")[:2])


def stored(data_dir: str) -> int:
    with sqlite3.connect(Path(data_dir) / "fupin.sqlite3") as con:
        return int(con.execute("SELECT count(*) FROM assistance_ledgerentry").fetchone()[0])


@benchmark("ledger")
def ledger(context: Context) -> bool:
    """200,000 ledger entries imported and summed; fupin against pandas."""
    template = context.scratch("ledger-template")
    path = str(template / "ledger.csv")
    sizes = run_measured("bench.ledger:prepare", str(template), path).result
    note(f"ledger: {sizes['entries']:,} entries, {sizes['villages']} villages")

    def fresh(name: str) -> str:
        folder = context.scratch(name)
        shutil.copy(template / "fupin.sqlite3", folder / "fupin.sqlite3")
        return str(folder)

    ours, theirs = fresh("ledger-fupin"), fresh("ledger-pandas")
    fupin = run_measured("bench.ledger:fupin_run", ours, path)
    baseline = run_measured("bench.ledger:pandas_run", theirs, path)
    same_rows = (
        run_measured("bench.ledger:stored", ours).result
        == run_measured("bench.ledger:stored", theirs).result
    )
    fupin_totals, base_totals = fupin.result, baseline.result
    if fupin_totals != base_totals or not same_rows:
        note(f"ledger: results differ: fupin {fupin_totals}, pandas {base_totals}")
    report(
        "ledger",
        entries=sizes["entries"],
        seconds=fupin.seconds,
        peak_mb=fupin.peak_mb,
        baseline_seconds=baseline.seconds,
        baseline_peak_mb=baseline.peak_mb,
        ratio=baseline.seconds / fupin.seconds,
    )
    return fupin_totals == base_totals and same_rows
