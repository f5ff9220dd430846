"""How well the facts engine finds the figures of texts whose figures were listed by hand.

A found fact matches a listed figure of the same text when the value, the unit and the upper
end of a range are equal ("figures"); for "figure+indicator" the kind and the indicator must
be equal too. Matching is one to one: a text that states 10 counties three times, read as
10 counties twice, has two matches and one miss. Precision is matches ÷ facts found (1 when
nothing was found), recall is matches ÷ figures listed (1 when none were listed)."""

from __future__ import annotations

import importlib.util
import time
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import NamedTuple

from fupin.reports.facts.extract import facts_extract
from fupin.reports.facts.types import Fact


class GoldFigure(NamedTuple):
    """A figure a text states, listed by hand: the text's name, the kind of fact, the
    indicator code (None when the ledger has none for it), the value in base units, the
    unit, a few words of its sentence, and the upper end when it is a range."""

    seed: str
    kind: str
    indicator: str | None
    value: Decimal
    unit: str
    words: str
    high: Decimal | None = None


@dataclass(frozen=True)
class Score:
    """Matches, facts found and figures listed; precision and recall."""

    matched: int
    found: int
    listed: int

    @property
    def precision(self) -> float:
        return self.matched / self.found if self.found else 1.0

    @property
    def recall(self) -> float:
        return self.matched / self.listed if self.listed else 1.0


@dataclass(frozen=True)
class Scores:
    """Scores of the figures and of figure+indicator, per text and over all texts."""

    figures: Score
    indicators: Score
    per_seed: dict[str, tuple[Score, Score]] = field(default_factory=dict)


def measure(found: Mapping[str, Sequence[Fact]], gold: Iterable[GoldFigure]) -> Scores:
    """Score the facts found per text (`found`: text name → facts) against the hand list."""
    listed: dict[str, list[GoldFigure]] = {name: [] for name in found}
    for figure in gold:
        listed.setdefault(figure.seed, []).append(figure)
    per_seed: dict[str, tuple[Score, Score]] = {}
    for name in sorted(listed):
        facts = list(found.get(name, ()))
        figures = listed[name]
        per_seed[name] = (
            _score([_figure_key(f) for f in facts], [_gold_key(g) for g in figures]),
            _score(
                [(*_figure_key(f), f.kind, f.indicator) for f in facts],
                [(*_gold_key(g), g.kind, g.indicator) for g in figures],
            ),
        )
    return Scores(
        figures=_total(s[0] for s in per_seed.values()),
        indicators=_total(s[1] for s in per_seed.values()),
        per_seed=per_seed,
    )


def scores_table(scores: Scores, seconds: Mapping[str, float] | None = None) -> str:
    """The scores as a table of plain text: one row per text, then all texts; the seconds
    the extraction took per text when given."""
    seconds = seconds or {}
    header = (
        f"{'text':<14}{'listed':>7}{'found':>7}{'P fig':>8}{'R fig':>8}"
        f"{'P fig+ind':>11}{'R fig+ind':>11}{'ms':>9}"
    )
    lines = [header, "-" * len(header)]
    for name, (figures, indicators) in scores.per_seed.items():
        lines.append(_row(name, figures, indicators, seconds.get(name)))
    lines.append("-" * len(header))
    total = sum(seconds.values()) if seconds else None
    lines.append(_row("all", scores.figures, scores.indicators, total))
    return "\n".join(lines)


def _row(name: str, figures: Score, indicators: Score, seconds: float | None) -> str:
    time = "" if seconds is None else f"{seconds * 1000:.1f}"
    return (
        f"{name:<14}{figures.listed:>7}{figures.found:>7}{figures.precision:>8.2f}"
        f"{figures.recall:>8.2f}{indicators.precision:>11.2f}{indicators.recall:>11.2f}{time:>9}"
    )


def _figure_key(fact: Fact) -> tuple[Decimal, str, Decimal | None]:
    return (fact.quantity.value, fact.quantity.unit, fact.quantity.high)


def _gold_key(figure: GoldFigure) -> tuple[Decimal, str, Decimal | None]:
    return (Decimal(figure.value), figure.unit, figure.high)


def _score(found: list[tuple[object, ...]], listed: list[tuple[object, ...]]) -> Score:
    """One-to-one matching of equal keys: each key matches as often as it is on both sides."""
    common = Counter(found) & Counter(listed)
    return Score(matched=sum(common.values()), found=len(found), listed=len(listed))


def _total(scores: Iterable[Score]) -> Score:
    scores = list(scores)
    return Score(
        matched=sum(s.matched for s in scores),
        found=sum(s.found for s in scores),
        listed=sum(s.listed for s in scores),
    )


def seeds_measure(folder: Path, *, repeat: int = 3) -> tuple[Scores, dict[str, float]]:
    """Read every `seed_texts/*.txt` of `folder` (a checkout's tests/reports/), extract its
    facts (the fastest of `repeat` runs is its time, in seconds) and score them against
    `facts_gold.py` there (its GOLD). FileNotFoundError when the files are not there."""
    texts = sorted((folder / "seed_texts").glob("*.txt"))
    gold_file = folder / "facts_gold.py"
    if not texts or not gold_file.is_file():
        raise FileNotFoundError(f"no seed texts and hand list in {folder}")
    gold = _gold_load(gold_file)
    found: dict[str, list[Fact]] = {}
    seconds: dict[str, float] = {}
    for path in texts:
        text = path.read_text(encoding="utf-8")
        times = []
        for _ in range(max(1, repeat)):
            started = time.perf_counter()
            facts = facts_extract(text)
            times.append(time.perf_counter() - started)
        found[path.stem], seconds[path.stem] = facts, min(times)
    return measure(found, gold), seconds


def _gold_load(path: Path) -> tuple[GoldFigure, ...]:
    spec = importlib.util.spec_from_file_location("facts_gold", path)
    if spec is None or spec.loader is None:
        raise FileNotFoundError(path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return tuple(module.GOLD)
