"""Reads of the monitoring app."""

from __future__ import annotations

import datetime as dt
import functools
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Case as Case_
from django.db.models import Count, OuterRef, QuerySet, Subquery, Value, When
from django.db.models.functions import Substr
from django.utils import timezone
from django.utils.translation import get_language

from fupin.monitoring.enums import OPEN_PHASES, Phase, Procedure
from fupin.monitoring.models import Case, FeedRow, MonitoringRange
from fupin.monitoring.procedure import due_on, overdue, overdue_reported_by, step_due
from fupin.policy.regimes import list_regimes, load_regime, regime_for_year
from fupin.regions.enums import Level
from fupin.regions.models import Region
from fupin.registry.enums import Relation, Status
from fupin.registry.models import HouseholdResult, Member, RegionResult
from fupin.registry.selectors import year_default


def monitoring_range_list(*, year: int | None = None) -> QuerySet[MonitoringRange]:
    """The ranges set by regions, of `year` when given, by region code."""
    ranges = MonitoringRange.objects.select_related("region").order_by("year", "region_id")
    return ranges.filter(year=year) if year is not None else ranges


def monitoring_range_rows(*, year: int) -> list[tuple[Any, ...]]:
    """(region code, year, amount) of the ranges set for `year`: the rules' input."""
    return list(monitoring_range_list(year=year).values_list("region_id", "year", "amount"))


# The monitoring dashboard, the warning list, the cadre's list of cases --------------------

#: Statuses of a household's yearly evaluation under a monitoring regime that are warnings
#: (风险预警): the rules found it at risk, to be verified by a cadre.
WARNING_STATUSES = ("unstable_exited", "marginal", "sudden_hardship")


def monitoring_years(today: dt.date | None = None) -> list[int]:
    """The years a monitoring page offers, latest first: from the first year of the first
    monitoring regime (2021) to the present (or the last year a regime covers)."""
    regimes = [load_regime(name) for name in list_regimes()]
    monitoring = [r for r in regimes if r.monitoring]
    first = min(r.first_year for r in monitoring)
    last = min((today or timezone.localdate()).year, max(r.last_year for r in monitoring))
    return list(range(max(last, first), first - 1, -1))


def monitoring_year(
    asked: int | None, *, cases: QuerySet[Case], region_results: QuerySet[RegionResult]
) -> int:
    """The year asked for if a monitoring page offers it, else the latest year with data
    (cases reported, a stored evaluation) up to the present, by the dashboards' rule."""
    years = monitoring_years()
    if asked is not None and asked in years:
        return asked
    reported = {d.year for d in cases.dates("reported_on", "year")}
    evaluated = set(region_results.values_list("year", flat=True).distinct().order_by())
    return year_default({y for y in reported | evaluated if y in years} or {years[0]})


def _within(qs: QuerySet[Any], field: str, region: Region | None) -> QuerySet[Any]:
    """`qs` narrowed to the rows whose region code `field` lies in `region` (an index range)."""
    if region is None:
        return qs
    return qs.filter(**{f"{field}__gte": region.code, f"{field}__lt": region.code + "~"})


def cases_in_year(cases: QuerySet[Case], year: int) -> QuerySet[Case]:
    """The cases under way at some time in `year`: reported by its end and not closed before
    it began (risk eliminated before the year; not identified on a report of an earlier
    year). The phase they show is the one they are in now."""
    start, end = dt.date(year, 1, 1), dt.date(year, 12, 31)
    return (
        cases.filter(reported_on__lte=end)
        .exclude(phase=Phase.ELIMINATED, eliminated_on__lt=start)
        .exclude(phase=Phase.NOT_IDENTIFIED, reported_on__lt=start)
    )


def warnings_in_year(
    results: QuerySet[HouseholdResult], year: int, status: str = ""
) -> QuerySet[HouseholdResult]:
    """The stored evaluations of `year` under the regime in force that are warnings (all of
    WARNING_STATUSES, or `status` alone): the index (year, regime, status, village) serves."""
    wanted = [status] if status else list(WARNING_STATUSES)
    return results.filter(year=year, regime=regime_for_year(year), status__in=wanted)


def flags_pending(flags: QuerySet[FeedRow], year: int) -> QuerySet[FeedRow]:
    """Department flags (部门筛查预警) to be verified: flagged rows of a matched household,
    imported by the end of `year`, neither dismissed nor taken up as a case."""
    end = dt.datetime(year + 1, 1, 1, tzinfo=dt.UTC)
    return flags.filter(
        flagged=True,
        dismissed="",
        village__isnull=False,
        batch__imported_at__lt=end,
        cases__isnull=True,
    )


