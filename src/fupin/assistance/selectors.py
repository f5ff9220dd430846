"""Reads of assistance work: units and their trees, progress of targets at any date rolled up
the unit tree and the region tree, pledge cascade checks, cadre checks and a unit's summary."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Count, F, Prefetch, Q, QuerySet, Value
from django.db.models.functions import ExtractYear, Substr

from fupin.assistance.enums import CadreRole, Measure, PairingKind
from fupin.assistance.models import (
    Cadre,
    CadreAward,
    GroupMember,
    Indicator,
    LeadingGroup,
    LedgerEntry,
    Pairing,
    Plan,
    Pledge,
    Project,
    Responsibility,
    Target,
    Unit,
)
from fupin.core.errors import InvalidInput, NotFound
from fupin.core.money import cents_sum, from_cents
from fupin.regions.models import Region, RegionYear
from fupin.registry.models import Household

CENT = Decimal("0.01")
RATE = Decimal("0.0001")
MIN_TERM_YEARS = 2  # DOMAIN.md §6.3: each term ≥ 2 years [C]
MIN_TEAM = 3  # DOMAIN.md §6.3: a team normally ≥ 3 people (2017) [C]; "at least two" (2021) [W]


def unit_of(code_or_name: str) -> Unit:
    """The unit with this credit code, else with this exact name."""
    text = "".join(str(code_or_name).split())
    unit = Unit.objects.filter(credit_code=text.upper()).first()
    if unit is not None:
        return unit
    named = list(Unit.objects.filter(name=str(code_or_name).strip())[:2])
    if len(named) == 1:
        return named[0]
    if named:
        raise InvalidInput(f"several units are named {code_or_name}; give the credit code")
    like = list(
        Unit.objects.filter(name__contains=str(code_or_name).strip())
        .order_by("path")
        .values_list("name", flat=True)[:5]
    )
    if like:
        raise NotFound(f"no unit {code_or_name}; did you mean: {'、'.join(like)}")
    raise NotFound(f"no unit {code_or_name} (give its full name or its credit code)")


def indicators_for(unit: Unit) -> QuerySet[Indicator]:
    """The indicators a unit records against: the standard ones, those no unit owns, and
    those of its own units above and below it."""
    return Indicator.objects.filter(
        Q(standard=True)
        | Q(owner__isnull=True)
        | Q(owner_id__in=unit.tree_ids)
        | Q(owner__path__startswith=unit.path)
    ).order_by("order", "code")


def indicator_allowed(unit: Unit, indicator: Indicator) -> bool:
    """Whether `unit` may record against `indicator` (see `indicators_for`); a query only for
    an indicator owned by a unit below it."""
    if indicator.standard or indicator.owner_id is None or indicator.owner_id in unit.tree_ids:
        return True
    return indicators_for(unit).filter(pk=indicator.pk).exists()


def subtree(unit: Unit) -> QuerySet[Unit]:
    """The unit and every unit under it."""
    return Unit.objects.filter(path__startswith=unit.path)


def year_period(year: int) -> tuple[dt.date, dt.date]:
    return dt.date(year, 1, 1), dt.date(year, 12, 31)


@dataclass
class Progress:
    """A target and what was delivered against it in a period."""

    indicator: Indicator
    target: Decimal | None
    delivered: Decimal

    @property
    def completion(self) -> Decimal | None:
        if not self.target:
            return None
        return (self.delivered / self.target).quantize(RATE)

    @property
    def percent(self) -> int:
        """For progress bars: 0–100."""
        rate = self.completion
        return 0 if rate is None else max(0, min(100, int(rate * 100)))

    def shown(self, value: Decimal | None) -> Decimal | int | None:
        if value is None:
            return None
        if self.indicator.measure == Measure.COUNT:
            return int(value)
        return value.quantize(CENT)


def _own_targets(unit_ids: Iterable[int], years: range) -> dict[int, dict[int, Decimal]]:
    """Per unit, per indicator: the sum of the unit's pledges that are not parts of another
    pledge of the same unit (a cadre's pledge is a part of its unit's)."""
    out: dict[int, dict[int, Decimal]] = defaultdict(lambda: defaultdict(Decimal))
    rows = (
        Target.objects.filter(pledge__unit_id__in=list(unit_ids), pledge__year__in=list(years))
        .exclude(pledge__parent__unit_id=F("pledge__unit_id"))
        .values_list("pledge__unit_id", "indicator_id", "value")
    )
    for unit_id, indicator_id, value in rows:
        out[unit_id][indicator_id] += value
    return out


def targets_rolled(unit: Unit, years: range) -> dict[int, Decimal]:
    """The targets of a unit's tree per indicator: the unit's own where it pledged one, else
    the sum of its children's (a subsidiary's pledge is a part of its parent's)."""
    units = list(subtree(unit).values_list("id", "parent_id"))
    children: dict[int | None, list[int]] = defaultdict(list)
    for uid, parent in units:
        children[parent].append(uid)
    own = _own_targets([u for u, _ in units], years)

    def rolled(uid: int) -> dict[int, Decimal]:
        result: dict[int, Decimal] = defaultdict(Decimal)
        for child in children.get(uid, []):
            for indicator, value in rolled(child).items():
                result[indicator] += value
        result.update(own.get(uid, {}))
        return result

    return dict(rolled(unit.pk))


