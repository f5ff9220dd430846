"""The facts a report or news text states, found by rules and dictionaries (the lexicon package).

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
the first after it); an organisation given to or worked with ("向北京大学捐赠") only when the
sentence names no other, and a short form of a name the text gives in full counts (parties.py).
The date is the one the sentence part gives (else the sentence): the end of the period it
names — "截至2020年6月底", "as of the end of june 2020" and "in june 2020" are 2020-06-30,
"2019年" and "in 2019" are 2019-12-31, "上半年" of a year its June 30; a date after
"since"/"自" starts a period and is not the figure's date.

This module walks the sentences and clauses; sentences.py splits them and guesses their
language, rules.py compiles the dictionaries, decide.py decides what one figure is,
parties.py finds its organisation and place, dates.py its date."""

from __future__ import annotations

import bisect
import dataclasses
import re

from fupin.reports.facts import lexicon as lx
from fupin.reports.facts.extract.dates import date_of_part
from fupin.reports.facts.extract.decide import (
    LEDGER_UNITS,
    REGION_UNITS,
    Clause,
    fact_decide,
    region_words,
)
from fupin.reports.facts.extract.parties import (
    organisation_as_written,
    organisations_named,
    place_as_written,
)
from fupin.reports.facts.extract.rules import RULES
from fupin.reports.facts.extract.sentences import (
    Span,
    clauses_split,
    language_guess,
    sentences_split,
)
from fupin.reports.facts.numbers import quantities_find, text_normal
from fupin.reports.facts.types import Fact

__all__ = [
    "LEDGER_UNITS",
    "REGION_UNITS",
    "Span",
    "clauses_split",
    "facts_extract",
    "language_guess",
    "sentences_split",
]


def facts_extract(text: str, *, language: str | None = None) -> list[Fact]:
    """The facts stated in `text`, in the order they are written. `language` is "zh" or
    "en" (which dictionaries to read it with); when None it is guessed for each sentence
    from its share of Chinese characters (a Chinese report may quote English, and an
    English page may carry a Chinese footer)."""
    normal = text_normal(text)
    lower = normal.lower()
    quantities = [q for q in quantities_find(text) if q[2].unit != "percent"]
    starts = [q[0] for q in quantities]
    named = organisations_named(lower) if quantities else None
    facts: list[Fact] = []
    for sentence in sentences_split(normal):
        first = bisect.bisect_left(starts, sentence.start)
        inside = quantities[first : bisect.bisect_left(starts, sentence.end, lo=first)]
        if not inside:
            continue
        written = language or language_guess(text[sentence.sentence_start : sentence.end])
        rules = RULES["zh" if written.startswith("zh") else "en"]
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
            clause = Clause(
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
                decided = fact_decide(rules, lower, sentence, clause, inside, start, end, quantity)
                if decided is None:
                    continue
                kind, indicator, quantity = decided
                if quantity.unit in REGION_UNITS:
                    if listed and region_kind and not region_words(rules, clause_text):
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
                        organisation=organisation_as_written(
                            rules, text, lower, sentence, start, named
                        ),
                        place=place_as_written(rules, text, lower, sentence, start),
                        date=date_of_part(lower, sentence),
                    )
                )
            if len(facts) > opened:
                previous = facts[-1].indicator
            last_clause_facts = list(range(opened, len(facts)))
            label = clause_text if clause_text.rstrip().endswith((":", "：")) else ""
    return facts


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
