"""Policy regimes as data: one TOML file per regime in this folder.

A regime holds every number the rules need (poverty line per year, incidence thresholds,
western provinces, the guarantees, county verification thresholds), each with its source and a
confidence tag (C confirmed, W weak, U unconfirmed; see DOMAIN.md). Nothing here is a constant
in code: `load_regime("cn-2014")` reads `cn-2014.toml`.

Two kinds of regime exist. ``poverty_line`` (cn-2014): households below the year's line are
poor, villages and counties exit by incidence. ``monitoring`` (cn-2021, cn-2026): the yearly
income threshold is the monitoring range (监测范围) instead of a line, households at risk are
flagged for monitoring, and nothing exits by incidence. A regime may ``extends`` another: it
takes the other's tables, each one level deep: a key it writes replaces the other's.

A monitoring regime also has a ``discovery`` table (the shares at which a sharp income drop
or a large rigid expenditure flags a household) and a ``scheme`` (:class:`Scheme`): its object
types, risk types, measure categories, the steps of identification and of risk elimination,
and the elimination conditions. These are data so that a new category is a line in a file.
"""

from __future__ import annotations

import functools
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from fractions import Fraction
from importlib import resources
from typing import Any

from fupin.policy.errors import PolicyError

CONFIDENCE_TAGS = ("C", "W", "U")
KINDS = ("poverty_line", "monitoring")
COMPARISONS = ("<", "<=", ">", ">=")
#: The guarantees the rules know; each is the facts column ``<code>_ok``, tested in this order.
GUARANTEE_CODES = ("food_clothing", "education", "medical", "housing", "water")
_CENT = Decimal("0.01")


@dataclass(frozen=True)
class PovertyLine:
    """The line of one year: yuan per person per year at current prices."""

    year: int
    amount: Decimal
    confidence: str
    source: str


@dataclass(frozen=True)
class Threshold:
    """An exact rate threshold: ``rate <comparison> numerator / denominator``."""

    numerator: int
    denominator: int
    comparison: str
    confidence: str
    source: str
    name_zh: str = ""

    @property
    def fraction(self) -> Fraction:
        """The threshold as an exact fraction (2/100 for 2 %)."""
        return Fraction(self.numerator, self.denominator)

    def holds(self, count: int, total: int) -> bool:
        """Whether ``count / total`` satisfies the threshold, compared in integers."""
        if total <= 0:
            raise PolicyError("a rate needs a positive denominator")
        left, right = count * self.denominator, self.numerator * total
        return {
            "<": left < right,
            "<=": left <= right,
            ">": left > right,
            ">=": left >= right,
        }[self.comparison]


@dataclass(frozen=True)
class Guarantee:
    """One of the household guarantees (两不愁三保障 and safe water)."""

    code: str
    name_zh: str
    name_en: str
    confidence: str
    source: str

    @property
    def column(self) -> str:
        """The facts column that holds this guarantee's flag."""
        return f"{self.code}_ok"


@dataclass(frozen=True)
class Category:
    """One entry of a scheme's code table (an object type, a risk type, a measure category)."""

    code: str
    name_zh: str
    name_en: str
    #: object types: True only for registered (建档立卡) households, False only for others,
    #: None for any household
    registered: bool | None = None
    subtypes: tuple[Category, ...] = ()

    def label(self, language: str) -> str:
        """The name in ``language`` (``zh…`` Chinese, anything else English)."""
        return self.name_zh if language.startswith("zh") else self.name_en


@dataclass(frozen=True)
class Step:
    """One step of a procedure (identification or risk elimination)."""

    code: str
    name_zh: str
    name_en: str
    #: the roles that may record it (fupin.accounts.enums.Role values)
    roles: tuple[str, ...]
    #: the document the step must carry (承诺授权书), '' for none
    attachment: str = ""
    attachment_en: str = ""
    #: '' or the public notice the step opens: ``publicity`` (公示) or ``announcement`` (公告)
    notice: str = ""
    #: the notice's minimum length in days; the next step waits until it has run
    min_days: int = 0

    def label(self, language: str) -> str:
        return self.name_zh if language.startswith("zh") else self.name_en


@dataclass(frozen=True)
class EliminationConditions:
    """What must hold before a household's risk is marked eliminated (风险消除)."""

    min_months: int
    min_measures: int
    income_above_range: bool
    rigid_expense_resolved: bool
    guarantees_held: bool
    never_without_labour: bool
    confidence: str
    source: str


