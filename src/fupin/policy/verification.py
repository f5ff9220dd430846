"""County exit verification (贫困县退出专项评估检查, 三率一度): sample, rates, decision.

The pure core, no Django: a campaign's service layer feeds it plain rows and stores what it
returns. Three steps (DOMAIN.md §3.2, §6.9, §6.10):

1. :func:`draw_sample` draws a stratified sample of a county from a seed, with the sizes of a
   :class:`Preset` (data files in ``verification/``: ``national-2017``, ``anhui-2017``; a
   campaign overrides any size with :func:`load_preset`'s ``overrides``). Villages are
   stratified poor / non-poor, households registered-remaining / exited / non-registered.
2. :func:`county_rates` turns the evaluators' :class:`Verdict` rows into the four rates
   (错退率, 漏评率, 群众认可度, 综合贫困发生率), exact fractions with a 95 % interval.
3. :func:`decide` compares them with the regime's thresholds (cn-2014's
   ``[county_verification]`` and incidence tables) in integers: exit only if all four pass.
"""

from __future__ import annotations

import math
import random
import tomllib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction
from importlib import resources
from statistics import NormalDist
from typing import Any, TypeVar

from fupin.policy.errors import PolicyError
from fupin.policy.regimes import CONFIDENCE_TAGS, Regime, Threshold

#: village strata: 贫困村, 非贫困村
VILLAGE_STRATA = ("poor", "non_poor")
#: household strata: 未脱贫建档立卡户, 已脱贫户, 非建档立卡户
HOUSEHOLD_STRATA = ("registered", "exited", "non_registered")
#: answers to the approval question (认可 / 不认可 / 说不清)
APPROVAL_ANSWERS = ("approve", "disapprove", "unsure")
ALLOCATIONS = ("fixed", "proportional")
_COUNTS = {"poor", "non_poor"}
_VILLAGE_KEYS = {"allocation", "poor", "non_poor", "total", "confidence", "source"}
_RULE_KEYS = {"strata", "count", "share", "all", "cap", "allocation", "village_strata"}
_RULE_KEYS |= {"villages", "confidence", "source"}

#: the four indicators: code, Chinese name, English name (the regime key of the threshold)
INDICATORS: tuple[tuple[str, str, str], ...] = (
    ("incidence", "综合贫困发生率", "comprehensive poverty incidence"),
    ("wrongly_exited_rate", "错退率", "wrongly exited rate"),
    ("omitted_rate", "漏评率", "omitted rate"),
    ("approval_rate", "群众认可度", "public approval"),
)
_NAMES = {code: (zh, en) for code, zh, en in INDICATORS}
#: the two-sided 95 % normal quantile, 1.959963984540054
Z95 = NormalDist().inv_cdf(0.975)
_Row = TypeVar("_Row", "Village", "Household")


# ---------------------------------------------------------------------------------------------
# Presets


@dataclass(frozen=True)
class VillagePlan:
    """How many villages per county: ``fixed`` counts per stratum, or a ``proportional``
    split of ``total`` by how many poor and non-poor villages the county has."""

    allocation: str
    poor: int
    non_poor: int
    total: int
    confidence: str
    source: str


@dataclass(frozen=True)
class HouseholdRule:
    """How many households of ``strata`` to draw in each sampled village the rule applies to.

    Exactly one of ``count`` (a number), ``share`` (a fraction of what the village holds,
    rounded up) and ``take_all``; ``cap`` bounds the result. With several strata, ``count`` is
    split among them in proportion to what the village holds (``proportional``, largest
    remainder) or drawn from each (``fixed``). ``village_strata`` limits the rule to poor or
    non-poor villages, ``villages`` to the first N of those in sample order.
    """

    strata: tuple[str, ...]
    count: int | None
    share: Fraction | None
    take_all: bool
    cap: int | None
    allocation: str
    village_strata: tuple[str, ...]
    villages: int | None
    confidence: str
    source: str


@dataclass(frozen=True)
class Preset:
    """A sampling preset: the village plan and the household rules, with their sources."""

    code: str
    name_zh: str
    name_en: str
    source: str
    villages: VillagePlan
    households: tuple[HouseholdRule, ...]


def list_presets() -> list[str]:
    """Codes of the sampling presets shipped with fupin, sorted."""
    folder = resources.files("fupin.policy").joinpath("verification")
    return sorted(p.name[: -len(".toml")] for p in folder.iterdir() if p.name.endswith(".toml"))


