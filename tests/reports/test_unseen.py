"""The facts engine on the unseen texts (tests/reports/unseen_texts/): eight texts written
after the rules were tuned on the seeds and on the held-out texts, their figures listed by hand
(tests/reports/unseen_gold.py) and committed before the engine was first run on them
(e1053fb). Precision and recall of the figures and of figure+indicator, printed per text and
over all, with floors 0.02 under what was measured so that a regression fails. Pure: no
database.

The set's unseen score is its first measurement: figures P 0.85 / R 0.90, figure+indicator
P 0.75 / R 0.79 (110 listed, 116 found, 99 matched, 87 with the indicator). It counts the
unit of 人次 as spelt in the engine (person_time): the hand list as first committed had
guessed the spelling person-time and scored 0.80 / 0.85 and 0.70 / 0.74 only for that; no
figure, value or indicator of the list was changed. The rules must not be tuned on this
set: a fix it suggests is to be tested on sentences of its own and the floors left as they
are, or the set stops saying anything about texts the rules have not seen."""

from __future__ import annotations

from pathlib import Path

import pytest
from tests.reports.unseen_gold import GOLD, TEXTS

from fupin.reports.facts.extract import facts_extract, language_guess
from fupin.reports.facts.measure import measure, scores_table

UNSEEN_TEXTS = Path(__file__).parent / "unseen_texts"

# measured on the first run (the texts and the hand list: e1053fb, the unit spelling: 3d0bcf2;
# the rules as committed in 3547427)
LISTED, FOUND, MATCHED, MATCHED_INDICATOR = 110, 116, 99, 87
SLACK = 0.02


def _text(name: str) -> str:
    return (UNSEEN_TEXTS / f"{name}.txt").read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def found():
    return {name: facts_extract(_text(name)) for name in TEXTS}


def test_the_unseen_set_is_eight_texts_half_chinese_half_english():
    assert sorted(p.stem for p in UNSEEN_TEXTS.glob("*.txt")) == list(TEXTS)
    languages = [language_guess(_text(name)) for name in TEXTS]
    assert languages == ["zh"] * 4 + ["en"] * 4
    assert {figure.seed for figure in GOLD} == set(TEXTS)  # every text states figures
    assert len(GOLD) == LISTED


def test_unseen_scores_against_the_hand_list(found):
    scores = measure(found, GOLD)
    print("\nunseen texts\n" + scores_table(scores))
    figures, indicators = scores.figures, scores.indicators
    print(
        f"figures: P {figures.precision:.3f} R {figures.recall:.3f}; "
        f"figure+indicator: P {indicators.precision:.3f} R {indicators.recall:.3f}"
    )

    assert (figures.listed, indicators.listed) == (LISTED, LISTED)
    assert figures.precision >= MATCHED / FOUND - SLACK
    assert figures.recall >= MATCHED / LISTED - SLACK
    assert indicators.precision >= MATCHED_INDICATOR / FOUND - SLACK
    assert indicators.recall >= MATCHED_INDICATOR / LISTED - SLACK
