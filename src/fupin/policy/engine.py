"""Run the rules with DuckDB, in bulk or for one household — the same SQL either way.

Three steps, kept apart: bind the input relations (:func:`bind_facts`,
:func:`bind_region_stats`), compile the rule SQL for a regime and year
(:mod:`fupin.policy.rules`), execute it (:func:`evaluate`, :func:`evaluate_to_csv`,
:func:`evaluate_household`).

Inputs are pyarrow Tables or Parquet files (a path, a glob, or a list of them); a
:class:`RegistrySnapshot` (households + members) is turned into facts by
``sql/facts_from_registry.sql``. DuckDB is configured with one thread per CPU and a memory
limit (spilling to a temporary directory beyond it), see :class:`EngineConfig`.
"""

from __future__ import annotations

import os
import tempfile
import threading
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any, TypeAlias

import duckdb
import pyarrow as pa

from fupin.policy import rules
from fupin.policy.errors import PolicyError
from fupin.policy.facts import (
    FACTS_SCHEMA,
    MONITORING_RANGES_SCHEMA,
    REGION_STATS_SCHEMA,
    REGISTRY_HOUSEHOLD_COLUMNS,
)
from fupin.policy.regimes import Regime, load_regime

#: An input relation: an Arrow table, or Parquet files (a path, a glob, or a list of paths).
Source: TypeAlias = pa.Table | str | os.PathLike[str] | Sequence[str | os.PathLike[str]]
_MONEY_COLUMNS = frozenset(f.name for f in FACTS_SCHEMA if pa.types.is_decimal(f.type))


@dataclass(frozen=True)
class RegistrySnapshot:
    """Raw registry tables: ``households`` (facts columns but members) and ``members``."""

    households: Source
    members: Source


#: Facts, or a registry snapshot to build them from.
FactsSource: TypeAlias = Source | RegistrySnapshot


def _default_threads() -> int:
    return os.cpu_count() or 1


def _default_temp_directory() -> str:
    # DuckDB's own default for an in-memory database is ".tmp" in the working directory
    return os.path.join(tempfile.gettempdir(), "fupin-duckdb")


@dataclass(frozen=True)
class EngineConfig:
    """How DuckDB may use the machine: threads, memory limit, where to spill."""

    threads: int = field(default_factory=_default_threads)
    memory_limit: str = "3GB"
    temp_directory: str = field(default_factory=_default_temp_directory)
    #: Group by an integer key with an array instead of a hash table when the key's range
    #: (from Parquet statistics) is below 2**bits: counting the members of 30 M households
    #: by household_id goes 4× faster. 25 bits = 33 M ids, about 0.5 GB per thread; a wider
    #: range falls back to hashing. DuckDB's default is 12.
    perfect_hash_bits: int = 25


@dataclass(frozen=True)
class Evaluation:
    """Result of a bulk evaluation: one row per household, one row per region and level."""

    households: pa.Table
    regions: pa.Table


def connect(config: EngineConfig | None = None) -> duckdb.DuckDBPyConnection:
    """A fresh in-memory DuckDB connection configured by ``config``."""
    config = config or EngineConfig()
    settings: dict[str, str | bool | int | float | list[str]] = {
        "threads": config.threads,
        "memory_limit": config.memory_limit,
        "perfect_ht_threshold": config.perfect_hash_bits,
        "temp_directory": config.temp_directory,
    }
    return duckdb.connect(":memory:", config=settings)


def bind(con: duckdb.DuckDBPyConnection, name: str, source: Source) -> None:
    """Make ``source`` (an Arrow table or Parquet path/glob/list) the relation ``name``."""
    if isinstance(source, pa.Table):
        con.register(name, source)
        return
    paths = [source] if isinstance(source, str | os.PathLike) else list(source)
    if not paths:
        raise PolicyError(f"no Parquet file given for {name}")
    listed = ", ".join(_quoted(os.fspath(p)) for p in paths)
    con.execute(f"CREATE OR REPLACE TEMP VIEW {name} AS SELECT * FROM read_parquet([{listed}])")