def load_preset(code: str, overrides: Mapping[str, Any] | None = None) -> Preset:
    """The preset ``code``, with a campaign's ``overrides`` laid over its data.

    ``overrides`` has the shape of the TOML file: ``{"villages": {"poor": 10}}`` replaces one
    village count, ``{"households": [...]}`` replaces the household rules. The result is
    validated like the file; PolicyError names what is wrong.
    """
    if code not in list_presets():
        raise PolicyError(f"unknown sampling preset {code!r} (known: {', '.join(list_presets())})")
    folder = resources.files("fupin.policy").joinpath("verification")
    data: dict[str, Any] = tomllib.loads(folder.joinpath(f"{code}.toml").read_text("utf-8"))
    for key, value in (overrides or {}).items():
        if key not in ("villages", "households"):
            raise PolicyError(f"a preset override is villages or households, not {key!r}")
        if key == "villages":
            if not isinstance(value, Mapping):
                raise PolicyError("the villages override must be a table")
            data["villages"] = {**data["villages"], **value}
            if "allocation" not in value and ({"total"} | _COUNTS) & set(value):
                # a total asks for a proportional split, counts per stratum for fixed ones
                fixed = bool(_COUNTS & set(value))
                data["villages"]["allocation"] = "fixed" if fixed else "proportional"
            if "source" not in value:
                data["villages"]["source"] = (
                    f"campaign override; preset: {data['villages']['source']}"
                )
        else:
            if not isinstance(value, list):
                raise PolicyError("the households override must be a list of rules")
            data["households"] = [
                {"source": "campaign override", **rule} if isinstance(rule, Mapping) else rule
                for rule in value
            ]
    try:
        return _preset(data)
    except (KeyError, TypeError, ValueError, ZeroDivisionError) as exc:
        if isinstance(exc, PolicyError):
            raise PolicyError(f"sampling preset {code}: {exc}") from exc
        raise PolicyError(f"sampling preset {code} is invalid: {exc!r}") from exc


def _confidence(item: Mapping[str, Any]) -> str:
    tag = str(item.get("confidence", "U"))
    if tag not in CONFIDENCE_TAGS:
        raise PolicyError(f"confidence must be one of {', '.join(CONFIDENCE_TAGS)}, not {tag!r}")
    return tag


