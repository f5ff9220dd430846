"""Reads of the registry."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.db.models import Count, Exists, OuterRef, Q, QuerySet, Subquery
from django.utils import timezone
from django.utils.translation import gettext as _

from fupin.core.errors import NotFound
from fupin.core.identifiers import mask_id_number
from fupin.core.models import Change, Source
from fupin.policy.engine import evaluate_household
from fupin.policy.regimes import list_regimes, load_regime, regime_for_year, regime_years
from fupin.regions.enums import Level
from fupin.regions.models import Region
from fupin.registry import snapshot
from fupin.registry.enums import Relation
from fupin.registry.models import Household, HouseholdResult, Member, RegionResult, Survey


def household_evaluate(*, number: str, year: int, regime: str | None = None) -> dict[str, Any]:
    """The evaluation of one household for `year`, with its reasons: the same rule SQL as the
    bulk evaluation, run on the household's own facts (the year's and its exit year's; under a
    monitoring regime the year's and the year before's)."""
    regime = regime or regime_for_year(year)
    monitoring = load_regime(regime).monitoring
    facts = snapshot.registry_facts(year=year, household=number, monitoring=monitoring)
    by_year = {f["year"]: f for f in facts.to_pylist()}
    if year not in by_year:
        raise NotFound(f"household {number} has no survey for {year}")
    earlier = by_year.get(year - 1 if monitoring else by_year[year]["exit_year"])
    return evaluate_household(
        by_year[year],
        year=year,
        regime=regime,
        exit_fact=None if monitoring or earlier is None or earlier["year"] >= year else earlier,
        previous_fact=earlier if monitoring else None,
        monitoring_ranges=snapshot.monitoring_ranges(year=year),
    )


@dataclass
class Dashboard:
    """A region's figures in a year, its children's and (above the county) its counties'.
    `years` reach from the first regime's first year to the present, latest first; `has_data`
    says whether the year shown has stored results; `monitoring` whether the regime in force
    that year counts households at risk (no poverty line, no exit by incidence)."""

    year: int | None
    years: list[int]
    own: RegionResult | None
    rows: list[tuple[Region, RegionResult | None]]
    counties: list[RegionResult]
    has_data: bool = False
    monitoring: bool = False


def years_to_present(with_data: Iterable[int], today: dt.date | None = None) -> list[int]:
    """The years a year selector offers, latest first: from the first year of the earliest
    regime (or of the data, if earlier) to the present year."""
    with_data = set(with_data)
    present = (today or timezone.localdate()).year
    first = min([load_regime(list_regimes()[0]).first_year, *with_data])
    return list(range(max(present, *with_data, first), first - 1, -1))


def year_default(with_data: Iterable[int], today: dt.date | None = None) -> int:
    """The year a page shows unless asked for another: the latest year with data up to the
    present, else the present year. Every page uses this rule on its own data."""
    present = (today or timezone.localdate()).year
    return max((y for y in with_data if y <= present), default=present)


def dashboard_get(
    *,
    region: Region | None,
    children: list[Region],
    results: QuerySet[RegionResult],
    year: int | None,
) -> Dashboard:
    """Figures from the stored bulk evaluation: `results` are the user's RegionResults (one
    regime's a year: the one in force), the year defaults to the latest evaluated one. Four
    queries whatever the region's size."""
    anchor = region.code if region else (children[0].code if children else None)
    with_data = (
        set(results.filter(region_id=anchor).values_list("year", flat=True).order_by())
        if anchor
        else set()
    )
    years = years_to_present(with_data)
    if year not in years:
        year = year_default(with_data)
    monitoring = load_regime(regime_for_year(year)).monitoring if year in regime_years() else False
    if year not in with_data:
        rows = [(c, None) for c in children]
        return Dashboard(year, years, None, rows, [], has_data=False, monitoring=monitoring)
    codes = [c.code for c in children] + ([region.code] if region else [])
    found = {r.region_id: r for r in results.filter(year=year, region_id__in=codes)}
    counties: list[RegionResult] = []
    if region is None or region.level in (Level.PROVINCE, Level.PREFECTURE):
        counties = list(
            results.filter(year=year, region__level=Level.COUNTY)
            .filter(
                Q(region_id__gte=region.code, region_id__lt=region.code + "~") if region else Q()
            )
            .select_related("region")
            .order_by("region_id")
        )
    own = found.get(region.code) if region else None
    rows = [(c, found.get(c.code)) for c in children]
    return Dashboard(year, years, own, rows, counties, has_data=True, monitoring=monitoring)


@dataclass
class HouseholdFilters:
    """What the household list is narrowed by; blank fields do not filter."""

    region: str = ""  # a stored region code: households of its villages
    status: str = ""  # the status in `year`
    cause: str = ""
    attribute: str = ""
    q: str = ""  # start of the household number, or part of a member's name
    year: int | None = None


