"""fupin's side of the evaluate benchmark: the registry snapshot through fupin.policy's engine.

Facts are built from the raw tables by ``sql/facts_from_registry.sql``, the household rule
runs over them, and its rows are grouped by village and status in the same pass — with the
bench's checksums (sum of household ids, of per-capita cents and of reason lengths) added to
the groups — before the region rule runs over the groups. Nothing big is held in Python.
"""

from __future__ import annotations

from pathlib import Path

import pyarrow.compute as pc
import pyarrow.parquet as pq

from bench.synth import Registry
from fupin.policy import engine, rules
from fupin.policy.regimes import load_regime

GROUPS_WITH_CHECKSUMS = """
CREATE TEMP TABLE bench_groups AS
SELECT
    village_code,
    status,
    count(*) AS households,
    CAST(sum(members) AS BIGINT) AS members,
    CAST(sum(CAST(household_id AS BIGINT)) AS BIGINT) AS id_sum,
    CAST(sum(per_capita_income) * 100 AS BIGINT) AS per_capita_cents,
    CAST(sum(length(reasons)) AS BIGINT) AS reason_chars
FROM ({household_sql})
GROUP BY village_code, status
"""


def run(registry_json: str, out_dir: str, regime_name: str) -> dict[str, int]:
    """Evaluate the registry; write groups.parquet and regions.parquet to ``out_dir``."""
    registry = Registry.from_json(registry_json)
    regime = load_regime(regime_name)
    snapshot = engine.RegistrySnapshot(households=registry.households, members=registry.members)
    with engine.connect() as con:
        engine.bind_facts(con, snapshot)
        engine.bind_region_stats(con, registry.region_stats)
        household_sql = rules.compile_household_sql(regime, registry.year)
        con.execute(GROUPS_WITH_CHECKSUMS.format(household_sql=household_sql))
        con.execute(
            "CREATE TEMP VIEW household_groups AS "
            "SELECT village_code, status, households, members FROM bench_groups"
        )
        regions = con.sql(rules.compile_region_sql(regime, registry.year)).to_arrow_table()
        groups = con.sql("SELECT * FROM bench_groups").to_arrow_table()
    out = Path(out_dir)
    pq.write_table(groups, out / "groups.parquet")
    pq.write_table(regions, out / "regions.parquet")
    return {"households": int(pc.sum(groups["households"]).as_py())}


def run_csv(registry_json: str, out_dir: str, regime_name: str) -> dict[str, int]:
    """``fupin evaluate``'s engine call: households.csv and regions.csv from the snapshot."""
    registry = Registry.from_json(registry_json)
    snapshot = engine.RegistrySnapshot(households=registry.households, members=registry.members)
    counts: dict[str, int] = engine.evaluate_to_csv(
        snapshot,
        year=registry.year,
        regime=regime_name,
        out_dir=out_dir,
        region_stats=registry.region_stats,
    )
    return counts
