"""The organisation and the place of a figure as its sentence writes them: the nearest
written before the figure in its sentence, else the first after it.

A Chinese organisation is a name before a company word (集团有限公司, 公司, 研究院, 大学,
银行 …, lexicon.parties), "中国" and a short name (中国五矿), or a short form of one the text
names in full (中国华能 after 中国华能集团有限公司); its name begins after the words that end
what stands before it ("所属中国五冶集团投入…" is 中国五冶集团's); one given to or worked with
("向北京大学捐赠") is the figure's only when the sentence names no other, so the subject of
the sentence is. English: "X co., ltd.", "X group", "X corporation", "X company", "china X"."""

from __future__ import annotations

import re

from fupin.reports.facts import lexicon as lx
from fupin.reports.facts.extract.rules import (
    NAME_GENERIC,
    NAME_STOPS,
    ORGANISATION_SUFFIX,
    RULES,
    Rules,
)
from fupin.reports.facts.extract.sentences import Span


def organisation_as_written(
    rules: Rules,
    text: str,
    lower: str,
    sentence: Span,
    at: int,
    named: re.Pattern[str] | None = None,
) -> str:
    """The organisation written nearest before `at` in the sentence, else the first after it;
    one given to or worked with ("向北京大学捐赠", "with the county") only when the sentence
    names no other. `named` matches the short forms of the organisations the whole text names
    in full (`organisations_named`)."""
    spans = [
        span
        for p in rules.organisations
        for m in p.finditer(lower, sentence.sentence_start, sentence.end)
        if (span := _name(rules, lower, m.start(), m.end())) is not None
    ]
    if named is not None and not rules.words:
        spans.extend(m.span() for m in named.finditer(lower, sentence.sentence_start, sentence.end))
    actors = [
        s
        for s in spans
        if not rules.not_actor_before.search(lower, max(sentence.sentence_start, s[0] - 8), s[0])
    ]
    return _closest(text, actors or spans, at)


def _name(rules: Rules, lower: str, start: int, end: int) -> tuple[int, int] | None:
    """The span of a Chinese name matched from `start` to `end`: it begins after the last word
    that ends what stands before it ("中国五矿所属中国五冶集团" → 中国五冶集团) and is no
    name when only a generic word stands before its company word ("该公司", "长阳县依托公司");
    English names are taken as matched."""
    if rules.words:
        return start, end
    written = lower[start:end]
    stops = list(NAME_STOPS.finditer(written))
    if stops:
        start += stops[-1].end()
        written = lower[start:end]
    suffix = ORGANISATION_SUFFIX.search(written)
    stem = written[: suffix.start()] if suffix else written
    if len(stem) < 2 and not (suffix and written == "集团公司"):
        return None
    if NAME_GENERIC.fullmatch(stem):
        return None
    return start, end


def organisations_named(lower: str) -> re.Pattern[str] | None:
    """The short forms of the Chinese organisations a text names in full, as one pattern: a
    report that names 中国华能集团有限公司 in its title goes on with 中国华能集团 and
    中国华能 ("中国华能认真落实…"); forms of two characters or more that are not a company
    word alone."""
    rules = RULES["zh"]
    forms: set[str] = set()
    for match in rules.organisations[0].finditer(lower):  # the names before a company word
        span = _name(rules, lower, match.start(), match.end())
        if span is None:
            continue
        name = lower[span[0] : span[1]]
        stripped = True
        while stripped:
            stripped = False
            for ending in lx.ZH_LEGAL_ENDINGS:
                if name.endswith(ending) and len(name) - len(ending) >= 2:
                    name = name[: -len(ending)]
                    stripped = True
                    break
            if not ORGANISATION_SUFFIX.fullmatch(name) and not NAME_GENERIC.fullmatch(name):
                forms.add(name)
    if not forms:
        return None
    return re.compile("|".join(re.escape(f) for f in sorted(forms, key=len, reverse=True)))


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


def place_as_written(rules: Rules, text: str, lower: str, sentence: Span, at: int) -> str:
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
