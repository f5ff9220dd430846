"""A campaign's rates as data (三率一度 per county): what the command line prints and the API
answers. Each rate is exact (numerator, denominator and the fraction as text), with its
95 % interval, the regime's threshold and whether it passes; then the decision the rates give
and the one recorded."""

from __future__ import annotations

from collections.abc import Iterable
from fractions import Fraction
from typing import Any

from fupin.policy import verification as rules
from fupin.policy.errors import PolicyError
from fupin.policy.regimes import load_regime
from fupin.supervision.models import Campaign, CampaignCounty
from fupin.supervision.verification import county_outcome


def fraction_text(value: Fraction | None) -> str | None:
    return None if value is None else f"{value.numerator}/{value.denominator}"


def _threshold(regime: Any, code: str, county: str) -> Any:
    try:
        if code == "incidence":
            return regime.incidence_threshold(county)
        return regime.verification_threshold(code)
    except (PolicyError, AttributeError, KeyError):  # a monitoring regime has none
        return None


def county_rates_data(row: CampaignCounty) -> dict[str, Any]:
    """One county's rates, thresholds and decision."""
    outcome = county_outcome(row)
    regime = load_regime(row.campaign.regime)
    passed = {}
    if outcome.decision is not None:
        passed = {i.code: i.passed for i in outcome.decision.indicators}
    indicators = []
    for code, name_zh, name_en in rules.INDICATORS:
        rate = outcome.rates.by_code(code) if outcome.rates is not None else None
        threshold = _threshold(regime, code, row.county_id)
        indicators.append(
            {
                "code": code,
                "name_zh": name_zh,
                "name_en": name_en,
                "numerator": rate.numerator if rate else None,
                "denominator": rate.denominator if rate else None,
                "value": fraction_text(rate.value) if rate else None,
                "percent": (
                    f"{float(rate.value) * 100:.2f}" if rate and rate.value is not None else None
                ),
                "interval": (
                    {
                        "low": rate.interval.low,
                        "high": rate.interval.high,
                        "method": rate.interval.method,
                    }
                    if rate and rate.interval
                    else None
                ),
                "threshold": (
                    {
                        "comparison": threshold.comparison,
                        "value": fraction_text(threshold.fraction),
                        "percent": f"{float(threshold.fraction) * 100:g}",
                    }
                    if threshold is not None
                    else None
                ),
                "passed": passed.get(code),
            }
        )
    decision = outcome.decision
    return {
        "county": row.county_id,
        "name": row.county.name,
        "sampled": outcome.sampled,
        "recorded": outcome.recorded,
        "complete": outcome.complete,
        "indicators": indicators,
        "exit": decision.exit if decision is not None else None,
        "failing": [i.code for i in decision.failing] if decision is not None else [],
        "problem": outcome.problem,
        "decided": {
            "may_exit": row.may_exit,
            "failing": list(row.failing),
            "on": row.decided_on.isoformat() if row.decided_on else None,
        },
    }


def campaign_rates_data(campaign: Campaign, counties: Iterable[CampaignCounty]) -> dict[str, Any]:
    """The campaign and the rates of `counties` (those of it the caller reaches)."""
    return {
        "campaign": {
            "id": campaign.pk,
            "name": campaign.name,
            "year": campaign.year,
            "kind": campaign.kind,
            "regime": campaign.regime,
        },
        "counties": [county_rates_data(row) for row in counties],
    }
