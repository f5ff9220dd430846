"""Sentences, their parts and clauses, and the language a sentence is written in."""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from fupin.reports.facts import lexicon as lx
from fupin.reports.facts.types import Quantity

if TYPE_CHECKING:
    from fupin.reports.facts.extract.rules import Rules


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
    lower: str, sentence: Span, quantities: list[tuple[int, int, Quantity]], rules: Rules
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
