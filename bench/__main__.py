"""``python -m bench [--only NAME ...] [--members N] [--repeat N] [--keep] [--data-dir DIR]``.

Runs every registered benchmark (or those named) and prints one line per benchmark on stdout:
``NAME key=value ...`` with at least ``seconds=`` and ``peak_mb=``. Progress goes to stderr.
Exits 1 when a benchmark's results are wrong (e.g. fupin and its baseline disagree).
"""

from __future__ import annotations

import argparse
import os
import sys

import bench.dashboard
import bench.evaluate
import bench.facts
import bench.ledger
import bench.monitoring_scan
import bench.regions_load
import bench.registry_import  # noqa: F401
from bench.registry import BENCHMARKS, DEFAULT_MEMBERS, Context, note, workspace


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    parser.add_argument(
        "--only",
        action="append",
        choices=sorted(BENCHMARKS),
        metavar="NAME",
        help=f"run only this benchmark (repeatable): {', '.join(BENCHMARKS)}",
    )
    parser.add_argument(
        "--members",
        type=int,
        default=DEFAULT_MEMBERS,
        help=f"size of the synthetic registry (default {DEFAULT_MEMBERS})",
    )
    parser.add_argument(
        "--repeat",
        type=int,
        default=1,
        help="run each measured process N times; report the median time (default 1)",
    )
    parser.add_argument("--keep", action="store_true", help="keep the generated data")
    parser.add_argument(
        "--data-dir",
        default=os.environ.get("FUPIN_DATA_DIR"),
        help="where to put generated data (default: $FUPIN_DATA_DIR, else the temp folder)",
    )
    args = parser.parse_args(argv)
    ok = True
    with workspace(keep=args.keep, under=args.data_dir) as folder:
        context = Context(members=args.members, workdir=folder, repeat=args.repeat)
        for name in args.only or list(BENCHMARKS):
            note(f"running {name} with {args.members} members")
            ok = BENCHMARKS[name](context) and ok
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
