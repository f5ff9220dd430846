"""Sheet layouts: the columns of an import file, Chinese header first, English name accepted."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from fupin.core.errors import RowError, RowErrors


@dataclass(frozen=True)
class Column:
    key: str  # English name, also accepted as a header
    title: str  # Chinese header, written in exports and templates
    required: bool = False
    help: str = ""


def _norm(text: str) -> str:
    return "".join(text.split()).lower().replace("（", "(").replace("）", ")")


def _lookup(columns: Sequence[Column]) -> dict[str, str]:
    """Every accepted header text (normalised) with the key of its column."""
    lookup: dict[str, str] = {}
    for col in columns:
        for alias in (col.title, col.key, f"{col.title}{col.key}", f"{col.title}({col.key})"):
            lookup[_norm(alias)] = col.key
    return lookup


def header_names(columns: Sequence[Column]) -> frozenset[str]:
    """The header texts (normalised) that name one of `columns`: what tells the header row
    from the title rows above it (`is_header_row`)."""
    return frozenset(_lookup(columns))


def is_header_row(cells: Sequence[object], names: frozenset[str]) -> bool:
    """Whether a row names at least one known column (a title row names none)."""
    return any(isinstance(c, str) and _norm(c) in names for c in cells)


def map_header(header: Sequence[str], columns: Sequence[Column], *, row: int = 1) -> dict[str, int]:
    """Map each known column's key to its position in `header`.

    Accepts the Chinese title, the English key, or both written together ("年度 year").
    Raises RowErrors (at `row`, the header's row in the file) for a missing required column
    or a column given twice.
    """
    lookup = _lookup(columns)
    positions: dict[str, int] = {}
    errors: list[RowError] = []
    for index, title in enumerate(header):
        key = lookup.get(_norm(title))
        if key is None:
            continue
        if key in positions:
            errors.append(RowError(row, title, "column appears twice"))
            continue
        positions[key] = index
    for col in columns:
        if col.required and col.key not in positions:
            errors.append(RowError(row, col.title, f"required column is missing ({col.key})"))
    if errors:
        raise RowErrors(errors, "the header row is not usable; nothing was written")
    return positions


def unknown_columns(header: Sequence[str], positions: dict[str, int]) -> list[str]:
    used = set(positions.values())
    return [h for i, h in enumerate(header) if h and i not in used]