def delivered(entries: QuerySet[LedgerEntry], start: dt.date, end: dt.date) -> dict[int, Decimal]:
    """Delivered amounts per indicator in [start, end], reversals applied (summed in SQL)."""
    rows = (
        entries.filter(date__gte=start, date__lte=end)
        .values("indicator_id")
        .annotate(total=cents_sum("amount"))
        .values_list("indicator_id", "total")
    )
    return {indicator: from_cents(total) for indicator, total in rows}


def unit_progress(unit: Unit, start: dt.date, end: dt.date) -> list[Progress]:
    """Every standard indicator and every indicator with a target or a delivery, for the unit
    and everything under it, between `start` and `end` (targets of the years covered)."""
    years = range(start.year, end.year + 1)
    targets = targets_rolled(unit, years)
    done = delivered(LedgerEntry.objects.filter(unit__path__startswith=unit.path), start, end)
    wanted = Q(standard=True) | Q(pk__in=[*targets, *done])
    return [
        Progress(indicator, targets.get(indicator.pk), done.get(indicator.pk, Decimal(0)))
        for indicator in Indicator.objects.filter(wanted)
    ]


LEVEL_DIGITS = {"province": 2, "prefecture": 4, "county": 6, "township": 9, "village": 12}


def region_delivered(
    unit: Unit, start: dt.date, end: dt.date, *, level: str = "county", within: str = ""
) -> dict[str, dict[int, Decimal]]:
    """Delivered amounts of the unit's tree per region of `level` (entries in villages roll
    up to their township, county, …) and per indicator; only regions under `within`."""
    digits = LEVEL_DIGITS[level]
    entries = LedgerEntry.objects.filter(
        unit__path__startswith=unit.path,
        date__gte=start,
        date__lte=end,
        region__isnull=False,
        region__code__startswith=within,
    )
    rows = (
        entries.annotate(area=Substr("region_id", 1, digits))
        .values("area", "indicator_id")
        .annotate(total=cents_sum("amount"))
        .values_list("area", "indicator_id", "total")
    )
    out: dict[str, dict[int, Decimal]] = defaultdict(dict)
    for area, indicator, total in rows:
        if len(area) == digits:
            out[area][indicator] = from_cents(total)
    return dict(out)


# pledges -------------------------------------------------------------------------------


@dataclass
class CascadeFinding:
    pledge: Pledge
    indicator: Indicator
    target: Decimal
    parts: Decimal

    @property
    def over(self) -> bool:
        return self.parts > self.target

    @property
    def message(self) -> str:
        gap = abs(self.parts - self.target)
        if self.over:
            return f"parts exceed the pledge by {gap}"
        return f"{gap} not yet passed down"


