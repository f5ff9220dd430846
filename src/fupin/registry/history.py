"""History of registry writes: what a bulk write changes in each stored household — its
fields, its members (by ID number) and its yearly surveys — as one Change row per household,
written in the writer's transaction. New households get one "created" entry.

The comparison is columnar: the stored rows and the rows about to be written are put in one
canonical form (money as integer cents, booleans as 0/1, dates and lists as text) as Arrow
tables, DuckDB finds the rows that differ, and only those are looked at in Python.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from decimal import Decimal
from typing import Any

import duckdb
import pyarrow as pa
import pyarrow.compute as pc

from fupin.core import bulk
from fupin.core.models import Change
from fupin.registry import layout

# Column kinds, from the parsed types of the import layout (household, member and survey
# columns share their names with it).
MONEY = frozenset(f.key for f in layout.FIELDS if pa.types.is_decimal(f.arrow))
BOOLEAN = frozenset(f.key for f in layout.FIELDS if pa.types.is_boolean(f.arrow))
INTEGER = frozenset(f.key for f in layout.FIELDS if pa.types.is_integer(f.arrow))


def _kind(column: str) -> pa.DataType:
    if column in MONEY:
        return pa.int64()
    if column in BOOLEAN:
        return pa.int8()
    if column in INTEGER:
        return pa.int32()
    return pa.string()


def stored_sql(column: str, alias: str) -> str:
    """A stored column in canonical form, the same on SQLite and PostgreSQL."""
    ref = f"{alias}.{column}"
    if column in MONEY:
        return f"CAST(ROUND({ref} * 100) AS BIGINT)"
    if column in BOOLEAN:
        return f"CASE WHEN {ref} THEN 1 WHEN NOT {ref} THEN 0 END"
    if column in ("birth_date", "other_causes"):
        return f"CAST({ref} AS TEXT)"
    return ref


def stored_table(sql: str, ids: list[int], columns: Sequence[str]) -> pa.Table:
    """Rows of `sql` (… WHERE <id column>, completed by select_in) as a canonical table whose
    first column is the household number."""
    rows = bulk.select_in(sql, ids)
    names = ["number", *columns]
    values = list(zip(*rows, strict=True)) if rows else [()] * len(names)
    kinds = [pa.string(), *(_kind(c) for c in columns)]
    arrays = []
    for name, kind, column in zip(names, kinds, values, strict=True):
        data = list(column)
        if name == "other_causes":
            data = [
                None if v is None else json.dumps(json.loads(v), ensure_ascii=False) for v in data
            ]
        arrays.append(pa.array(data, kind))
    return pa.table(dict(zip(names, arrays, strict=True)))


def canonical(table: pa.Table, number: str, columns: Sequence[tuple[str, str, Any]]) -> pa.Table:
    """Rows about to be written (`columns`: database column, table column, blank value) in the
    canonical form of `stored_table`, with the household number first."""
    out: dict[str, pa.Array] = {"number": table[number].combine_chunks()}
    for db_column, name, blank in columns:
        if db_column in ("number", "household_id", "village_id") and name in (
            "number",
            "household",
        ):
            continue
        column = table[name].combine_chunks()
        if db_column in MONEY:
            cents = pc.cast(pc.multiply(column.cast(pa.decimal128(18, 2)), 100), pa.int64())
            if blank is not None:
                cents = cents.fill_null(int(Decimal(blank) * 100))
            out[db_column] = cents
        elif db_column in BOOLEAN:
            values = column.cast(pa.int8())
            out[db_column] = values.fill_null(int(blank)) if blank is not None else values
        elif db_column == "other_causes":
            out[db_column] = pa.array(
                [json.dumps(v or [], ensure_ascii=False) for v in column.to_pylist()], pa.string()
            )
        elif db_column in INTEGER:
            out[db_column] = column.cast(pa.int32())
        else:
            values = column.cast(pa.string())
            out[db_column] = values.fill_null(blank) if blank is not None else values
    return pa.table(out)


def _shown(column: str, value: Any) -> Any:
    """A canonical value as history shows it: money as yuan text, 0/1 as booleans."""
    if value is None:
        return None
    if column in MONEY:
        return str(Decimal(value).scaleb(-2))
    if column in BOOLEAN:
        return bool(value)
    if column == "other_causes":
        return json.loads(value)
    return value


def differences(
    before: dict[str, pa.Table],
    after: dict[str, pa.Table],
    keys: dict[str, list[str]],
    kept: frozenset[str] = frozenset(),
) -> dict[str, dict[str, Any]]:
    """Per household number, what changed between the stored (`before`) and the new
    (`after`) tables of each part ("fields", "members", "surveys"), keyed by `keys`. Stored
    rows of a `kept` part that `after` does not list stay as they are (the writer keeps a
    year's survey that a file does not give), so they are not reported as removed."""
    out: dict[str, dict[str, Any]] = {}
    with duckdb.connect() as con:
        for part, key in keys.items():
            old, new = before[part], after[part]
            con.register("old", old)
            con.register("new", new)
            columns = [c for c in new.column_names if c not in key]
            on = " AND ".join(f"o.{k} = n.{k}" for k in key)
            differ = " OR ".join(f"o.{c} IS DISTINCT FROM n.{c}" for c in columns) or "false"
            rows = con.execute(
                f"SELECT {', '.join(f'coalesce(n.{k}, o.{k})' for k in key)}, "
                f"o.number IS NULL, n.number IS NULL, "
                f"{', '.join(f'o.{c}' for c in columns)}, {', '.join(f'n.{c}' for c in columns)} "
                f"FROM old o FULL JOIN new n ON {on} "
                f"WHERE {'n.number IS NOT NULL AND' if part in kept else ''} "
                f"(o.number IS NULL OR n.number IS NULL OR {differ}) "
                f"ORDER BY {', '.join(str(i + 1) for i in range(len(key)))}"
            ).fetchall()
            con.unregister("old")
            con.unregister("new")
            for row in rows:
                ids, added, removed = row[: len(key)], row[len(key)], row[len(key) + 1]
                rest = row[len(key) + 2 :]
                olds = dict(zip(columns, rest[: len(columns)], strict=True))
                news = dict(zip(columns, rest[len(columns) :], strict=True))
                changed: Any
                if added:
                    changed = {"added": {c: _shown(c, v) for c, v in news.items()}}
                elif removed:
                    changed = {"removed": {c: _shown(c, v) for c, v in olds.items()}}
                else:
                    changed = {
                        c: [_shown(c, olds[c]), _shown(c, news[c])]
                        for c in columns
                        if olds[c] != news[c]
                    }
                entry = out.setdefault(ids[0], {})
                if part == "fields":
                    entry["fields"] = changed
                else:
                    entry.setdefault(part, {})[str(ids[1])] = changed
    return out


COLUMNS = ("at", "actor_id", "source", "subject", "subject_id", "label", "job", "changes")


def changes_insert(
    entries: Iterable[tuple[int, str, dict[str, Any]]],
    *,
    at: Any,
    actor_id: int | None,
    source: str,
    job: str = "",
) -> int:
    """Write one Change per (household id, number, changes) that has changes; returns how
    many were written."""
    rows = [
        (
            at,
            actor_id,
            source,
            "household",
            hid,
            number,
            job,
            json.dumps(changes, ensure_ascii=False),
        )
        for hid, number, changes in entries
        if changes
    ]
    if rows:
        bulk.insert(Change._meta.db_table, COLUMNS, rows)
    return len(rows)
