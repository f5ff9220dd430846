"""The definition of a department feed (部门筛查预警) as data: its columns and the rule that
turns a row into a flag. Pure: no database, so the admin, `fupin feeds define` and the import
validate and evaluate a definition the same way.

``columns`` maps a key to the file's header. A header is a text, a list of texts (the first is
the title shown; any is accepted in a file, as is the key) or a table
``{header = …, type = "text" | "number" | "date", required = true}``; ``id_number`` is always
there and always required (a required column is in every file and filled in on every row;
a column the rule reads must be in the file, its cells may be blank). ``rule`` is a list of
conditions, all of which must hold:
``{"column": key, "op": ">=" | ">" | "=" | "!=" | "<" | "<=" | "in" | "nonempty", "value": …}``.
A condition on a blank cell never holds. Ordering operators compare numbers or dates; ``in``
takes a list; ``nonempty`` takes no value.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from fupin.exchange import cells
from fupin.exchange.layouts import Column

TYPES = ("text", "number", "date")
OPERATORS = (">=", ">", "=", "!=", "<", "<=", "in", "nonempty")
ORDERING = (">=", ">", "<", "<=")
ID_KEY = "id_number"
TEXT_LIMIT = 300
_KEY = re.compile(r"^[a-z][a-z0-9_]{0,39}$")
_SIGNS = {">=": "≥", ">": ">", "=": "=", "!=": "≠", "<": "<", "<=": "≤"}


class DefinitionError(ValueError):
    """A feed definition that cannot be used; `field` is "columns" or "rule"."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field
        self.message = message


@dataclass(frozen=True)
class FeedColumn:
    key: str
    headers: tuple[str, ...]
    type: str = "text"
    required: bool = False

    @property
    def title(self) -> str:
        return self.headers[0]


@dataclass(frozen=True)
class Condition:
    column: str
    op: str
    # Decimal or date for a number or date column, str for text; a tuple of them for `in`
    value: Any = None


@dataclass(frozen=True)
class Definition:
    columns: tuple[FeedColumn, ...]
    conditions: tuple[Condition, ...]

    def column(self, key: str) -> FeedColumn:
        return next(c for c in self.columns if c.key == key)

    def layout(self) -> list[Column]:
        """The columns as the readers take them: every header of a key accepted. A file must
        have the required columns and those the rule reads (a missing one reported once)."""
        needed = {c.key for c in self.columns if c.required} | {c.column for c in self.conditions}
        return [
            Column(c.key, header, required=c.key in needed and i == 0)
            for c in self.columns
            for i, header in enumerate(c.headers)
        ]

    def holds(self, values: Mapping[str, Any]) -> bool:
        """Whether every condition holds for a row's parsed values (blank: absent or None)."""
        return all(_holds(c, values.get(c.column)) for c in self.conditions)

    def words(self, language: str) -> str:
        """The rule in words, in Chinese (``zh…``) or English; columns by their title."""
        chinese = language.startswith("zh")
        parts = [_words(self.column(c.column).title, c, chinese) for c in self.conditions]
        return ("，且 " if chinese else " and ").join(parts)


def definition_parse(columns: Any, rule: Any) -> Definition:
    """The definition from its JSON (or TOML) form; DefinitionError naming the column or the
    condition (numbered from 1) that is wrong."""
    parsed = _columns(columns)
    by_key = {c.key: c for c in parsed}
    if not isinstance(rule, list):
        raise DefinitionError("rule", "the rule must be a list of conditions")
    if not rule:
        raise DefinitionError("rule", "the rule needs at least one condition")
    conditions = tuple(_condition(n, c, by_key) for n, c in enumerate(rule, 1))
    return Definition(_ordered(parsed, conditions), conditions)


def _ordered(
    columns: tuple[FeedColumn, ...], conditions: tuple[Condition, ...]
) -> tuple[FeedColumn, ...]:
    """The columns in an order that does not depend on the database (PostgreSQL's jsonb
    keeps no key order): ID number, name, those the rule reads, the others by key."""
    first = [ID_KEY, "name", *dict.fromkeys(c.column for c in conditions)]
    rank = {key: i for i, key in enumerate(dict.fromkeys(first))}
    return tuple(sorted(columns, key=lambda c: (rank.get(c.key, len(rank)), c.key)))


def _columns(columns: Any) -> tuple[FeedColumn, ...]:
    if not isinstance(columns, Mapping) or not columns:
        raise DefinitionError("columns", "columns must be a table of key = header")
    parsed = []
    seen: dict[str, str] = {}
    for key, spec in columns.items():
        if not isinstance(key, str) or not _KEY.match(key):
            raise DefinitionError(
                "columns", f"column {key}: a key is lowercase letters, digits and _"
            )
        column = _column(key, spec)
        for header in (column.key, *column.headers):
            other = seen.get(_norm(header))
            if other is not None and other != key:
                raise DefinitionError(
                    "columns", f"column {key}: header {header} is also that of {other}"
                )
            seen[_norm(header)] = key
        parsed.append(column)
    if ID_KEY not in {c.key for c in parsed}:
        raise DefinitionError("columns", "columns must include id_number")
    return tuple(parsed)


def _norm(text: str) -> str:
    return "".join(text.split()).lower().replace("（", "(").replace("）", ")")