def bind_facts(con: duckdb.DuckDBPyConnection, facts: FactsSource) -> None:
    """Provide the ``facts`` relation, from facts or from a registry snapshot."""
    if isinstance(facts, RegistrySnapshot):
        bind(con, "registry_households", facts.households)
        bind(con, "registry_members", facts.members)
        _require_columns(con, "registry_households", REGISTRY_HOUSEHOLD_COLUMNS)
        _require_columns(con, "registry_members", ("household_id",))
        con.execute(f"CREATE OR REPLACE TEMP VIEW facts AS {rules.compile_facts_sql()}")
    else:
        bind(con, "facts", facts)
        _require_columns(con, "facts", FACTS_SCHEMA.names)


def bind_region_stats(con: duckdb.DuckDBPyConnection, region_stats: Source | None) -> None:
    """Provide ``region_stats``; an empty relation when there are none."""
    bind(
        con,
        "region_stats",
        REGION_STATS_SCHEMA.empty_table() if region_stats is None else region_stats,
    )
    _require_columns(con, "region_stats", REGION_STATS_SCHEMA.names)


def bind_monitoring_ranges(con: duckdb.DuckDBPyConnection, ranges: Source | None) -> None:
    """Provide ``monitoring_ranges``; an empty relation when there are none (every household
    then takes the regime's reference value)."""
    bind(
        con,
        "monitoring_ranges",
        MONITORING_RANGES_SCHEMA.empty_table() if ranges is None else ranges,
    )
    _require_columns(con, "monitoring_ranges", MONITORING_RANGES_SCHEMA.names)


def _require_columns(con: duckdb.DuckDBPyConnection, name: str, required: Sequence[str]) -> None:
    """PolicyError naming the columns ``name`` lacks (before any rule runs)."""
    description = con.execute(f"SELECT * FROM {name} LIMIT 0").description or []
    present = {column[0] for column in description}
    missing = [column for column in required if column not in present]
    if missing:
        raise PolicyError(f"{name} lacks column(s): {', '.join(missing)}")


def build_facts_sql() -> str:
    """SQL turning ``registry_households`` + ``registry_members`` into ``facts``."""
    return rules.compile_facts_sql()


def evaluate(
    facts: FactsSource,
    *,
    year: int,
    regime: Regime | str,
    region_stats: Source | None = None,
    config: EngineConfig | None = None,
    monitoring_ranges: Source | None = None,
) -> Evaluation:
    """Evaluate every household of ``year`` and every region above them.

    The household table has the columns :data:`rules.HOUSEHOLD_COLUMNS`, the region table
    :data:`rules.REGION_COLUMNS` (sorted by code). Both are built in memory: for millions of
    households prefer :func:`evaluate_to_csv`.
    """
    regime = _regime(regime)
    household_sql = rules.compile_household_sql(regime, year)
    with connect(config) as con:
        bind_facts(con, facts)
        bind_region_stats(con, region_stats)
        bind_monitoring_ranges(con, monitoring_ranges)
        results = _query(con, household_sql)
        con.register("household_results", results)
        _create_groups_view(con)
        regions = _query(con, rules.compile_region_sql(regime, year))
    return Evaluation(households=results.select(list(rules.HOUSEHOLD_COLUMNS)), regions=regions)


#: The region rule's input, ``household_groups``: households of a year by village and status.
GROUPS_SCHEMA = pa.schema(
    [
        pa.field("village_code", pa.string()),
        pa.field("status", pa.string()),
        pa.field("households", pa.int64()),
        pa.field("members", pa.int64()),
    ]
)


def evaluate_regions(
    groups: Source,
    *,
    year: int,
    regime: Regime | str,
    region_stats: Source | None = None,
    config: EngineConfig | None = None,
) -> pa.Table:
    """The region rule alone, over households already grouped by village and status
    (:data:`GROUPS_SCHEMA`): what a stored evaluation uses to bring the regions above one
    edited household up to date without evaluating every household again."""
    regime = _regime(regime)
    with connect(config) as con:
        bind(con, "household_groups", groups)
        _require_columns(con, "household_groups", GROUPS_SCHEMA.names)
        bind_region_stats(con, region_stats)
        return _query(con, rules.compile_region_sql(regime, year))


