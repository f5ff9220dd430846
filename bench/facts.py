"""Benchmark ``facts``: the facts engine over the five seed texts (tests/reports/seed_texts/)
against the figures listed by hand (tests/reports/facts_gold.py) — precision and recall of the
figures and of figure+indicator, per text and over all, and the extraction time per text.
There is no baseline: it prints a "facts from texts" table after its line."""

from __future__ import annotations

from typing import Any

from bench.harness import REPO
from bench.registry import Context, benchmark, note, report

FOLDER = REPO / "tests" / "reports"


def run(folder: str) -> dict[str, Any]:
    """In the child: extract and score; the table and the overall numbers."""
    from pathlib import Path

    from fupin.reports.facts.measure import scores_table, seeds_measure

    scores, seconds = seeds_measure(Path(folder), repeat=5)
    return {
        "table": scores_table(scores, seconds),
        "precision": scores.figures.precision,
        "recall": scores.figures.recall,
        "precision_indicator": scores.indicators.precision,
        "recall_indicator": scores.indicators.recall,
        "texts_seconds": sum(seconds.values()),
    }


@benchmark("facts")
def facts(context: Context) -> bool:
    if not (FOLDER / "facts_gold.py").is_file():
        note(f"facts: no seed texts in {FOLDER}; skipped")
        return True
    (measured,) = context.measure(("bench.facts:run", (str(FOLDER),)))
    result = measured.result
    report(
        "facts",
        seconds=measured.seconds,
        peak_mb=measured.peak_mb,
        precision=result["precision"],
        recall=result["recall"],
        precision_indicator=result["precision_indicator"],
        recall_indicator=result["recall_indicator"],
    )
    print("\nfacts from texts (seed texts against the hand list; ms = one extraction)", flush=True)
    print(result["table"] + "\n", flush=True)
    return True
