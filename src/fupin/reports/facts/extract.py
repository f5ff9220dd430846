"""The facts a report or news text states, found by rules and dictionaries (lexicon.py).

The text is split into sentences (。！？ . ! ?), each into parts at ；/; and each part into
clauses at ，,、: (and at "and" when a quantity stands on both sides of it). Every quantity
(numbers.py) with a unit the ledger can hold becomes a fact:

- a count of villages or counties is a **pairing** when a pairing word ("结对", "扶贫的",
  "assistance relationship") is nearer to it in its clause than a result word ("脱贫摘帽",
  "out of poverty"); otherwise it is a ledger figure without an indicator;
- a count of people is a count of **cadres** when its clause has a cadre word ("干部",
  "cadres", "officials", "teachers" sent) and a dispatching verb ("选派", "dispatched",
  "on secondment") is in it or before it in its sentence part ("驻村期间，…两名队员");
- anything else is a **ledger** figure whose indicator is the trigger phrase of the
  indicator nearest to it in its clause that fits its unit (money for funds, people for
  jobs); a clause opening with "totaling"/"共计", or continuing a list after "、"/"and",
  takes the indicator of the clause before when it names none, and "2,360 cadres and 1,850
  technicians were trained" gives the first figure the indicator of the second.
  A figure with no indicator is kept unless its clause says it is no delivery (an income, a
  standard, attendance of a meeting, the population or output of a place); a count of
  things without a ledger unit ("1,200 seedlings") is kept only when a delivery verb
  ("purchased", "建成") is in its clause and no sum of money comes before it there (then it
  is what the money paid for).

More rules of how reports write figures:

- a figure after a target word ("计划", "力争", "expected to", "will") in its clause is a plan,
  no fact, and so are the figures of the clause going on from it;
- a label before a colon names the indicator of the figure after it ("Donations by
  employees: 1.82 million yuan", "直接投入帮扶资金：3,300万元");
- in a list after "、" the list's head names the indicator ("采购青稞、牦牛肉等近420吨"), and
  a list member of the other training takes its own ("4,300 officials and 2,900
  technicians"); jobs of people named as registered poor before the figure are theirs;
- a clause stating a part of the figure before it ("其中", "including", "58 of whom") is of
  its kind (the first secretaries among cadres sent), a bare count in it counts what the
  whole counts ("including 870 from poor households"), and a thing without a unit in it is
  kept with its whole; a sum with 万/亿 or million and no unit in a clause about money is in
  yuan ("交易额超过1.2亿");
- a word of no delivery nearer the figure than its indicator's trigger drops it ("销售香菇、
  蜂蜜等产品收入126万元" is an income).

The organisation and place are the nearest written before the figure in its sentence (else
the first after it). The date is the one the sentence part gives (else the sentence): the
end of the period it names — "截至2020年6月底", "as of the end of june 2020" and "in june 2020"
are 2020-06-30, "2019年" and "in 2019" are 2019-12-31, "上半年" of a year its June 30; a date
after "since"/"自" starts a period and is not the figure's date."""

from __future__ import annotations

import bisect
import calendar
import dataclasses
import datetime as dt
import itertools
import re
from collections.abc import Iterable
from dataclasses import dataclass

from fupin.reports.facts import lexicon as lx
from fupin.reports.facts.numbers import CENT, quantities_find, text_normal
from fupin.reports.facts.types import Fact, Quantity

LEDGER_UNITS = frozenset(
    {"yuan", "person", "person_time", "ton", "household", "village", "county", "project", "item"}
)
REGION_UNITS = frozenset({"village", "county"})


