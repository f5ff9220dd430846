"""The rules, written once as SQL, and their compilation with a regime's numbers.

The rule text lives in ``fupin/policy/sql/*.sql``. It is plain DuckDB SQL with named
parameters written ``$name`` (DuckDB's own prepared-statement syntax). ``compile_*`` fills
every parameter with a SQL literal taken from the regime, which gives self-contained text that
can be read, snapshot-tested, run in the DuckDB shell or sent to another SQL engine.

Relations the rules read (the engine provides them as views or registered tables):

- ``facts`` — households × year, see :mod:`fupin.policy.facts`;
- ``household_results`` — the household rule's output (it carries ``village_code``);
- ``household_groups`` — ``household_groups.sql`` over ``household_results``;
- ``region_stats`` — (code, year, rural_population), see :mod:`fupin.policy.facts`.

Parameters (from :func:`rule_parameters`): ``$year``, ``$poverty_line`` (DECIMAL(18,2)),
``$general_numerator``/``$general_denominator`` and ``$western_numerator``/
``$western_denominator`` (the incidence thresholds as exact fractions),
``$western_provinces`` (a parenthesised list of two-digit codes), and ``$lines_cents`` with
``$first_line_year``: every line of the regime in integer cents as a DuckDB list, from its
first year on (NULL for a year without one), which the 错退 test reads at the exit year.
A monitoring regime adds its discovery shares as exact fractions:
``$income_drop_numerator``/``$income_drop_denominator`` and
``$rigid_expense_numerator``/``$rigid_expense_denominator``; a poverty-line regime has none
(its rule does not read them).
"""

from __future__ import annotations

import functools
import re
from decimal import Decimal
from importlib import resources

from fupin.policy.errors import PolicyError
from fupin.policy.regimes import Regime


class Names(tuple[str, ...]):
    """A list of identifiers (status names) as a rule parameter: rendered ('a', 'b')."""


SqlValue = int | Decimal | str | tuple[str, ...] | list[int | None] | Names

#: Output columns of the household rule, in order (``village_code`` is internal).
HOUSEHOLD_COLUMNS = (
    "household_id",
    "year",
    "members",
    "per_capita_income",
    "poverty_line",
    "below_line",
    "guarantees_met",
    "status",
    "reasons",
)
#: Output columns of the region rule, in order.
REGION_COLUMNS = (
    "code",
    "level",
    "households",
    "members",
    "poor_members",
    "rural_population",
    "incidence",
    "exit_eligible",
)
#: Household statuses of a poverty-line regime, in the order reports list them.
STATUSES = (
    "poor",
    "exit_eligible",
    "exited",
    "wrongly_exited",
    "returned_to_poverty",
    "omitted",
    "not_poor",
)
#: Household statuses of a monitoring regime: 脱贫不稳定, 边缘易致贫 and 突发严重困难 are at
#: risk (the three types of 监测对象).
MONITORING_STATUSES = ("unstable_exited", "exited", "marginal", "sudden_hardship", "not_poor")
#: Per kind of regime: the household rule's file and the statuses whose members the region
#: rule counts (poor members under a line, members at risk under monitoring).
KIND_RULES = {
    "poverty_line": ("household", ("poor", "exit_eligible")),
    "monitoring": ("household_monitoring", ("unstable_exited", "marginal", "sudden_hardship")),
}
#: The statuses a monitoring scan lists as flagged (预警): those the region rule counts.
FLAGGED_STATUSES = KIND_RULES["monitoring"][1]
#: Reasons, in the order they are joined with ';' (below_range and the last four under
#: monitoring).
REASONS = (
    "below_line",
    "below_range",
    "food_clothing",
    "education",
    "medical",
    "housing",
    "water",
    "income_drop",
    "rigid_expense",
    "disaster",
    "accident",
)
#: Levels of the division tree, top first.
LEVELS = ("province", "prefecture", "county", "township", "village")

_PARAMETER = re.compile(r"\$([a-z_]+)\b")
_NAME = re.compile(r"[a-z_]{1,40}")
_CODE = re.compile(r"[0-9]{1,12}")


@functools.cache
def rule_text(name: str) -> str:
    """The raw text of ``sql/<name>.sql``, with its ``$parameters`` unfilled."""
    return resources.files("fupin.policy").joinpath("sql", f"{name}.sql").read_text("utf-8")