@dataclass(frozen=True)
class Scheme:
    """A monitoring scheme (防返贫监测, 常态化帮扶): its code tables, procedures and conditions."""

    code: str
    name_zh: str
    name_en: str
    max_risks: int
    working_days: int
    working_days_source: str
    source: str
    object_types: tuple[Category, ...]
    risk_types: tuple[Category, ...]
    measure_categories: tuple[Category, ...]
    identification: tuple[Step, ...]
    elimination: tuple[Step, ...]
    conditions: EliminationConditions

    def object_type(self, code: str) -> Category:
        return _find(self.object_types, code, "object type")

    def measure_category(self, code: str) -> Category:
        return _find(self.measure_categories, code, "measure category")

    def risk_type(self, code: str) -> Category:
        """A risk type by code; ``disaster:flood`` names a sub-type (returned as such)."""
        main, _, sub = code.partition(":")
        risk = _find(self.risk_types, main, "risk type")
        return _find(risk.subtypes, sub, f"sub-type of {main}") if sub else risk

    def risk_codes(self) -> list[str]:
        """Every risk code a household may carry, sub-types as ``code:sub``."""
        return [
            code
            for risk in self.risk_types
            for code in (risk.code, *(f"{risk.code}:{s.code}" for s in risk.subtypes))
        ]

    def steps(self, procedure: str) -> tuple[Step, ...]:
        """The steps of ``identification`` or ``elimination``, in order."""
        if procedure not in ("identification", "elimination"):
            raise PolicyError(f"no procedure {procedure!r}")
        return self.identification if procedure == "identification" else self.elimination


@dataclass(frozen=True)
class Regime:
    """A versioned policy regime, loaded from its TOML file."""

    name: str
    title: str
    first_year: int
    last_year: int
    source: str
    lines: tuple[PovertyLine, ...]
    incidence_general: Threshold
    incidence_western: Threshold
    western_provinces: tuple[str, ...]
    western_source: str
    guarantees: tuple[Guarantee, ...]
    county_verification: tuple[tuple[str, Threshold], ...]
    #: ``poverty_line`` or ``monitoring`` (see the module docstring)
    kind: str = "poverty_line"
    #: monitoring regimes: the income-drop and rigid-expenditure shares (风险预警)
    income_drop: Threshold | None = None
    rigid_expense: Threshold | None = None
    scheme: Scheme | None = None

    @property
    def monitoring(self) -> bool:
        """Whether the yearly threshold is a monitoring range rather than a poverty line."""
        return self.kind == "monitoring"

    def monitoring_scheme(self) -> Scheme:
        """The scheme of a monitoring regime; PolicyError for a poverty-line regime."""
        if self.scheme is None:
            raise PolicyError(f"regime {self.name} has no monitoring scheme")
        return self.scheme

    def poverty_line(self, year: int) -> PovertyLine:
        """The line of ``year`` (the monitoring range under a monitoring regime); PolicyError
        when the regime has none for that year."""
        for line in self.lines:
            if line.year == year:
                return line
        what = "monitoring range" if self.monitoring else "poverty line"
        raise PolicyError(f"regime {self.name} has no {what} for {year}")

    def years(self) -> set[int]:
        """The years the regime has a poverty line for."""
        return {line.year for line in self.lines}

    def is_western(self, code: str) -> bool:
        """Whether a region code (any length, province first) lies in a western province."""
        return code[:2] in self.western_provinces

    def incidence_threshold(self, code: str) -> Threshold:
        """The exit threshold for the region ``code``: western or general."""
        return self.incidence_western if self.is_western(code) else self.incidence_general

    def verification_threshold(self, key: str) -> Threshold:
        """A county verification threshold by key (wrongly_exited_rate, omitted_rate, …)."""
        for name, threshold in self.county_verification:
            if name == key:
                return threshold
        raise PolicyError(f"regime {self.name} has no county verification threshold {key!r}")


def list_regimes() -> list[str]:
    """Names of the regimes shipped with fupin, sorted."""
    folder = resources.files(__name__)
    return sorted(p.name[: -len(".toml")] for p in folder.iterdir() if p.name.endswith(".toml"))


def regime_for_year(year: int) -> str:
    """The name of the regime in force in ``year`` (the latest one whose years cover it);
    PolicyError when none does."""
    for name in reversed(list_regimes()):
        regime = load_regime(name)
        if regime.first_year <= year <= regime.last_year:
            return name
    raise PolicyError(f"no regime covers {year}")


def regime_years() -> list[int]:
    """Every year some regime is in force and has its line (or range) for, in order: what
    can be evaluated. cn-2014's lines of 2010–2013 are data, but it is in force from 2014."""
    years = set()
    for name in list_regimes():
        regime = load_regime(name)
        years |= {y for y in regime.years() if regime.first_year <= y <= regime.last_year}
    return sorted(years)


