"""The error file of an import: one row per problem, opens in Excel and LibreOffice. Like its
header, a reason is bilingual: in the active language (a job's is the language of the person
who started it), then, when that is not English, " / " and the English wording."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from fupin.core.errors import RowError
from fupin.core.messages import translated
from fupin.exchange.writers import write_table

ERROR_HEADER = ("行号 row", "列 column", "原因 reason", "值 value", "级别 severity")


def _bilingual(reason: str) -> str:
    shown = translated(reason)
    return shown if shown == reason else f"{shown} / {reason}"


def write_errors(path: str | Path, errors: Sequence[RowError]) -> int:
    rows = (
        (
            e.row,
            e.column,
            _bilingual(e.reason),
            e.value,
            "错误" if e.severity == "error" else "提示",  # as the job's message counts them
        )
        for e in errors
    )
    return write_table(path, ERROR_HEADER, rows, sheet="errors", text_columns=(3,))