def pledge_cascade_check(unit: Unit, year: int) -> list[CascadeFinding]:
    """Pledges of the unit's tree whose parts (subsidiaries', cadres') do not add up to them,
    per indicator that was passed down: parts above the pledge are an error, below it a task
    not yet fully passed down."""
    pledges = Pledge.objects.filter(unit__path__startswith=unit.path, year=year)
    parts: dict[tuple[int, int], Decimal] = defaultdict(Decimal)
    for parent, indicator, value in Target.objects.filter(pledge__parent__in=pledges).values_list(
        "pledge__parent_id", "indicator_id", "value"
    ):
        parts[(parent, indicator)] += value
    with_parts = {p for p, _ in parts}
    findings = []
    for target in Target.objects.filter(
        pledge__in=pledges, pledge_id__in=with_parts
    ).select_related("pledge__unit", "indicator"):
        total = parts.get((target.pledge_id, target.indicator_id))
        if total is not None and total != target.value:  # only indicators passed down
            findings.append(CascadeFinding(target.pledge, target.indicator, target.value, total))
    return findings


# cadres --------------------------------------------------------------------------------


def cadres_in_period(unit: Unit, start: dt.date, end: dt.date) -> QuerySet[Cadre]:
    return Cadre.objects.filter(unit__path__startswith=unit.path, start__lte=end).filter(
        Q(end__isnull=True) | Q(end__gte=start)
    )


TEAM_ROLES = (CadreRole.FIRST_SECRETARY, CadreRole.TEAM_LEADER, CadreRole.TEAM_MEMBER)


def cadres_warnings(cadres: Iterable[Cadre], *, as_of: dt.date) -> dict[int, list[str]]:
    """DOMAIN.md §6.3 checks of each cadre, shown as warnings: a term shorter than two years;
    a work team (of the cadre's village, in post on `as_of`) smaller than three. The teams are
    counted in one query."""
    cadres = list(cadres)

    def in_post(cadre: Cadre) -> bool:
        return cadre.start <= as_of and (cadre.end is None or cadre.end >= as_of)

    teamed = {c.region_id for c in cadres if c.role in TEAM_ROLES and in_post(c)}
    teams = dict(
        Cadre.objects.filter(region_id__in=teamed, role__in=TEAM_ROLES, start__lte=as_of)
        .filter(Q(end__isnull=True) | Q(end__gte=as_of))
        .values("region_id")
        .annotate(size=Count("id"))
        .values_list("region_id", "size")
    )
    out: dict[int, list[str]] = {}
    for cadre in cadres:
        warnings = out[cadre.pk] = []
        if cadre.end is not None:
            years = (cadre.end - cadre.start).days / 365.25
            if years < MIN_TERM_YEARS - 0.01:
                warnings.append(f"term of {years:.1f} years is shorter than {MIN_TERM_YEARS}")
        if cadre.role in TEAM_ROLES and in_post(cadre):
            team = teams.get(cadre.region_id, 0)
            if team < MIN_TEAM:
                warnings.append(f"work team of {team} is smaller than {MIN_TEAM}")
    return out


def cadre_warnings(cadre: Cadre, *, as_of: dt.date) -> list[str]:
    """The warnings of one cadre (see `cadres_warnings`)."""
    return cadres_warnings([cadre], as_of=as_of)[cadre.pk]


# summary -------------------------------------------------------------------------------


def county_exit_dates(codes: Iterable[str]) -> dict[str, dt.date]:
    """The exit date of each county that has exited: its announced date, else 31 December of
    its exit year."""
    out: dict[str, dt.date] = {}
    for code, year, date in RegionYear.objects.filter(
        region_id__in=list(codes), exit_year__isnull=False
    ).values_list("region_id", "exit_year", "exit_date"):
        when = date or dt.date(year, 12, 31)
        if code not in out or when < out[code]:
            out[code] = when
    return out


def pairings_in_period(unit: Unit, start: dt.date, end: dt.date) -> QuerySet[Pairing]:
    return (
        Pairing.objects.filter(unit__path__startswith=unit.path, start__lte=end)
        .filter(Q(end__isnull=True) | Q(end__gte=start))
        .select_related("region")
    )


