"""Child side of :func:`bench.harness.run_measured`: import, time the call, write the result.

Usage: ``python -m bench._child package.module:function ARGS_JSON RESULT_FILE``.
"""

from __future__ import annotations

import importlib
import json
import sys
import time
from pathlib import Path


def main(argv: list[str]) -> None:
    target, args_json, result_file = argv
    module_name, function_name = target.split(":")
    function = getattr(importlib.import_module(module_name), function_name)
    args = json.loads(args_json)
    started = time.perf_counter()
    result = function(*args)
    seconds = time.perf_counter() - started
    Path(result_file).write_text(json.dumps({"seconds": seconds, "result": result}))


if __name__ == "__main__":
    main(sys.argv[1:])
