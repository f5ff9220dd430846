"""The error file of an import: one row per problem, opens in Excel and LibreOffice. Like its
header, a reason is bilingual: in the active language (a job's is the language of the person
who started it), then, when that is not English, " / " and the English wording. Its title
row names the file imported and the day the list was made."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from pathlib import Path

from django.utils import timezone
from django.utils.translation import gettext as _

from fupin.core.errors import RowError
from fupin.core.messages import translated
from fupin.exchange.titles import Title
from fupin.exchange.writers import write_table

ERROR_HEADER = ("行号 row", "列 column", "原因 reason", "值 value", "级别 severity")


def _bilingual(reason: str) -> str:
    shown = translated(reason)
    return shown if shown == reason else f"{shown} / {reason}"


def write_errors(
    path: str | Path,
    errors: Sequence[RowError],
    *,
    source: str = "",
    made: dt.date | None = None,
) -> int:
    """Write the problems of an import of the file named `source` to `path` (xlsx or csv)."""
    what = _("导入问题清单")
    if source:
        what = _("导入问题清单：%(file)s") % {"file": Path(source).name}
    title = Title(what=what, made=made or timezone.localdate())
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
    return write_table(path, ERROR_HEADER, rows, sheet="errors", text_columns=(3,), title=title)
