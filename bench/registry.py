"""The registry of benchmarks and what each one is given."""

from __future__ import annotations

import shutil
import statistics
import sys
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bench.harness import Measured, run_measured
from bench.synth import Registry

DEFAULT_MEMBERS = 10_000_000


@dataclass
class Context:
    """What a benchmark gets: the size asked for, a scratch folder, generated registries."""

    members: int
    workdir: Path
    repeat: int = 1
    _registries: dict[int, Registry] = field(default_factory=dict)

    def registry(self, members: int | None = None) -> Registry:
        """The synthetic registry of ``members`` people, generated once per run (in a child)."""
        size = members or self.members
        if size not in self._registries:
            folder = self.workdir / f"registry-{size}"
            generated = run_measured("bench.synth:generate", str(folder), size)
            note(f"generated {size} members in {generated.seconds:.1f}s")
            self._registries[size] = Registry.from_json(generated.result)
        return self._registries[size]

    def scratch(self, name: str) -> Path:
        """A fresh empty folder for one run's outputs."""
        folder = self.workdir / name
        shutil.rmtree(folder, ignore_errors=True)
        folder.mkdir(parents=True)
        return folder

    def measure(self, *jobs: tuple[str, tuple[Any, ...]]) -> list[Measured]:
        """Run each (target, args) job ``repeat`` times, interleaved so that a slow spell of
        the machine hits every job alike; per job the median seconds and highest peak."""
        runs: list[list[Measured]] = [[] for _ in jobs]
        for _ in range(self.repeat):
            for index, (target, args) in enumerate(jobs):
                runs[index].append(run_measured(target, *args))
        return [summarised(job_runs) for job_runs in runs]


def summarised(runs: list[Measured]) -> Measured:
    """Median seconds and highest peak of repeated runs; the last run's result."""
    return Measured(
        seconds=statistics.median(run.seconds for run in runs),
        peak_mb=max(run.peak_mb for run in runs),
        result=runs[-1].result,
    )


Benchmark = Callable[[Context], bool]
BENCHMARKS: dict[str, Benchmark] = {}


def benchmark(name: str) -> Callable[[Benchmark], Benchmark]:
    """Register a benchmark: a function that prints its lines and returns False on failure."""

    def register(function: Benchmark) -> Benchmark:
        BENCHMARKS[name] = function
        return function

    return register


def report(name: str, **values: object) -> None:
    """Print one benchmark line: the name, then key=value pairs in the order given."""
    pairs = " ".join(f"{key}={_shown(value)}" for key, value in values.items())
    print(f"{name} {pairs}", flush=True)


def note(text: str) -> None:
    """Progress and diagnostics go to stderr, so stdout holds only benchmark lines."""
    print(text, file=sys.stderr, flush=True)


@contextmanager
def workspace(keep: bool = False, under: str | None = None) -> Iterator[Path]:
    """A scratch folder for generated data (under ``under`` if given, created if need be),
    removed afterwards unless ``keep``."""
    if under:
        Path(under).mkdir(parents=True, exist_ok=True)
    folder = Path(tempfile.mkdtemp(prefix="fupin-bench-", dir=under))
    try:
        yield folder
    finally:
        if keep:
            note(f"kept {folder}")
        else:
            shutil.rmtree(folder, ignore_errors=True)


def _shown(value: object) -> str:
    if isinstance(value, float):
        return f"{value:.2f}"
    return str(value)
