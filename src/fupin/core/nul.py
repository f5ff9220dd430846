"""The NUL character (U+0000): fupin refuses it in every text it is given.

PostgreSQL text cannot hold NUL: a NUL that reaches a query or a write fails there (a server
error) where SQLite would have stored it. No text fupin takes — names, codes, searches, cells
— has a use for it, so it is refused where input comes in: requests by
`fupin.core.middleware.NulRefusal` and the API's parsers, import files by the cell readers
of `fupin.exchange`. Each names the parameter, field or cell with `REASON`.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

NUL = "\x00"
REASON = "contains a NUL character (U+0000)"


def shown(text: str) -> str:
    """`text` with its NULs written as \\0, for a name or value that is displayed or stored."""
    return text.replace(NUL, "\\0")


def form_places(data: Any) -> Iterator[str]:
    """The names of the fields of a form or query string (a QueryDict) whose name or a value
    contains NUL. (Uploaded files' names need no look: Django drops their unprintable
    characters.)"""
    for name, values in data.lists():
        if NUL in name or any(NUL in value for value in values):
            yield shown(name)


def json_places(value: Any, prefix: str = "") -> Iterator[str]:
    """The dotted names (`members.1.name`) of the strings and keys of a parsed JSON value
    that contain NUL; a top-level string is `non_field_errors`, as the API names it."""
    if isinstance(value, str):
        if NUL in value:
            yield prefix or "non_field_errors"
    elif isinstance(value, dict):
        for key, item in value.items():
            name = f"{prefix}.{key}" if prefix else str(key)
            if NUL in str(key):
                yield shown(name)
            else:
                yield from json_places(item, name)
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from json_places(item, f"{prefix}.{index}" if prefix else str(index))