@functools.cache
def load_regime(name: str) -> Regime:
    """Read and validate the regime ``name``; PolicyError for an unknown or invalid regime."""
    try:
        return _regime_from_data(_regime_data(name))
    except (KeyError, TypeError, ValueError, InvalidOperation) as exc:
        if isinstance(exc, PolicyError):
            raise PolicyError(f"regime {name}: {exc}") from exc
        raise PolicyError(f"regime {name} is invalid: {exc!r}") from exc


def _regime_data(name: str, seen: tuple[str, ...] = ()) -> dict[str, Any]:
    """The parsed TOML of ``name``, with the tables of the regime it extends beneath it."""
    if name not in list_regimes():
        known = ", ".join(list_regimes())
        raise PolicyError(f"unknown regime {name!r} (known: {known})")
    if name in seen:
        raise PolicyError(f"regime {name} extends itself")
    text = resources.files(__name__).joinpath(f"{name}.toml").read_text(encoding="utf-8")
    data = tomllib.loads(text, parse_float=Decimal)
    parent = data.pop("extends", None)
    if parent is None:
        return data
    merged = _regime_data(str(parent), (*seen, name))
    for key, value in data.items():  # tables merge one level deep: a key written replaces
        below = merged.get(key)
        if isinstance(value, dict) and isinstance(below, dict):
            merged[key] = {**below, **value}
        else:
            merged[key] = value
    return merged


def _regime_from_data(data: Mapping[str, Any]) -> Regime:
    """Build a Regime from parsed TOML, checking every value."""
    guarantees = tuple(_guarantee(g) for g in data["guarantees"])
    codes = tuple(g.code for g in guarantees)
    if codes != GUARANTEE_CODES:
        raise PolicyError(f"guarantees must be {', '.join(GUARANTEE_CODES)} in that order")
    western = data["western_provinces"]
    provinces = tuple(str(code) for code in western["codes"])
    if any(len(code) != 2 or not code.isdigit() for code in provinces):
        raise PolicyError("western province codes must be two digits")
    kind = str(data.get("kind", "poverty_line"))
    if kind not in KINDS:
        raise PolicyError(f"kind must be one of {', '.join(KINDS)}, not {kind!r}")
    table = data["monitoring_range" if kind == "monitoring" else "poverty_line"]
    lines = tuple(sorted((_line(item) for item in table["years"]), key=_year))
    if len({line.year for line in lines}) != len(lines):
        raise PolicyError("a year has two poverty lines")
    discovery = data.get("discovery") if kind == "monitoring" else None
    return Regime(
        income_drop=_threshold(discovery["income_drop"]) if discovery else None,
        rigid_expense=_threshold(discovery["rigid_expense"]) if discovery else None,
        scheme=_scheme(data["scheme"]) if kind == "monitoring" else None,
        kind=kind,
        name=str(data["name"]),
        title=str(data["title"]),
        first_year=int(data["first_year"]),
        last_year=int(data["last_year"]),
        source=str(data["source"]),
        lines=lines,
        incidence_general=_threshold(data["incidence"]["general"]),
        incidence_western=_threshold(data["incidence"]["western"]),
        western_provinces=provinces,
        western_source=str(western["source"]),
        guarantees=guarantees,
        county_verification=tuple(
            (key, _threshold(value)) for key, value in data["county_verification"].items()
        ),
    )


def _year(line: PovertyLine) -> int:
    return line.year


def _confidence(item: Mapping[str, Any]) -> str:
    tag = str(item["confidence"])
    if tag not in CONFIDENCE_TAGS:
        raise PolicyError(f"confidence must be one of {', '.join(CONFIDENCE_TAGS)}, not {tag!r}")
    return tag


def _line(item: Mapping[str, Any]) -> PovertyLine:
    raw = item["amount"]
    if isinstance(raw, bool) or not isinstance(raw, int | str | Decimal):
        raise PolicyError(f"poverty line amount must be an integer or a quoted decimal: {raw!r}")
    amount = Decimal(raw)
    if amount <= 0 or amount != amount.quantize(_CENT):
        raise PolicyError(f"poverty line amount must be positive yuan with cents: {raw!r}")
    return PovertyLine(
        year=int(item["year"]),
        amount=amount.quantize(_CENT),
        confidence=_confidence(item),
        source=str(item["source"]),
    )


