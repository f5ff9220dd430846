"""fupin.policy: regimes as data, the rules as SQL, and the DuckDB engine that runs them.

A plain Python package: it imports nothing from Django, so the rules can run in a worker, a
notebook or a test without settings. Start with :func:`evaluate`, :func:`evaluate_to_csv` and
:func:`evaluate_household`; regimes come from :func:`load_regime`.
"""

from __future__ import annotations

from fupin.policy.engine import (
    EngineConfig,
    Evaluation,
    RegistrySnapshot,
    evaluate,
    evaluate_household,
    evaluate_to_csv,
)
from fupin.policy.errors import PolicyError
from fupin.policy.facts import FACTS_SCHEMA, REGION_STATS_SCHEMA
from fupin.policy.regimes import Regime, list_regimes, load_regime

__all__ = [
    "FACTS_SCHEMA",
    "REGION_STATS_SCHEMA",
    "EngineConfig",
    "Evaluation",
    "PolicyError",
    "Regime",
    "RegistrySnapshot",
    "evaluate",
    "evaluate_household",
    "evaluate_to_csv",
    "list_regimes",
    "load_regime",
]