def unit_summary(unit: Unit, start: dt.date, end: dt.date) -> dict[str, Any]:
    """The figures of `fupin units summary` and of the unit page: per indicator target,
    delivered and completion; paired regions by kind; paired counties that exited by `end`;
    cadres dispatched and awarded; the grade of the year and of the year before."""
    out: dict[str, Any] = {
        "unit": {"code": unit.credit_code, "name": unit.name},
        "period": {"from": start.isoformat(), "to": end.isoformat()},
    }
    for row in unit_progress(unit, start, end):
        out[row.indicator.code] = {
            "name": row.indicator.name,
            "unit": row.indicator.unit_label,
            "target": row.shown(row.target),
            "delivered": row.shown(row.delivered),
            "completion": row.completion,
        }
    pairings = list(pairings_in_period(unit, start, end))
    by_kind: dict[str, dict[str, Any]] = {}
    for kind in PairingKind:
        regions = sorted({(p.region_id, p.region.name) for p in pairings if p.kind == kind})
        if regions:
            by_kind[kind.value] = {
                "label": str(kind.label),
                "count": len(regions),
                "regions": [{"code": c, "name": n} for c, n in regions],
            }
    out["pairings"] = by_kind
    counties = sorted({p.region_id for p in pairings if len(p.region_id) == 6})  # county pairings
    exits = county_exit_dates(counties)
    names = dict(Region.objects.filter(code__in=counties).values_list("code", "name"))
    exited = [c for c in counties if c in exits and exits[c] <= end]
    out["counties"] = {
        "paired": len(counties),
        "exited": len(exited),
        "exited_list": [
            {"code": c, "name": names.get(c, c), "exit_date": exits[c].isoformat()} for c in exited
        ],
    }
    cadres = cadres_in_period(unit, start, end)
    awarded = (
        CadreAward.objects.filter(cadre__in=cadres, year__gte=start.year, year__lte=end.year)
        .values("cadre_id")
        .distinct()
        .count()
    )
    out["cadres"] = {"dispatched": cadres.count(), "awarded": awarded}
    from fupin.assessment.selectors import final_grades  # assessment reads assistance too

    grades = final_grades(unit, [end.year, end.year - 1])
    out["grade"] = {"year": grades.get(end.year), "previous_year": grades.get(end.year - 1)}
    return out


# projects ------------------------------------------------------------------------------


def paired_regions(unit: Unit) -> list[str]:
    """The codes of the regions the unit, the units above it or the units under it are (or
    were) paired with: where its work may take place."""
    return sorted(
        set(
            Pairing.objects.filter(
                Q(unit_id__in=unit.tree_ids) | Q(unit__path__startswith=unit.path)
            ).values_list("region_id", flat=True)
        )
    )


def region_related(code: str, regions: Iterable[str]) -> bool:
    """`code` is one of `regions`, above one or under one."""
    return any(code.startswith(r) or r.startswith(code) for r in regions)


def households_in_region(
    numbers: Iterable[str], region: str, within: Iterable[str]
) -> tuple[list[Household], list[str]]:
    """The registry households with these numbers whose village is in `region` (a project's
    beneficiaries live where it is carried out) and in one of the regions `within` (those its
    unit is paired with), and the numbers not found there."""
    numbers = list(numbers)
    inside = Q(pk__in=[])
    for code in within:
        inside |= Q(village__code__startswith=code)
    found = list(
        Household.objects.filter(inside, number__in=numbers, village__code__startswith=region)
        .select_related("village")
        .order_by("number")
    )
    known = {h.number for h in found}
    return found, [n for n in numbers if n not in known]


def project_disbursed(project: Project) -> list[Progress]:
    """What was recorded against the project per indicator, reversals applied, with the
    budget as the target of the yuan put in."""
    done = delivered(
        LedgerEntry.objects.filter(project=project), dt.date(1949, 1, 1), dt.date(9999, 12, 31)
    )
    out = []
    for indicator in Indicator.objects.filter(pk__in=list(done)):
        budget = project.budget if indicator.code == "funds_invested" else None
        out.append(Progress(indicator, budget, done[indicator.pk]))
    return out


def project_notice_end(project: Project) -> dt.date | None:
    """The first day the project may be approved: its public notice has run its days
    (DOMAIN.md §6.12)."""
    if project.notice_start is None:
        return None
    return project.notice_start + dt.timedelta(days=project.notice_days)


# pledges and units ---------------------------------------------------------------------


@dataclass
class PledgeRow:
    pledge: Pledge
    targets: list[Progress]


