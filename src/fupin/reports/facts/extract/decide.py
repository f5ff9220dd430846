"""What one figure is, in the clause it stands in: its kind (a ledger figure, a pairing, a
count of cadres sent), its indicator, and the unit its clause gives it (the rules are in
the package's docstring)."""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterable
from dataclasses import dataclass

from fupin.reports.facts import lexicon as lx
from fupin.reports.facts.extract.rules import Rules
from fupin.reports.facts.extract.sentences import Span
from fupin.reports.facts.numbers import CENT
from fupin.reports.facts.types import Fact, Quantity

LEDGER_UNITS = frozenset(
    {"yuan", "person", "person_time", "ton", "household", "village", "county", "project", "item"}
)


REGION_UNITS = frozenset({"village", "county"})


@dataclass(frozen=True)
class Clause:
    """A clause and what it goes on from: `head` is the text from the head of the "、" list
    it is in (itself when it is in none) to its end; `whole` the last fact of its sentence
    part before it; `label` the clause before when that ends with a colon."""

    start: int
    text: str
    head: str
    head_start: int
    enumerated: bool  # after "、"
    listed: bool  # after "、" or opening with "and", "和" …
    part_of: bool  # opening with "其中", "including" …
    indicator_before: str | None
    whole: Fact | None
    label: str


def fact_decide(
    rules: Rules,
    lower: str,
    sentence: Span,
    clause: Clause,
    inside: list[tuple[int, int, Quantity]],
    start: int,
    end: int,
    quantity: Quantity,
) -> tuple[str, str | None, Quantity] | None:
    """(kind, indicator, quantity with the unit its clause gives it) of a quantity, or None
    when it is no fact (see the module's docstring)."""
    at, to = start - clause.start, end - clause.start
    before = lower[sentence.start : start]
    quantity = _unit_from_context(rules, lower, clause, end, quantity)
    decided = _decide(rules, clause.text, at, to, quantity, before)
    if decided is None:
        return None
    kind, indicator = decided
    if indicator is None and kind == "ledger" and clause.enumerated:
        # "采购青稞、牦牛肉等特色产品近420吨": the list's head names the indicator
        at_head, to_head = start - clause.head_start, end - clause.head_start
        kind, indicator = _decide(rules, clause.head, at_head, to_head, quantity, before) or (
            kind,
            indicator,
        )
    if indicator is None and kind == "ledger" and clause.label:
        label = clause.label
        indicator = _indicator(rules, label, len(label), len(label), quantity.unit)
    whole = clause.whole
    parted = clause.listed or clause.part_of
    if (
        kind == "ledger"
        and indicator is None
        and quantity.unit == "person"
        and whole is not None
        and whole.kind == "cadres"
        and parted
    ):
        kind = "cadres"  # "6 officials on secondment, including two vice county heads"
    before_indicator = clause.indicator_before
    if (
        kind == "ledger"
        and indicator is None
        and before_indicator
        and quantity.unit in lx.INDICATOR_UNITS[before_indicator]
    ):
        indicator = _trained_by_noun(before_indicator, clause.text)
    if (
        kind == "ledger"
        and indicator is None
        and not _kept(rules, clause.text, quantity, _paid_for(inside, clause.start, start))
        and not (quantity.unit == "" and whole is not None and parted)
    ):
        return None  # (a thing without a unit is kept as a part of a whole kept)
    if indicator is not None and _not_delivered_nearer(
        rules, clause.head, start - clause.head_start, end - clause.head_start
    ):
        return None  # "销售香菇、蜂蜜等产品收入126万元" is an income
    indicator = _registered_poor(rules, lower[clause.head_start : start], indicator)
    return kind, indicator, quantity


def _decide(
    rules: Rules, clause: str, start: int, end: int, quantity: Quantity, before: str = ""
) -> tuple[str, str | None] | None:
    """(kind, indicator) of a quantity in its clause, or None when it is no fact; `before` is
    its sentence part up to it, where the verb of sending cadres may stand."""
    unit = quantity.unit
    if unit not in LEDGER_UNITS and unit != "":
        return None
    if unit in REGION_UNITS:
        pairing = _distance(rules.pairing, clause, start, end)
        result = _distance(rules.results, clause, start, end)
        if pairing is not None and (result is None or pairing < result):
            return "pairing", None
        return "ledger", None
    indicator = _indicator(rules, clause, start, end, unit)
    if (
        unit == "person"
        and (rules.cadre_verbs.search(clause) or rules.cadre_verbs.search(before))
        and rules.cadre_nouns.search(clause)
        and indicator not in ("cadres_trained", "technicians_trained")
    ):
        return "cadres", None
    return "ledger", indicator


_MULTIPLIED = re.compile(r"[万亿]|million|billion", re.IGNORECASE)


_BARE = re.compile(r"[\d,.]+")


_STOP_AFTER = re.compile(r"\s+(?:from|of|are|were|is|was|came|come|have|had)\b", re.IGNORECASE)