@dataclass
class Tally:
    """One line of a breakdown: a code of the scheme, its label and how many households."""

    code: str
    label: str
    n: int
    sub: bool = False  # a risk's sub-type (因自然灾害 · 洪涝), shown under its type


@dataclass
class RegionCount:
    """A region's figures on the dashboard: its monitored households (cases under way in the
    year), those open now and those whose risk is eliminated, the rule warnings and the
    pending department flags, and its households (stored evaluation) for the rate."""

    region: Region
    cases: int = 0
    open: int = 0
    eliminated: int = 0
    overdue: int = 0  # being identified past the due date, today
    warnings: int = 0
    flags: int = 0
    households: int | None = None

    @property
    def per_thousand(self) -> Decimal | None:
        """Monitored households per 1,000 households; None without a household count."""
        if not self.households:
            return None
        return (Decimal(self.cases * 1000) / self.households).quantize(Decimal("0.1"))


@dataclass
class MonitoringDashboard:
    """The monitoring figures of a region (None: all of the user's) in a year. `counties`
    colour the map of a province or prefecture; `households_year` is the stored evaluation
    the household counts come from (None: no evaluation stored)."""

    year: int
    years: list[int]
    regime: str
    region: Region | None
    total: RegionCount
    by_type: list[Tally]
    by_risk: list[Tally]
    by_phase: list[Tally]
    rows: list[RegionCount]
    counties: list[RegionCount]
    warnings: list[Tally]
    households_year: int | None = None


@functools.lru_cache(maxsize=32)
def scheme_labels(regime: str, language: str) -> dict[str, dict[str, str]]:
    """The labels of a scheme's codes in `language`: object types, risks (a sub-type as
    "因自然灾害 · 洪涝") and the steps of each procedure, keyed by kind then code. Codes of the
    other monitoring schemes are there too (a case of 2025 seen in 2026), the regime's own
    labels winning."""
    found: dict[str, dict[str, str]] = {
        "object_type": {},
        "risk": {},
        "identification": {},
        "elimination": {},
    }
    others = [n for n in list_regimes() if n != regime and load_regime(n).monitoring]
    for name in [*others, regime]:
        scheme = load_regime(name).scheme
        if scheme is None:
            continue
        found["object_type"].update({c.code: c.label(language) for c in scheme.object_types})
        for risk in scheme.risk_types:
            found["risk"][risk.code] = risk.label(language)
            for sub in risk.subtypes:
                found["risk"][f"{risk.code}:{sub.code}"] = (
                    f"{risk.label(language)} · {sub.label(language)}"
                )
        for procedure in ("identification", "elimination"):
            found[procedure].update({s.code: s.label(language) for s in scheme.steps(procedure)})
    return found


def _language() -> str:
    return get_language() or "zh-hans"


def _key(code: str | None, children: dict[str, Region]) -> str | None:
    """The child region whose code starts `code` (children's codes may differ in length)."""
    if not code:
        return None
    for length in {len(c) for c in children}:
        if code[:length] in children:
            return code[:length]
    return None