def pledges_of_year(pledges: QuerySet[Pledge], year: int) -> list[PledgeRow]:
    """The pledges of a year with their targets (the units' tree order, then region and
    cadre), each target with what its unit's tree delivered in the year towards its region.
    The deliveries are summed in one query, per unit, region (cut to the longest pledge
    region) and indicator, and added up per pledge here."""
    rows = list(
        pledges.filter(year=year)
        .select_related("unit", "region", "cadre", "parent__unit")
        .prefetch_related("targets__indicator")
        .order_by("unit__path", "region_id", "cadre_id", "id")
    )
    sums = _delivered_by_unit_and_region(rows, year)
    out = []
    for pledge in rows:
        done: dict[int, int] = defaultdict(int)
        if pledge.cadre_id is None:
            for (path, region, indicator), cents in sums.items():
                if path.startswith(pledge.unit.path) and (
                    not pledge.region_id or (region or "").startswith(pledge.region_id)
                ):
                    done[indicator] += cents
        targets = sorted(pledge.targets.all(), key=lambda t: (t.indicator.order, t.indicator.code))
        out.append(
            PledgeRow(
                pledge,
                [
                    Progress(t.indicator, t.value, from_cents(done.get(t.indicator_id, 0)))
                    for t in targets
                ],
            )
        )
    return out


def _delivered_by_unit_and_region(
    pledges: list[Pledge], year: int
) -> dict[tuple[str, str | None, int], int]:
    """Cents delivered in the year per (unit path, region cut to the longest pledge region,
    indicator) by the units of the pledges and the units under them."""
    paths = sorted({p.unit.path for p in pledges if p.cadre_id is None})
    tops = [path for path in paths if not any(path.startswith(o) and path != o for o in paths)]
    if not tops:
        return {}
    start, end = year_period(year)
    width = max((len(p.region_id) for p in pledges if p.region_id), default=0)
    within = Q(pk__in=[])
    for path in tops:
        within |= Q(unit__path__startswith=path)
    entries = LedgerEntry.objects.filter(within, date__gte=start, date__lte=end).annotate(
        area=Substr("region_id", 1, width) if width else Value("")
    )
    return {
        (path, area or None, indicator): int(total or 0)
        for path, area, indicator, total in entries.values("unit__path", "area", "indicator_id")
        .annotate(total=cents_sum("amount"))
        .values_list("unit__path", "area", "indicator_id", "total")
    }


def unit_exists(code: str) -> bool:
    return Unit.objects.filter(credit_code=code).exists()


def pledge_values(unit: Unit, year: int, region: str | None) -> dict[str, Any] | None:
    """The unit's own pledge of the year towards `region` as the targets form's initial data
    (region, title, signed_on, t_<indicator code>); None when there is none."""
    pledge = (
        Pledge.objects.filter(unit=unit, year=year, region_id=region, cadre__isnull=True)
        .prefetch_related("targets__indicator")
        .first()
    )
    if pledge is None:
        return None
    values: dict[str, Any] = {
        "region": region,
        "title": pledge.title,
        "signed_on": pledge.signed_on,
    }
    for target in pledge.targets.all():
        shown = Progress(target.indicator, target.value, Decimal(0)).shown(target.value)
        values[f"t_{target.indicator.code}"] = shown
    return values


# a region's assistance -----------------------------------------------------------------


@dataclass
class RegionAssistance:
    """What assisting units do in a region in a year: the pairings in force with it, with a
    region above it or under it; what was delivered there per indicator (all units,
    reversals applied); the cadres in post there and the projects carried out there."""

    year: int
    pairings: list[Pairing]
    delivered: list[Progress]
    cadres: int
    projects: dict[str, int]

    @property
    def project_count(self) -> int:
        return sum(self.projects.values())


def region_assistance(code: str, year: int) -> RegionAssistance:
    start, end = year_period(year)
    above = [code[:n] for n in (2, 4, 6, 9) if n < len(code)]
    pairings = list(
        Pairing.objects.filter(start__lte=end)
        .filter(Q(end__isnull=True) | Q(end__gte=start))
        .filter(Q(region__code__startswith=code) | Q(region_id__in=above))
        .select_related("unit", "region")
        .order_by("unit__path", "region_id", "start")
    )
    done = delivered(LedgerEntry.objects.filter(region__code__startswith=code), start, end)
    cadres = (
        Cadre.objects.filter(region__code__startswith=code, start__lte=end)
        .filter(Q(end__isnull=True) | Q(end__gte=start))
        .count()
    )
    projects = dict(
        Project.objects.filter(region__code__startswith=code)
        .values("status")
        .annotate(n=Count("id"))
        .values_list("status", "n")
    )
    return RegionAssistance(
        year=year,
        pairings=pairings,
        delivered=[
            Progress(i, None, done[i.pk]) for i in Indicator.objects.filter(pk__in=list(done))
        ],
        cadres=cadres,
        projects=projects,
    )