def _column(key: str, spec: Any) -> FeedColumn:
    kind, required = "text", key == ID_KEY
    if isinstance(spec, Mapping):
        unknown = sorted(set(spec) - {"header", "type", "required"})
        if unknown:
            raise DefinitionError("columns", f"column {key}: unknown entry {unknown[0]}")
        kind = spec.get("type", "text")
        if kind not in TYPES:
            raise DefinitionError(
                "columns", f"column {key}: unknown type {kind} (text, number or date)"
            )
        required = required or bool(spec.get("required", False))
        spec = spec.get("header")
    headers = [spec] if isinstance(spec, str) else spec
    if (
        not isinstance(headers, list)
        or not headers
        or not all(isinstance(h, str) and h.strip() for h in headers)
    ):
        raise DefinitionError("columns", f"column {key}: header must be text or a list of texts")
    if key == ID_KEY and kind != "text":
        raise DefinitionError("columns", "column id_number: an ID number is text")
    return FeedColumn(key, tuple(h.strip() for h in headers), kind, required)


def _condition(number: int, raw: Any, columns: Mapping[str, FeedColumn]) -> Condition:
    where = f"condition {number}"
    if not isinstance(raw, Mapping):
        raise DefinitionError("rule", f"{where}: a condition is a table of column, op and value")
    unknown = sorted(set(raw) - {"column", "op", "value"})
    if unknown:
        raise DefinitionError("rule", f"{where}: unknown entry {unknown[0]}")
    key, op = raw.get("column"), raw.get("op")
    column = columns.get(key) if isinstance(key, str) else None
    if column is None:
        raise DefinitionError("rule", f"{where}: unknown column {key}")
    if op not in OPERATORS:
        raise DefinitionError(
            "rule", f"{where}: unknown operator {op} (use >=, >, =, !=, <, <=, in, nonempty)"
        )
    if op == "nonempty":
        if raw.get("value") not in (None, "", True):
            raise DefinitionError("rule", f"{where}: nonempty takes no value")
        return Condition(column.key, op)
    if "value" not in raw or raw["value"] is None or raw["value"] == "":
        raise DefinitionError("rule", f"{where}: {op} needs a value")
    if op in ORDERING and column.type == "text":
        raise DefinitionError(
            "rule", f"{where}: {column.key} is text; {op} compares numbers or dates"
        )
    if op == "in":
        values = raw["value"]
        if not isinstance(values, list) or not values:
            raise DefinitionError("rule", f"{where}: in needs a list of values")
        return Condition(column.key, op, tuple(_rule_value(where, column, v) for v in values))
    return Condition(column.key, op, _rule_value(where, column, raw["value"]))


def _rule_value(where: str, column: FeedColumn, value: Any) -> Any:
    if isinstance(value, bool | list | dict):
        raise DefinitionError("rule", f"{where}: {value} is not a value for {column.key}")
    try:
        return cell_parse(column, value)
    except ValueError:
        if column.type == "number":
            raise DefinitionError("rule", f"{where}: {value} is not a number") from None
        if column.type == "date":
            raise DefinitionError(
                "rule", f"{where}: {value} is not a date (use YYYY-MM-DD)"
            ) from None
        raise DefinitionError("rule", f"{where}: {value} is not a value for {column.key}") from None


def cell_parse(column: FeedColumn, raw: Any) -> Any:
    """A non-blank cell as the column's type: Decimal, date or stripped text; ValueError with
    the reason (the parsers' of fupin.exchange.cells)."""
    if column.type == "number":
        return cells.yuan(raw)
    if column.type == "date":
        if type(raw) is str and len(raw) == 10 and raw[4] == "-":  # the common 2024-03-15
            try:
                return dt.date.fromisoformat(raw)
            except ValueError:
                pass
        return cells.date(raw)
    text = cells.code_text(raw) if isinstance(raw, float) else cells.text(raw)
    if len(text) > TEXT_LIMIT:
        raise ValueError(f"longer than {TEXT_LIMIT} characters")
    return text


def stored(value: Any) -> str:
    """A parsed value as kept in a feed row's evidence (JSON text)."""
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return number_text(value)
    return str(value)


def loaded(column: FeedColumn, text: str) -> Any:
    """A kept value back as the column's type."""
    if column.type == "number":
        return Decimal(text)
    if column.type == "date":
        return dt.date.fromisoformat(text)
    return text


def number_text(value: Decimal) -> str:
    """10000.00 → "10000", 12.50 → "12.5"."""
    text = format(value, "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


def _holds(condition: Condition, value: Any) -> bool:
    if value is None or value == "":
        return False
    op, wanted = condition.op, condition.value
    if op == "nonempty":
        return True
    if op == "in":
        return bool(value in wanted)
    if op == "=":
        return bool(value == wanted)
    if op == "!=":
        return bool(value != wanted)
    if op == ">=":
        return bool(value >= wanted)
    if op == ">":
        return bool(value > wanted)
    if op == "<=":
        return bool(value <= wanted)
    return bool(value < wanted)


def _shown(value: Any) -> str:
    return number_text(value) if isinstance(value, Decimal) else stored(value)


def _words(title: str, condition: Condition, chinese: bool) -> str:
    if condition.op == "nonempty":
        return f"{title}不为空" if chinese else f"{title} is not empty"
    if condition.op == "in":
        values: Sequence[Any] = condition.value
        if chinese:
            return f"{title}为 {'、'.join(_shown(v) for v in values)} 之一"
        return f"{title} is one of {', '.join(_shown(v) for v in values)}"
    return f"{title} {_SIGNS[condition.op]} {_shown(condition.value)}"