def _size(value: Any, what: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise PolicyError(f"{what} must be a whole number, zero or more: {value!r}")
    return value


def _village_plan(item: Mapping[str, Any]) -> VillagePlan:
    unknown = sorted(set(item) - _VILLAGE_KEYS)
    if unknown:
        raise PolicyError(f"villages has unknown key(s) {', '.join(unknown)}")
    allocation = str(item.get("allocation", "fixed"))
    if allocation not in ALLOCATIONS:
        raise PolicyError(f"villages allocation must be fixed or proportional: {allocation!r}")
    if allocation == "fixed":
        poor = _size(item["poor"], "villages.poor")
        non_poor = _size(item["non_poor"], "villages.non_poor")
        total = poor + non_poor
    else:
        poor = non_poor = 0
        total = _size(item["total"], "villages.total")
    return VillagePlan(
        allocation=allocation,
        poor=poor,
        non_poor=non_poor,
        total=total,
        confidence=_confidence(item),
        source=str(item.get("source", "")),
    )


def _household_rule(item: Mapping[str, Any], index: int) -> HouseholdRule:
    where = f"households[{index}]"
    if not isinstance(item, Mapping):
        raise PolicyError(f"{where} must be a table")
    unknown = sorted(set(item) - _RULE_KEYS)
    if unknown:
        raise PolicyError(f"{where} has unknown key(s) {', '.join(unknown)}")
    strata = tuple(str(s) for s in item["strata"])
    if not strata or len(set(strata)) != len(strata) or set(strata) - set(HOUSEHOLD_STRATA):
        raise PolicyError(f"{where}.strata must be distinct of {', '.join(HOUSEHOLD_STRATA)}")
    village_strata = tuple(str(s) for s in item.get("village_strata", VILLAGE_STRATA))
    if not village_strata or set(village_strata) - set(VILLAGE_STRATA):
        raise PolicyError(f"{where}.village_strata must be of {', '.join(VILLAGE_STRATA)}")
    take_all = item.get("all", False) is True
    count = _size(item["count"], f"{where}.count") if "count" in item else None
    share = Fraction(str(item["share"])) if "share" in item else None
    if share is not None and not 0 <= share <= 1:
        raise PolicyError(f"{where}.share must lie between 0 and 1: {item['share']!r}")
    if (count is not None) + (share is not None) + take_all != 1:
        raise PolicyError(f"{where} needs exactly one of count, share and all")
    allocation = str(item.get("allocation", "proportional" if len(strata) > 1 else "fixed"))
    if allocation not in ALLOCATIONS:
        raise PolicyError(f"{where}.allocation must be fixed or proportional: {allocation!r}")
    return HouseholdRule(
        strata=strata,
        count=count,
        share=share,
        take_all=take_all,
        cap=_size(item["cap"], f"{where}.cap") if "cap" in item else None,
        allocation=allocation,
        village_strata=village_strata,
        villages=_size(item["villages"], f"{where}.villages") if "villages" in item else None,
        confidence=_confidence(item),
        source=str(item.get("source", "")),
    )


def _preset(data: Mapping[str, Any]) -> Preset:
    rules = tuple(_household_rule(item, i) for i, item in enumerate(data["households"]))
    seen = [s for rule in rules for s in rule.strata]
    if len(set(seen)) != len(seen):
        raise PolicyError("a household stratum appears in two household rules")
    return Preset(
        code=str(data["code"]),
        name_zh=str(data["name_zh"]),
        name_en=str(data["name_en"]),
        source=str(data["source"]),
        villages=_village_plan(data["villages"]),
        households=rules,
    )


# ---------------------------------------------------------------------------------------------
# Sampling


@dataclass(frozen=True)
class Village:
    """A village of the county (行政村): its code and whether it is a poor village."""

    code: str
    poor: bool

    @property
    def stratum(self) -> str:
        return "poor" if self.poor else "non_poor"


@dataclass(frozen=True)
class Household:
    """A household of the county: its id, its village and its stratum (HOUSEHOLD_STRATA)."""

    household_id: str
    village_code: str
    stratum: str


@dataclass(frozen=True)
class StratumDraw:
    """What one stratum held, what the preset asked of it and what was drawn.

    ``village_code`` is '' for a village stratum. ``whole`` is True when the stratum was taken
    whole because it held no more than was asked (``short`` when it held fewer).
    """

    level: str  # "village" or "household"
    village_code: str
    stratum: str
    available: int
    asked: int
    drawn: int

    @property
    def whole(self) -> bool:
        return self.drawn == self.available

    @property
    def short(self) -> bool:
        return self.asked > self.available


@dataclass(frozen=True)
class Sample:
    """A drawn sample: the villages and households with their strata, sorted, and the draws."""

    seed: int
    preset: str
    villages: tuple[Village, ...]
    households: tuple[Household, ...]
    draws: tuple[StratumDraw, ...]

    def notes(self) -> list[str]:
        """One line per stratum that held fewer than asked (taken whole)."""
        return [
            f"{d.level} stratum {d.stratum}"
            + (f" of village {d.village_code}" if d.village_code else "")
            + f" holds {d.available}, {d.asked} asked: taken whole"
            for d in self.draws
            if d.short
        ]


def draw_sample(
    villages: Iterable[Village] | Any,
    households: Iterable[Household] | Any,
    *,
    preset: Preset,
    seed: int,
) -> Sample:
    """Draw the county's stratified sample with ``preset``'s sizes, reproducibly from ``seed``.

    ``villages`` are :class:`Village` rows or a pyarrow table with columns ``code`` and
    ``poor``; ``households`` :class:`Household` rows or a table with ``household_id``,
    ``village_code`` and ``stratum``. The input is sorted first, and each stratum draws with
    its own ``random.Random`` seeded by ``"{seed}/{village}/{stratum}"`` (a string seed is
    hashed with SHA-512, the same on every run and platform), so the sample depends on the
    seed and the set of rows only, never on their order, and one stratum's draw does not move
    when another stratum changes. A stratum never gives more than it holds: a smaller one is
    taken whole and reported in :meth:`Sample.notes`. ``random.Random.sample`` has given the
    same draws from the same seed since Python 3.2, but a campaign stores the drawn sample
    itself, not only its seed.

    Households are drawn only in the sampled villages. PolicyError for a duplicate village or
    household, an unknown stratum, or a household of a village not listed.
    """
    if isinstance(seed, bool) or not isinstance(seed, int) or seed < 0:
        raise PolicyError(f"the seed must be a whole number, zero or more: {seed!r}")
    village_rows = _villages(villages)
    household_rows = _households(households, {v.code for v in village_rows})
    draws: list[StratumDraw] = []

    by_stratum = {s: [v for v in village_rows if v.stratum == s] for s in VILLAGE_STRATA}
    plan = preset.villages
    if plan.allocation == "fixed":
        asked = {"poor": plan.poor, "non_poor": plan.non_poor}
    else:
        held = [len(by_stratum[s]) for s in VILLAGE_STRATA]
        asked = dict(zip(VILLAGE_STRATA, _largest_remainder(plan.total, held), strict=True))
    chosen: list[Village] = []
    for stratum in VILLAGE_STRATA:
        candidates = by_stratum[stratum]
        picked = _draw(candidates, asked[stratum], f"{seed}/villages/{stratum}")
        draws.append(
            StratumDraw("village", "", stratum, len(candidates), asked[stratum], len(picked))
        )
        chosen.extend(picked)  # sample order: poor villages first, each in draw order

    in_village: dict[tuple[str, str], list[Household]] = {}
    for row in household_rows:
        in_village.setdefault((row.village_code, row.stratum), []).append(row)
    drawn_households: list[Household] = []
    for rule in preset.households:
        eligible = [v for v in chosen if v.stratum in rule.village_strata]
        if rule.villages is not None:
            eligible = eligible[: rule.villages]
        for village in eligible:
            pools = [in_village.get((village.code, s), []) for s in rule.strata]
            for stratum, pool, wanted in zip(
                rule.strata, pools, _rule_sizes(rule, [len(p) for p in pools]), strict=True
            ):
                taken = _draw(pool, wanted, f"{seed}/{village.code}/{stratum}")
                draws.append(
                    StratumDraw("household", village.code, stratum, len(pool), wanted, len(taken))
                )
                drawn_households.extend(taken)
    return Sample(
        seed=seed,
        preset=preset.code,
        villages=tuple(sorted(chosen, key=lambda v: v.code)),
        households=tuple(
            sorted(drawn_households, key=lambda h: (h.village_code, h.stratum, h.household_id))
        ),
        draws=tuple(draws),
    )


def _draw(pool: Sequence[_Row], wanted: int, key: str) -> list[_Row]:
    if wanted >= len(pool):
        return list(pool)
    return random.Random(key).sample(pool, wanted)


def _rule_sizes(rule: HouseholdRule, held: list[int]) -> list[int]:
    """What the rule asks of each of its strata in one village (before taking whole)."""
    if rule.allocation == "fixed" or len(held) == 1:
        sizes = [_one_size(rule, n) for n in held]
    else:
        sizes = _largest_remainder(_one_size(rule, sum(held)), held)
    return sizes


def _one_size(rule: HouseholdRule, held: int) -> int:
    if rule.take_all:
        size = held
    elif rule.share is not None:
        size = math.ceil(rule.share * held)
    else:
        size = rule.count or 0
    return size if rule.cap is None else min(size, rule.cap)


def _largest_remainder(total: int, held: Sequence[int]) -> list[int]:
    """``total`` split in proportion to ``held`` (Hamilton's method; ties to the first).

    When ``total`` is no more than what all parts hold, no part gets more than it holds; when
    it is more, every part's share is at least what it holds (the draw then takes it whole
    and reports it short)."""
    whole = sum(held)
    if whole == 0:
        return [0 for _ in held]
    quotas = [Fraction(total * n, whole) for n in held]
    sizes = [math.floor(q) for q in quotas]
    order = sorted(range(len(held)), key=lambda i: (-(quotas[i] - sizes[i]), i))
    for i in order[: total - sum(sizes)]:
        sizes[i] += 1
    return sizes


def _rows(data: Any, columns: tuple[str, ...], what: str) -> list[dict[str, Any]] | None:
    """The rows of a pyarrow table as dicts; None when ``data`` is not a table."""
    if not (hasattr(data, "to_pylist") and hasattr(data, "column_names")):
        return None
    missing = [c for c in columns if c not in data.column_names]
    if missing:
        raise PolicyError(f"the {what} table lacks column(s) {', '.join(missing)}")
    rows: list[dict[str, Any]] = data.select(list(columns)).to_pylist()
    return rows


def _villages(data: Any) -> list[Village]:
    rows = _rows(data, ("code", "poor"), "villages")
    items = list(data) if rows is None else [Village(r["code"], r["poor"]) for r in rows]
    for i, village in enumerate(items):
        if not isinstance(village, Village):
            raise PolicyError(f"villages: row {i + 1} is not a Village: {village!r}")
        if not isinstance(village.code, str) or not village.code:
            raise PolicyError(f"villages: row {i + 1}: code must be a non-empty text")
        if not isinstance(village.poor, bool):
            raise PolicyError(f"villages: row {i + 1} ({village.code}): poor must be true or false")
    result = sorted(items, key=lambda v: v.code)
    for i, village in enumerate(result):
        if i and result[i - 1].code == village.code:
            raise PolicyError(f"villages: village {village.code} is listed twice")
    return result


def _households(data: Any, codes: set[str]) -> list[Household]:
    rows = _rows(data, ("household_id", "village_code", "stratum"), "households")
    if rows is None:
        items = list(data)
    else:
        items = [Household(r["household_id"], r["village_code"], r["stratum"]) for r in rows]
    for i, row in enumerate(items):
        if not isinstance(row, Household):
            raise PolicyError(f"households: row {i + 1} is not a Household: {row!r}")
        for name in ("household_id", "village_code", "stratum"):
            if not isinstance(getattr(row, name), str) or not getattr(row, name):
                raise PolicyError(f"households: row {i + 1}: {name} must be a non-empty text")
    result = sorted(items, key=lambda h: h.household_id)
    for i, row in enumerate(result):
        if i and result[i - 1].household_id == row.household_id:
            raise PolicyError(f"households: household {row.household_id} is listed twice")
        if row.stratum not in HOUSEHOLD_STRATA:
            raise PolicyError(
                f"households: household {row.household_id} has stratum {row.stratum!r}, "
                f"not one of {', '.join(HOUSEHOLD_STRATA)}"
            )
        if row.village_code not in codes:
            raise PolicyError(
                f"households: household {row.household_id} is in village {row.village_code}, "
                "which is not among the county's villages"
            )
    return result


# ---------------------------------------------------------------------------------------------
# Rates


@dataclass(frozen=True)
class Interval:
    """A 95 % confidence interval, bounds as floats in [0, 1]."""

    low: float
    high: float
    method: str


@dataclass(frozen=True)
class Rate:
    """One indicator's estimate: the exact point estimate and its 95 % interval.

    ``numerator`` and ``denominator`` are the counts it was computed from (people, or
    households for approval); for incidence they are those of the exact fraction ``value``.
    """

    code: str
    name_zh: str
    name_en: str
    numerator: int
    denominator: int
    value: Fraction | None
    interval: Interval | None


def wilson_interval(count: int, total: int, z: float = Z95) -> Interval:
    """The Wilson score interval for ``count`` successes in ``total`` trials.

    Chosen over the Wald interval (p ± z·√(p(1−p)/n)) because the rates judged here sit near
    0 (错退率, 漏评率 around 2 %) or near 1 (认可度 around 90 %), where Wald collapses to a
    zero-width interval at 0 errors and leaves [0, 1]; Wilson stays inside [0, 1], is not
    degenerate at 0 or n, and has close to nominal coverage for the sample sizes of a county
    (Brown, Cai & DasGupta 2001, "Interval Estimation for a Binomial Proportion"). It treats
    the sample as simple random: the clustering by village is ignored, so the true interval
    is wider.
    """
    if total <= 0 or not 0 <= count <= total:
        raise PolicyError(f"a rate needs 0 ≤ count ≤ total and total > 0: {count}/{total}")
    p = count / total
    z2 = z * z
    centre = (p + z2 / (2 * total)) / (1 + z2 / total)
    half = z / (1 + z2 / total) * math.sqrt(p * (1 - p) / total + z2 / (4 * total * total))
    low = 0.0 if count == 0 else max(0.0, centre - half)
    high = 1.0 if count == total else min(1.0, centre + half)
    return Interval(low=low, high=high, method="wilson")


@dataclass(frozen=True)
class Verdict:
    """An evaluator's verdict on one sampled household.

    ``members`` is the household's size (the rates 错退率 and 漏评率 count people).
    ``wrongly_exited`` matters for an exited household (income not stably above the line, or
    两不愁三保障 not met), ``omitted`` for a non-registered one (meets the standard, not
    registered). ``approval`` is ``approve`` (认可), ``disapprove`` (不认可), ``unsure``
    (说不清) or None when the question was not answered.
    """

    household_id: str
    stratum: str
    members: int
    wrongly_exited: bool = False
    omitted: bool = False
    approval: str | None = None


@dataclass(frozen=True)
class CountyFigures:
    """The county's registry figures (people) that the incidence needs."""

    county_code: str
    rural_population: int
    remaining_registered: int  # 未脱贫建档立卡人口
    exited: int  # 已脱贫人口
    non_registered: int  # 非建档立卡农村人口


@dataclass(frozen=True)
class CountyRates:
    """The four rates of a county, in the order of INDICATORS."""

    county_code: str
    incidence: Rate
    wrongly_exited_rate: Rate
    omitted_rate: Rate
    approval_rate: Rate

    def by_code(self, code: str) -> Rate:
        rate: Rate = getattr(self, code)
        return rate


def _rate(code: str, count: int, total: int) -> Rate:
    zh, en = _NAMES[code]
    if total == 0:
        return Rate(code, zh, en, count, total, None, None)
    return Rate(code, zh, en, count, total, Fraction(count, total), wilson_interval(count, total))


def wrongly_exited_rate(verdicts: Iterable[Verdict]) -> Rate:
    """错退率 = wrongly exited people sampled ÷ exited people sampled (DOMAIN.md §3.2)."""
    exited = [v for v in _checked(verdicts) if v.stratum == "exited"]
    wrong = sum(v.members for v in exited if v.wrongly_exited)
    return _rate("wrongly_exited_rate", wrong, sum(v.members for v in exited))


def omitted_rate(verdicts: Iterable[Verdict]) -> Rate:
    """漏评率 = omitted people found ÷ non-registered people sampled.

    DOMAIN.md §3.2 words the denominator "the non-registered rural population of the sampled
    villages"; the two agree when the non-registered households of a sampled village are swept
    whole (排查), and the sample's own denominator is the one an estimate from a sample of them
    needs. The statutory wording is unconfirmed (DOMAIN.md §9, question 5).
    """
    others = [v for v in _checked(verdicts) if v.stratum == "non_registered"]
    omitted = sum(v.members for v in others if v.omitted)
    return _rate("omitted_rate", omitted, sum(v.members for v in others))


def approval_rate(verdicts: Iterable[Verdict]) -> Rate:
    """群众认可度 = approving households ÷ surveyed households (DOMAIN.md §3.2).

    The source divides by the surveyed households, so 说不清 (``unsure``) counts as surveyed
    and not approving, like 不认可; a household that gave no answer (None) was not surveyed and
    counts in neither. This is the strict reading: it never raises approval by dropping the
    unsure answers.
    """
    answers = [v.approval for v in _checked(verdicts) if v.approval is not None]
    return _rate("approval_rate", answers.count("approve"), len(answers))


def incidence(figures: CountyFigures, wrongly_exited: Rate, omitted: Rate) -> Rate:
    """综合贫困发生率 = (remaining registered poor + estimated omitted + estimated wrongly
    exited) ÷ rural population (DOMAIN.md §3.2), people.

    The estimates apply the sample rates to the county's populations: omitted = 漏评率 ×
    non-registered rural population, wrongly exited = 错退率 × exited population. The point
    estimate is exact; the interval puts the two rates' Wilson bounds into the same formula,
    so it covers at least the joint 90 % of both and is conservative, not an exact 95 %.
    A rate with no sample counts as zero (nothing found) in both.
    """
    if figures.rural_population <= 0:
        raise PolicyError(f"county {figures.county_code}: the rural population must be positive")
    parts = (figures.remaining_registered, figures.exited, figures.non_registered)
    if min(parts) < 0:
        raise PolicyError(f"county {figures.county_code}: populations cannot be negative")
    if figures.remaining_registered > figures.rural_population:
        raise PolicyError(
            f"county {figures.county_code}: more remaining registered poor "
            f"({figures.remaining_registered}) than rural population ({figures.rural_population})"
        )
    w = wrongly_exited.value or Fraction(0)
    o = omitted.value or Fraction(0)
    people = figures.rural_population
    value = (
        figures.remaining_registered + o * figures.non_registered + w * figures.exited
    ) / people
    value = Fraction(value)
    zh, en = _NAMES["incidence"]
    w_int = wrongly_exited.interval or Interval(0.0, 0.0, "wilson")
    o_int = omitted.interval or Interval(0.0, 0.0, "wilson")

    def bound(wb: float, ob: float) -> float:
        raw = figures.remaining_registered + ob * figures.non_registered + wb * figures.exited
        return min(1.0, raw / people)

    interval = Interval(
        low=bound(w_int.low, o_int.low), high=bound(w_int.high, o_int.high), method="wilson-sum"
    )
    return Rate("incidence", zh, en, value.numerator, value.denominator, value, interval)


def county_rates(verdicts: Iterable[Verdict], figures: CountyFigures) -> CountyRates:
    """The four rates of a county from its sampled households' verdicts."""
    rows = list(_checked(verdicts))
    wrong, omitted = wrongly_exited_rate(rows), omitted_rate(rows)
    return CountyRates(
        county_code=figures.county_code,
        incidence=incidence(figures, wrong, omitted),
        wrongly_exited_rate=wrong,
        omitted_rate=omitted,
        approval_rate=approval_rate(rows),
    )


def _checked(verdicts: Iterable[Verdict]) -> list[Verdict]:
    rows = list(verdicts)
    seen: set[str] = set()
    for v in rows:
        if v.household_id in seen:
            raise PolicyError(f"verdicts: household {v.household_id} has two verdicts")
        seen.add(v.household_id)
        if v.stratum not in HOUSEHOLD_STRATA:
            raise PolicyError(f"verdicts: household {v.household_id}: stratum {v.stratum!r}")
        if isinstance(v.members, bool) or not isinstance(v.members, int) or v.members < 1:
            raise PolicyError(f"verdicts: household {v.household_id}: members must be ≥ 1")
        if v.approval is not None and v.approval not in APPROVAL_ANSWERS:
            raise PolicyError(
                f"verdicts: household {v.household_id}: approval {v.approval!r} is not one of "
                f"{', '.join(APPROVAL_ANSWERS)}"
            )
        if v.wrongly_exited and v.stratum != "exited":
            raise PolicyError(f"verdicts: household {v.household_id} is not exited")
        if v.omitted and v.stratum != "non_registered":
            raise PolicyError(f"verdicts: household {v.household_id} is registered")
    return rows


# ---------------------------------------------------------------------------------------------
# Decision


@dataclass(frozen=True)
class Indicator:
    """One indicator judged: its rate, the regime's threshold and whether it passed."""

    code: str
    name_zh: str
    name_en: str
    rate: Rate
    threshold: Threshold
    passed: bool


@dataclass(frozen=True)
class Decision:
    """The county's decision: it may exit only if every indicator passed."""

    county_code: str
    regime: str
    indicators: tuple[Indicator, ...]

    @property
    def exit(self) -> bool:
        return all(i.passed for i in self.indicators)

    @property
    def failing(self) -> tuple[Indicator, ...]:
        return tuple(i for i in self.indicators if not i.passed)


def decide(rates: CountyRates, regime: Regime) -> Decision:
    """Judge the four rates against ``regime``: incidence against its incidence threshold for
    the county (western or general), the other three against ``[county_verification]``.

    Compared exactly in integers (:meth:`Threshold.holds` on the exact fraction). PolicyError
    for a monitoring regime (cn-2021 on: nothing exits by incidence), and when a rate has no
    sample (no exited or non-registered people, no approval answers): the
    county cannot be judged on it.
    """
    if regime.monitoring:
        raise PolicyError(
            f"regime {regime.name} is a monitoring regime: counties no longer exit by incidence"
        )
    indicators = []
    for code, _zh, _en in INDICATORS:
        rate = rates.by_code(code)
        if code == "incidence":
            threshold = regime.incidence_threshold(rates.county_code)
        else:
            threshold = regime.verification_threshold(code)
        if rate.value is None:
            raise PolicyError(
                f"county {rates.county_code}: {rate.name_zh} ({rate.name_en}) has no sample "
                "to judge"
            )
        passed = threshold.holds(rate.value.numerator, rate.value.denominator)
        indicators.append(Indicator(code, rate.name_zh, rate.name_en, rate, threshold, passed))
    return Decision(county_code=rates.county_code, regime=regime.name, indicators=tuple(indicators))