def evaluate_to_csv(
    facts: FactsSource,
    *,
    year: int,
    regime: Regime | str,
    out_dir: str | os.PathLike[str],
    region_stats: Source | None = None,
    config: EngineConfig | None = None,
    monitoring_ranges: Source | None = None,
) -> dict[str, int]:
    """Write ``households.csv`` and ``regions.csv`` to ``out_dir`` straight from DuckDB.

    Headers are the rule column names; booleans are ``true``/``false``, NULL is empty.
    Household rows come in the order of the facts (given as a table or files; a registry
    snapshot gives no particular order). The facts are read twice, once per file, rather
    than held in memory. Returns the row counts
    ``{"households": n, "regions": m}``. Each file is written under a temporary name and
    renamed when complete.
    """
    regime = _regime(regime)
    household_sql = rules.compile_household_sql(regime, year)
    region_sql = rules.compile_region_sql(regime, year)
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    with connect(config) as con:
        bind_facts(con, facts)
        bind_region_stats(con, region_stats)
        bind_monitoring_ranges(con, monitoring_ranges)
        con.execute(f"CREATE TEMP VIEW household_results AS {household_sql}")
        _create_groups_view(con)
        columns = ", ".join(rules.HOUSEHOLD_COLUMNS)
        households = _copy_csv(
            con, f"SELECT {columns} FROM household_results", out / "households.csv"
        )
        regions = _copy_csv(con, region_sql, out / "regions.csv")
    return {"households": households, "regions": regions}


#: Columns of ``warnings.csv``, the early-warning list (预警名单) of a monitoring scan.
WARNING_COLUMNS = ("household_id", "year", "per_capita_income", "range", "rules", "status")


def scan_to_csv(
    facts: FactsSource,
    *,
    year: int,
    regime: Regime | str,
    out_dir: str | os.PathLike[str],
    monitoring_ranges: Source | None = None,
    config: EngineConfig | None = None,
) -> dict[str, int]:
    """The discovery scan (风险预警) of a monitoring regime: the household rule over
    ``facts`` (the year's rows and the year before's, for the income drop), and the flagged
    households — those of a status at risk, :data:`rules.FLAGGED_STATUSES` — written to
    ``out_dir/warnings.csv`` (:data:`WARNING_COLUMNS`: ``range`` is the monitoring range the
    household was tested against, ``rules`` the reasons that fired, ';'-joined) straight from
    DuckDB, in the order of the facts, under a temporary name renamed when complete. One pass
    over the facts. Returns the flagged households per status (every flagged status, 0 when
    none). PolicyError for a poverty-line regime."""
    regime = _regime(regime)
    if not regime.monitoring:
        raise PolicyError(f"regime {regime.name} is not a monitoring regime: nothing to scan")
    household_sql = rules.compile_household_sql(regime, year)
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    target = out / "warnings.csv"
    with connect(config) as con:
        bind_facts(con, facts)
        bind_monitoring_ranges(con, monitoring_ranges)
        _copy_csv(
            con,
            "SELECT household_id, year, per_capita_income, poverty_line AS range, "
            f"reasons AS rules, status FROM ({household_sql}) WHERE flagged",
            target,
        )
        counts = dict(
            con.execute(
                "SELECT status, count(*) FROM read_csv(?, header = true, all_varchar = true) "
                "GROUP BY status",
                [str(target)],
            ).fetchall()
        )
    return {status: int(counts.get(status, 0)) for status in rules.FLAGGED_STATUSES}