def _unit_from_context(
    rules: Rules, lower: str, clause: Clause, end: int, quantity: Quantity
) -> Quantity:
    """A figure written without a unit whose clause gives it one: a sum with 万/亿 or
    million/billion in a clause about money (a money word, or the trigger of an indicator
    counted in yuan) is in yuan ("交易额超过1.2亿", "帮助销售1.6亿"); a bare count in a
    clause stating a part of a count of people counts people ("including 870 from poor
    households"). `end` is its end in the text."""
    if quantity.unit != "":
        return quantity
    whole = clause.whole
    if _MULTIPLIED.search(quantity.text) and (
        rules.money.search(clause.text) or _indicator(rules, clause.text, 0, 0, "yuan")
    ):
        return dataclasses.replace(
            quantity,
            unit="yuan",
            value=quantity.value.quantize(CENT),
            high=None if quantity.high is None else quantity.high.quantize(CENT),
        )
    if (
        clause.part_of
        and whole is not None
        and whole.quantity.unit == "person"
        and _BARE.fullmatch(quantity.text)
        and _STOP_AFTER.match(lower, end)
    ):
        return dataclasses.replace(quantity, unit="person")
    return quantity


def _trained_by_noun(indicator: str, clause: str) -> str:
    """Of the two trainings, the one whose noun the clause counts: "… 4,300 officials and
    2,900 technicians" gives the second its own."""
    if indicator not in ("cadres_trained", "technicians_trained"):
        return indicator
    return next(
        (code for pattern, code in lx.TRAINED_NOUNS if re.search(pattern, clause, re.IGNORECASE)),
        indicator,
    )


def _not_delivered_nearer(rules: Rules, clause: str, start: int, end: int) -> bool:
    """Whether a word of no delivery ("收入", "per household") is nearer the figure than the
    trigger of its indicator (or the only word at all)."""
    word = _distance([rules.not_delivered], clause, start, end)
    if word is None:
        return False
    trigger = _trigger_gap(rules, clause, start, end)
    return trigger is None or word < trigger


def _registered_poor(rules: Rules, before: str, indicator: str | None) -> str | None:
    """Jobs of people named as registered poor before the figure ("建档立卡贫困劳动力到苏州
    就业4,815人") are jobs of the registered poor, not just jobs."""
    if indicator != "jobs_direct":
        return indicator
    for pattern, code in rules.triggers:
        if code == "jobs_registered_poor" and pattern.search(before):
            return code
    return indicator


def region_words(rules: Rules, clause: str) -> bool:
    return any(p.search(clause) for p in (*rules.pairing, *rules.results))


def _indicator(rules: Rules, clause: str, start: int, end: int, unit: str) -> str | None:
    """The indicator whose trigger is nearest the quantity and fits its unit; a trigger
    inside a longer one ("就业" in "间接带动就业") does not count."""
    found = _nearest_trigger(rules, clause, start, end, unit)
    return found[1] if found else None


def _trigger_gap(rules: Rules, clause: str, start: int, end: int) -> int | None:
    """How far the nearest trigger of any indicator is from the quantity."""
    gaps = [
        _gap(m.start(), m.end(), start, end) for p, _ in rules.triggers for m in p.finditer(clause)
    ]
    return min(gaps) if gaps else None


def _nearest_trigger(
    rules: Rules, clause: str, start: int, end: int, unit: str
) -> tuple[int, str] | None:
    """(gap, indicator) of the nearest trigger that fits the unit (see _indicator)."""
    if not unit:
        return None
    matches = []
    for pattern, code in rules.triggers:
        for match in pattern.finditer(clause):
            matches.append((match.start(), match.end(), code))
    longest = [
        m
        for m in matches
        if not any(o[0] <= m[0] and m[1] <= o[1] and (o[1] - o[0]) > (m[1] - m[0]) for o in matches)
    ]
    fitting = [m for m in longest if unit in lx.INDICATOR_UNITS[m[2]]]
    if not fitting:
        return None
    best = min(fitting, key=lambda m: (_gap(m[0], m[1], start, end), -(m[1] - m[0])))
    return _gap(best[0], best[1], start, end), best[2]


def _gap(a_start: int, a_end: int, b_start: int, b_end: int) -> int:
    if a_end <= b_start:
        return b_start - a_end
    if b_end <= a_start:
        return a_start - b_end
    return 0


def _distance(patterns: Iterable[re.Pattern[str]], clause: str, start: int, end: int) -> int | None:
    gaps = [_gap(*m.span(), start, end) for p in patterns for m in p.finditer(clause)]
    return min(gaps) if gaps else None


def _paid_for(quantities: list[tuple[int, int, Quantity]], clause_start: int, at: int) -> bool:
    """Whether a sum of money comes before the quantity at `at` in its clause."""
    return any(clause_start <= s < at and q.unit == "yuan" for s, _, q in quantities)


def _kept(rules: Rules, clause: str, quantity: Quantity, paid_for: bool = False) -> bool:
    """Whether a figure without an indicator is kept (see the module's docstring); a thing
    without a unit after a sum of money in its clause is what the money paid for ("投入资金
    10万元建设扶贫车间2个" delivers the money), not a figure of its own."""
    if quantity.unit == "":
        return not paid_for and rules.delivered.search(clause) is not None
    return rules.not_delivered.search(clause) is None