def facts_extract(text: str, *, language: str | None = None) -> list[Fact]:
    """The facts stated in `text`, in the order they are written. `language` is "zh" or
    "en" (which dictionaries to read it with); when None it is guessed for each sentence
    from its share of Chinese characters (a Chinese report may quote English, and an
    English page may carry a Chinese footer)."""
    normal = text_normal(text)
    lower = normal.lower()
    quantities = [q for q in quantities_find(text) if q[2].unit != "percent"]
    starts = [q[0] for q in quantities]
    facts: list[Fact] = []
    for sentence in sentences_split(normal):
        first = bisect.bisect_left(starts, sentence.start)
        inside = quantities[first : bisect.bisect_left(starts, sentence.end, lo=first)]
        if not inside:
            continue
        written = language or language_guess(text[sentence.sentence_start : sentence.end])
        rules = _RULES["zh" if written.startswith("zh") else "en"]
        previous: str | None = None
        region_kind: str | None = None
        last_clause_facts: list[int] = []
        part_opened = len(facts)
        list_head = sentence.start
        label = ""
        planned = False  # the clause before stated a target with a figure
        for clause_start, clause_end in clauses_split(lower, sentence, inside, rules):
            clause_text = lower[clause_start:clause_end]
            enumerated = lower[clause_start - 1 : clause_start] == "、"
            if not enumerated:
                list_head = clause_start
            listed = bool(_LIST_GOES_ON.match(clause_text)) or enumerated
            part_of = re.match(lx.PARTS, clause_text) is not None
            continued = listed or part_of or re.match(lx.CONTINUATIONS, clause_text) is not None
            clause = _Clause(
                start=clause_start,
                text=clause_text,
                head=lower[list_head:clause_end],
                head_start=list_head,
                enumerated=enumerated,
                listed=listed,
                part_of=part_of,
                indicator_before=previous if continued else None,
                whole=facts[-1] if len(facts) > part_opened else None,
                label=label,
            )
            opened = len(facts)
            inherited, planned = planned, False
            for start, end, quantity in inside:
                if not clause_start <= start < clause_end:
                    continue
                if inherited or rules.targets.search(lower, clause_start, start):
                    planned = True  # a target, and the figures of the clause after it too:
                    continue  # "计划购买……不低于2.5亿元，帮助销售不低于4亿元" delivers nothing
                decided = _fact_decide(rules, lower, sentence, clause, inside, start, end, quantity)
                if decided is None:
                    continue
                kind, indicator, quantity = decided
                if quantity.unit in REGION_UNITS:
                    if listed and region_kind and not _region_words(rules, clause_text):
                        kind = region_kind  # "结对帮扶10个县、32个贫困村"
                    region_kind = kind
                if indicator and _LIST_OPENS.match(clause_text) and last_clause_facts:
                    _backwards(facts, last_clause_facts, indicator)  # "2,360 cadres and
                    # 1,850 technicians were trained"
                facts.append(
                    Fact(
                        kind=kind,
                        sentence=text[sentence.start : sentence.end].strip(),
                        start=start,
                        end=end,
                        quantity=quantity,
                        indicator=indicator,
                        organisation=_nearest(rules.organisations, text, lower, sentence, start),
                        place=_place(rules, text, lower, sentence, start),
                        date=_date(lower, sentence),
                    )
                )
            if len(facts) > opened:
                previous = facts[-1].indicator
            last_clause_facts = list(range(opened, len(facts)))
            label = clause_text if clause_text.rstrip().endswith((":", "：")) else ""
    return facts


@dataclass(frozen=True)
class _Clause:
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


