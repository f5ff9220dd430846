"""Parse one cell of an import file. Each parser returns a value or raises ValueError with a
short reason; the caller adds the row and column."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from fupin.core.money import parse_yuan

TRUE_WORDS = {"是", "有", "true", "t", "yes", "y", "1", "√", "已"}
FALSE_WORDS = {"否", "无", "false", "f", "no", "n", "0", "×", "未"}


def is_blank(cell: Any) -> bool:
    return cell is None or (isinstance(cell, str) and not cell.strip())


def text(cell: Any) -> str:
    if type(cell) is str:
        return cell.strip()
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))
    return str(cell).strip()


def code_text(cell: Any) -> str:
    """Codes typed in Excel may arrive as numbers (110119202201.0)."""
    value = cell.strip() if type(cell) is str else text(cell)
    if value.endswith(".0") and value[:-2].isdigit():
        value = value[:-2]
    return value


def integer(cell: Any, *, low: int | None = None, high: int | None = None) -> int:
    if type(cell) is str and cell.isascii() and cell.isdigit():
        value = int(cell)
    elif isinstance(cell, bool):
        raise ValueError("not a whole number")
    elif isinstance(cell, int):
        value = cell
    elif isinstance(cell, float):
        if not cell.is_integer():
            raise ValueError("not a whole number")
        value = int(cell)
    else:
        raw = text(cell).replace(",", "")
        if raw.endswith(".0"):
            raw = raw[:-2]
        try:
            value = int(raw)
        except ValueError:
            raise ValueError("not a whole number") from None
    if low is not None and value < low:
        raise ValueError(f"must be at least {low}")
    if high is not None and value > high:
        raise ValueError(f"must be at most {high}")
    return value


def year(cell: Any) -> int:
    return integer(cell, low=1949, high=2100)


def yuan(cell: Any) -> Decimal:
    return parse_yuan(cell)


def boolean(cell: Any) -> bool:
    if isinstance(cell, bool):
        return cell
    word = text(cell).lower()
    if word in TRUE_WORDS:
        return True
    if word in FALSE_WORDS:
        return False
    raise ValueError("must be 是/否 (or true/false)")


def date(cell: Any) -> dt.date:
    if isinstance(cell, dt.datetime):
        return cell.date()
    if isinstance(cell, dt.date):
        return cell
    raw = text(cell).replace("/", "-").replace(".", "-")
    for fmt in ("%Y-%m-%d", "%Y%m%d", "%Y年%m月%d日"):
        try:
            return dt.datetime.strptime(raw, fmt).date()
        except ValueError:
            continue
    raise ValueError("not a date (use YYYY-MM-DD)")


def choice(cell: Any, labels: Mapping[str, str]) -> str:
    """Map a label (Chinese, English value, or an alias) to an enum value."""
    value = labels.get(cell) if type(cell) is str else None
    if value is not None:
        return value
    key = text(cell)
    value = labels.get(key) or labels.get(key.lower())
    if value is None:
        shown = "、".join(list(dict.fromkeys(k for k in labels if not k.isascii()))[:12])
        raise ValueError(f"unknown value; expected one of {shown}")
    return value
