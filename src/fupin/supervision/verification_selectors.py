"""Reads of exit verification for the pages and the API: campaigns with their progress, a
campaign's counties with their rates and decisions, a county's villages, the sampled
households with their verdicts."""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from django.db.models import Count, Q, QuerySet

from fupin.policy import verification as rules
from fupin.registry.enums import Relation, Status
from fupin.registry.models import Member
from fupin.supervision.models import Campaign, CampaignCounty, SampleHousehold
from fupin.supervision.verification import CountyOutcome, county_outcome


def campaign_rows(campaigns: QuerySet[Campaign]) -> list[Campaign]:
    """Campaigns with `n_counties`, `n_sampled` and `n_recorded` for their list."""
    return list(
        campaigns.select_related("institution").annotate(
            n_counties=Count("counties", distinct=True),
            n_sampled=Count("counties__households", distinct=True),
            n_recorded=Count(
                "counties__households",
                filter=Q(counties__households__verdict__isnull=False),
                distinct=True,
            ),
        )
    )


@dataclass(frozen=True)
class Shown:
    """One indicator as a page shows it: the rate in per cent, its interval, the threshold."""

    code: str
    name_zh: str
    name_en: str
    percent: str  # '1.23 %' or '—'
    interval: str  # '0.40–3.10 %' or ''
    counts: str  # '3 / 245' (people, or households for approval)
    threshold: str  # '< 2 %'
    passed: bool | None


def _pct(value: Fraction | float | None) -> str:
    if value is None:
        return "—"
    return f"{float(value) * 100:.2f} %"


def indicators_shown(outcome: CountyOutcome, regime: Any) -> list[Shown]:
    """The four indicators of a county, in the order of rules.INDICATORS."""
    rows = []
    passed = {i.code: i.passed for i in outcome.decision.indicators} if outcome.decision else {}
    for code, zh, en in rules.INDICATORS:
        rate = outcome.rates.by_code(code) if outcome.rates else None
        if code == "incidence":
            threshold = regime.incidence_threshold(outcome.row.county_id)
            counts = ""
        else:
            threshold = regime.verification_threshold(code)
            counts = f"{rate.numerator:,} / {rate.denominator:,}" if rate else ""
        interval = ""
        if rate is not None and rate.interval is not None:
            interval = f"{rate.interval.low * 100:.2f}–{rate.interval.high * 100:.2f} %"
        rows.append(
            Shown(
                code=code,
                name_zh=zh,
                name_en=en,
                percent=_pct(rate.value if rate else None),
                interval=interval,
                counts=counts,
                threshold=f"{threshold.comparison} {_pct(threshold.fraction).replace('.00', '')}",
                passed=passed.get(code),
            )
        )
    return rows


def county_outcomes(counties: QuerySet[CampaignCounty]) -> list[CountyOutcome]:
    return [county_outcome(row) for row in counties.select_related("campaign", "county")]


@dataclass(frozen=True)
class VillageProgress:
    code: str
    name: str
    stratum: str
    sampled: int
    recorded: int
    evaluators: str


def village_progress(samples: QuerySet[SampleHousehold]) -> list[VillageProgress]:
    """Per sampled village: how many households, how many with a verdict, by whom."""
    rows = (
        samples.values(
            "sample_village__village_id",
            "sample_village__village__name",
            "sample_village__stratum",
        )
        .annotate(
            sampled=Count("pk"),
            recorded=Count("pk", filter=Q(verdict__isnull=False)),
        )
        .order_by("sample_village__village_id")
    )
    names: dict[str, set[str]] = {}
    for code, username in samples.filter(evaluator__isnull=False).values_list(
        "sample_village__village_id", "evaluator__username"
    ):
        names.setdefault(code, set()).add(username)
    return [
        VillageProgress(
            code=r["sample_village__village_id"],
            name=r["sample_village__village__name"],
            stratum=r["sample_village__stratum"],
            sampled=r["sampled"],
            recorded=r["recorded"],
            evaluators="、".join(sorted(names.get(r["sample_village__village_id"], ()))),
        )
        for r in rows
    ]


def heads_of(household_ids: list[int]) -> dict[int, str]:
    """The head's name of each household (for the evaluators' lists)."""
    return dict(
        Member.objects.filter(household_id__in=household_ids, relation=Relation.HEAD).values_list(
            "household_id", "name"
        )
    )


def has_verdicts(campaign: Campaign) -> bool:
    """Whether any verdict is recorded in the campaign (its sample is then fixed)."""
    return SampleHousehold.objects.filter(
        campaign_county__campaign=campaign, verdict__isnull=False
    ).exists()


def status_label(code: str) -> str:
    """A registry status code as its label ('' for none or an unknown one)."""
    return str(Status(code).label) if code in Status.values else ""


def sample_rows(samples: QuerySet[SampleHousehold]) -> QuerySet[SampleHousehold]:
    """Sampled households with what their list shows, in sample order."""
    return samples.select_related(
        "household", "sample_village__village", "campaign_county__county", "verdict", "evaluator"
    ).order_by("campaign_county__county_id", "sample_village__village_id", "order")
