"""Reads of the registry."""

from __future__ import annotations

from typing import Any

from fupin.core.errors import NotFound
from fupin.policy.engine import evaluate_household
from fupin.registry import snapshot


def household_evaluate(*, number: str, year: int, regime: str = "cn-2014") -> dict[str, Any]:
    """The evaluation of one household for `year`, with its reasons: the same rule SQL as the
    bulk evaluation, run on the household's one-row facts relation."""
    facts = snapshot.registry_facts(year=year, household=number).to_pylist()
    if not facts:
        raise NotFound(f"household {number} has no survey for {year}")
    return evaluate_household(facts[0], year=year, regime=regime)
