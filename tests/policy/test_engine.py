"""The engine: inputs as Arrow or Parquet, registry snapshots, CSV output."""

from __future__ import annotations

import csv
from decimal import Decimal

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from fupin.policy import PolicyError, RegistrySnapshot, evaluate, evaluate_to_csv
from fupin.policy.engine import EngineConfig
from fupin.policy.rules import HOUSEHOLD_COLUMNS, REGION_COLUMNS

from .conftest import EAST_VILLAGE, YEAR, fact, facts_table, stats_table

ROWS = [
    fact("h1", members=2, registered_year=2014, wage_income=Decimal("5000.00")),
    fact("h2", members=1, water_ok=None),
    fact("h3", members=3, wage_income=Decimal("9000.01"), year=YEAR - 1),
]


def test_evaluate_arrow_table():
    result = evaluate(facts_table(ROWS), year=YEAR, regime="cn-2014")
    assert result.households.column_names == list(HOUSEHOLD_COLUMNS)
    assert result.regions.column_names == list(REGION_COLUMNS)
    assert result.households.to_pylist() == [
        {
            "household_id": "h1",
            "year": 2016,
            "members": 2,
            "per_capita_income": Decimal("2500.00"),
            "poverty_line": Decimal("2952.00"),
            "below_line": True,
            "guarantees_met": True,
            "status": "poor",
            "reasons": "below_line",
        },
        {
            "household_id": "h2",
            "year": 2016,
            "members": 1,
            "per_capita_income": Decimal("10000.00"),
            "poverty_line": Decimal("2952.00"),
            "below_line": False,
            "guarantees_met": False,
            "status": "not_poor",
            "reasons": "water",
        },
    ]


def test_evaluate_parquet_files_and_globs(tmp_path):
    pq.write_table(facts_table(ROWS[:1]), tmp_path / "part-1.parquet")
    pq.write_table(facts_table(ROWS[1:]), tmp_path / "part-2.parquet")
    pq.write_table(stats_table({EAST_VILLAGE: 100}), tmp_path / "stats.parquet")
    by_glob = evaluate(
        str(tmp_path / "part-*.parquet"),
        year=YEAR,
        regime="cn-2014",
        region_stats=tmp_path / "stats.parquet",
    )
    by_list = evaluate(
        [tmp_path / "part-1.parquet", tmp_path / "part-2.parquet"], year=YEAR, regime="cn-2014"
    )
    assert sorted(by_glob.households["household_id"].to_pylist()) == ["h1", "h2"]
    assert by_glob.households.sort_by("household_id").equals(
        by_list.households.sort_by("household_id")
    )
    village = by_glob.regions.to_pylist()[-1]
    assert (village["code"], village["poor_members"], village["incidence"]) == (
        EAST_VILLAGE,
        2,
        Decimal("0.020000"),
    )


def test_registry_snapshot_counts_members():
    households = facts_table([fact("1"), fact("2"), fact("3")]).drop_columns(["members"])
    households = households.set_column(0, "household_id", pa.array([1, 2, 3], pa.int64()))
    members = pa.table({"household_id": pa.array([1, 1, 1, 2], pa.int64())})
    result = evaluate(
        RegistrySnapshot(households=households, members=members), year=YEAR, regime="cn-2014"
    )
    rows = sorted(result.households.to_pylist(), key=lambda r: r["household_id"])
    # household 3 has no members: it is not a household of the facts
    assert [(r["household_id"], r["members"]) for r in rows] == [("1", 3), ("2", 1)]
    assert [r["per_capita_income"] for r in rows] == [Decimal("3333.33"), Decimal("10000.00")]


def test_evaluate_to_csv(tmp_path):
    counts = evaluate_to_csv(
        facts_table(ROWS),
        year=YEAR,
        regime="cn-2014",
        out_dir=tmp_path / "out",
        region_stats=stats_table({EAST_VILLAGE: 100, "130727000000": 1000}),
        config=EngineConfig(threads=1, memory_limit="512MB"),
    )
    assert counts == {"households": 2, "regions": 5}
    households = (tmp_path / "out" / "households.csv").read_text().splitlines()
    assert households == [
        ",".join(HOUSEHOLD_COLUMNS),
        "h1,2016,2,2500.00,2952.00,true,true,poor,below_line",
        "h2,2016,1,10000.00,2952.00,false,false,not_poor,water",
    ]
    with (tmp_path / "out" / "regions.csv").open() as handle:
        regions = list(csv.reader(handle))
    assert regions[0] == list(REGION_COLUMNS)
    assert regions[1:] == [
        # no figures of their own: the province and prefecture sum their counties', the
        # township its villages'
        ["130000000000", "province", "2", "3", "2", "1000", "0.002000", ""],
        ["130700000000", "prefecture", "2", "3", "2", "1000", "0.002000", ""],
        ["130727000000", "county", "2", "3", "2", "1000", "0.002000", "true"],
        ["130727100000", "township", "2", "3", "2", "100", "0.020000", ""],
        [EAST_VILLAGE, "village", "2", "3", "2", "100", "0.020000", "false"],
    ]
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == [
        "households.csv",
        "regions.csv",
    ]


def test_empty_reasons_are_an_empty_field(tmp_path):
    evaluate_to_csv(facts_table([fact("ok")]), year=YEAR, regime="cn-2014", out_dir=tmp_path)
    with (tmp_path / "households.csv").open() as handle:
        row = next(csv.DictReader(handle))
    assert (row["status"], row["reasons"]) == ("not_poor", "")


def test_no_parquet_file_given():
    with pytest.raises(PolicyError, match="no Parquet file given for facts"):
        evaluate([], year=YEAR, regime="cn-2014")


def test_year_without_line_fails_before_reading(tmp_path):
    with pytest.raises(PolicyError, match="regime cn-2014 has no poverty line for 2009"):
        evaluate_to_csv(facts_table(ROWS), year=2009, regime="cn-2014", out_dir=tmp_path)
    assert list(tmp_path.iterdir()) == []


def test_missing_columns_are_named():
    facts = facts_table(ROWS).drop_columns(["water_ok", "members"])
    with pytest.raises(PolicyError, match="facts lacks column\\(s\\): members, water_ok"):
        evaluate(facts, year=YEAR, regime="cn-2014")
    stats = pa.table({"code": [EAST_VILLAGE], "year": [YEAR]})
    with pytest.raises(PolicyError, match="region_stats lacks column\\(s\\): rural_population"):
        evaluate(facts_table(ROWS), year=YEAR, regime="cn-2014", region_stats=stats)