def evaluate_household(
    fact: Mapping[str, Any],
    *,
    year: int,
    regime: Regime | str,
    exit_fact: Mapping[str, Any] | None = None,
    monitoring_ranges: pa.Table | None = None,
    previous_fact: Mapping[str, Any] | None = None,
) -> dict[str, Any]:
    """Evaluate one household: the household rule's SQL on the household's own ``facts``.

    ``fact`` maps facts column names to values (money as Decimal, int or decimal text; missing
    columns are NULL; a missing ``year`` is ``year``). ``exit_fact`` is the household's row of
    its exit year when that is earlier than ``year`` (错退 is judged on it), with a ``year``
    of its own; ``previous_fact`` its row of ``year − 1``, which a monitoring regime's
    income-drop rule compares with (a missing ``year`` is ``year − 1``); when the exit year is
    the year before, the two are the same row and may both be given. ``monitoring_ranges``
    the regions' ranges (:data:`MONITORING_RANGES_SCHEMA`) a monitoring regime reads.
    Returns the household row as a dict.
    """
    regime = _regime(regime)
    rows = [_fact_row(fact, year)]
    household = rows[0]["household_id"]
    earlier: dict[int, dict[str, Any]] = {}
    if exit_fact is not None:
        row = _fact_row(exit_fact, int(exit_fact.get("year") or 0))
        if row["year"] >= year or row["household_id"] != household:
            raise PolicyError("the exit year's facts must be of the same household, earlier")
        earlier[row["year"]] = row
    if previous_fact is not None:
        row = _fact_row(previous_fact, int(previous_fact.get("year") or year - 1))
        if row["year"] != year - 1 or row["household_id"] != household:
            raise PolicyError("the previous year's facts must be of the same household, year − 1")
        if earlier.setdefault(row["year"], row) != row:
            raise PolicyError("the exit year's and the previous year's facts differ")
    rows.extend(earlier.values())
    table = pa.Table.from_pylist(rows, schema=FACTS_SCHEMA)
    con = _thread_connection()
    con.register("facts", table)
    ranges = monitoring_ranges
    con.register(
        "monitoring_ranges", MONITORING_RANGES_SCHEMA.empty_table() if ranges is None else ranges
    )
    try:
        cursor = con.execute(rules.compile_household_sql(regime, year))
        found, description = cursor.fetchall(), cursor.description or []
    finally:
        con.unregister("facts")
        con.unregister("monitoring_ranges")
    result = dict(zip((column[0] for column in description), found[0], strict=True))
    return {name: result[name] for name in rules.HOUSEHOLD_COLUMNS}


def _fact_row(fact: Mapping[str, Any], year: int) -> dict[str, Any]:
    """Normalise one household's facts to the Arrow types of FACTS_SCHEMA."""
    unknown = sorted(set(fact) - set(FACTS_SCHEMA.names))
    if unknown:
        raise PolicyError(f"unknown facts column(s): {', '.join(unknown)}")
    row = {name: fact.get(name) for name in FACTS_SCHEMA.names}
    if row["year"] is None:
        row["year"] = year
    if row["year"] != year:
        raise PolicyError(f"the facts are for {row['year']}, not {year}")
    members = row["members"]
    if isinstance(members, bool) or not isinstance(members, int) or members < 1:
        raise PolicyError("members must be an integer of at least 1")
    for name in _MONEY_COLUMNS:
        if row[name] is not None:
            row[name] = Decimal(str(row[name]))
    row["household_id"] = str(row["household_id"] or "")
    row["village_code"] = str(row["village_code"] or "")
    return row


_local = threading.local()


def _thread_connection() -> duckdb.DuckDBPyConnection:
    """A small single-threaded connection reused by one thread for one-row evaluations."""
    con = getattr(_local, "con", None)
    if con is None:
        con = connect(EngineConfig(threads=1, memory_limit="256MB"))
        _local.con = con
    return con


def _create_groups_view(con: duckdb.DuckDBPyConnection) -> None:
    con.execute(f"CREATE OR REPLACE TEMP VIEW household_groups AS {rules.compile_groups_sql()}")


def _copy_csv(con: duckdb.DuckDBPyConnection, query: str, target: Path) -> int:
    """COPY a query to CSV with a header under a temporary name; returns the row count."""
    partial = target.with_name(target.name + ".partial")
    row = con.execute(f"COPY ({query}) TO {_quoted(str(partial))} (FORMAT csv, HEADER)").fetchone()
    os.replace(partial, target)
    return int(row[0]) if row else 0


def _query(con: duckdb.DuckDBPyConnection, sql: str) -> pa.Table:
    """Run ``sql`` and return its result as an Arrow table (without a row-wise copy)."""
    return con.sql(sql).to_arrow_table()


def _regime(regime: Regime | str) -> Regime:
    return load_regime(regime) if isinstance(regime, str) else regime


def _quoted(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


__all__ = [
    "GROUPS_SCHEMA",
    "WARNING_COLUMNS",
    "EngineConfig",
    "Evaluation",
    "FactsSource",
    "RegistrySnapshot",
    "Source",
    "bind",
    "bind_facts",
    "bind_monitoring_ranges",
    "bind_region_stats",
    "build_facts_sql",
    "connect",
    "evaluate",
    "evaluate_household",
    "evaluate_regions",
    "evaluate_to_csv",
    "scan_to_csv",
]