def rule_parameters(regime: Regime, year: int) -> dict[str, SqlValue]:
    """The values of the rules' parameters for ``year``; PolicyError if the year has no line."""
    line = regime.poverty_line(year)
    general, western = regime.incidence_general, regime.incidence_western
    if general.comparison != "<" or western.comparison != "<":
        raise PolicyError(f"regime {regime.name}: incidence thresholds must be strict '<'")
    counted = KIND_RULES[regime.kind][1]
    first = min(item.year for item in regime.lines)
    last = max(item.year for item in regime.lines)
    cents = {item.year: int(item.amount * 100) for item in regime.lines}
    parameters: dict[str, SqlValue] = {
        "year": year,
        "poverty_line": line.amount,
        "first_line_year": first,
        "lines_cents": [cents.get(y) for y in range(first, last + 1)],
        "general_numerator": general.numerator,
        "general_denominator": general.denominator,
        "western_numerator": western.numerator,
        "western_denominator": western.denominator,
        "western_provinces": regime.western_provinces,
        "counted_statuses": Names(counted),
        "exit_by_incidence": 0 if regime.monitoring else 1,
    }
    if regime.monitoring:
        parameters.update(_discovery_parameters(regime))
    return parameters


def _discovery_parameters(regime: Regime) -> dict[str, SqlValue]:
    """The income-drop and rigid-expenditure shares of a monitoring regime; both must be
    strict '>' (the rule fires above the share, not at it)."""
    parameters: dict[str, SqlValue] = {}
    for name in ("income_drop", "rigid_expense"):
        share = getattr(regime, name)
        if share is None:
            raise PolicyError(f"regime {regime.name}: a monitoring regime needs its {name} share")
        if share.comparison != ">":
            raise PolicyError(f"regime {regime.name}: the {name} share must be strict '>'")
        parameters[f"{name}_numerator"] = share.numerator
        parameters[f"{name}_denominator"] = share.denominator
    return parameters


def sql_literal(value: SqlValue) -> str:
    """Render one parameter as a SQL literal; only integers, decimals and codes are allowed."""
    if isinstance(value, bool):
        raise PolicyError("a rule parameter cannot be a boolean")
    if isinstance(value, int):
        return str(value)
    if isinstance(value, Decimal):
        return f"CAST('{value:.2f}' AS DECIMAL(18, 2))"
    if isinstance(value, str):
        return f"'{_checked_code(value)}'"
    if isinstance(value, Names):
        return "(" + ", ".join(f"'{_checked_name(name)}'" for name in value) + ")"
    if isinstance(value, list):
        return "[" + ", ".join("NULL" if v is None else str(int(v)) for v in value) + "]"
    return "(" + ", ".join(f"'{_checked_code(code)}'" for code in value) + ")"


def fill(text: str, parameters: dict[str, SqlValue]) -> str:
    """Replace every ``$name`` in ``text`` by its literal; every name must have a value."""
    missing = sorted({m for m in _PARAMETER.findall(text) if m not in parameters})
    if missing:
        raise PolicyError(f"rule parameters without a value: {', '.join(missing)}")
    return _PARAMETER.sub(lambda m: sql_literal(parameters[m.group(1)]), text)


def compile_household_sql(regime: Regime, year: int) -> str:
    """The household rule for ``year`` as self-contained SQL over ``facts``."""
    return fill(rule_text(KIND_RULES[regime.kind][0]), rule_parameters(regime, year))


def compile_groups_sql() -> str:
    """The grouping of ``household_results`` by village and status (no parameters)."""
    return rule_text("household_groups")


def compile_region_sql(regime: Regime, year: int) -> str:
    """The region rule for ``year`` as SQL over ``household_groups`` and ``region_stats``."""
    return fill(rule_text("region"), rule_parameters(regime, year))


def compile_facts_sql() -> str:
    """Facts from a registry snapshot (``registry_households`` + ``registry_members``)."""
    return rule_text("facts_from_registry")


def _checked_name(name: str) -> str:
    if not _NAME.fullmatch(name):
        raise PolicyError(f"not a status name: {name!r}")
    return name


def _checked_code(code: str) -> str:
    if not _CODE.fullmatch(code):
        raise PolicyError(f"not a region code: {code!r}")
    return code