def monitoring_dashboard(
    *,
    region: Region | None,
    children: list[Region],
    cases: QuerySet[Case],
    results: QuerySet[HouseholdResult],
    region_results: QuerySet[RegionResult],
    flags: QuerySet[FeedRow],
    year: int,
) -> MonitoringDashboard:
    """Counts of the monitored households of `region` (the querysets are the user's, so a
    region partly in scope counts the part in scope) in `year`, by object type, risk type,
    phase and child region, with the year's rule warnings and the pending department flags.
    Every count is a GROUP BY in the database on indexed region-code columns, grouped at the
    finest level shown (the children, or the counties of the map) and summed upward here:
    six queries whatever the region's size, seven with the counties of a province's map."""
    regime = regime_for_year(year)
    language = _language()
    labels = scheme_labels(regime, language)
    scheme = load_regime(regime).monitoring_scheme()
    by_code = {c.code: c for c in children}
    county_map = region is not None and region.level in (Level.PROVINCE, Level.PREFECTURE)
    lengths = [len(c.code) for c in children] + ([6] if county_map else [])
    finest = max(lengths) if lengths else len(region.code) if region is not None else 2
    rows = {c.code: RegionCount(c) for c in children}
    counties: dict[str, RegionCount] = {}
    if county_map and region is not None:
        under = _within(Region.objects.filter(level=Level.COUNTY), "code", region)
        counties = {c.code: RegionCount(c) for c in under.order_by("code")}
    total = RegionCount(region) if region is not None else RegionCount(Region(code=""))

    def place(code: str | None) -> list[RegionCount]:
        """Where a group of code `code` (cut at the finest length) is counted."""
        into = [total]
        child = _key(code, by_code)
        if child is not None:
            into.append(rows[child])
        if code and code[:6] in counties:
            into.append(counties[code[:6]])
        return into

    # 1. cases by finest region, phase and object type
    year_cases = _within(cases_in_year(cases, year), "village_id", region)
    types: dict[str, int] = {}
    phases: dict[str, int] = {}
    late_by = overdue_reported_by(timezone.localdate(), scheme.working_days)
    grouped = (
        year_cases.annotate(
            at=Substr("village_id", 1, finest),
            late=Case_(
                When(phase=Phase.IDENTIFYING, reported_on__lte=late_by, then=Value(1)),
                default=Value(0),
            ),
        )
        .values("at", "phase", "object_type", "late")
        .annotate(n=Count("id"))
        .order_by()
    )
    for row in grouped:
        n = row["n"]
        types[row["object_type"]] = types.get(row["object_type"], 0) + n
        phases[row["phase"]] = phases.get(row["phase"], 0) + n
        for counted in place(row["at"]):
            counted.cases += n
            if row["phase"] in OPEN_PHASES:
                counted.open += n
            elif row["phase"] == Phase.ELIMINATED:
                counted.eliminated += n
            counted.overdue += n * row["late"]
    # 2. risks: the few distinct lists of risks, each case counted once per risk type and
    # once per sub-type it names
    risks: dict[str, int] = {}
    for row in year_cases.values("risks").annotate(n=Count("id")).order_by():
        codes = row["risks"] or []
        for code in {c.partition(":")[0] for c in codes} | {c for c in codes if ":" in c}:
            risks[code] = risks.get(code, 0) + row["n"]
    # 3. the rule warnings of the year by finest region and status
    statuses: dict[str, int] = {}
    warned = (
        _within(warnings_in_year(results, year), "village_id", region)
        .annotate(at=Substr("village_id", 1, finest))
        .values("at", "status")
        .annotate(n=Count("id"))
        .order_by()
    )
    for row in warned:
        statuses[row["status"]] = statuses.get(row["status"], 0) + row["n"]
        for counted in place(row["at"]):
            counted.warnings += row["n"]
    # 4. pending department flags by finest region
    flagged = (
        _within(flags_pending(flags, year), "village_id", region)
        .annotate(at=Substr("village_id", 1, finest))
        .values("at")
        .annotate(n=Count("id"))
        .order_by()
    )
    for row in flagged:
        for counted in place(row["at"]):
            counted.flags += row["n"]
    # 5–6. households from the stored evaluation of the year (else the latest before it)
    households_year = _households_add(
        region, region_results, year, total, list(rows.values()), counties
    )
    status_labels = dict(Status.choices)
    return MonitoringDashboard(
        year=year,
        years=monitoring_years(),
        regime=regime,
        region=region,
        total=total,
        by_type=_counts([c.code for c in scheme.object_types], types, labels["object_type"]),
        by_risk=_risk_counts(scheme, risks, labels["risk"]),
        by_phase=_counts(Phase.values, phases, {k: str(v) for k, v in Phase.choices}),
        rows=[rows[c.code] for c in children],
        counties=list(counties.values()),
        warnings=[
            Tally(s, str(status_labels.get(s, s)), statuses.get(s, 0)) for s in WARNING_STATUSES
        ],
        households_year=households_year,
    )


def _households_add(
    region: Region | None,
    region_results: QuerySet[RegionResult],
    year: int,
    total: RegionCount,
    rows: list[RegionCount],
    counties: dict[str, RegionCount],
) -> int | None:
    """Put the households of the region, its children and the map's counties from the stored
    evaluation of `year`, else of the latest year before it (or the first after it); returns
    that year, None when no evaluation is stored."""
    anchor = region.code if region is not None else (rows[0].region.code if rows else None)
    if anchor is None:
        return None
    stored = set(
        region_results.filter(region_id=anchor).values_list("year", flat=True).distinct().order_by()
    )
    if not stored:
        return None
    chosen = max((y for y in stored if y <= year), default=min(stored))
    codes = [r.region.code for r in rows] + ([region.code] if region is not None else [])
    households = dict(
        region_results.filter(year=chosen, region_id__in=codes + list(counties)).values_list(
            "region_id", "households"
        )
    )
    for counted in [*rows, *counties.values()]:
        counted.households = households.get(counted.region.code)
    if region is not None:
        total.households = households.get(region.code)
    else:  # all of the user's regions: the sum of the top ones
        total.households = sum(r.households or 0 for r in rows) or None
    return chosen


def _counts(order: list[str], found: dict[str, int], labels: dict[str, str]) -> list[Tally]:
    """Every code of `order` with its count (0 too), then codes found that it does not list."""
    extra = sorted(set(found) - set(order))
    return [Tally(c, labels.get(c, c), found.get(c, 0)) for c in [*order, *extra]]