def household_list(
    *, households: QuerySet[Household], filters: HouseholdFilters
) -> QuerySet[Household]:
    """`households` (already in the user's scope) narrowed by `filters`, ordered by number,
    each with its head's name and ID number, its member count and its evaluation in the
    filters' year (status, per-capita income, the reasons it failed): correlated subqueries,
    so a page of 50 costs one query however large the registry is."""
    qs = households
    if filters.region:
        qs = qs.filter(village_id__gte=filters.region, village_id__lt=filters.region + "~")
    if filters.cause:
        qs = qs.filter(main_cause=filters.cause)
    if filters.attribute:
        qs = qs.filter(attribute=filters.attribute)
    if filters.q:
        named = Member.objects.filter(household=OuterRef("pk"), name__contains=filters.q)
        qs = qs.filter(Q(number__startswith=filters.q) | Q(Exists(named)))
    # one regime's results are stored for a year: the one in force
    results = HouseholdResult.objects.filter(household=OuterRef("pk"), year=filters.year)
    if filters.status and filters.year:
        qs = qs.filter(Exists(results.filter(status=filters.status)))
    head = Member.objects.filter(household=OuterRef("pk"), relation=Relation.HEAD)
    count = (
        Member.objects.filter(household=OuterRef("pk"))
        .order_by()
        .values("household")
        .annotate(n=Count("id"))
        .values("n")
    )
    return (
        qs.select_related("village")
        .annotate(
            head_name=Subquery(head.values("name")[:1]),
            head_id_number=Subquery(head.values("id_number")[:1]),
            member_count=Subquery(count[:1]),
            status=Subquery(results.values("status")[:1]),
            per_capita_income=Subquery(results.values("per_capita_income")[:1]),
            reasons=Subquery(results.values("reasons")[:1]),
        )
        .order_by("number")
    )


@dataclass
class HouseholdDetail:
    household: Household
    members: list[Member]
    surveys: list[Survey]
    results: list[HouseholdResult]


def household_detail(*, household: Household) -> HouseholdDetail:
    """A household with its members (head first), surveys and stored evaluations by year."""
    members = sorted(
        household.members.all(),
        key=lambda m: (m.relation != Relation.HEAD, m.birth_date or dt.date.min),
    )
    return HouseholdDetail(
        household,
        members,
        list(household.surveys.order_by("-year")),
        list(household.results.order_by("-year", "regime")),
    )


@dataclass
class HistoryEntry:
    at: dt.datetime
    actor: str
    source: str
    lines: list[str]


def household_history(*, household: Household, limit: int = 50) -> list[HistoryEntry]:
    """The latest changes of a household, newest first, each as readable lines
    ("工资性收入 2016: 2000.00 → 2500.00")."""
    changes = (
        Change.objects.filter(subject="household", subject_id=household.pk)
        .select_related("actor")
        .order_by("-at", "-id")[:limit]
    )
    sources = dict(Source.choices)
    return [
        HistoryEntry(
            c.at,
            c.actor.get_username() if c.actor else "",
            str(sources.get(c.source, c.source)),
            _lines(c.changes),
        )
        for c in changes
    ]


def _label(model: type[models.Model], name: str) -> str:
    try:
        return str(model._meta.get_field(name.removesuffix("_id")).verbose_name)
    except FieldDoesNotExist:
        return name


def _value(value: Any) -> str:
    if value is None or value == "":
        return "—"
    if value is True:
        return str(_("是"))
    if value is False:
        return str(_("否"))
    return str(value)


def _lines(changes: dict[str, Any]) -> list[str]:
    lines = []
    if "created" in changes:
        created = changes["created"]
        lines.append(
            str(_("建档：%(members)s 名成员，%(surveys)s 年调查"))
            % {"members": created.get("members", 0), "surveys": len(created.get("surveys", []))}
        )
    for name, (old, new) in changes.get("fields", {}).items():
        lines.append(f"{_label(Household, name)}: {_value(old)} → {_value(new)}")
    for person, change in changes.get("members", {}).items():
        who = mask_id_number(person)
        if "added" in change:
            added = _("新增成员")
            lines.append(f"{added} {change['added'].get('name', '')} {who}")
        elif "removed" in change:
            removed = _("移除成员")
            lines.append(f"{removed} {change['removed'].get('name', '')} {who}")
        else:
            for name, (old, new) in change.items():
                lines.append(f"{who} {_label(Member, name)}: {_value(old)} → {_value(new)}")
    for year, change in changes.get("surveys", {}).items():
        if "added" in change or "removed" in change:
            lines.append(
                f"{year} {_('年度收入调查')} {_('新增') if 'added' in change else _('移除')}"
            )
            continue
        for name, (old, new) in change.items():
            lines.append(f"{year} {_label(Survey, name)}: {_value(old)} → {_value(new)}")
    return lines


def household_count(
    *,
    households: QuerySet[Household],
    results: QuerySet[HouseholdResult],
    filters: HouseholdFilters,
) -> int:
    """How many households `household_list` lists. Filtered by status alone (and region),
    counted on the stored results, which carry the village: an index range instead of a
    join of a million households (`results` are the user's)."""
    if filters.status and filters.year and not (filters.q or filters.cause or filters.attribute):
        counted = results.filter(year=filters.year, status=filters.status)
        if filters.region:
            counted = counted.filter(
                village_id__gte=filters.region, village_id__lt=filters.region + "~"
            )
        return counted.count()
    return household_list(households=households, filters=filters).count()
