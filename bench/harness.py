"""Run one function in a fresh Python process and measure it.

The child imports the function's module first (so library imports are not timed), then times
the call alone. Peak memory is the child's ``ru_maxrss`` as reported by ``wait4`` for that
child only.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class Measured:
    """What a child run took, and what its function returned (JSON-able)."""

    seconds: float
    peak_mb: int
    result: Any


class ChildFailed(RuntimeError):
    """The child process exited with an error."""


def run_measured(target: str, *args: Any) -> Measured:
    """Call ``target`` ("package.module:function") with JSON-able ``args`` in a child process."""
    with tempfile.TemporaryDirectory(prefix="fupin-bench-") as tmp:
        result_file = Path(tmp) / "result.json"
        command = [sys.executable, "-m", "bench._child", target, json.dumps(args), str(result_file)]
        env = {**os.environ, "PYTHONPATH": _pythonpath()}
        child = subprocess.Popen(command, cwd=REPO, env=env)
        status, rusage = _wait(child)
        if status != 0:
            raise ChildFailed(f"{target} exited with status {status}")
        report = json.loads(result_file.read_text())
    return Measured(
        seconds=report["seconds"], peak_mb=rusage.ru_maxrss // 1024, result=report["result"]
    )


def _wait(child: subprocess.Popen[bytes]) -> tuple[int, Any]:
    """Wait for the child with wait4, which gives that child's own resource usage."""
    _, raw_status, rusage = os.wait4(child.pid, 0)
    child.returncode = os.waitstatus_to_exitcode(raw_status)
    return child.returncode, rusage


def _pythonpath() -> str:
    parts = [str(REPO), str(REPO / "src"), os.environ.get("PYTHONPATH", "")]
    return os.pathsep.join(p for p in parts if p)