def _threshold(item: Mapping[str, Any]) -> Threshold:
    numerator, denominator = item["numerator"], item["denominator"]
    if not (isinstance(numerator, int) and isinstance(denominator, int)) or denominator <= 0:
        raise PolicyError("a threshold needs integer numerator and positive denominator")
    comparison = str(item["comparison"])
    if comparison not in COMPARISONS:
        raise PolicyError(f"comparison must be one of {', '.join(COMPARISONS)}")
    return Threshold(
        numerator=numerator,
        denominator=denominator,
        comparison=comparison,
        confidence=_confidence(item),
        source=str(item["source"]),
        name_zh=str(item.get("name_zh", "")),
    )


def _guarantee(item: Mapping[str, Any]) -> Guarantee:
    return Guarantee(
        code=str(item["code"]),
        name_zh=str(item["name_zh"]),
        name_en=str(item["name_en"]),
        confidence=_confidence(item),
        source=str(item["source"]),
    )


def _find(items: tuple[Category, ...], code: str, what: str) -> Category:
    for item in items:
        if item.code == code:
            return item
    raise PolicyError(f"unknown {what} {code!r}")


def _category(item: Mapping[str, Any]) -> Category:
    registered = item.get("registered")
    return Category(
        code=_checked_code(str(item["code"])),
        name_zh=str(item["name_zh"]),
        name_en=str(item["name_en"]),
        registered=None if registered is None else bool(registered),
        subtypes=tuple(_category(sub) for sub in item.get("subtypes", ())),
    )


def _checked_code(code: str) -> str:
    if not code.replace("_", "").isalnum() or not code.isascii() or len(code) > 40:
        raise PolicyError(f"a category code is lower-case ascii with underscores: {code!r}")
    return code


def _categories(items: Any, what: str) -> tuple[Category, ...]:
    result = tuple(_category(item) for item in items)
    codes = [c.code for c in result]
    if not result or len(set(codes)) != len(codes):
        raise PolicyError(f"{what} must be a non-empty list of distinct codes")
    return result


def _step(item: Mapping[str, Any]) -> Step:
    notice = str(item.get("notice", ""))
    if notice not in ("", "publicity", "announcement"):
        raise PolicyError(f"a step's notice is publicity or announcement, not {notice!r}")
    min_days = int(item.get("min_days", 0))
    if min_days < 0 or (min_days and not notice):
        raise PolicyError(f"step {item['code']}: min_days needs a notice and is never negative")
    return Step(
        code=_checked_code(str(item["code"])),
        name_zh=str(item["name_zh"]),
        name_en=str(item["name_en"]),
        roles=tuple(str(role) for role in item["roles"]),
        attachment=str(item.get("attachment", "")),
        attachment_en=str(item.get("attachment_en", "")),
        notice=notice,
        min_days=min_days,
    )


def _steps(items: Any, what: str) -> tuple[Step, ...]:
    steps = tuple(_step(item) for item in items)
    codes = [s.code for s in steps]
    if not steps or len(set(codes)) != len(codes) or not all(s.roles for s in steps):
        raise PolicyError(f"{what} must be distinct steps, each with the roles that record it")
    return steps


def _scheme(data: Mapping[str, Any]) -> Scheme:
    conditions = data["elimination_conditions"]
    months, measures = int(conditions["min_months"]), int(conditions["min_measures"])
    if months < 0 or measures < 0:
        raise PolicyError("elimination conditions cannot be negative")
    max_risks = int(data["max_risks"])
    if max_risks < 1:
        raise PolicyError("max_risks must be at least 1")
    return Scheme(
        code=_checked_code(str(data["code"])),
        name_zh=str(data["name_zh"]),
        name_en=str(data["name_en"]),
        max_risks=max_risks,
        working_days=int(data["working_days"]),
        working_days_source=str(data["working_days_source"]),
        source=str(data["source"]),
        object_types=_categories(data["object_types"], "object_types"),
        risk_types=_categories(data["risk_types"], "risk_types"),
        measure_categories=_categories(data["measure_categories"], "measure_categories"),
        identification=_steps(data["identification"], "identification"),
        elimination=_steps(data["elimination"], "elimination"),
        conditions=EliminationConditions(
            min_months=months,
            min_measures=measures,
            income_above_range=bool(conditions["income_above_range"]),
            rigid_expense_resolved=bool(conditions["rigid_expense_resolved"]),
            guarantees_held=bool(conditions["guarantees_held"]),
            never_without_labour=bool(conditions["never_without_labour"]),
            confidence=_confidence(conditions),
            source=str(conditions["source"]),
        ),
    )