def _fact_decide(
    rules: _Rules,
    lower: str,
    sentence: Span,
    clause: _Clause,
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


def language_guess(text: str) -> str:
    """ "zh" when Chinese characters make a fifth or more of the letters, else "en"."""
    chinese = sum(1 for ch in text if "\u4e00" <= ch <= "\u9fff")
    latin = sum(1 for ch in text if ch.isascii() and ch.isalpha())
    return "zh" if chinese and chinese * 5 >= chinese + latin else "en"


@dataclass(frozen=True)
class Span:
    """A sentence part (split at ；/;) and the whole sentence it belongs to."""

    start: int
    end: int
    sentence_start: int


_SENTENCE_END = re.compile(r"[。！？!?]+[”’\"」』)]*|\.(?=\s|$)|\n+")
_PART_END = re.compile(r"[；;]")


def sentences_split(text: str) -> list[Span]:
    """Sentence parts: a sentence ends at 。！？!? or a line break, or at a full stop before
    a space that is not after an abbreviation ("co., ltd."); a part ends at ；/;."""
    spans: list[Span] = []
    start = 0
    for match in _SENTENCE_END.finditer(text):
        if match.group().startswith(".") and _abbreviation(text, match.start()):
            continue
        spans.extend(_parts(text, start, match.end()))
        start = match.end()
    spans.extend(_parts(text, start, len(text)))
    return spans


def _abbreviation(text: str, dot: int) -> bool:
    word = re.search(r"([A-Za-z.]+)$", text[max(0, dot - 12) : dot])
    return word is not None and word.group(1).lower() in lx.EN_ABBREVIATIONS


def _parts(text: str, start: int, end: int) -> list[Span]:
    if not text[start:end].strip():
        return []
    parts, part_start = [], start
    for match in _PART_END.finditer(text, start, end):
        parts.append(Span(part_start, match.end(), start))
        part_start = match.end()
    parts.append(Span(part_start, end, start))
    return parts


_CLAUSE_END = re.compile(r"[，、：:]|,(?!\d{3}(?!\d))")
_AND = re.compile(r"\band\b|(?<=[\u4e00-\u9fff])并(?=[\u4e00-\u9fff])")


def clauses_split(
    lower: str, sentence: Span, quantities: list[tuple[int, int, Quantity]], rules: _Rules
) -> list[tuple[int, int]]:
    """Clauses of a sentence part: split at ，,、: and at "and"/"并" when the pieces on both
    sides of it hold a quantity ("416 people and indirectly … 300 people", not "raw and
    auxiliary steel materials")."""
    cuts = [sentence.start]
    for match in _CLAUSE_END.finditer(lower, sentence.start, sentence.end):
        cuts.append(match.end())
    cuts.append(sentence.end)
    clauses: list[tuple[int, int]] = []
    starts = [q[0] for q in quantities]
    for start, end in itertools.pairwise(cuts):
        ands = [m for m in _AND.finditer(lower, start, end)]
        piece_start = start
        for k, match in enumerate(ands):
            following_end = ands[k + 1].start() if k + 1 < len(ands) else end
            left = any(piece_start <= s < match.start() for s in starts)
            right = any(match.end() <= s < following_end for s in starts)
            if left and right:
                clauses.append((piece_start, match.start()))
                piece_start = match.start()
        clauses.append((piece_start, end))
    return [c for c in clauses if c[1] > c[0]]


@dataclass(frozen=True)
class _Rules:
    """One language's dictionaries, compiled."""

    triggers: tuple[tuple[re.Pattern[str], str], ...]
    pairing: tuple[re.Pattern[str], ...]
    results: tuple[re.Pattern[str], ...]
    cadre_verbs: re.Pattern[str]
    cadre_nouns: re.Pattern[str]
    not_delivered: re.Pattern[str]
    delivered: re.Pattern[str]
    organisations: tuple[re.Pattern[str], ...]
    places: re.Pattern[str]
    targets: re.Pattern[str]
    money: re.Pattern[str]
    words: bool


def _compile(pattern: str, words: bool) -> re.Pattern[str]:
    return re.compile(rf"\b(?:{pattern})\b" if words else pattern, re.IGNORECASE)


def _rules(language: str) -> _Rules:
    en = language == "en"
    table = lx.EN_TRIGGERS if en else lx.ZH_TRIGGERS
    triggers = tuple(
        (_compile(pattern, en), code) for code, patterns in table.items() for pattern in patterns
    )
    places = (
        rf"\b((?:[a-z][a-z'’-]* ){{1,2}})({lx.EN_PLACE_SUFFIXES})\b"
        if en
        else rf"([^\s\d\W的了和与在是对向将为把从自至及、，。；：]{{2,6}}?)({lx.ZH_PLACE_SUFFIXES})"
    )
    return _Rules(
        triggers=triggers,
        pairing=tuple(_compile(p, en) for p in (lx.EN_PAIRING if en else lx.ZH_PAIRING)),
        results=tuple(_compile(p, en) for p in (lx.EN_RESULTS if en else lx.ZH_RESULTS)),
        cadre_verbs=_compile(lx.EN_CADRE_VERBS if en else lx.ZH_CADRE_VERBS, en),
        cadre_nouns=_compile(lx.EN_CADRE_NOUNS if en else lx.ZH_CADRE_NOUNS, en),
        not_delivered=_compile(lx.EN_NOT_DELIVERED if en else lx.ZH_NOT_DELIVERED, en),
        delivered=_compile(lx.EN_DELIVERED if en else lx.ZH_DELIVERED, en),
        organisations=tuple(
            re.compile(p, re.IGNORECASE)
            for p in (lx.EN_ORGANISATIONS if en else lx.ZH_ORGANISATIONS)
        ),
        places=re.compile(places, re.IGNORECASE),
        targets=_compile(lx.EN_TARGETS if en else lx.ZH_TARGETS, en),
        money=_compile(lx.EN_MONEY_WORDS if en else lx.ZH_MONEY_WORDS, en),
        words=en,
    )


_RULES = {"zh": _rules("zh"), "en": _rules("en")}


def _decide(
    rules: _Rules, clause: str, start: int, end: int, quantity: Quantity, before: str = ""
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
    rules: _Rules, lower: str, clause: _Clause, end: int, quantity: Quantity
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


def _not_delivered_nearer(rules: _Rules, clause: str, start: int, end: int) -> bool:
    """Whether a word of no delivery ("收入", "per household") is nearer the figure than the
    trigger of its indicator (or the only word at all)."""
    word = _distance([rules.not_delivered], clause, start, end)
    if word is None:
        return False
    trigger = _trigger_gap(rules, clause, start, end)
    return trigger is None or word < trigger


def _registered_poor(rules: _Rules, before: str, indicator: str | None) -> str | None:
    """Jobs of people named as registered poor before the figure ("建档立卡贫困劳动力到苏州
    就业4,815人") are jobs of the registered poor, not just jobs."""
    if indicator != "jobs_direct":
        return indicator
    for pattern, code in rules.triggers:
        if code == "jobs_registered_poor" and pattern.search(before):
            return code
    return indicator


_LIST_OPENS = re.compile(r"\s*(?:and|as well as)\s+(?:\S+\s+){0,2}?[\d]", re.IGNORECASE)


def _backwards(facts: list[Fact], indices: list[int], indicator: str) -> None:
    """The figures of the clause before a list's last member take its indicator when they
    have none and their unit fits it."""
    for index in indices:
        fact = facts[index]
        if indicator in ("cadres_trained", "technicians_trained"):
            indicator = next(
                (
                    code
                    for pattern, code in lx.TRAINED_NOUNS
                    if re.search(pattern, fact.quantity.text, re.IGNORECASE)
                ),
                indicator,
            )
        if (
            fact.kind == "ledger"
            and fact.indicator is None
            and fact.quantity.unit in lx.INDICATOR_UNITS[indicator]
        ):
            facts[index] = dataclasses.replace(fact, indicator=indicator)


_LIST_GOES_ON = re.compile(r"\s*(?:and|as well as|及|和|以及)\b|\s*(?:及|和|以及)")


def _region_words(rules: _Rules, clause: str) -> bool:
    return any(p.search(clause) for p in (*rules.pairing, *rules.results))


def _indicator(rules: _Rules, clause: str, start: int, end: int, unit: str) -> str | None:
    """The indicator whose trigger is nearest the quantity and fits its unit; a trigger
    inside a longer one ("就业" in "间接带动就业") does not count."""
    found = _nearest_trigger(rules, clause, start, end, unit)
    return found[1] if found else None


def _trigger_gap(rules: _Rules, clause: str, start: int, end: int) -> int | None:
    """How far the nearest trigger of any indicator is from the quantity."""
    gaps = [
        _gap(m.start(), m.end(), start, end) for p, _ in rules.triggers for m in p.finditer(clause)
    ]
    return min(gaps) if gaps else None


def _nearest_trigger(
    rules: _Rules, clause: str, start: int, end: int, unit: str
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


def _kept(rules: _Rules, clause: str, quantity: Quantity, paid_for: bool = False) -> bool:
    """Whether a figure without an indicator is kept (see the module's docstring); a thing
    without a unit after a sum of money in its clause is what the money paid for ("投入资金
    10万元建设扶贫车间2个" delivers the money), not a figure of its own."""
    if quantity.unit == "":
        return not paid_for and rules.delivered.search(clause) is not None
    return rules.not_delivered.search(clause) is None


def _nearest(
    patterns: Iterable[re.Pattern[str]], text: str, lower: str, sentence: Span, at: int
) -> str:
    """The match nearest before `at` in the sentence, else the first after it, as written."""
    spans = [
        m.span() for p in patterns for m in p.finditer(lower, sentence.sentence_start, sentence.end)
    ]
    return _closest(text, spans, at)


def _closest(text: str, spans: list[tuple[int, int]], at: int) -> str:
    before = [s for s in spans if s[1] <= at]
    if before:
        chosen = max(before, key=lambda s: (s[1], -s[0]))
    else:
        after = [s for s in spans if s[0] >= at]
        if not after:
            return ""
        chosen = min(after)
    return text[chosen[0] : chosen[1]].strip()


def _place(rules: _Rules, text: str, lower: str, sentence: Span, at: int) -> str:
    """Places written in the sentence; adjacent ones are one ("湖北省罗田县")."""
    spans: list[tuple[int, int]] = []
    for match in rules.places.finditer(lower, sentence.sentence_start, sentence.end):
        start, end = match.span()
        if rules.words:
            words = match.group(1).split()
            generic = [k for k, w in enumerate(words) if w in lx.EN_PLACE_GENERIC]
            if generic:
                start += sum(len(w) + 1 for w in words[: generic[-1] + 1])
                words = words[generic[-1] + 1 :]
            if not words:
                continue
        else:
            written = match.group()
            if re.search(lx.ZH_NOT_PLACES, written) or re.search(lx.ZH_PLACE_GENERIC, written):
                continue
            if lower.startswith("级", end):
                continue  # "村级光伏电站" is of a village, not a village's name
        if spans and spans[-1][1] == start:
            spans[-1] = (spans[-1][0], end)
        else:
            spans.append((start, end))
    return _closest(text, spans, at)


_MONTH_NAMES = "|".join(sorted(lx.MONTHS, key=len, reverse=True))
_DATE_PATTERNS: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(p, re.IGNORECASE), how)
    for p, how in (
        (r"(\d{4})-(\d{1,2})-(\d{1,2})", "ymd"),
        (r"(\d{4})\s?年\s?(\d{1,2})\s?月\s?(\d{1,2})\s?[日号]", "ymd"),
        (r"(\d{4})\s?年\s?(\d{1,2})\s?月", "ym"),
        (r"(\d{4})\s?年\s?上半年", "h1"),
        (r"(\d{4})\s?年", "y"),
        (rf"\b({_MONTH_NAMES})\.?\s+(\d{{1,2}})(?:st|nd|rd|th)?,?\s+(\d{{4}})\b", "mdy"),
        (rf"\b(\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?({_MONTH_NAMES})\.?,?\s+(\d{{4}})\b", "dmy"),
        (rf"\b({_MONTH_NAMES})\.?,?\s+(\d{{4}})\b", "my"),
        (r"\b(?:first half|first six months) of (\d{4})\b", "h1"),
        (r"\b(?:in|by|end of|during|of|throughout)\s+(\d{4})\b", "y"),
    )
)
_SINCE = re.compile(r"(?:since|from|starting|自|从|自从)\s*(?:the\s+)?(?:end of\s+)?$", re.I)


def _date(lower: str, sentence: Span) -> dt.date | None:
    """The date of the sentence part, else of the sentence before it (see the docstring)."""
    found = _date_in(lower, sentence.start, sentence.end)
    if found is None and sentence.sentence_start < sentence.start:
        found = _date_in(lower, sentence.sentence_start, sentence.start)
    return found


def _date_in(lower: str, start: int, end: int) -> dt.date | None:
    candidates: list[tuple[int, dt.date]] = []
    taken: list[tuple[int, int]] = []
    for pattern, how in _DATE_PATTERNS:
        for match in pattern.finditer(lower, start, end):
            if any(a <= match.start() < b for a, b in taken):
                continue
            taken.append(match.span())
            if _SINCE.search(lower[max(start, match.start() - 16) : match.start()]):
                continue
            day = _date_of(match, how)
            if day is not None:
                candidates.append((match.start(), day))
    return min(candidates)[1] if candidates else None


def _date_of(match: re.Match[str], how: str) -> dt.date | None:
    groups = match.groups()
    try:
        if how == "ymd":
            return dt.date(int(groups[0]), int(groups[1]), int(groups[2]))
        if how == "ym":
            return _month_end(int(groups[0]), int(groups[1]))
        if how == "h1":
            return dt.date(int(groups[0]), 6, 30)
        if how == "y":
            year = int(groups[0])
            return dt.date(year, 12, 31) if 1949 <= year <= 2100 else None
        if how == "mdy":
            return dt.date(int(groups[2]), lx.MONTHS[groups[0].lower()], int(groups[1]))
        if how == "dmy":
            return dt.date(int(groups[2]), lx.MONTHS[groups[1].lower()], int(groups[0]))
        if how == "my":
            return _month_end(int(groups[1]), lx.MONTHS[groups[0].lower()])
    except ValueError:
        return None
    return None


def _month_end(year: int, month: int) -> dt.date:
    return dt.date(year, month, calendar.monthrange(year, month)[1])
