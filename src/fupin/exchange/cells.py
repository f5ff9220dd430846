"""Parse one cell of an import file. Each parser returns a value or raises ValueError with a
short reason; the caller adds the row and column.

Cells are taken as offices write them: full-width digits, letters and signs (typed with a
Chinese input method) count as their ASCII forms, spaces inside codes and numbers are
dropped, amounts may carry thousands separators, ¥ and 元, counts their unit (3人)."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Mapping
from decimal import Decimal, InvalidOperation
from typing import Any

from fupin.core.money import parse_yuan

#: 是/否 as offices write them, each pair in the order the error lists them
FLAG_PAIRS = (
    ("是", "否"),
    ("√", "×"),
    ("✓", "✗"),
    ("有", "无"),
    ("Y", "N"),
    ("yes", "no"),
    ("true", "false"),
    ("1", "0"),
)
TRUE_WORDS = {t.lower() for t, _ in FLAG_PAIRS} | {"t", "✔", "☑", "已"}
FALSE_WORDS = {f.lower() for _, f in FLAG_PAIRS} | {"f", "✘", "☒", "未"}
FLAG_FORMS = "、".join(f"{t}/{f}" for t, f in FLAG_PAIRS[1:])

# a number with thousands separators: 12,345.60, -1,200
_GROUPED = re.compile(r"[+-]?[0-9]{1,3}(,[0-9]{3})+(\.[0-9]*)?")


def is_blank(cell: Any) -> bool:
    return cell is None or (isinstance(cell, str) and not cell.strip())


def text(cell: Any) -> str:
    if type(cell) is str:
        return cell.strip()
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))
    return str(cell).strip()


def folded(cell: Any) -> str:
    """The cell's text in its plain form: full-width characters as ASCII (NFKC: '１２Ａ' →
    '12A', '，' → ','), and no spaces anywhere (also U+3000 and the no-break space). For
    codes and numbers, never for names."""
    raw = text(cell)
    if not raw.isascii():
        raw = unicodedata.normalize("NFKC", raw)
    return "".join(raw.split())


def code_text(cell: Any) -> str:
    """A code (household number, region code, phone) as typed: full-width digits folded,
    spaces dropped; codes typed in Excel may arrive as numbers (110119202201.0)."""
    if type(cell) is str and cell.isascii() and " " not in cell:
        value = cell.strip()
        if not value.isprintable():
            value = "".join(value.split())
    else:
        value = folded(cell)
    if value.endswith(".0") and value[:-2].isdigit():
        value = value[:-2]
    return value


def _without_unit(raw: str, units: tuple[str, ...]) -> str:
    for unit in units:
        if raw.endswith(unit) and len(raw) > len(unit):
            return raw[: -len(unit)]
    return raw


def _ungrouped(raw: str) -> str:
    """`raw` without its thousands separators; ValueError when they do not stand every three
    digits (12,5 may mean 12.5: it is not guessed)."""
    if "," not in raw:
        return raw
    if not _GROUPED.fullmatch(raw):
        raise ValueError("thousands separators are misplaced")
    return raw.replace(",", "")


def integer(
    cell: Any, *, low: int | None = None, high: int | None = None, units: tuple[str, ...] = ()
) -> int:
    """A whole number; a count may carry its unit (`units`, e.g. ("人",): '3人', '3 人')."""
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
        raw = _ungrouped(_without_unit(folded(cell), units))
        if raw.endswith(".0"):
            raw = raw[:-2]
        if not raw.lstrip("+-").isascii():
            raise ValueError("not a whole number")
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
    return integer(cell, low=1949, high=2100, units=("年",))


def yuan(cell: Any, *, ten_thousands: bool = False) -> Decimal:
    """An amount in yuan as offices write it: '12,345.60', '12345.6元', '¥1,200', '１２３４５元',
    '1 200'. With `ten_thousands` (a column in yuan) '1.2万元' is 12,000.00 yuan; without it
    an amount in 万元 is an error rather than a guess."""
    if type(cell) is not str:
        return parse_yuan(cell)
    raw = folded(cell)
    if raw.endswith("万元"):
        if not ten_thousands:
            raise ValueError("an amount in 万元; give it in yuan (元)")
        return parse_yuan(_number(raw[:-2].removeprefix("¥")) * 10000)
    raw = raw.removesuffix("元")
    if raw[:1] == "¥":
        raw = raw[1:]
    elif raw[:2] == "-¥":
        raw = "-" + raw[2:]
    if not raw:
        raise ValueError("not a number")
    return parse_yuan(_ungrouped(raw))


def _number(raw: str) -> Decimal:
    try:
        value = Decimal(_ungrouped(raw))
    except InvalidOperation:
        raise ValueError("not a number") from None
    if not value.is_finite():
        raise ValueError("not a number")
    return value


def quantity(cell: Any, *, units: tuple[str, ...] = ()) -> Decimal:
    """A decimal quantity with two places (an area, a distance), which may carry its unit
    (`units`, e.g. ("亩",)), thousands separators and full-width digits; never 元."""
    if type(cell) is str:
        raw = _without_unit(folded(cell), units)
        if not raw:
            raise ValueError("empty")
        return parse_yuan(_number(raw))
    return parse_yuan(cell)


def boolean(cell: Any) -> bool:
    """是/否, also as √/×, ✓/✗, 有/无, Y/N, yes/no, true/false or 1/0 (any case, full-width)."""
    if isinstance(cell, bool):
        return cell
    word = text(cell).lower()
    if word in TRUE_WORDS:
        return True
    if word in FALSE_WORDS:
        return False
    word = folded(word).lower()
    if word in TRUE_WORDS:
        return True
    if word in FALSE_WORDS:
        return False
    raise ValueError(f"must be 是/否 (also {FLAG_FORMS})")


def date(cell: Any) -> dt.date:
    if isinstance(cell, dt.datetime):
        return cell.date()
    if isinstance(cell, dt.date):
        return cell
    raw = folded(cell).replace("/", "-").replace(".", "-")
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
        key = folded(key)
        value = labels.get(key) or labels.get(key.lower())
    if value is None:
        shown = "、".join(list(dict.fromkeys(k for k in labels if not k.isascii()))[:12])
        raise ValueError(f"unknown value; expected one of {shown}")
    return value
