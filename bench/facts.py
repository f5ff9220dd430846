"""Benchmark ``facts``: the facts engine over the five seed texts (tests/reports/seed_texts/)
against the figures listed by hand (tests/reports/facts_gold.py) — precision and recall of the
figures and of figure+indicator, per text and over all, and the extraction time per text.
There is no baseline: it prints a "facts from texts" table after its line, then a "held-out
texts" table of the same measure on tests/reports/heldout_texts/ (tests/reports/heldout_gold.py),
texts first measured before the rules were tuned, then used to find general defects
(tests/reports/test_heldout.py), and an "unseen texts" table on tests/reports/unseen_texts/
(tests/reports/unseen_gold.py), a set the rules were never tuned on
(tests/reports/test_unseen.py)."""

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
    heldout, heldout_seconds = _heldout_measure(Path(folder), repeat=5)
    unseen, unseen_seconds = _heldout_measure(Path(folder), repeat=5, name="unseen")
    return {
        "table": scores_table(scores, seconds),
        "heldout_table": scores_table(heldout, heldout_seconds) if heldout else "",
        "unseen_table": scores_table(unseen, unseen_seconds) if unseen else "",
        "precision": scores.figures.precision,
        "recall": scores.figures.recall,
        "precision_indicator": scores.indicators.precision,
        "recall_indicator": scores.indicators.recall,
        "texts_seconds": sum(seconds.values()),
    }


def _heldout_measure(
    folder: Any, *, repeat: int, name: str = "heldout"
) -> tuple[Any, dict[str, float]]:
    """The texts of `folder`/`name`_texts (held-out or unseen) scored against their hand list
    `name`_gold.py; (None, {}) without them."""
    import importlib.util
    import time

    from fupin.reports.facts.extract import facts_extract
    from fupin.reports.facts.measure import measure

    texts = sorted((folder / f"{name}_texts").glob("*.txt"))
    gold_file = folder / f"{name}_gold.py"
    spec = importlib.util.spec_from_file_location(f"{name}_gold", gold_file)
    if not texts or not gold_file.is_file() or spec is None or spec.loader is None:
        return None, {}
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    found: dict[str, Any] = {}
    seconds: dict[str, float] = {}
    for path in texts:
        text = path.read_text(encoding="utf-8")
        times = []
        for _ in range(max(1, repeat)):
            started = time.perf_counter()
            found[path.stem] = facts_extract(text)
            times.append(time.perf_counter() - started)
        seconds[path.stem] = min(times)
    return measure(found, module.GOLD), seconds


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
    if result["heldout_table"]:
        print("held-out texts (used to find general defects; against their hand list)", flush=True)
        print(result["heldout_table"] + "\n", flush=True)
    if result["unseen_table"]:
        print("unseen texts (never tuned on; against their hand list)", flush=True)
        print(result["unseen_table"] + "\n", flush=True)
    return True
