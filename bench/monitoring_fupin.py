"""fupin's side of the monitoring scan benchmark: ``scan_to_csv`` (what ``fupin monitoring
scan`` runs) over the two-year registry snapshot, facts built by
``sql/facts_from_registry.sql``, with the ranges some regions set."""

from __future__ import annotations

from bench.synth import Registry
from fupin.policy import engine
from fupin.policy.regimes import regime_for_year


def run(registry_json: str, out_dir: str) -> dict[str, int]:
    """Scan the registry's year; ``warnings.csv`` in ``out_dir``; flagged households per status."""
    registry = Registry.from_json(registry_json)
    snapshot = engine.RegistrySnapshot(households=registry.households, members=registry.members)
    counts: dict[str, int] = engine.scan_to_csv(
        snapshot,
        year=registry.year,
        regime=regime_for_year(registry.year),
        out_dir=out_dir,
        monitoring_ranges=registry.region_stats,
    )
    return counts