# multi-year plans ------------------------------------------------------------------------


@dataclass
class PlanLine:
    """One indicator of a plan: per year of the plan, the amount planned (None where the
    plan sets none) and what the unit's tree delivered that year (in the plan's region)."""

    indicator: Indicator
    years: list[tuple[int, Decimal | None, Decimal]]

    @property
    def planned(self) -> Decimal:
        return sum((p for _, p, _ in self.years if p is not None), Decimal(0))

    @property
    def delivered(self) -> Decimal:
        """What was delivered in the years the plan sets an amount for (what it is measured
        against)."""
        return sum((d for _, p, d in self.years if p is not None), Decimal(0))

    @property
    def completion(self) -> Decimal | None:
        return Progress(self.indicator, self.planned, self.delivered).completion


@dataclass
class PlanProgress:
    plan: Plan
    lines: list[PlanLine]

    @property
    def years(self) -> list[int]:
        return list(range(self.plan.first_year, self.plan.last_year + 1))


def plans_progress(plans: QuerySet[Plan]) -> list[PlanProgress]:
    """Each plan with its yearly amounts against the deliveries of its years (one query for
    the plans and one per plan for the deliveries)."""
    out = []
    for plan in plans.select_related("unit", "region").prefetch_related("amounts__indicator"):
        entries = LedgerEntry.objects.filter(
            unit__path__startswith=plan.unit.path,
            date__gte=dt.date(plan.first_year, 1, 1),
            date__lte=dt.date(plan.last_year, 12, 31),
        )
        if plan.region_id:
            entries = entries.filter(region__code__startswith=plan.region_id)
        amounts = list(plan.amounts.all())
        done: dict[tuple[int, int], Decimal] = {
            (year, indicator): from_cents(total)
            for year, indicator, total in entries.filter(
                indicator_id__in={a.indicator_id for a in amounts}
            )
            .annotate(year=ExtractYear("date"))
            .values("year", "indicator_id")
            .annotate(total=cents_sum("amount"))
            .values_list("year", "indicator_id", "total")
        }
        planned = {(a.year, a.indicator_id): a.value for a in amounts}
        indicators = sorted({a.indicator for a in amounts}, key=lambda i: (i.order, i.code))
        lines = [
            PlanLine(
                indicator,
                [
                    (
                        year,
                        planned.get((year, indicator.pk)),
                        done.get((year, indicator.pk), Decimal(0)),
                    )
                    for year in range(plan.first_year, plan.last_year + 1)
                ],
            )
            for indicator in indicators
        ]
        out.append(PlanProgress(plan, lines))
    return out


# leading groups and responsibilities ---------------------------------------------------------


def leading_groups(groups: QuerySet[LeadingGroup]) -> list[LeadingGroup]:
    """Leading groups with their members in order (and the members' units), in two queries."""
    return list(
        groups.select_related("unit", "region")
        .prefetch_related(
            Prefetch(
                "members",
                queryset=GroupMember.objects.select_related("member_unit").order_by("order", "id"),
            )
        )
        .order_by("name", "id")
    )


def region_leadership(code: str, on: dt.date) -> tuple[list[LeadingGroup], list[Responsibility]]:
    """The leading groups of a region and of the regions above it, and the persons answerable
    for it or for a region above it (a provincial leader's theatre) on a date."""
    codes = [code[:n] for n in (2, 4, 6, 9, 12) if n <= len(code)]
    groups = leading_groups(LeadingGroup.objects.filter(region_id__in=codes))
    duties = list(
        Responsibility.objects.filter(region_id__in=codes, start__lte=on)
        .filter(Q(end__isnull=True) | Q(end__gte=on))
        .select_related("region")
        .order_by("region_id", "start", "id")
    )
    return groups, duties
