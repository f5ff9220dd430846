"""fupin.policy: regimes as data, the rules as SQL, and the DuckDB engine that runs them.

A plain Python package: it imports nothing from Django, so the rules can run in a worker, a
notebook or a test without settings. Start with :func:`evaluate`, :func:`evaluate_to_csv` and
:func:`evaluate_household`, and for a monitoring regime :func:`scan_to_csv` (the early-warning
list); regimes come from :func:`load_regime`.

The engine (DuckDB, pyarrow) is imported on first use, so reading a regime stays light.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

from fupin.policy.errors import PolicyError
from fupin.policy.regimes import Regime, list_regimes, load_regime

if TYPE_CHECKING:
    from fupin.policy.engine import (
        EngineConfig,
        Evaluation,
        RegistrySnapshot,
        evaluate,
        evaluate_household,
        evaluate_to_csv,
        scan_to_csv,
    )
    from fupin.policy.facts import FACTS_SCHEMA, REGION_STATS_SCHEMA

_LAZY = {
    "EngineConfig": "fupin.policy.engine",
    "Evaluation": "fupin.policy.engine",
    "RegistrySnapshot": "fupin.policy.engine",
    "evaluate": "fupin.policy.engine",
    "evaluate_household": "fupin.policy.engine",
    "evaluate_to_csv": "fupin.policy.engine",
    "scan_to_csv": "fupin.policy.engine",
    "FACTS_SCHEMA": "fupin.policy.facts",
    "REGION_STATS_SCHEMA": "fupin.policy.facts",
}


def __getattr__(name: str) -> object:
    """Import the engine's names on first use."""
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(module), name)


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
    "scan_to_csv",
]
