"""The organisation and the place of a figure as its sentence writes them: the nearest
written before the figure in its sentence, else the first after it."""

from __future__ import annotations

import re

from fupin.reports.facts import lexicon as lx
from fupin.reports.facts.extract.rules import Rules
from fupin.reports.facts.extract.sentences import Span


def organisation_as_written(rules: Rules, text: str, lower: str, sentence: Span, at: int) -> str:
    """The organisation written nearest before `at` in the sentence, else the first after it."""
    spans = [
        m.span()
        for p in rules.organisations
        for m in p.finditer(lower, sentence.sentence_start, sentence.end)
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