def _risk_counts(scheme: Any, found: dict[str, int], labels: dict[str, str]) -> list[Tally]:
    """The scheme's risk types with their counts, each followed by its sub-types found."""
    lines: list[Tally] = []
    listed = set()
    for risk in scheme.risk_types:
        lines.append(Tally(risk.code, labels.get(risk.code, risk.code), found.get(risk.code, 0)))
        listed.add(risk.code)
        for sub in risk.subtypes:
            code = f"{risk.code}:{sub.code}"
            listed.add(code)
            if found.get(code):
                lines.append(Tally(code, labels.get(code, code), found[code], sub=True))
    for code in sorted(set(found) - listed):
        lines.append(Tally(code, labels.get(code, code), found[code], sub=":" in code))
    return lines


def warning_list(
    *, results: QuerySet[HouseholdResult], region: Region | None, year: int, status: str = ""
) -> QuerySet[HouseholdResult]:
    """The warnings of `year` in `region` (the early-warning list, 预警名单): each household's
    stored evaluation with its head's name and ID number and its open case, if any, by
    village and household number. Correlated subqueries: a page costs one query."""
    head = Member.objects.filter(household=OuterRef("household_id"), relation=Relation.HEAD)
    open_case = Case.objects.filter(
        household=OuterRef("household_id"), phase__in=[p.value for p in OPEN_PHASES]
    )
    return (
        _within(warnings_in_year(results, year, status), "village_id", region)
        .select_related("household", "village")
        .annotate(
            head_name=Subquery(head.values("name")[:1]),
            head_id_number=Subquery(head.values("id_number")[:1]),
            open_case=Subquery(open_case.values("pk")[:1]),
        )
        .order_by("village_id", "household__number")
    )


def warning_count(
    *, results: QuerySet[HouseholdResult], region: Region | None, year: int, status: str = ""
) -> int:
    """How many households `warning_list` lists: an index range, no join."""
    return _within(warnings_in_year(results, year, status), "village_id", region).count()


def flag_list(*, flags: QuerySet[FeedRow], region: Region | None, year: int) -> QuerySet[FeedRow]:
    """The pending department flags of `region` by the end of `year`, with the feed, the
    person and household matched, by village, household and date of import."""
    return (
        _within(flags_pending(flags, year), "village_id", region)
        .select_related("batch__feed", "household", "member", "village")
        .order_by("village_id", "household__number", "batch__imported_at", "row_number")
    )


def open_case_list(*, cases: QuerySet[Case]) -> QuerySet[Case]:
    """The open cases of `cases` with their household and its head's name: those being
    identified first, oldest report first (identification is due a fixed number of working
    days after the report, so the oldest is the most overdue), then the others."""
    head = Member.objects.filter(household=OuterRef("household_id"), relation=Relation.HEAD)
    return (
        cases.filter(phase__in=[p.value for p in OPEN_PHASES])
        .select_related("household", "village")
        .annotate(
            head_name=Subquery(head.values("name")[:1]),
            identifying=Case_(When(phase=Phase.IDENTIFYING, then=Value(0)), default=Value(1)),
        )
        .order_by("identifying", "reported_on", "pk")
    )


def household_case_list(*, household: Any) -> list[Case]:
    """A household's cases, the latest report first (one query)."""
    return list(Case.objects.filter(household=household).order_by("-reported_on", "-pk"))


@dataclass(frozen=True)
class Todo:
    """What a case waits for, as the cadre's list shows it: its type and risks in words, the
    next step (with its procedure), the day identification is due and whether it is late."""

    object_type: str
    risks: list[str]
    step: str
    procedure: str
    due_on: dt.date | None
    overdue: bool


def case_todo(case: Case, *, today: dt.date) -> Todo:
    """The next step of `case` (its steps prefetched) by the rules of its procedure, with the
    identification's due date (`working_days` after the report) and whether it is overdue."""
    scheme = load_regime(case.regime).monitoring_scheme()
    labels = scheme_labels(case.regime, _language())
    due = step_due(
        scheme, phase=case.phase, fast_track=case.fast_track, steps=list(case.steps.all())
    )
    identifying = due is not None and due.procedure == Procedure.IDENTIFICATION
    return Todo(
        object_type=labels["object_type"].get(case.object_type, case.object_type),
        risks=[labels["risk"].get(r, r) for r in case.risks or []],
        step=labels[due.procedure].get(due.step.code, due.step.code) if due else "",
        procedure=str(Procedure(due.procedure).label) if due else "",
        due_on=due_on(case.reported_on, scheme.working_days) if identifying else None,
        overdue=overdue(
            phase=case.phase,
            reported_on=case.reported_on,
            working_days=scheme.working_days,
            today=today,
        ),
    )
